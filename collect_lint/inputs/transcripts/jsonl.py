"""JSONL exports (one call per line) and the record → call step JSON arrays share."""

from __future__ import annotations

import json
from typing import Iterator

from ...models import Call, InputError
from ..decode import LineReader, Progress, open_binary, undecodable
from ..limits import LONE_SURROGATE, MAX_NESTING, mend_surrogate_escapes
from ..templates.json import json_error, load_located
from ..templates.positions import LineIndex
from .locate import Locator, jsonl_locator
from .options import TranscriptOptions
from .records import CallBuilder, one_line


def read_jsonl(path: str, options: TranscriptOptions, warn, progress: Progress | None = None, reader: LineReader | None = None) -> Iterator[Call | InputError]:
    builder = CallBuilder(path, options)
    with open_binary(path) as stream:
        reader = reader or LineReader(stream, warn, progress)
        for number, line in reader.records():
            if progress is not None and line is not None and line.strip():
                progress(1, 0)
            yield from jsonl_entries(builder, number, line, reader.encoding)


def jsonl_entries(builder: "CallBuilder", number: int, line: str | None, encoding: str = "utf-8") -> Iterator[Call | InputError]:
    """The call (and input errors) of one JSONL line (None: not valid in the file's ``encoding``)."""
    path = builder.path
    if line is None:
        yield InputError(path, undecodable(encoding), number)
        return
    if not line.strip():
        return
    line, lone = mend_surrogate_escapes(line)
    try:
        record, problems = _load_record(line)
    except json.JSONDecodeError as exc:
        yield json_error(path, exc, LineIndex(line), number - 1)
        return
    if not isinstance(record, dict):
        yield InputError(path, "expected a JSON object (one call per line)", number)
        return
    problems = ([LONE_SURROGATE] if lone else []) + problems
    found = [InputError(path, problem, number) for problem in problems]
    yield from json_call(builder, record, number, jsonl_locator(line, number, builder.options, record), lambda u: number, found)


def _load_record(line: str) -> tuple[object, list[str]]:
    """One JSONL record and the problems met reading it. Python's own parser reads it unless it
    may nest deeper than ``MAX_NESTING`` or holds a number too long for Python; then the bounded
    parser of JSON templates does, reading such values as nothing."""
    if line.count("[") + line.count("{") <= MAX_NESTING:
        try:
            return json.loads(line), []
        except json.JSONDecodeError:
            raise
        except (ValueError, RecursionError):  # an integer too long for Python
            pass
    problems: list = []
    record = load_located(line, problems)
    return record, list(dict.fromkeys(message for _, message in problems))


def json_call(builder: CallBuilder, record: dict, line: int, locator: Locator, utterance_line, errors: list[InputError] | None = None) -> Iterator[Call | InputError]:
    """The call of one record, after its input errors (``errors``: those met reading it) as one line."""
    names = builder.options.names
    name = names.__getitem__
    errors = errors if errors is not None else []
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
    call.unknown_speakers = builder.take_unknown()
    yield from one_line(errors)
    yield call


def raw_lines(path: str, warn, progress: Progress | None = None) -> tuple[str, Iterator[tuple[int, bytes]]]:
    """The encoding of a JSONL export and its (line number, bytes), undecoded: worker processes
    decode and parse them."""
    handle = open_binary(path)
    stream = handle.__enter__()
    try:
        reader = LineReader(stream, warn)
    except BaseException:
        handle.__exit__(None, None, None)
        raise

    def lines() -> Iterator[tuple[int, bytes]]:
        try:
            for number, raw in reader.raw_records():
                if progress is not None:
                    progress(1 if raw.strip() else 0, len(raw))
                yield number, raw
        finally:
            handle.__exit__(None, None, None)

    return reader.encoding, lines()
