"""Parsing lines into items (no I/O): collection scripts and SMS templates, and speaker labels.

Speaker labels come in many spellings: 坐席, 坐席1, 坐席 A, 1号坐席, 人工坐席, 客服专员, 催收员,
agent_01, Agent B. One grammar reads them all, in script lines and in transcript exports: an
optional prefix (人工, 在线, 外呼, …), a role word, an optional suffix (专员, 人员, 代表, 员) and
an optional number or letter. Labels it does not know are left to the caller (exports count and
report them; ``--map agent=LABEL`` names vendor codes).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Iterable, Iterator

from ..models import Item, Kind, Speaker
from .decode import text_lines

AGENT_WORDS = (
    "坐席", "座席", "客服", "催收员", "催收員", "催收", "业务员", "業務員", "调解员", "話務員", "话务员",
    "工作人员", "专员", "agent", "collector", "operator", "staff", "csr",
)
CUSTOMER_WORDS = ("客户", "客戶", "债务人", "債務人", "借款人", "欠款人", "用户", "customer", "debtor", "borrower", "client")
THIRD_PARTY_WORDS = ("第三方", "紧急联系人", "联系人", "家属", "third party", "third_party", "thirdparty", "other")
_PREFIXES = ("人工", "在线", "外呼", "电话", "电催", "智能", "机器人", "ai", "主")
_SUFFIXES = ("专员", "人员", "代表", "员")


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_LABEL = (
    r"(?:\d{1,4}\s*号\s*)?"  # 1号坐席
    rf"(?:{_alternation(_PREFIXES)})?"
    rf"(?:(?P<agent>{_alternation(AGENT_WORDS)})|(?P<customer>{_alternation(CUSTOMER_WORDS)})|(?P<third_party>{_alternation(THIRD_PARTY_WORDS)}))"
    rf"(?:{_alternation(_SUFFIXES)})?"
    r"(?:[ \t_\-#.]*(?:\d{1,6}|[a-z]))?\s*号?"  # 坐席1, 坐席 A, agent_01, 坐席2号
)
_LABEL_RE = re.compile(_LABEL, re.IGNORECASE)
_SCRIPT_LABEL_RE = re.compile(rf"^(\s*(?:{_LABEL})\s*[：:]\s*)", re.IGNORECASE)
# Markdown scripts: the same labels after list markers and ``>`` quotes, optionally in bold
# (``- 客户：…``, ``> **客户**：…``, ``1. **坐席：**…``).
_BOLD = r"(?:\*\*|__)?"
_MARKDOWN_LABEL_RE = re.compile(
    r"^((?:\s*(?:[-*+]|\d{1,9}[.)])\s+|\s*>\s?)*"
    rf"\s*{_BOLD}\s*(?:{_LABEL})\s*{_BOLD}\s*[：:]\s*{_BOLD}\s*)",
    re.IGNORECASE,
)


def fold_label(label: str) -> str:
    """A label as compared: NFKC (full-width letters and digits), case-folded, trimmed."""
    return unicodedata.normalize("NFKC", label).strip().casefold()


def speaker_of(label: str | None) -> Speaker | None:
    """The speaker a label names (see the module docstring), or None when it names none."""
    if not label:
        return None
    match = _LABEL_RE.fullmatch(fold_label(label))
    return _role(match) if match is not None else None


def _role(match: re.Match) -> Speaker:
    return next(name for name in ("agent", "customer", "third_party") if match.group(name) is not None)  # type: ignore[return-value]


def split_speaker(line: str, markdown: bool = False) -> tuple[Speaker, int]:
    """Speaker of a script line and the length of its label (agent and 0 when unlabelled).
    ``markdown``: the label may follow list markers and ``>`` quotes and be in bold; the
    length then covers them too. Every format that holds script lines reads them here."""
    match = (_MARKDOWN_LABEL_RE if markdown else _SCRIPT_LABEL_RE).match(line)
    if match is None:
        return "agent", 0
    return _role(match), len(match.group(1))


# Characters a label can start with (after leading white space): lines starting with anything
# else skip the label regex (most lines).
_LABEL_FIRST = frozenset(
    variant
    for word in AGENT_WORDS + CUSTOMER_WORDS + THIRD_PARTY_WORDS + _PREFIXES
    for variant in (word[0], word[0].upper(), word[0].lower())
) | frozenset("0123456789")
_SPECIAL_START_RE = re.compile("[" + re.escape("".join(sorted(_LABEL_FIRST))) + r"#\s]")

# (line number, line without its break); other entries (input errors, suppression directives)
# may be mixed in and are passed through in order.
Lines = Iterable


def script_items(lines: Lines, path: str | None = None) -> Iterator[Item]:
    """One item per utterance line; blank lines and ``#`` comment lines are skipped."""
    special = _SPECIAL_START_RE.match
    for entry in lines:
        if entry.__class__ is not tuple:
            yield entry
            continue
        number, line = entry
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


def sms_items(lines: Lines, path: str | None = None) -> Iterator[Item]:
    """One SMS template per non-blank line."""
    for entry in lines:
        if entry.__class__ is not tuple:
            yield entry
            continue
        number, line = entry
        if line.strip():
            yield Item(line, "sms", "agent", path, number, 1)


LINE_PARSERS = {"script": script_items, "sms": sms_items}


def line_items(lines: Lines, kind: Kind, path: str | None = None) -> Iterator[Item]:
    return LINE_PARSERS[kind](lines, path)


def text_items(text: str, kind: Kind, path: str | None = None) -> Iterator[Item]:
    """Items of a whole text of kind ``script`` or ``sms``."""
    return line_items(text_lines(text), kind, path)
