"""JSONL exports (one call per line) and the record → call step JSON arrays share."""

from __future__ import annotations

import json
from typing import Iterator

from ...models import Call, InputError
from ..decode import UNDECODABLE, Progress, decoded_lines, open_binary
from .locate import Locator, jsonl_locator
from .options import TranscriptOptions
from .records import CallBuilder


def read_jsonl(path: str, options: TranscriptOptions, warn, progress: Progress | None = None, lines=None) -> Iterator[Call | InputError]:
    builder = CallBuilder(path, options)
    with open_binary(path) as stream:
        for number, line in lines if lines is not None else decoded_lines(stream, warn, progress):
            if progress is not None and line is not None and line.strip():
                progress(1, 0)
            yield from jsonl_entries(builder, number, line)


def jsonl_entries(builder: "CallBuilder", number: int, line: str | None) -> Iterator[Call | InputError]:
    """The call (and input errors) of one JSONL line."""
    path = builder.path
    if line is None:
        yield InputError(path, UNDECODABLE, number)
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
    yield from json_call(builder, record, number, jsonl_locator(line, number, builder.options, record), lambda u: number)


def json_call(builder: CallBuilder, record: dict, line: int, locator: Locator, utterance_line) -> Iterator[Call | InputError]:
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




def raw_lines(path: str, progress: Progress | None = None) -> Iterator[tuple[int, bytes]]:
    """(line number, bytes) of a JSONL export, undecoded: worker processes decode and parse."""
    with open_binary(path) as stream:
        for number, raw in enumerate(stream, start=1):
            if progress is not None:
                progress(1 if raw.strip() else 0, len(raw))
            yield number, raw
