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


class BytesScanner(Protocol):
    """Finds keys in UTF-8 encoded text, for pre-filtering batches: only where a key starts
    matters, as a byte offset (a key's bytes occur exactly where the key occurs as text)."""

    def starts(self, data: bytes) -> list[tuple[int, Any]]: ...


class PyAhoCorasickBytesScanner:
    """pyahocorasick over UTF-8 bytes (as Latin-1 text): its trie nodes search their children
    one by one, and a byte trie's nodes have few children where a character trie's root has
    one per distinct first character, so this scans several times faster than ``iter``."""

    def __init__(self, entries: Mapping[str, Any]) -> None:
        import ahocorasick

        self._automaton = ahocorasick.Automaton()
        add = self._automaton.add_word
        for key, value in entries.items():
            encoded = key.encode("utf-8")
            add(encoded.decode("latin-1"), (len(encoded) - 1, value))
        if entries:
            self._automaton.make_automaton()
        self._empty = not entries

    def starts(self, data: bytes) -> list[tuple[int, Any]]:
        if self._empty:
            return []
        return [(last - back, value) for last, (back, value) in self._automaton.iter(data.decode("latin-1"))]


class AhoCorasickRsBytesScanner:
    """ahocorasick-rs over bytes (skips the byte → character offset mapping of the str API)."""

    def __init__(self, entries: Mapping[str, Any]) -> None:
        import ahocorasick_rs

        self._values = list(entries.values())
        self._automaton = (
            ahocorasick_rs.BytesAhoCorasick(
                [key.encode("utf-8") for key in entries], matchkind=ahocorasick_rs.MATCHKIND_STANDARD
            )
            if entries
            else None
        )

    def starts(self, data: bytes) -> list[tuple[int, Any]]:
        if self._automaton is None:
            return []
        values = self._values
        return [(start, values[index]) for index, start, _ in self._automaton.find_matches_as_indexes(data, overlapping=True)]
