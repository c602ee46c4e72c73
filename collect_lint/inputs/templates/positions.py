"""Source positions for template values: line/column tables and escape-aware character maps.

A template value read from JSON, YAML or CSV is often not a plain slice of one line (escapes,
quotes, block scalars). These functions map every decoded character back to its offset in the
file, so diagnostics point at the real line and column and fixes edit the right characters.
"""

from __future__ import annotations

from bisect import bisect_right


class LineIndex:
    """Offsets ↔ 1-based (line, column) in one decoded file; columns count code points.

    Lines are split like ``str.splitlines`` so that numbers agree with the line-based readers.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        starts = [0]
        for line in text.splitlines(keepends=True):
            starts.append(starts[-1] + len(line))
        if len(starts) > 1 and starts[-1] == len(text):
            starts.pop()
        self.starts = starts

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1

    def offset(self, line: int, column: int) -> int:
        return self.starts[line - 1] + column - 1


class LocatedStr(str):
    """A string value that knows the file offset of each of its characters (plus one past the end)."""

    offsets: tuple[int, ...]

    def __new__(cls, value: str, offsets: tuple[int, ...]) -> "LocatedStr":
        self = super().__new__(cls, value)
        self.offsets = offsets
        return self

    def __reduce__(self):
        return (LocatedStr, (str(self), self.offsets))

    def positions(self, index: LineIndex) -> tuple[tuple[int, int], ...]:
        return tuple(index.position(o) for o in self.offsets)


# Length of an escape sequence after the backslash: JSON's and YAML double-quoted's.
_HEX_ESCAPES = {"u": 4, "x": 2, "U": 8}


def escaped_offsets(source: str, start: int, end: int, value: str) -> tuple[int, ...] | None:
    """Offsets of each character of ``value`` decoded from ``source[start:end]`` (a JSON or
    single-line YAML double-quoted string body); ``None`` when they do not line up."""
    offsets: list[int] = []
    i = start
    while i < end:
        offsets.append(i)
        if source[i] != "\\":
            i += 1
            continue
        kind = source[i + 1] if i + 1 < end else ""
        width = _HEX_ESCAPES.get(kind, 0)
        if kind == "u" and _is_surrogate_pair(source, i):
            width = 10  # \uD83D\uDE00 decodes to one character
        i += 2 + width
    offsets.append(end)
    return tuple(offsets) if len(offsets) == len(value) + 1 else None


def _is_surrogate_pair(source: str, i: int) -> bool:
    try:
        high = int(source[i + 2 : i + 6], 16)
        low = int(source[i + 8 : i + 12], 16) if source[i + 6 : i + 8] == "\\u" else 0
    except ValueError:
        return False
    return 0xD800 <= high < 0xDC00 and 0xDC00 <= low < 0xE000


def quoted_offsets(source: str, start: int, end: int, value: str, quote: str) -> tuple[int, ...] | None:
    """Offsets for a body where a doubled ``quote`` stands for one (YAML single-quoted, CSV)."""
    offsets: list[int] = []
    i = start
    while i < end:
        offsets.append(i)
        i += 2 if source[i] == quote and source[i + 1 : i + 2] == quote else 1
    offsets.append(end)
    return tuple(offsets) if len(offsets) == len(value) + 1 else None


def aligned_offsets(source: str, start: int, end: int, value: str) -> tuple[int, ...]:
    """Best-effort map for folded or multi-line values: each character is matched to its next
    occurrence in ``source[start:end]``; one that does not occur (a folded line break) keeps the
    current offset. Fixes are verified by re-reading, so an imprecise map never corrupts a file."""
    offsets: list[int] = []
    cursor = start
    for char in value:
        found = source.find(char, cursor, end)
        if found < 0:
            offsets.append(min(cursor, max(end - 1, start)))
            continue
        offsets.append(found)
        cursor = found + 1
    offsets.append(cursor if cursor <= end else end)
    return tuple(offsets)
