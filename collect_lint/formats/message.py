"""The one wording of a finding that several formats print: ``message — 「text」 → 建议: …``."""

from __future__ import annotations


def finding_message(d) -> str:
    line = f"{d.message} — 「{d.text}」"
    if d.suggestion:
        line += f" → 建议: {d.suggestion}"
    return line


def explanation_line(explanation: dict) -> str:
    """One line saying why a rule fired: the pattern, or the frame and what filled its slots."""
    if explanation.get("type") == "frame":
        slots = " ".join(f"{slot}=「{text}」" for slot, text in explanation["slots"])
        line = f"框架 {explanation['frame']}: {slots}"
    else:
        via = {"homophone": "（谐音）", "romanized": "（拼音/缩写）"}.get(explanation.get("via"), "")
        line = f"模式「{explanation.get('pattern')}」{via}"
    requires = explanation.get("requires")
    if requires:
        held = requires if isinstance(requires, str) else "、".join(f"{c}=「{w}」" for c, w in requires)
        line += f"；条件成立: {held}"
    return line
