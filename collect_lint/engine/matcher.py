"""Multi-pattern matching backends: one Aho-Corasick pass over normalised text.

A matcher is built once from ``{key: value}`` and yields every (overlapping) occurrence as
``(start, end, value)`` with ``end`` exclusive. Backends must yield the same set of matches.
"""

from __future__ import annotations

from typing import Any, Iterator, Mapping, Protocol


class Matcher(Protocol):
    name: str

    def iter(self, text: str) -> Iterator[tuple[int, int, Any]]: ...

    def matches(self, text: str) -> list[tuple[int, int, Any]]:
        """``list(iter(text))``, built without a generator (the per-message hot path)."""
        ...


class PyAhoCorasickMatcher:
    """pyahocorasick (C extension): the default backend."""

    name = "pyahocorasick"

    def __init__(self, entries: Mapping[str, Any]) -> None:
        import ahocorasick

        self._automaton = ahocorasick.Automaton()
        for key, value in entries.items():
            self._automaton.add_word(key, (len(key), value))
        if entries:
            self._automaton.make_automaton()
        self._empty = not entries

    def iter(self, text: str) -> Iterator[tuple[int, int, Any]]:
        if self._empty:
            return
        for last, (length, value) in self._automaton.iter(text):
            yield last + 1 - length, last + 1, value

    def matches(self, text: str) -> list[tuple[int, int, Any]]:
        if self._empty:
            return []
        return [(last + 1 - length, last + 1, value) for last, (length, value) in self._automaton.iter(text)]


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
            add(key.encode("utf-8").decode("latin-1"), value)
        if entries:
            self._automaton.make_automaton()
        self._empty = not entries

    def values(self, text: str) -> list[Any]:
        if self._empty:
            return []
        data = text.encode("utf-8", "surrogatepass").decode("latin-1")
        return [value for _, value in self._automaton.iter(data)]


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
