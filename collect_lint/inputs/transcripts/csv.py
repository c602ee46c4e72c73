"""CSV exports: one row per utterance; consecutive rows of one call id are one call."""

from __future__ import annotations

import csv
from collections import deque
from typing import Iterator

from ...models import Call, InputError
from ..csvdialect import duplicate_column, quote_problem, sniff_delimiter, swallowed_rows
from ..decode import LineReader, Progress, open_binary, strip_break, undecodable
from .locate import CsvLocator
from .options import CSV_REQUIRED, FIELDS, TranscriptOptions
from .records import CallBuilder, one_line


def read_csv(path: str, options: TranscriptOptions, warn, progress: Progress | None = None) -> Iterator[Call | InputError]:
    """One row per utterance; consecutive rows with the same call id are one call."""
    with open_binary(path) as stream:
        yield from _csv_calls(path, _Tap(LineReader(stream, warn, progress)), options, progress)


class _Tap:
    """Feeds decoded lines to ``csv.reader``, remembers the lines of the current row, and can
    be given lines back to read again (after a row that a stray quote made of many lines)."""

    def __init__(self, reader: LineReader) -> None:
        self.lines = reader.lines()
        self.encoding = reader.encoding
        self.again: deque[tuple[int, str]] = deque()
        self.raw: list[tuple[int, str]] = []
        self.bad_lines: list[int] = []
        self.hit_end = False  # the current row asked for a line past the end of the file

    def __iter__(self):
        return self

    def __next__(self) -> str:
        while True:
            if self.again:
                number, text = self.again.popleft()
            else:
                try:
                    number, text = next(self.lines)
                except StopIteration:
                    self.hit_end = True
                    raise
            if text is None:
                self.bad_lines.append(number)
                continue
            self.raw.append((number, text))
            return text

    def take(self) -> list[tuple[int, str]]:
        """The lines of the row just read."""
        lines, self.raw = self.raw, []
        self.hit_end = False
        return lines

    def undecodable(self, path: str) -> Iterator[InputError]:
        """One input error per line skipped since the last call as not valid in the encoding."""
        for number in self.bad_lines:
            yield InputError(path, undecodable(self.encoding), number)
        self.bad_lines.clear()

    def read_again(self, lines: list[tuple[int, str]]) -> None:
        self.again.extendleft(reversed(lines))


def _csv_calls(path: str, tap: _Tap, options: TranscriptOptions, progress: Progress | None) -> Iterator[Call | InputError]:
    first = next(tap, None)
    yield from tap.undecodable(path)
    if first is None:
        return
    tap.take()
    delimiter = sniff_delimiter(strip_break(first))
    try:
        header = next(csv.reader([first], delimiter=delimiter))
    except csv.Error as exc:
        yield InputError(path, f"invalid CSV header: {exc}", 1)
        return
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
    duplicate = duplicate_column(names, [options.name(f).lower() for f in columns])
    if duplicate is not None:
        yield InputError(path, duplicate, 1)
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
            current.unknown_speakers = builder.take_unknown()
            yield current
        current, rows = None, []

    while True:
        try:
            row, problem = next(reader), None
        except StopIteration:
            break
        except csv.Error as exc:
            row, problem = [], str(exc)
        at_end = tap.hit_end
        lines = tap.take()
        yield from tap.undecodable(path)
        if not lines:
            if problem is not None:
                yield InputError(path, f"malformed CSV row: {problem}")
            continue
        first_line = lines[0][0]
        if at_end or (len(lines) > 1 and (problem is not None or len(row) != width or swallowed_rows([t for _, t in lines], delimiter, width))):
            # A quoted field ran over the lines after it: say where it opened, skip the row
            # and read those lines again as rows.
            yield InputError(path, quote_problem(first_line, len(lines), at_end, problem, len(row), width), first_line)
            tap.read_again(lines[1:])
            continue
        if problem is not None:
            yield InputError(path, f"malformed CSV row: {problem}", first_line)
            continue
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        if len(row) != width:
            yield InputError(path, f"expected {width} fields, found {len(row)}", first_line)
            continue

        def get(field: str, row=row):
            column = columns.get(field)
            return row[column] if column is not None else None

        call_id = (get("call_id") or "").strip()
        errors = []
        if current is None or call_id != current.call_id or not call_id:
            yield from finish()
            current = builder.call(get, first_line, errors)
            if progress is not None:
                progress(1, 0)
        utterance = builder.utterance(get("speaker"), get("text"), get("start"), len(rows), first_line, errors)
        yield from one_line(errors)
        if utterance is not None and utterance.text.strip():
            current.utterances.append(utterance)
            rows.append((first_line, "".join(text for _, text in lines)))
    yield from tap.undecodable(path)  # lines skipped after the last row
    yield from finish()
