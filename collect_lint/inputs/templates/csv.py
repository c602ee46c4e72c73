"""``.csv`` templates: a header row naming a text column (and optionally an id column).

Parsed here rather than with the ``csv`` module because each field's characters must map back
to file offsets (quoted fields, doubled quotes, line breaks inside quotes).
"""

from __future__ import annotations

from typing import Iterator, NamedTuple

from ...models import InputError
from ..csvdialect import duplicate_column, header_line, quote_problem, sniff_delimiter, swallowed_rows
from ..decode import split_lines
from . import Entry, TemplateOptions, template_item
from .positions import LineIndex, LocatedStr, Offsets, quoted_offsets


class CsvRecord(NamedTuple):
    fields: list[LocatedStr]
    start: int  # offset of the record's first character
    end: int  # offset after its line break
    unterminated: bool  # a quoted field ran to the end of the text


def parse(text: str, path: str | None, options: TemplateOptions = TemplateOptions()) -> Iterator[Entry]:
    delimiter = sniff_delimiter(header_line(text))
    records = csv_records(text, delimiter)
    header = next(records, None)
    if header is None:
        return
    names = [str(field).strip().lower() for field in header.fields]
    text_column = next((names.index(f) for f in options.text_fields if f in names), None)
    if text_column is None:
        from ..transcripts.options import transcript_map_hint

        hint = transcript_map_hint(names)
        message = f"no template column (expected one of: {', '.join(options.text_fields)})"
        yield InputError(path or "-", f"{message}; {hint}" if hint else message, 1)
        return
    id_column = next((names.index(f) for f in options.id_fields if f in names), None)
    duplicate = duplicate_column(names, [names[c] for c in (text_column, id_column) if c is not None])
    if duplicate is not None:
        yield InputError(path or "-", duplicate, 1)
        return
    index = LineIndex(text)
    width = len(names)
    while True:
        for record in records:
            first_line = index.position(record.start)[0]
            lines = index.position(max(record.end - 1, record.start))[0] - first_line + 1
            if record.unterminated or (lines > 1 and (
                len(record.fields) != width or swallowed_rows(split_lines(text[record.start : record.end]), delimiter, width)
            )):
                # A quoted field ran over the lines after it: say where it opened, skip the row
                # and read those lines again as rows.
                yield InputError(path or "-", quote_problem(first_line, lines, record.unterminated, None, len(record.fields), width), first_line)
                break
            fields = record.fields
            if text_column >= len(fields) or not fields[text_column].strip():
                continue
            template_id = fields[id_column].strip() if id_column is not None and id_column < len(fields) else None
            yield template_item(fields[text_column], index, path, template_id or None)
        else:
            return
        if first_line >= len(index.starts):
            return
        records = csv_records(text, delimiter, index.starts[first_line])


def csv_records(text: str, delimiter: str = ",", start: int = 0) -> Iterator[CsvRecord]:
    """RFC 4180 records whose fields know their file offsets, from offset ``start``; blank
    lines are skipped."""
    i, n = start, len(text)
    while i < n:
        begin = i
        record: list[LocatedStr] = []
        unterminated = False
        while True:
            field, i, open_quote = _field(text, i, delimiter)
            record.append(field)
            unterminated = unterminated or open_quote
            if i < n and text[i] == delimiter:
                i += 1
                continue
            break
        # Skip the rest of a malformed line, then the line break.
        while i < n and text[i] not in "\r\n":
            i += 1
        i += 2 if text.startswith("\r\n", i) else 1
        if len(record) > 1 or record[0]:
            yield CsvRecord(record, begin, min(i, n), unterminated)


def _field(text: str, i: int, delimiter: str) -> tuple[LocatedStr, int, bool]:
    """A field from offset ``i``: the value, the offset after it, and whether it is a quoted
    field whose quote never closes."""
    n = len(text)
    if i < n and text[i] == '"':
        j = i + 1
        while True:
            j = text.find('"', j)
            if j < 0 or not text.startswith('""', j):
                break
            j += 2
        if j < 0:
            j = n
        body = text[i + 1 : j]
        value = body.replace('""', '"')
        offsets = quoted_offsets(text, i + 1, j, value, '"')
        if j == n:
            return LocatedStr(value, offsets), n, True
        j += 1  # closing quote
        while j < n and text[j] not in delimiter + "\r\n":
            j += 1  # tolerate junk after the closing quote
        return LocatedStr(value, offsets), j, False
    j = i
    while j < n and text[j] not in delimiter + "\r\n":
        j += 1
    return LocatedStr(text[i:j], Offsets.span(i, j)), j, False
