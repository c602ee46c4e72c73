"""CSV exports: one row per utterance; consecutive rows of one call id are one call."""

from __future__ import annotations

import csv
from typing import Iterator

from ...models import Call, InputError
from ..csvdialect import sniff_delimiter
from ..decode import UNDECODABLE, Progress, decoded_lines, open_binary
from .locate import CsvLocator
from .options import CSV_REQUIRED, FIELDS, TranscriptOptions
from .records import CallBuilder


def read_csv(path: str, options: TranscriptOptions, warn, progress: Progress | None = None) -> Iterator[Call | InputError]:
    """One row per utterance; consecutive rows with the same call id are one call."""
    with open_binary(path) as stream:
        tap = _Tap(decoded_lines(stream, warn, progress))
        yield from _csv_calls(path, tap, options, progress)


class _Tap:
    """Feeds decoded lines to ``csv.reader`` and remembers the raw lines of the current row."""

    def __init__(self, lines: Iterator[tuple[int, str | None]]) -> None:
        self.lines = lines
        self.raw: list[str] = []
        self.first_line = 0
        self.bad_lines: list[int] = []

    def __iter__(self):
        return self

    def __next__(self) -> str:
        while True:
            number, text = next(self.lines)
            if text is None:
                self.bad_lines.append(number)
                continue
            if not self.raw:
                self.first_line = number
            self.raw.append(text)
            return text

    def take(self) -> tuple[int, str]:
        row = (self.first_line, "".join(self.raw))
        self.raw = []
        return row


def _csv_calls(path: str, tap: _Tap, options: TranscriptOptions, progress: Progress | None) -> Iterator[Call | InputError]:
    first = next(iter(tap), None)
    if first is None:
        return
    delimiter = sniff_delimiter(first.split("\n", 1)[0])
    try:
        header = next(csv.reader([first], delimiter=delimiter))
    except csv.Error as exc:
        yield InputError(path, f"invalid CSV header: {exc}", 1)
        return
    tap.take()
    names = [h.strip().lower() for h in header]
    columns: dict[str, int] = {}
    for field in FIELDS:
        wanted = options.name(field).lower()
        if wanted in names:
            columns[field] = names.index(wanted)
    missing = [options.name(f) for f in CSV_REQUIRED if f not in columns]
    if missing:
        yield InputError(path, f"CSV header lacks column(s): {', '.join(missing)}", 1)
        return
    builder = CallBuilder(path, options)
    reader = csv.reader(tap, delimiter=delimiter)
    width = len(header)
    current: Call | None = None
    rows: list[tuple[int, str]] = []
    errors: list[InputError] = []

    def finish() -> Iterator[Call | InputError]:
        nonlocal current, rows
        if current is not None:
            current.locator = CsvLocator(rows, delimiter, columns["text"], columns["started_at"])
            yield current
        current, rows = None, []

    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            first_line, _ = tap.take()
            yield InputError(path, f"malformed CSV row: {exc}", first_line)
            continue
        first_line, raw = tap.take()
        for number in tap.bad_lines:
            yield InputError(path, UNDECODABLE, number)
        tap.bad_lines.clear()
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        if len(row) != width:
            yield InputError(path, f"expected {width} fields, found {len(row)}", first_line)
            continue

        def get(field: str, row=row):
            column = columns.get(field)
            return row[column] if column is not None else None

        call_id = (get("call_id") or "").strip()
        if current is None or call_id != current.call_id or not call_id:
            yield from finish()
            errors = []
            current = builder.call(get, first_line, errors)
            yield from errors
            if progress is not None:
                progress(1, 0)
        errors = []
        utterance = builder.utterance(get("speaker"), get("text"), get("start"), len(rows), first_line, errors)
        yield from errors
        if utterance is not None and utterance.text.strip():
            current.utterances.append(utterance)
            rows.append((first_line, raw))
    yield from finish()
