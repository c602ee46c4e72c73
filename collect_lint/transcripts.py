"""Reading call-centre / ASR transcript exports and SMS send logs into ``Call`` records.

Formats (``--kind transcript``, chosen automatically for ``.jsonl`` and for ``.json`` / ``.csv``
files that look like exports):

- JSONL: one call per line — ``call_id``, ``debtor_id``, ``started_at`` (ISO 8601 with or
  without offset, or Unix seconds), optional ``timezone``, ``channel`` (``call``/``sms``),
  ``agent_id``, ``connected`` and ``utterances``: ``[{speaker, text, start}]``.
- JSON: an array of such records (or one record).
- CSV: one row per utterance with ``call_id, debtor_id, started_at, speaker, text`` (+ optional
  ``start, timezone, channel, agent_id, connected``); consecutive rows of one ``call_id`` form a call.

Other exports name fields differently: ``TranscriptOptions.field_map`` (``--map``) maps ours to
theirs. Files are streamed record by record; a malformed record or field is an ``InputError``
naming file and line, and everything else in the record is still used. Exact columns of
findings are computed on demand (``Locator``) so the common case pays nothing for them.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from dataclasses import dataclass
from functools import cached_property
from datetime import datetime, timezone as dt_timezone
from pathlib import Path
from typing import Callable, Iterable, Iterator
from zoneinfo import ZoneInfo

from .contact import Call, Utterance, parse_timezone, PolicyError
from .inputs import normalize_speaker
from .models import InputError
from .templates.csv import csv_records
from .templates.json import load_located
from .templates.positions import LineIndex, LocatedStr, escaped_offsets

RECORD_FIELDS = ("call_id", "debtor_id", "started_at", "timezone", "channel", "agent_id", "connected", "utterances")
UTTERANCE_FIELDS = ("speaker", "text", "start")
FIELDS = RECORD_FIELDS + UTTERANCE_FIELDS
CSV_REQUIRED = ("call_id", "debtor_id", "started_at", "speaker", "text")
CHANNELS = ("call", "sms")
_TRUE = {"true", "1", "yes", "y", "t", "是", "接通", "已接通"}
_FALSE = {"false", "0", "no", "n", "f", "否", "未接通", ""}
_CSV_DELIMITERS = (",", "\t", ";")
_SNIFF_BYTES = 65536
_EPOCH_RE = re.compile(r"^\d{9,11}(?:\.\d+)?$")  # Unix seconds written as text (CSV)

Progress = Callable[[int, int], None]  # (records, bytes) since the last call


class MapError(ValueError):
    """A ``--map`` entry that cannot be used."""


def parse_field_map(entries: Iterable[str]) -> dict[str, str]:
    """``["speaker=role", "text=content,call_id=id"]`` → ``{"speaker": "role", ...}``."""
    mapping: dict[str, str] = {}
    for entry in entries:
        for part in entry.split(","):
            part = part.strip()
            if not part:
                continue
            ours, sep, theirs = part.partition("=")
            ours, theirs = ours.strip(), theirs.strip()
            if not sep or not ours or not theirs:
                raise MapError(f"--map entry '{part}' must look like field=column")
            if ours not in FIELDS:
                raise MapError(f"--map: unknown field '{ours}' (choose from {', '.join(FIELDS)})")
            mapping[ours] = theirs
    return mapping


@dataclass(frozen=True)
class TranscriptOptions:
    field_map: tuple[tuple[str, str], ...] = ()
    timezone: str = "Asia/Shanghai"

    def name(self, field: str) -> str:
        return self.names[field] if field in FIELDS else field

    @cached_property
    def names(self) -> dict[str, str]:
        """Every field → the export's name for it."""
        mapping = dict(self.field_map)
        return {field: mapping.get(field, field) for field in FIELDS}

    @property
    def zone(self) -> ZoneInfo:
        return parse_timezone(self.timezone)


# -- sniffing (``--kind auto`` for .json / .csv) ---------------------------------------------------
def looks_like_transcript(path: Path, options: TranscriptOptions = TranscriptOptions()) -> bool:
    """Whether a ``.json`` / ``.csv`` file is a transcript export rather than template files."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except OSError:
        return False
    text = head.decode("utf-8", "ignore").lstrip("\ufeff")
    suffix = path.suffix.lower()
    if suffix == ".json":
        return f'"{options.name("utterances")}"' in text
    if suffix == ".csv":
        header = text.splitlines()[0] if text else ""
        delimiter = next((d for d in _CSV_DELIMITERS if d in header), ",")
        names = {n.strip().strip('"').lower() for n in header.split(delimiter)}
        return all(options.name(f).lower() in names for f in ("call_id", "speaker"))
    return suffix == ".jsonl"


# -- locating fields in the original text ----------------------------------------------------------
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


# -- records → calls -------------------------------------------------------------------------------
def parse_started_at(value, zone: ZoneInfo) -> datetime:
    """An aware datetime in ``zone``: ISO 8601 (naive values are read in ``zone``) or Unix seconds."""
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, str) and _EPOCH_RE.match(value.strip()):
        value = float(value)
    if isinstance(value, (int, float)):
        return datetime.fromtimestamp(value, tz=dt_timezone.utc).astimezone(zone)
    moment = datetime.fromisoformat(str(value).strip())
    if moment.tzinfo is None:
        return moment.replace(tzinfo=zone)
    return moment.astimezone(zone)


def _flag(value) -> bool | None:
    if isinstance(value, bool) or value is None:
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError


def _text_value(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    raise ValueError


class _CallBuilder:
    """Turns one record's fields into a Call, reporting each bad field as an InputError."""

    def __init__(self, path: str, options: TranscriptOptions) -> None:
        self.path = path
        self.options = options
        self.zone = options.zone
        self.zones: dict[str, ZoneInfo | None] = {}
        self.speakers: dict = {}

    def call(self, get: Callable[[str], object], line: int, errors: list[InputError]) -> Call:
        name = self.options.names.__getitem__

        def bad(field: str, problem: str) -> None:
            errors.append(InputError(self.path, f"field '{name(field)}': {problem}", line))

        def text(field: str, required: bool = False) -> str | None:
            try:
                value = _text_value(get(field))
            except ValueError:
                bad(field, "expected a string")
                return None
            if value is None and required:
                bad(field, "missing")
            return value

        call_id = text("call_id", required=True)
        debtor_id = text("debtor_id", required=True)
        agent_id = text("agent_id")
        channel = (text("channel") or "call").lower()
        if channel not in CHANNELS:
            bad("channel", f"'{channel}' is not one of {', '.join(CHANNELS)}; contact checks skipped")
            channel = "other"
        connected = None
        try:
            connected = _flag(get("connected"))
        except ValueError:
            bad("connected", "expected true or false")
        zone = self.zone
        zone_name = text("timezone")
        if zone_name is not None:
            zone = self._zone(zone_name)
            if zone is None:
                bad("timezone", f"unknown time zone '{zone_name}'; contact checks skipped")
        started_at, started_raw = None, None
        raw = get("started_at")
        if raw is None or raw == "":
            bad("started_at", "missing")
        else:
            started_raw = str(raw)
            try:
                started_at = parse_started_at(raw, zone) if zone is not None else None
            except (ValueError, OverflowError, OSError):
                bad("started_at", f"'{raw}' is not an ISO 8601 time")
        return Call(self.path, line, call_id, debtor_id, started_at, started_raw, channel, agent_id, connected)

    def _zone(self, name: str) -> ZoneInfo | None:
        if name not in self.zones:
            try:
                self.zones[name] = parse_timezone(name)
            except PolicyError:
                self.zones[name] = None
        return self.zones[name]

    def speaker(self, value) -> str:
        """The normalised speaker of a raw value (cached: exports repeat a handful of values)."""
        try:
            return self.speakers[value]
        except (KeyError, TypeError):
            speaker = normalize_speaker(value if isinstance(value, str) else None)
            if isinstance(value, (str, type(None))) and len(self.speakers) < 1000:
                self.speakers[value] = speaker
            return speaker

    def utterance(self, speaker, text, start, index: int, line: int, errors: list[InputError]) -> Utterance | None:
        if start is None and type(text) is str:  # the common case, kept cheap
            return Utterance(self.speaker(speaker), text, index, line, None)
        name = self.options.name
        if not isinstance(text, str):
            if text is not None:
                errors.append(InputError(self.path, f"utterance {index}: field '{name('text')}': expected a string", line))
            return None
        if start is not None and start != "":
            try:
                start = float(start)
            except (TypeError, ValueError):
                errors.append(InputError(self.path, f"utterance {index}: field '{name('start')}': expected seconds", line))
                start = None
        else:
            start = None
        return Utterance(self.speaker(speaker), text, index, line, start)


def decode_line(raw: bytes, number: int) -> tuple[str | None, bool]:
    """(text, whether GB18030 was needed) of one physical line; text is None when undecodable."""
    try:
        text = raw.decode("utf-8")
        legacy = False
    except UnicodeDecodeError:
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError:
            return None, False
        legacy = True
    if number == 1:
        text = text.lstrip("\ufeff")
    return text, legacy


def _decoded_lines(stream, path: str, warn: Callable[[str], None], progress: Progress | None) -> Iterator[tuple[int, str | None]]:
    """(line number, text) per physical line; text is None when a line cannot be decoded."""
    warned = False
    for number, raw in enumerate(stream, start=1):
        if progress is not None:
            progress(0, len(raw))
        text, legacy = decode_line(raw, number)
        if legacy and not warned:
            warn("not UTF-8, decoded as GB18030")
            warned = True
        yield number, text


def raw_lines(path: str, progress: Progress | None = None) -> Iterator[tuple[int, bytes]]:
    """(line number, bytes) of a JSONL export, undecoded: worker processes decode and parse."""
    with _open(path) as stream:
        for number, raw in enumerate(stream, start=1):
            if progress is not None:
                progress(1 if raw.strip() else 0, len(raw))
            yield number, raw


def _open(path: str):
    if path == "-":
        return _NoClose(sys.stdin.buffer)
    return open(path, "rb")


class _NoClose:
    def __init__(self, stream) -> None:
        self.stream = stream

    def __enter__(self):
        return self.stream

    def __exit__(self, *exc) -> None:
        pass


def read_jsonl(path: str, options: TranscriptOptions, warn, progress: Progress | None = None, lines=None) -> Iterator[Call | InputError]:
    builder = _CallBuilder(path, options)
    with _open(path) as stream:
        for number, line in lines if lines is not None else _decoded_lines(stream, path, warn, progress):
            if progress is not None and line is not None and line.strip():
                progress(1, 0)
            yield from jsonl_entries(builder, number, line)


def jsonl_entries(builder: "_CallBuilder", number: int, line: str | None) -> Iterator[Call | InputError]:
    """The call (and input errors) of one JSONL line."""
    path = builder.path
    if line is None:
        yield InputError(path, "cannot decode line: not UTF-8 and not GB18030", number)
        return
    if not line.strip():
        return
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        yield InputError(path, f"invalid JSON: {exc.msg} (column {exc.colno})", number)
        return
    if not isinstance(record, dict):
        yield InputError(path, "expected a JSON object (one call per line)", number)
        return
    yield from _json_call(builder, record, number, jsonl_locator(line, number, builder.options, record), lambda u: number)


def jsonl_locator(line: str, number: int, options: TranscriptOptions, record: dict | None = None) -> "JsonLocator":
    """A locator for one JSONL line; ``record`` (the decoded line) is decoded again if not given."""
    locator = JsonLocator(_JsonDocument(line), (), number - 1, options)
    locator.record = record if record is not None else _LAZY
    return locator


_LAZY: dict = {}  # marks a JSONL locator whose record is decoded on first use


def _json_call(builder: _CallBuilder, record: dict, line: int, locator: Locator, utterance_line) -> Iterator[Call | InputError]:
    names = builder.options.names
    name = names.__getitem__
    errors: list[InputError] = []
    call = builder.call(lambda field: record.get(names[field]), line, errors)
    utterances = record.get(name("utterances"))
    if not isinstance(utterances, list):
        errors.append(InputError(builder.path, f"field '{name('utterances')}': {'missing' if utterances is None else 'expected a list'}", line))
        utterances = []
    speaker_key, text_key, start_key = name("speaker"), name("text"), name("start")
    for index, entry in enumerate(utterances):
        if not isinstance(entry, dict):
            errors.append(InputError(builder.path, f"utterance {index}: expected an object", line))
            continue
        utterance = builder.utterance(entry.get(speaker_key), entry.get(text_key), entry.get(start_key), index, utterance_line(entry), errors)
        if utterance is not None:
            call.utterances.append(utterance)
    call.locator = locator
    yield from errors
    yield call


def read_json(path: str, text: str, options: TranscriptOptions) -> Iterator[Call | InputError]:
    """A JSON file holding an array of records (or one record). Parsed with positions kept,
    since every utterance's line is needed; big exports should be JSONL."""
    try:
        document = load_located(text)
    except json.JSONDecodeError as exc:
        yield InputError(path, f"invalid JSON: {exc.msg} (column {exc.colno})", exc.lineno)
        return
    source = _JsonDocument(text, document)
    _, index = source.located()
    records, prefix = (document, True) if isinstance(document, list) else ([document], False)
    builder = _CallBuilder(path, options)
    text_key = options.name("text")

    def line_of(node, default: int) -> int:
        for value in (node.values() if isinstance(node, dict) else ()):
            if isinstance(value, LocatedStr) and value.offsets:
                return index.position(value.offsets[0])[0]
        return default

    for number, record in enumerate(records):
        if not isinstance(record, dict):
            yield InputError(path, f"record {number}: expected a JSON object", 1)
            continue
        line = line_of(record, 1)
        locator = JsonLocator(source, (number,) if prefix else (), 0, options)

        def utterance_line(entry, line=line) -> int:
            value = entry.get(text_key)
            if isinstance(value, LocatedStr) and value.offsets:
                return index.position(value.offsets[0])[0]
            return line

        yield from _json_call(builder, record, line, locator, utterance_line)


def read_csv(path: str, options: TranscriptOptions, warn, progress: Progress | None = None) -> Iterator[Call | InputError]:
    """One row per utterance; consecutive rows with the same call id are one call."""
    with _open(path) as stream:
        tap = _Tap(_decoded_lines(stream, path, warn, progress))
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
    delimiter = next((d for d in _CSV_DELIMITERS if d in first.split("\n", 1)[0]), ",")
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
    builder = _CallBuilder(path, options)
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
            yield InputError(path, "cannot decode line: not UTF-8 and not GB18030", number)
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


def read_transcripts(path: str, options: TranscriptOptions, warn, progress: Progress | None = None, read_text=None) -> Iterator[Call | InputError]:
    """Calls of one export, by format: extension, else (stdin) the first character."""
    suffix = Path(path).suffix.lower() if path != "-" else ""
    if suffix == ".csv":
        return read_csv(path, options, warn, progress)
    if suffix == ".json":
        return read_json(path, read_text(), options)
    if suffix == ".jsonl" or path != "-":
        return read_jsonl(path, options, warn, progress)
    return _read_stdin(options, warn, progress)


def _read_stdin(options: TranscriptOptions, warn, progress: Progress | None) -> Iterator[Call | InputError]:
    lines = _decoded_lines(sys.stdin.buffer, "-", warn, progress)
    first = next(lines, None)
    if first is None:
        return
    head = (first[1] or "").lstrip()

    def chained():
        yield first
        yield from lines

    if head.startswith("{"):
        yield from read_jsonl("-", options, warn, progress, lines=chained())
    elif head.startswith("["):
        yield from read_json("-", "".join(t or "" for _, t in chained()), options)
    else:
        yield from _csv_calls("-", _Tap(chained()), options, progress)
