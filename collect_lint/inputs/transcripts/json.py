"""JSON exports: an array of call records (or one record), parsed with positions kept."""

from __future__ import annotations

import json
from typing import Iterator

from ...models import Call, InputError
from ..templates import problem_errors
from ..templates.json import json_error, load_located
from ..templates.positions import LineIndex, LocatedStr
from .jsonl import json_call
from .locate import JsonLocator, _JsonDocument
from .options import TranscriptOptions
from .records import CallBuilder


def read_json(path: str, text: str, options: TranscriptOptions) -> Iterator[Call | InputError]:
    """A JSON file holding an array of records (or one record). Parsed with positions kept,
    since every utterance's line is needed; big exports should be JSONL."""
    problems: list = []
    index = LineIndex(text)
    try:
        document = load_located(text, problems)
    except json.JSONDecodeError as exc:
        yield json_error(path, exc, index)
        return
    yield from problem_errors(path, problems, index)
    source = _JsonDocument(text, document, index)
    records, prefix = (document, True) if isinstance(document, list) else ([document], False)
    builder = CallBuilder(path, options)
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

        yield from json_call(builder, record, line, locator, utterance_line)
