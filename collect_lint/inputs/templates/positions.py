"""Source positions for values read from JSON, YAML and CSV: line/column tables and
escape-aware character maps.

A template value or an utterance is often not a plain slice of one line (escapes, quotes,
block scalars). These classes map every decoded character back to its offset in the file, so
diagnostics point at the real line and column and fixes edit the right characters. The maps
are stored as runs (``Offsets``), so a 50 MB value costs a few numbers, not a tuple per
character; positions are computed only for the characters asked for.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Iterable, Iterator

_BREAK_RE = re.compile(r"\r\n?|\n")


class LineIndex:
    """Offsets ↔ 1-based (line, column) in one decoded file; columns count code points.

    Lines end at ``\\n``, ``\\r\\n`` and ``\\r`` only, as in every reader (inputs/decode.py).
    """

    def __init__(self, text: str) -> None:
        self.text = text
        starts = [0]
        starts.extend(match.end() for match in _BREAK_RE.finditer(text))
        if len(starts) > 1 and starts[-1] == len(text):
            starts.pop()
        self.starts = starts

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1

    def offset(self, line: int, column: int) -> int:
        return self.starts[line - 1] + column - 1


class Offsets:
    """The file offset of each character of a decoded value, plus one past its end.

    Stored as runs: from value index ``starts[k]`` on, characters lie ``steps[k]`` apart from
    file offset ``bases[k]``. A plain slice is one run and a string of ``\\uXXXX`` escapes one
    run of step 6, so memory grows with the number of changes, not with the value's length.
    """

    __slots__ = ("starts", "bases", "steps", "length")

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.bases: list[int] = []
        self.steps: list[int] = []
        self.length = 0

    @classmethod
    def span(cls, start: int, end: int) -> "Offsets":
        """A plain slice ``[start, end)`` of the file (offsets start … end)."""
        offsets = cls()
        offsets.add(end - start + 1, start, 1)
        return offsets

    @classmethod
    def of(cls, values: Iterable[int]) -> "Offsets":
        offsets = cls()
        for value in values:
            offsets.add(1, value, 1)
        return offsets

    def add(self, count: int, base: int, step: int) -> None:
        """Append ``count`` characters at ``base``, ``base + step``, …"""
        if count <= 0:
            return
        if self.starts:
            run = len(self.starts) - 1
            count_in_run = self.length - self.starts[run]
            last = self.bases[run] + (count_in_run - 1) * self.steps[run]
            if count_in_run == 1 and base > last:
                self.steps[run] = base - last  # a run of one character takes the step to the next
            if base == last + self.steps[run] and (count == 1 or step == self.steps[run]):
                self.length += count
                return
        self.starts.append(self.length)
        self.bases.append(base)
        self.steps.append(step)
        self.length += count

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, index: int) -> int:
        if index < 0:
            index += self.length
        if not 0 <= index < self.length:
            raise IndexError("offset index out of range")
        run = bisect_right(self.starts, index) - 1
        return self.bases[run] + (index - self.starts[run]) * self.steps[run]

    def __iter__(self) -> Iterator[int]:
        return (self[i] for i in range(self.length))

    def __eq__(self, other) -> bool:
        return isinstance(other, Offsets) and len(self) == len(other) and all(a == b for a, b in zip(self, other))

    def __hash__(self) -> int:
        return hash((self.length, self[0] if self.length else None))

    def __reduce__(self):
        return (_offsets_from_runs, (self.starts, self.bases, self.steps, self.length))


def _offsets_from_runs(starts, bases, steps, length) -> Offsets:
    offsets = Offsets()
    offsets.starts, offsets.bases, offsets.steps, offsets.length = list(starts), list(bases), list(steps), length
    return offsets


class Positions:
    """(line, column) of each character of a value and one past its end, computed on demand
    from its ``Offsets`` and the file's ``LineIndex`` (``line_offset`` added to every line,
    for a record read on its own)."""

    __slots__ = ("offsets", "index", "line_offset")

    def __init__(self, offsets: Offsets, index: LineIndex, line_offset: int = 0) -> None:
        self.offsets = offsets
        self.index = index
        self.line_offset = line_offset

    def __len__(self) -> int:
        return len(self.offsets)

    def __getitem__(self, i: int) -> tuple[int, int]:
        line, column = self.index.position(self.offsets[i])
        return line + self.line_offset, column

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return (self[i] for i in range(len(self)))

    def __eq__(self, other) -> bool:
        return len(self) == len(other) and all(a == b for a, b in zip(self, other))

    def __hash__(self) -> int:
        return hash((len(self), self[0] if len(self) else None))


class LocatedStr(str):
    """A string value that knows the file offset of each of its characters (plus one past the end)."""

    offsets: Offsets

    def __new__(cls, value: str, offsets: Offsets) -> "LocatedStr":
        self = super().__new__(cls, value)
        self.offsets = offsets
        return self

    def __reduce__(self):
        return (LocatedStr, (str(self), self.offsets))

    def positions(self, index: LineIndex, line_offset: int = 0) -> Positions:
        return Positions(self.offsets, index, line_offset)


# Length of an escape sequence after the backslash: JSON's and YAML double-quoted's.
_HEX_ESCAPES = {"u": 4, "x": 2, "U": 8}
_ESCAPE_RE = re.compile(r"\\(?:u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{2}|.)", re.DOTALL)


def escaped_offsets(source: str, start: int, end: int, value: str) -> Offsets | None:
    """Offsets of each character of ``value`` decoded from ``source[start:end]`` (a JSON or
    single-line YAML double-quoted string body); ``None`` when they do not line up."""
    offsets = Offsets()
    i = start
    pending_high = -1  # offset of a \uD8xx escape that may pair with the next one
    for match in _ESCAPE_RE.finditer(source, start, end):
        if match.start() > i:
            offsets.add(match.start() - i, i, 1)
            pending_high = -1
        escape = match.group()
        width = len(escape)
        if escape[1] == "u":
            code = int(escape[2:], 16)
            if 0xDC00 <= code < 0xE000 and pending_high == match.start() - 6:
                pending_high = -1  # the low half of a pair: no character of its own
                i = match.end()
                continue
            pending_high = match.start() if 0xD800 <= code < 0xDC00 else -1
        else:
            pending_high = -1
        offsets.add(1, match.start(), width)
        i = match.end()
    if end > i:
        offsets.add(end - i, i, 1)
    offsets.add(1, end, 1)
    return offsets if len(offsets) == len(value) + 1 else None


def quoted_offsets(source: str, start: int, end: int, value: str, quote: str) -> Offsets | None:
    """Offsets for a body where a doubled ``quote`` stands for one (YAML single-quoted, CSV)."""
    offsets = Offsets()
    doubled = quote * 2
    i = start
    while True:
        found = source.find(doubled, i, end)
        if found < 0:
            break
        offsets.add(found - i + 1, i, 1)  # up to and including the first quote of the pair
        i = found + 2
    if end > i:
        offsets.add(end - i, i, 1)
    offsets.add(1, end, 1)
    return offsets if len(offsets) == len(value) + 1 else None


def aligned_offsets(source: str, start: int, end: int, value: str) -> Offsets:
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
    return Offsets.of(offsets)
