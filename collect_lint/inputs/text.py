"""Parsing text into items (no I/O): collection scripts and SMS templates."""

from __future__ import annotations

import re
from typing import Iterator

from ..models import Item, Kind, Speaker

AGENT_LABELS = ("坐席", "催收员", "催收員", "客服", "agent", "collector", "催收", "业务员", "業務員")
CUSTOMER_LABELS = ("客户", "客戶", "债务人", "債務人", "customer", "debtor", "借款人")
_LABEL_RE = re.compile(
    r"^(\s*(" + "|".join(AGENT_LABELS + CUSTOMER_LABELS) + r")\s*[：:]\s*)", re.IGNORECASE
)


def normalize_speaker(value: str | None) -> Speaker:
    """agent/坐席/催收员/客服/collector → agent; customer/客户/债务人/debtor → customer; else third party."""
    label = (value or "").strip().lower()
    if label in AGENT_LABELS:
        return "agent"
    if label in CUSTOMER_LABELS:
        return "customer"
    return "third_party"


def split_speaker(line: str) -> tuple[Speaker, int]:
    """Speaker of a script line and the length of its label (agent and 0 when unlabelled)."""
    match = _LABEL_RE.match(line)
    if match is None:
        return "agent", 0
    return normalize_speaker(match.group(2)), len(match.group(1))


# Characters a label can start with (after leading white space): lines starting with anything
# else skip the label regex.
_LABEL_FIRST = frozenset(
    variant for label in AGENT_LABELS + CUSTOMER_LABELS for variant in (label[0], label[0].upper(), label[0].lower())
)
# Lines starting with anything else are plain agent utterances (most lines).
_SPECIAL_START_RE = re.compile("[" + re.escape("".join(sorted(_LABEL_FIRST))) + r"#\s]")


def script_items(text: str, path: str | None = None) -> Iterator[Item]:
    """One item per utterance line; blank lines and ``#`` comment lines are skipped."""
    special = _SPECIAL_START_RE.match
    for number, line in enumerate(text.splitlines(), start=1):
        if line and special(line) is None:
            yield Item(line, "script", "agent", path, number, 1)
            continue
        first = line.lstrip()[:1]
        if not first or first == "#":
            continue
        if first in _LABEL_FIRST:
            speaker, label = split_speaker(line)
            yield Item(line[label:], "script", speaker, path, number, label + 1)
        else:
            yield Item(line, "script", "agent", path, number, 1)


def sms_items(text: str, path: str | None = None) -> Iterator[Item]:
    """One SMS template per non-blank line."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            yield Item(line, "sms", "agent", path, number, 1)


LINE_PARSERS = {"script": script_items, "sms": sms_items}


def text_items(text: str, kind: Kind, path: str | None = None) -> Iterator[Item]:
    return LINE_PARSERS[kind](text, path)
