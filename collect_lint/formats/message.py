"""The one wording of a finding that several formats print: ``message — 「text」 → 建议: …``."""

from __future__ import annotations


def finding_message(d) -> str:
    line = f"{d.message} — 「{d.text}」"
    if d.suggestion:
        line += f" → 建议: {d.suggestion}"
    return line
