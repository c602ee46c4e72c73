"""Template repository files: one reader per format, all yielding ``kind="template"`` items.

``.json`` and ``.yaml``/``.yml`` hold an object or array whose entries are template strings or
objects with a text field (``text``/``content``/``template``/``body`` by default); ``.csv`` has a
text column; ``.md`` has one template per line outside code fences; ``.txt`` one per line.
Every item carries the real line/column of each character (``Item.positions``) and the template
id (mapping key or ``id`` field). Formats that allow comments also yield suppression directives.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

from ...models import InputError, Item
from ..comments import Directive, with_directives
from ..decode import text_lines
from .positions import LineIndex, LocatedStr

DEFAULT_TEXT_FIELDS = ("text", "content", "template", "body")
DEFAULT_ID_FIELDS = ("id",)

Entry = Item | InputError | Directive
Problem = tuple[int, str]  # (offset in the file's text, message): a value that was read around


@dataclass(frozen=True)
class TemplateOptions:
    """Which fields (JSON/YAML keys, CSV columns) hold template text and template ids."""

    text_fields: tuple[str, ...] = DEFAULT_TEXT_FIELDS
    id_fields: tuple[str, ...] = DEFAULT_ID_FIELDS


def template_item(value: LocatedStr, index: LineIndex, path: str | None, template_id: str | None) -> Item:
    positions = value.positions(index)
    line, column = positions[0]
    return Item(str(value), "template", "agent", path, line, column, positions, template_id=template_id)


def problem_errors(path: str, problems: list[Problem], index: LineIndex) -> Iterator[InputError]:
    """One input error per problem, at most one per line and message."""
    seen: set[tuple[int, str]] = set()
    for offset, message in sorted(problems):
        key = (index.position(offset)[0], message)
        if key not in seen:
            seen.add(key)
            yield InputError(path, message, key[0])


def walk_templates(node: Any, options: TemplateOptions, template_id: str | None = None) -> Iterator[tuple[LocatedStr, str | None]]:
    """Template strings in a loaded JSON/YAML tree, with their ids, in document order.

    A string is a template; an object with a text field is one template (id from its id field,
    else its key); any other object or array is a group whose members are walked.
    """
    if isinstance(node, LocatedStr):
        yield node, template_id
    elif isinstance(node, dict):
        text = next((node[f] for f in options.text_fields if isinstance(node.get(f), LocatedStr)), None)
        if text is not None:
            own_id = next((node[f] for f in options.id_fields if isinstance(node.get(f), (str, int)) and not isinstance(node.get(f), bool)), None)
            yield text, str(own_id) if own_id is not None else template_id
            return
        for key, value in node.items():
            yield from walk_templates(value, options, _join(template_id, str(key)))
    elif isinstance(node, list):
        for number, value in enumerate(node):
            yield from walk_templates(value, options, f"{template_id}[{number}]" if template_id else None)


def _join(parent: str | None, key: str) -> str:
    return f"{parent}.{key}" if parent else key


# Suffix → the module (in this package) whose ``parse`` reads such a file whole; imported on
# first use (the YAML one loads ruamel.yaml).
_PARSER_MODULES = {".json": "json", ".yaml": "yaml", ".yml": "yaml", ".csv": "csv"}
# Line-based formats are streamed: their ``parse_lines`` reads (number, line) pairs. Any other
# suffix is read one template per line.
_LINE_SUFFIXES = {".md": "markdown", ".markdown": "markdown"}
TEMPLATE_SUFFIXES = tuple(_PARSER_MODULES) + tuple(_LINE_SUFFIXES)


def _module(name: str):
    import importlib

    return importlib.import_module(f"{__name__}.{name}")


def line_template_parser(suffix: str, options: TemplateOptions = TemplateOptions()) -> Callable[..., Iterator[Entry]] | None:
    """``parser(lines, path)`` for a template format read line by line; None for one read whole."""
    suffix = suffix.lower()
    if suffix in _PARSER_MODULES:
        return None
    module = _LINE_SUFFIXES.get(suffix)
    parse_lines = _module(module).parse_lines if module is not None else lines_parse
    return lambda lines, path: parse_lines(lines, path, options)


def parse_template_file(text: str, path: str | None, suffix: str, options: TemplateOptions = TemplateOptions()) -> Iterator[Entry]:
    """Items (and directives, input errors) of one decoded template file, by its suffix."""
    module = _PARSER_MODULES.get(suffix.lower())
    if module is not None:
        return _module(module).parse(text, path, options)
    return line_template_parser(suffix, options)(text_lines(text), path)


def lines_parse(lines, path: str | None, options: TemplateOptions = TemplateOptions()) -> Iterator[Entry]:
    """Plain text read as templates: one per non-blank line; ``#``/``//`` comments allowed."""
    for entry in with_directives(lines, path, ("#", "//")):
        if entry.__class__ is not tuple:
            yield entry
            continue
        number, line = entry
        stripped = line.strip()
        if stripped and not stripped.startswith(("#", "//")):
            yield Item(line, "template", "agent", path, number, 1)


def suffix_of(path: str | None) -> str:
    return Path(path).suffix.lower() if path else ""
