"""Exact (line, column) of a call's fields in the export, computed only for calls with a
finding: JSON text is re-parsed with positions (or, for one-line records, the encoded value is
searched for), CSV rows are re-read with offsets."""

from __future__ import annotations

import json

from ..templates.csv import csv_records
from ..templates.json import load_located
from ..templates.positions import LineIndex, LocatedStr, escaped_offsets
from .options import TranscriptOptions


class _JsonDocument:
    """The original text of a JSONL line or a JSON file, parsed with positions only when needed."""

    __slots__ = ("text", "_located", "_index")

    def __init__(self, text: str, located=None) -> None:
        self.text = text
        self._located = located
        self._index: LineIndex | None = None

    def located(self):
        if self._located is None:
            self._located = load_located(self.text)
        if self._index is None:
            self._index = LineIndex(self.text)
        return self._located, self._index


class Locator:
    """Exact (line, column) of each character of a call's fields in the export, on demand."""

    def utterance(self, index: int) -> tuple[tuple[int, int], ...] | None:
        raise NotImplementedError

    def started_at(self) -> tuple[tuple[int, int], ...] | None:
        raise NotImplementedError


class JsonLocator(Locator):
    __slots__ = ("document", "prefix", "line_offset", "options", "record")

    def __init__(self, document: _JsonDocument, prefix: tuple, line_offset: int, options: TranscriptOptions) -> None:
        self.document = document
        self.prefix = prefix
        self.line_offset = line_offset
        self.options = options
        self.record: dict | None = None  # JSONL: the decoded record, for the quick path

    def _positions(self, keys: tuple):
        try:
            node, index = self.document.located()
            for key in self.prefix + keys:
                node = node[key]
        except (LookupError, TypeError, ValueError):
            return None
        if not isinstance(node, LocatedStr):
            return None
        return tuple((line + self.line_offset, column) for line, column in node.positions(index))

    def _quick(self, key: str, value: str, occurrence: int):
        """Positions of the ``occurrence``-th JSON string value equal to ``value`` in a one-line
        record, found by searching for its encoded form (with or without \\u escapes) instead
        of re-parsing the line; None when that is not certain."""
        line = self.document.text
        if "\n" in line.rstrip("\r\n"):
            return None
        quoted_key = json.dumps(key, ensure_ascii=False)
        for encoded in (json.dumps(value, ensure_ascii=False), json.dumps(value)):
            seen, start = 0, line.find(encoded)
            while start >= 0:
                before = line[:start].rstrip()
                if before.endswith(":") and before[:-1].rstrip().endswith(quoted_key):
                    if seen == occurrence:
                        offsets = escaped_offsets(line, start + 1, start + len(encoded) - 1, value)
                        if offsets is None:
                            return None
                        row = 1 + self.line_offset
                        return tuple((row, offset + 1) for offset in offsets)
                    seen += 1
                start = line.find(encoded, start + 1)
        return None

    def _record(self) -> dict | None:
        if self.record is _LAZY:
            try:
                self.record = json.loads(self.document.text)
            except ValueError:
                self.record = None
        return self.record if isinstance(self.record, dict) else None

    def utterance(self, index: int):
        name = self.options.name
        record = self._record()
        if record is not None:
            key = name("text")
            entries = record.get(name("utterances"))
            texts = [e.get(key) if isinstance(e, dict) else None for e in entries] if isinstance(entries, list) else []
            text = texts[index] if index < len(texts) else None
            # The quick search counts "text" keys: only safe when the utterances hold them all.
            only_utterances = self.document.text.count(json.dumps(key, ensure_ascii=False)) == len(texts) - texts.count(None)
            if isinstance(text, str) and only_utterances:
                found = self._quick(key, text, texts[:index].count(text))
                if found is not None:
                    return found
        return self._positions((name("utterances"), index, name("text")))

    def started_at(self):
        name = self.options.name
        record = self._record()
        started = record.get(name("started_at")) if record is not None else None
        if isinstance(started, str):
            found = self._quick(name("started_at"), started, 0)
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
        if record is None or column >= len(record):
            return None
        index = LineIndex(raw)
        return tuple((line + first_line - 1, col) for line, col in record[column].positions(index))

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
