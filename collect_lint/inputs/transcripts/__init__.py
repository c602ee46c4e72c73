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

import sys
from pathlib import Path
from typing import Iterator

from ...models import Call, InputError
from ..csvdialect import sniff_delimiter
from ..decode import Progress, decoded_lines
from .csv import _csv_calls, _Tap, read_csv
from .json import read_json
from .jsonl import jsonl_entries, raw_lines, read_jsonl
from .locate import jsonl_locator
from .options import FIELDS, MapError, TranscriptOptions, parse_field_map
from .records import CallBuilder

_SNIFF_BYTES = 65536

__all__ = [
    "FIELDS", "CallBuilder", "MapError", "TranscriptOptions", "jsonl_entries", "jsonl_locator",
    "looks_like_transcript", "parse_field_map", "raw_lines", "read_transcripts",
]


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
        delimiter = sniff_delimiter(header)
        names = {n.strip().strip('"').lower() for n in header.split(delimiter)}
        return all(options.name(f).lower() in names for f in ("call_id", "speaker"))
    return suffix == ".jsonl"


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
    lines = decoded_lines(sys.stdin.buffer, warn, progress)
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
