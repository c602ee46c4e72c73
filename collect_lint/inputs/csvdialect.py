"""The one place that decides a CSV file's delimiter: the first of comma, tab and semicolon
that occurs in its header line (comma when none does)."""

from __future__ import annotations

DELIMITERS = (",", "\t", ";")


def header_line(text: str) -> str:
    return text.split("\n", 1)[0]


def sniff_delimiter(header: str) -> str:
    """The delimiter of a CSV file, from its first line."""
    return next((d for d in DELIMITERS if d in header), ",")
