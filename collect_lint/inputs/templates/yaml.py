"""``.yaml`` / ``.yml`` templates, same shapes as JSON, read with ruamel.yaml.

ruamel.yaml's composer gives every scalar node its start/end marks and style, so quoted,
plain and block scalars can each be mapped back to file offsets. ``#`` comments may carry
suppression directives.
"""

from __future__ import annotations

from typing import Any, Iterator

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

from ...models import InputError
from ..comments import scan_directives
from . import Entry, TemplateOptions, template_item, walk_templates
from .positions import LineIndex, LocatedStr, aligned_offsets, escaped_offsets, quoted_offsets

_STR_TAG = "tag:yaml.org,2002:str"


def parse(text: str, path: str | None, options: TemplateOptions = TemplateOptions()) -> Iterator[Entry]:
    # Directives are read from the original text; blanking them keeps every offset unchanged.
    blanked, directives = scan_directives(text, path, ("#",))
    yield from directives
    try:
        documents = list(YAML(typ="rt").compose_all(blanked))
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        yield InputError(path or "-", f"invalid YAML: {exc.problem or exc.context}", mark.line + 1 if mark else None)
        return
    except YAMLError as exc:
        yield InputError(path or "-", f"invalid YAML: {exc}")
        return
    index = LineIndex(text)
    for document in documents:
        if document is None:
            continue
        for value, template_id in walk_templates(_to_tree(document, text), options):
            if value.strip():
                yield template_item(value, index, path, template_id)


def _to_tree(node: Any, source: str) -> Any:
    """Plain dicts/lists with LocatedStr for string scalars (other scalars become None)."""
    if isinstance(node, MappingNode):
        return {str(key.value): _to_tree(value, source) for key, value in node.value if isinstance(key, ScalarNode)}
    if isinstance(node, SequenceNode):
        return [_to_tree(value, source) for value in node.value]
    if isinstance(node, ScalarNode) and str(node.tag) == _STR_TAG:
        return LocatedStr(node.value, _scalar_offsets(node, source))
    if isinstance(node, ScalarNode) and str(node.tag).endswith(":int") and node.value.lstrip("-").isdigit():
        return int(node.value)  # ids may be numbers
    return None


def _scalar_offsets(node: ScalarNode, source: str) -> tuple[int, ...]:
    start, end = node.start_mark.index, node.end_mark.index
    value = node.value
    single_line = node.start_mark.line == node.end_mark.line
    offsets = None
    if single_line and node.style is None:
        offsets = tuple(range(start, start + len(value) + 1)) if source[start : start + len(value)] == value else None
    elif single_line and node.style == '"':
        offsets = escaped_offsets(source, start + 1, end - 1, value)
    elif single_line and node.style == "'":
        offsets = quoted_offsets(source, start + 1, end - 1, value, "'")
    return offsets or aligned_offsets(source, start, end, value)
