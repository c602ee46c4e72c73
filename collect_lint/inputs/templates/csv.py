"""``.csv`` templates: a header row naming a text column (and optionally an id column).

Parsed here rather than with the ``csv`` module because each field's characters must map back
to file offsets (quoted fields, doubled quotes, line breaks inside quotes).
"""

from __future__ import annotations

from typing import Iterator

from ...models import InputError
from ..csvdialect import header_line, sniff_delimiter
from . import Entry, TemplateOptions, template_item
from .positions import LineIndex, LocatedStr, quoted_offsets

def parse(text: str, path: str | None, options: TemplateOptions = TemplateOptions()) -> Iterator[Entry]:
    delimiter = sniff_delimiter(header_line(text))
    records = csv_records(text, delimiter)
    header = next(records, None)
    if header is None:
        return
    names = [str(field).strip().lower() for field in header]
    text_column = next((names.index(f) for f in options.text_fields if f in names), None)
    if text_column is None:
        yield InputError(path or "-", f"no template column (expected one of: {', '.join(options.text_fields)})", 1)
        return
    id_column = next((names.index(f) for f in options.id_fields if f in names), None)
    index = LineIndex(text)
    for record in records:
        if text_column >= len(record) or not record[text_column].strip():
            continue
        template_id = record[id_column].strip() if id_column is not None and id_column < len(record) else None
        yield template_item(record[text_column], index, path, template_id or None)


def csv_records(text: str, delimiter: str = ",") -> Iterator[list[LocatedStr]]:
    """RFC 4180 records whose fields know their file offsets; blank lines are skipped."""
    i, n = 0, len(text)
    while i < n:
        record: list[LocatedStr] = []
        while True:
            field, i = _field(text, i, delimiter)
            record.append(field)
            if i < n and text[i] == delimiter:
                i += 1
                continue
            break
        # Skip the rest of a malformed line, then the line break.
        while i < n and text[i] not in "\r\n":
            i += 1
        i += 2 if text.startswith("\r\n", i) else 1
        if len(record) > 1 or record[0]:
            yield record


def _field(text: str, i: int, delimiter: str) -> tuple[LocatedStr, int]:
    n = len(text)
    if i < n and text[i] == '"':
        j = i + 1
        while j < n:
            if text[j] == '"':
                if text.startswith('""', j):
                    j += 2
                    continue
                break
            j += 1
        body = text[i + 1 : j]
        value = body.replace('""', '"')
        offsets = quoted_offsets(text, i + 1, j, value, '"')
        j += 1  # closing quote
        while j < n and text[j] not in delimiter + "\r\n":
            j += 1  # tolerate junk after the closing quote
        return LocatedStr(value, offsets), j
    j = i
    while j < n and text[j] not in delimiter + "\r\n":
        j += 1
    return LocatedStr(text[i:j], tuple(range(i, j + 1))), j
