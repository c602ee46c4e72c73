"""What both CSV readers (templates, transcript exports) decide the same way: the delimiter
(the first of comma, tab and semicolon in the header line; comma when none is), duplicate
column names, and how a quote that swallows the lines after it is reported."""

from __future__ import annotations

from .decode import split_lines, strip_break

DELIMITERS = (",", "\t", ";")


def header_line(text: str) -> str:
    lines = split_lines(text[:65536])
    return strip_break(lines[0]) if lines else ""


def sniff_delimiter(header: str) -> str:
    """The delimiter of a CSV file, from its first line."""
    return next((d for d in DELIMITERS if d in header), ",")


def duplicate_column(names: list[str], wanted: list[str]) -> str | None:
    """The problem when one of the ``wanted`` column names occurs more than once in a header
    (which column to read would be a guess), else None."""
    for name in wanted:
        columns = [str(number) for number, found in enumerate(names, start=1) if found == name]
        if len(columns) > 1:
            return f"CSV header has column '{name}' {len(columns)} times (columns {', '.join(columns)}); rename all but one"
    return None


def swallowed_rows(lines: list[str], delimiter: str, width: int) -> bool:
    """Whether the lines after the first of a multi-line row each look like a row of their own
    (as many delimiters as the header): a stray quote took them in, not a field with line
    breaks, which holds text."""
    return width > 1 and len(lines) > 1 and all(line.count(delimiter) >= width - 1 for line in lines[1:])


def quote_problem(first_line: int, lines: int, at_end: bool, error: str | None = None, fields: int = 0, width: int = 0) -> str:
    """The input error for a row whose quoted field ran over ``lines`` lines from ``first_line``
    and cannot be a row: it reached the end of the file, the CSV parser gave up (``error``), the
    row has the wrong number of fields, or the lines it took look like rows (``swallowed_rows``). The row is skipped; the lines after its first line
    are read again as rows."""
    if at_end:
        problem = f"unterminated quote: the quoted field opened on line {first_line} runs to the end of the file"
    elif error is not None:
        problem = f"quoted field opened on line {first_line}: {error} after {lines} line(s)"
    elif fields != width:
        problem = f"quote opened on line {first_line} closes {lines - 1} line(s) later, making a row of {fields} fields (expected {width})"
    else:
        problem = f"quote opened on line {first_line} closes {lines - 1} line(s) later, taking in lines that look like rows"
    return f"{problem}; {lines - 1} following line(s) read again as rows" if lines > 1 else problem
