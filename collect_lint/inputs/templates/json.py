"""``.json`` templates: an object or array of template strings / template objects.

Strings are decoded by the standard library; a scanner hook records where each string value
starts so that every decoded character (escapes included) maps back to its file offset. The
same decoder reads JSON transcript exports and locates findings in JSONL records. Hostile
values do not stop it (inputs/limits.py): a container nested too deep is skipped, a number too
long for Python is read as nothing, a lone surrogate escape as U+FFFD, each noted as a problem.
"""

from __future__ import annotations

import json
import json.decoder
import json.scanner
import re
from typing import Iterator

from ...models import InputError
from ..limits import LONE_SURROGATE, LONG_INT, MAX_INT_DIGITS, MAX_NESTING, NESTING, bounded_int, mend_surrogate_escapes
from . import Entry, Problem, TemplateOptions, problem_errors, template_item, walk_templates
from .positions import LineIndex, LocatedStr, Offsets, escaped_offsets

# Strings (skipped whole) and brackets, to find the end of a container too deep to read.
_TOKEN_RE = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)
_LONG_NUMBER_RE = re.compile(r"(?<![\w.\"])-?\d{%d,}" % (MAX_INT_DIGITS + 1))



class _LocatingDecoder(json.JSONDecoder):
    """A JSONDecoder whose string values are LocatedStr (keys stay plain strings), and which
    notes hostile values as problems instead of failing on them."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(parse_int=self._parse_int)
        self.problems = problems
        self.depth = 0
        self.source = ""
        self.last_end = 0  # end of the last string value: a long number is searched after it
        self.parse_string = self._parse_string
        self.parse_object = self._nested(self.parse_object)
        self.parse_array = self._nested(self.parse_array)
        # The pure-Python scanner calls these hooks; the C one would not.
        self.scan_once = json.scanner.py_make_scanner(self)

    def decode(self, s, *args):
        self.source = s
        return super().decode(s, *args)

    def _nested(self, parse):
        def parse_nested(s_and_end, *args):
            source, end = s_and_end
            if self.depth >= MAX_NESTING:
                self.problems.append((end - 1, NESTING))
                return None, _container_end(source, end - 1)
            self.depth += 1
            try:
                return parse(s_and_end, *args)
            finally:
                self.depth -= 1

        return parse_nested

    def _parse_string(self, source: str, start: int, strict: bool) -> tuple[str, int]:
        value, end = json.decoder.scanstring(source, start, strict)
        escaped = source.find("\\", start, end) >= 0
        offsets = escaped_offsets(source, start, end - 1, value) if escaped else Offsets.span(start, end - 1)
        if offsets is None:  # cannot happen for valid JSON; keep the value, locate it at its quote
            offsets = Offsets()
            offsets.add(len(value) + 1, start, 0)
        self.last_end = end
        return LocatedStr(value, offsets), end

    def _parse_int(self, digits: str) -> int | None:
        value = bounded_int(digits)
        if value is None:
            found = _LONG_NUMBER_RE.search(self.source, self.last_end)
            offset = found.start() if found else self.last_end
            self.last_end = found.end() if found else self.last_end
            self.problems.append((offset, LONG_INT))
        return value


def _container_end(source: str, start: int) -> int:
    """The offset after the container whose bracket is at ``start``."""
    depth = 0
    for token in _TOKEN_RE.finditer(source, start):
        bracket = token.group()
        if bracket[0] == '"':
            continue
        depth += 1 if bracket in "[{" else -1
        if depth == 0:
            return token.end()
    raise json.JSONDecodeError("unterminated array or object", source, start)


def load_located(text: str, problems: list[Problem] | None = None):
    """``json.loads`` where string values carry their file offsets; hostile values are noted
    in ``problems`` (when given) and read as described in the module docstring."""
    problems = problems if problems is not None else []
    text, lone = mend_surrogate_escapes(text)
    problems.extend((offset, LONE_SURROGATE) for offset in lone)
    try:
        return _LocatingDecoder(problems).decode(text)
    except RecursionError:  # a safety net: MAX_NESTING keeps well below the limit
        raise json.JSONDecodeError(NESTING, text, 0) from None


def json_error(path: str, exc: json.JSONDecodeError, index: LineIndex, line_offset: int = 0) -> InputError:
    """The input error for invalid JSON, at its line and column (lines as every reader counts them)."""
    line, column = index.position(min(exc.pos, len(index.text)))
    return InputError(path, f"invalid JSON: {exc.msg} (column {column})", line + line_offset)


def parse(text: str, path: str | None, options: TemplateOptions = TemplateOptions()) -> Iterator[Entry]:
    index = LineIndex(text)
    problems: list[Problem] = []
    try:
        document = load_located(text, problems)
    except json.JSONDecodeError as exc:
        yield json_error(path or "-", exc, index)
        return
    yield from problem_errors(path or "-", problems, index)
    for value, template_id in walk_templates(document, options):
        if value.strip():
            yield template_item(value, index, path, template_id)
