"""``.json`` templates: an object or array of template strings / template objects.

Strings are decoded by the standard library; a scanner hook records where each string value
starts so that every decoded character (escapes included) maps back to its file offset.
"""

from __future__ import annotations

import json
import json.decoder
import json.scanner
from typing import Iterator

from ...models import InputError
from . import Entry, TemplateOptions, template_item, walk_templates
from .positions import LineIndex, LocatedStr, escaped_offsets


class _LocatingDecoder(json.JSONDecoder):
    """A JSONDecoder whose string values are LocatedStr (keys stay plain strings)."""

    def __init__(self) -> None:
        super().__init__()
        self.parse_string = self._parse_string
        # The pure-Python scanner calls self.parse_string for values; the C one would not.
        self.scan_once = json.scanner.py_make_scanner(self)

    @staticmethod
    def _parse_string(source: str, start: int, strict: bool) -> tuple[str, int]:
        value, end = json.decoder.scanstring(source, start, strict)
        offsets = escaped_offsets(source, start, end - 1, value)
        if offsets is None:  # cannot happen for valid JSON; keep the value, locate it at its quote
            offsets = tuple([start] * (len(value) + 1))
        return LocatedStr(value, offsets), end


def load_located(text: str):
    """``json.loads`` where string values carry their file offsets."""
    return _LocatingDecoder().decode(text)


def parse(text: str, path: str | None, options: TemplateOptions = TemplateOptions()) -> Iterator[Entry]:
    try:
        document = load_located(text)
    except json.JSONDecodeError as exc:
        yield InputError(path or "-", f"invalid JSON: {exc.msg} (column {exc.colno})", exc.lineno)
        return
    index = LineIndex(text)
    for value, template_id in walk_templates(document, options):
        if value.strip():
            yield template_item(value, index, path, template_id)
