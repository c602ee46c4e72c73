"""Multi-pattern matching backends: one Aho-Corasick pass over normalised text.

A matcher is built once from ``{key: value}`` and yields every (overlapping) occurrence as
``(start, end, value)`` with ``end`` exclusive. Backends must yield the same set of matches.
"""

from __future__ import annotations

from operator import itemgetter
from typing import Any, Iterator, Mapping, Protocol

_second = itemgetter(1)


class Matcher(Protocol):
    name: str

    def iter(self, text: str) -> Iterator[tuple[int, int, Any]]: ...

    def matches(self, text: str) -> list[tuple[int, int, Any]]:
        """``list(iter(text))``, built without a generator (the per-message hot path)."""
        ...


class PyAhoCorasickMatcher:
    """pyahocorasick (C extension): the default backend.

    Like ``PyAhoCorasickScanner`` it runs over the text's UTF-8 bytes (read as Latin-1 text),
    which scans several times faster than over characters (see there); match ends are turned
    back into character offsets by decoding the bytes between one match end and the next (a
    match always ends on a character boundary); ASCII text needs no mapping at all, nor does
    text whose every character takes three bytes (most Chinese messages: offsets are thirds)."""

    name = "pyahocorasick"

    def __init__(self, entries: Mapping[str, Any]) -> None:
        import ahocorasick

        self._automaton = ahocorasick.Automaton()
        for key, value in entries.items():
            self._automaton.add_word(_as_bytes(key), (len(key), value))
        if entries:
            self._automaton.make_automaton()
        self._empty = not entries

    def iter(self, text: str) -> Iterator[tuple[int, int, Any]]:
        yield from self.matches(text)

    def matches(self, text: str) -> list[tuple[int, int, Any]]:
        if self._empty:
            return []
        if text.isascii():
            return [(last + 1 - length, last + 1, value) for last, (length, value) in self._automaton.iter(text)]
        data = _as_bytes(text)
        if len(data) == 3 * len(text):  # every character three bytes (CJK text): no mapping
            return [((last + 1) // 3 - length, (last + 1) // 3, value) for last, (length, value) in self._automaton.iter(data)]
        found = []
        byte_end = char_end = 0
        for last, (length, value) in self._automaton.iter(data):
            if last >= byte_end:
                char_end += len(data[byte_end : last + 1].encode("latin-1").decode("utf-8", "surrogatepass"))
                byte_end = last + 1
            found.append((char_end - length, char_end, value))
        return found


def _as_bytes(text: str) -> str:
    """The UTF-8 bytes of ``text`` as a Latin-1 string (one character per byte)."""
    return text.encode("utf-8", "surrogatepass").decode("latin-1")


class AhoCorasickRsMatcher:
    """ahocorasick-rs (Rust): the fast backend; releases the GIL while scanning."""

    name = "ahocorasick-rs"

    def __init__(self, entries: Mapping[str, Any]) -> None:
        import ahocorasick_rs

        self._values = list(entries.values())
        self._automaton = (
            ahocorasick_rs.AhoCorasick(list(entries), matchkind=ahocorasick_rs.MATCHKIND_STANDARD)
            if entries
            else None
        )

    def iter(self, text: str) -> Iterator[tuple[int, int, Any]]:
        if self._automaton is None:
            return
        values = self._values
        for index, start, end in self._automaton.find_matches_as_indexes(text, overlapping=True):
            yield start, end, values[index]

    def matches(self, text: str) -> list[tuple[int, int, Any]]:
        if self._automaton is None:
            return []
        values = self._values
        return [(start, end, values[index]) for index, start, end in self._automaton.find_matches_as_indexes(text, overlapping=True)]


class Scanner(Protocol):
    """Pre-filters batches: the value of every (overlapping) match, in the order the matches
    end. Positions are not reported: callers add a separator key to tell items apart."""

    def values(self, text: str) -> list[Any]: ...


class PyAhoCorasickScanner:
    """pyahocorasick over the text's UTF-8 bytes (read as Latin-1 text). Its trie nodes search
    their children one by one, and where a character trie's root has a child per distinct first
    character (hundreds), a byte trie's nodes have few, so this scans several times faster."""

    def __init__(self, entries: Mapping[str, Any]) -> None:
        import ahocorasick

        self._automaton = ahocorasick.Automaton()
        add = self._automaton.add_word
        for key, value in entries.items():
            add(_as_bytes(key), value)
        if entries:
            self._automaton.make_automaton()
        self._empty = not entries

    def values(self, text: str) -> list[Any]:
        if self._empty:
            return []
        return list(map(_second, self._automaton.iter(_as_bytes(text))))


class AhoCorasickRsScanner:
    """ahocorasick-rs reporting the matched keys as the stored key objects: no per-match
    tuples and no byte → character offset mapping."""

    def __init__(self, entries: Mapping[str, Any]) -> None:
        import ahocorasick_rs

        self._entries = dict(entries)
        self._automaton = (
            ahocorasick_rs.AhoCorasick(list(self._entries), matchkind=ahocorasick_rs.MATCHKIND_STANDARD)
            if entries
            else None
        )

    def values(self, text: str) -> list[Any]:
        if self._automaton is None:
            return []
        return list(map(self._entries.__getitem__, self._automaton.find_matches_as_strings(text, overlapping=True)))
