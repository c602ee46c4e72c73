"""Bounds that keep hostile structured input (JSON, JSONL, YAML) from crashing the linter or
exhausting its memory. Each breach is one input error naming the file and line; the rest of
the file (or, in JSONL, every other record) is still checked."""

from __future__ import annotations

import re
import sys

# Containers nested deeper than this are not read (Python's own parsers recurse per level and
# would stop with a RecursionError somewhere near 500).
MAX_NESTING = 256
# Python refuses to convert longer digit strings to int (CVE-2020-10735): such a number is
# reported and read as nothing. The limit is the interpreter's.
MAX_INT_DIGITS = sys.get_int_max_str_digits() or 4300
# YAML aliases may repeat at most this many nodes beyond those written in the file.
ALIAS_BUDGET = 10_000

NESTING = f"nesting deeper than {MAX_NESTING} levels"
LONG_INT = f"number with more than {MAX_INT_DIGITS} digits, ignored"
LONE_SURROGATE = "lone surrogate escape (\\ud800–\\udfff) read as U+FFFD"
ALIAS_BOMB = f"YAML aliases expand to more than {ALIAS_BUDGET:,} extra nodes; file not read"
RECURSIVE_ALIAS = "YAML alias refers to a node that contains it; file not read"

_SURROGATE_RE = re.compile("[\ud800-\udfff]")
# A \uD800–\uDFFF escape with the backslashes before it (an even number is a literal backslash).
_SURROGATE_ESCAPE_RE = re.compile(r"(?<!\\)\\+u[dD][89a-fA-F][0-9a-fA-F]{2}")


class NestingError(ValueError):
    """Containers nested deeper than ``MAX_NESTING``, at ``offset`` of the text."""

    def __init__(self, offset: int) -> None:
        super().__init__(NESTING)
        self.offset = offset


def has_surrogate(text: str) -> bool:
    """Whether decoded text holds a lone surrogate (JSON and YAML escapes can make one; UTF-8
    cannot be encoded from it, so every later stage would fail on it)."""
    return _SURROGATE_RE.search(text) is not None


def without_surrogates(text: str) -> str:
    """``text`` with each lone surrogate replaced by U+FFFD: same length, positions unchanged."""
    return _SURROGATE_RE.sub("\ufffd", text)


def bounded_int(digits: str) -> int | None:
    """``int(digits)``, or None when Python would refuse it as too long."""
    try:
        return int(digits)
    except ValueError:
        return None


def mend_surrogate_escapes(text: str) -> tuple[str, list[int]]:
    """JSON text with every ``\\uD800``–``\\uDFFF`` escape that is not half of a pair replaced
    by ``\\uFFFD`` (same length, so every offset holds), and the offsets of those escapes.
    Decoding such an escape would give a string no later stage can encode."""
    if "\\u" not in text:
        return text, []
    escapes = [m for m in _SURROGATE_ESCAPE_RE.finditer(text) if (m.end() - m.start() - 5) % 2 == 1]
    if not escapes:
        return text, []
    lone: list[int] = []
    i = 0
    while i < len(escapes):
        escape = escapes[i]
        following = escapes[i + 1] if i + 1 < len(escapes) else None
        high = int(escape.group()[-4:], 16) < 0xDC00
        if high and following is not None and following.start() == escape.end() and following.end() - following.start() == 6 and int(following.group()[-4:], 16) >= 0xDC00:
            i += 2  # a pair: one character
            continue
        lone.append(escape.end() - 6)
        i += 1
    if not lone:
        return text, []
    pieces, last = [], 0
    for offset in lone:
        pieces.append(text[last:offset])
        pieces.append("\\ufffd")
        last = offset + 6
    pieces.append(text[last:])
    return "".join(pieces), lone
