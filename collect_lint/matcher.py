"""Multi-pattern matching backends: one Aho-Corasick pass over normalised text.

A matcher is built once from ``{key: value}`` and yields every (overlapping) occurrence as
``(start, end, value)`` with ``end`` exclusive. Backends must yield the same set of matches.
"""

from __future__ import annotations

from typing import Any, Iterator, Mapping, Protocol


class Matcher(Protocol):
    name: str

    def iter(self, text: str) -> Iterator[tuple[int, int, Any]]: ...


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
