"""Exact (line, column) of a call's fields in the export, computed only for calls with a
finding: JSON text is re-parsed with positions (or, for JSONL records, each value is found
by its key in one pass over the record), CSV rows are re-read with offsets. Every lookup is
linear in the record: a record of many megabytes with thousands of findings is scanned once
per key, not once per finding."""

from __future__ import annotations

import json
import json.decoder
import re

from ..templates.csv import csv_records
from ..templates.json import load_located
from ..templates.positions import LineIndex, LocatedStr, Positions, escaped_offsets
from .options import TranscriptOptions


class _JsonDocument:
    """The original text of a JSONL line or a JSON file, parsed with positions only when needed."""

    __slots__ = ("text", "_located", "_index", "_starts")

    def __init__(self, text: str, located=None, index: LineIndex | None = None) -> None:
        self.text = text
        self._located = located
        self._index = index
        self._starts: dict[str, list[int]] = {}

    def located(self):
        if self._located is None:
            self._located = load_located(self.text)
        return self._located, self.index()

    def index(self) -> LineIndex:
        if self._index is None:
            self._index = LineIndex(self.text)
        return self._index

    def value_starts(self, key: str) -> list[int]:
        """Offsets of the opening quote of every string value of ``key`` (written as is, not
        inside another string), in document order; found in one pass and kept."""
        starts = self._starts.get(key)
        if starts is None:
            starts = self._starts[key] = string_value_starts(self.text, key)
        return starts


def string_value_starts(text: str, key: str) -> list[int]:
    """Offsets of the opening quote of every string value of ``key`` in JSON ``text``."""
    spellings = sorted({json.dumps(key, ensure_ascii=False), json.dumps(key)})
    pattern = re.compile("(?:" + "|".join(map(re.escape, spellings)) + r')\s*:\s*"')
    return [match.end() - 1 for match in pattern.finditer(text) if not _escaped(text, match.start())]


def _escaped(text: str, at: int) -> bool:
    """Whether the quote at ``at`` is escaped (inside a string, not a key of its own)."""
    i = at - 1
    while i >= 0 and text[i] == "\\":
        i -= 1
    return (at - 1 - i) % 2 == 1


class Locator:
    """Exact (line, column) of each character of a call's fields in the export, on demand."""

    def utterance(self, index: int) -> Positions | None:
        raise NotImplementedError

    def started_at(self) -> Positions | None:
        raise NotImplementedError


class JsonLocator(Locator):
    __slots__ = ("document", "prefix", "line_offset", "options", "record", "_texts")

    def __init__(self, document: _JsonDocument, prefix: tuple, line_offset: int, options: TranscriptOptions) -> None:
        self.document = document
        self.prefix = prefix
        self.line_offset = line_offset
        self.options = options
        self.record: dict | None = None  # JSONL: the decoded record, for the quick path
        self._texts: tuple[list, list[int]] | None = None

    def _positions(self, keys: tuple) -> Positions | None:
        try:
            node, index = self.document.located()
            for key in self.prefix + keys:
                node = node[key]
        except (LookupError, TypeError, ValueError):
            return None
        if not isinstance(node, LocatedStr):
            return None
        return node.positions(index, self.line_offset)

    def _quick(self, key: str, rank: int, count: int, value: str) -> Positions | None:
        """Positions of the ``rank``-th of the ``count`` string values of ``key`` in the record,
        found without re-parsing it; None unless the record holds exactly ``count`` such values
        and that one decodes to ``value``."""
        document = self.document
        starts = document.value_starts(key)
        if len(starts) != count:
            return None
        start = starts[rank]
        try:
            found, end = json.decoder.scanstring(document.text, start + 1)
        except ValueError:
            return None
        if found != value:
            return None
        offsets = escaped_offsets(document.text, start + 1, end - 1, value)
        return Positions(offsets, document.index(), self.line_offset) if offsets is not None else None

    def _record(self) -> dict | None:
        if self.record is _LAZY:
            try:
                self.record = json.loads(self.document.text)
            except (ValueError, RecursionError):
                self.record = None
        return self.record if isinstance(self.record, dict) else None

    def _utterance_texts(self, record: dict) -> tuple[list, list[int]]:
        """The utterances' texts, and for each the number of string texts before it."""
        if self._texts is None:
            key = self.options.name("text")
            entries = record.get(self.options.name("utterances"))
            texts = [e.get(key) if isinstance(e, dict) else None for e in entries] if isinstance(entries, list) else []
            ranks, rank = [], 0
            for text in texts:
                ranks.append(rank)
                rank += isinstance(text, str)
            self._texts = (texts, ranks)
        return self._texts

    def utterance(self, index: int):
        name = self.options.name
        record = self._record()
        if record is not None:
            texts, ranks = self._utterance_texts(record)
            text = texts[index] if index < len(texts) else None
            if isinstance(text, str):
                count = ranks[-1] + isinstance(texts[-1], str)
                found = self._quick(name("text"), ranks[index], count, text)
                if found is not None:
                    return found
        return self._positions((name("utterances"), index, name("text")))

    def started_at(self):
        name = self.options.name
        record = self._record()
        started = record.get(name("started_at")) if record is not None else None
        if isinstance(started, str):
            found = self._quick(name("started_at"), 0, 1, started)
            if found is not None:
                return found
        return self._positions((name("started_at"),))


class CsvLocator(Locator):
    __slots__ = ("rows", "delimiter", "text_column", "started_column")

    def __init__(self, rows: list[tuple[int, str]], delimiter: str, text_column: int, started_column: int) -> None:
        self.rows = rows  # per utterance: (first line of its row, raw text of the row)
        self.delimiter = delimiter
        self.text_column = text_column
        self.started_column = started_column

    def _positions(self, row: int, column: int):
        first_line, raw = self.rows[row]
        record = next(csv_records(raw, self.delimiter), None)
        if record is None or column >= len(record.fields):
            return None
        return record.fields[column].positions(LineIndex(raw), first_line - 1)

    def utterance(self, index: int):
        return self._positions(index, self.text_column)

    def started_at(self):
        return self._positions(0, self.started_column)


def jsonl_locator(line: str, number: int, options: TranscriptOptions, record: dict | None = None) -> "JsonLocator":
    """A locator for one JSONL line; ``record`` (the decoded line) is decoded again if not given."""
    locator = JsonLocator(_JsonDocument(line), (), number - 1, options)
    locator.record = record if record is not None else _LAZY
    return locator


_LAZY: dict = {}  # marks a JSONL locator whose record is decoded on first use
