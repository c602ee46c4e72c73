"""Reading call-centre / ASR transcript exports and SMS send logs into ``Call`` records.

Formats (``--kind transcript``, chosen automatically for ``.jsonl`` and for ``.json`` / ``.csv``
files that look like exports), one module each:

- JSONL (jsonl.py): one call per line — ``call_id``, ``debtor_id``, ``started_at`` (ISO 8601
  with or without offset, or Unix seconds), optional ``timezone``, ``channel`` (``call``/``sms``),
  ``agent_id``, ``connected`` and ``utterances``: ``[{speaker, text, start}]``.
- JSON (json.py): an array of such records (or one record).
- CSV (csv.py): one row per utterance with ``call_id, debtor_id, started_at, speaker, text``
  (+ optional ``start, timezone, channel, agent_id, connected``).

Other exports name fields differently: ``TranscriptOptions.field_map`` (``--map``) maps ours to
theirs (options.py). Files are streamed record by record; a malformed record or field is an
``InputError`` naming file and line, and everything else in the record is still used
(records.py). Exact columns of findings are computed on demand (locate.py).
"""

from __future__ import annotations

import re
import sys
from json import dumps
from pathlib import Path
from typing import Iterator

from ...models import Call, InputError
from ..csvdialect import header_line, sniff_delimiter
from ..decode import CHUNK_BYTES, LineReader, Progress, decode_file, undecodable
from .csv import _csv_calls, _Tap, read_csv
from .json import read_json
from .jsonl import jsonl_entries, raw_lines, read_jsonl
from .locate import jsonl_locator
from .options import FIELDS, MapError, TranscriptOptions, parse_field_map
from .records import CallBuilder

_SNIFF_BYTES = 65536  # a CSV header is looked for in this much

__all__ = [
    "FIELDS", "CallBuilder", "MapError", "TranscriptOptions", "jsonl_entries", "jsonl_locator",
    "looks_like_transcript", "parse_field_map", "raw_lines", "read_transcripts",
]


def looks_like_transcript(path: Path, options: TranscriptOptions = TranscriptOptions()) -> bool:
    """Whether a ``.json`` / ``.csv`` file is a transcript export rather than template files:
    a JSON file with an ``utterances`` key anywhere (read a chunk at a time), a CSV file whose
    header has the ``call_id`` and ``speaker`` columns."""
    suffix = path.suffix.lower()
    try:
        with open(path, "rb") as handle:
            if suffix == ".json":
                return _has_key(handle, options.name("utterances"))
            head = handle.read(_SNIFF_BYTES)
    except OSError:
        return False
    if suffix == ".csv":
        header = header_line(head.decode("utf-8", "ignore").lstrip("\ufeff"))
        delimiter = sniff_delimiter(header)
        names = {n.strip().strip('"').lower() for n in header.split(delimiter)}
        return all(options.name(f).lower() in names for f in ("call_id", "speaker"))
    return suffix == ".jsonl"


def _has_key(stream, key: str) -> bool:
    """Whether a JSON byte stream has ``key`` followed by a colon (as written, or \\u-escaped)."""
    spellings = {dumps(key, ensure_ascii=False).encode(), dumps(key).encode()}
    pattern = re.compile(b"(?:" + b"|".join(map(re.escape, spellings)) + rb")\s*:")
    overlap = max(map(len, spellings)) + 64
    tail = b""
    while True:
        chunk = stream.read(CHUNK_BYTES)
        if not chunk:
            return False
        window = tail + chunk
        if pattern.search(window):
            return True
        tail = window[-overlap:]


def read_transcripts(path: str, options: TranscriptOptions, warn, progress: Progress | None = None, read_text=None) -> Iterator[Call | InputError]:
    """Calls of one export, by format: extension, else (stdin) the first character.
    ``read_text()`` gives the whole decoded text of a ``.json`` export."""
    suffix = Path(path).suffix.lower() if path != "-" else ""
    if suffix == ".csv":
        return read_csv(path, options, warn, progress)
    if suffix == ".json":
        return read_json(path, read_text(), options)
    if suffix == ".jsonl" or path != "-":
        return read_jsonl(path, options, warn, progress)
    return _read_stdin(options, warn, progress)


def _read_stdin(options: TranscriptOptions, warn, progress: Progress | None) -> Iterator[Call | InputError]:
    stream = sys.stdin.buffer
    reader = LineReader(stream, warn, progress)
    head = reader.head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head == b"{":
        yield from read_jsonl("-", options, warn, progress, reader=reader)
    elif head == b"[":
        decoded = decode_file(reader.head + stream.read())
        for number in decoded.bad_lines:
            yield InputError("-", undecodable(decoded.encoding), number)
        yield from read_json("-", decoded.text, options)
    else:
        yield from _csv_calls("-", _Tap(reader), options, progress)
