"""``.yaml`` / ``.yml`` templates, same shapes as JSON, read with ruamel.yaml.

ruamel.yaml's composer gives every scalar node its start/end marks and style, so quoted,
plain and block scalars can each be mapped back to file offsets. ``#`` comments may carry
suppression directives. Aliases are followed within a budget, nesting is bounded, and long
numbers and lone surrogate escapes are noted, never fatal (inputs/limits.py).
"""

from __future__ import annotations

from typing import Any, Iterator

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

from ...models import InputError
from ..comments import scan_directives
from ..limits import (
    ALIAS_BOMB, ALIAS_BUDGET, LONE_SURROGATE, LONG_INT, MAX_NESTING, NESTING, RECURSIVE_ALIAS, bounded_int, has_surrogate,
    without_surrogates,
)
from . import Entry, TemplateOptions, problem_errors, template_item, walk_templates
from .positions import LineIndex, LocatedStr, Offsets, aligned_offsets, escaped_offsets, quoted_offsets

_STR_TAG = "tag:yaml.org,2002:str"


def parse(text: str, path: str | None, options: TemplateOptions = TemplateOptions()) -> Iterator[Entry]:
    # Directives are read from the original text; blanking them keeps every offset unchanged.
    blanked, directives = scan_directives(text, path, ("#",))
    yield from directives
    index = LineIndex(text)
    yaml = YAML(typ="rt")
    yaml.max_depth = MAX_NESTING
    try:
        documents = list(yaml.compose_all(blanked))
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = NESTING if "depth" in str(exc.problem or "") else f"invalid YAML: {exc.problem or exc.context}"
        yield InputError(path or "-", problem, index.position(mark.index)[0] if mark else None)
        return
    except YAMLError as exc:
        position = getattr(exc, "position", None)  # a character YAML does not allow
        line = index.position(min(position, len(text)))[0] if isinstance(position, int) else None
        yield InputError(path or "-", f"invalid YAML: {_one_line(exc)}", line)
        return
    except RecursionError:  # ruamel.yaml without max_depth
        yield InputError(path or "-", NESTING)
        return
    tree = _Tree(text)
    try:
        trees = [tree.build(document) for document in documents if document is not None]
    except _Unreadable as exc:
        yield InputError(path or "-", exc.message, index.position(exc.offset)[0])
        return
    yield from problem_errors(path or "-", tree.problems, index)
    for document in trees:
        for value, template_id in walk_templates(document, options):
            if value.strip():
                yield template_item(value, index, path, template_id)


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())[:200]


class _Unreadable(Exception):
    def __init__(self, offset: int, message: str) -> None:
        self.offset = offset
        self.message = message


class _Tree:
    """Composed YAML nodes → plain dicts/lists with LocatedStr for string scalars (other
    scalars become None, except integers, which ids may be). Aliases are followed within a budget
    (``ALIAS_BUDGET`` nodes beyond those written), so a billion-laughs file is refused instead of
    expanded; an alias inside its own anchor is refused too."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[tuple[int, str]] = []
        self.seen: set[int] = set()
        self.visits = 0
        self.open: set[int] = set()  # nodes being built (their ancestors included)

    def build(self, node: Any) -> Any:
        self.visits += 1
        if id(node) not in self.seen:
            self.seen.add(id(node))
        elif self.visits - len(self.seen) > ALIAS_BUDGET:
            raise _Unreadable(node.start_mark.index, ALIAS_BOMB)
        if isinstance(node, (MappingNode, SequenceNode)):
            if id(node) in self.open:
                raise _Unreadable(node.start_mark.index, RECURSIVE_ALIAS)
            self.open.add(id(node))
            try:
                if isinstance(node, MappingNode):
                    return {self._key(key): self.build(value) for key, value in node.value if isinstance(key, ScalarNode)}
                return [self.build(value) for value in node.value]
            finally:
                self.open.discard(id(node))
        if isinstance(node, ScalarNode) and str(node.tag) == _STR_TAG:
            value = node.value
            if has_surrogate(value):
                self.problems.append((node.start_mark.index, LONE_SURROGATE))
                value = without_surrogates(value)
            return LocatedStr(value, _scalar_offsets(node, self.source))
        if isinstance(node, ScalarNode) and str(node.tag).endswith(":int") and node.value.lstrip("-").isdigit():
            number = bounded_int(node.value)  # ids may be numbers
            if number is None:
                self.problems.append((node.start_mark.index, LONG_INT))
            return number
        return None

    def _key(self, key: ScalarNode) -> str:
        if has_surrogate(key.value):
            self.problems.append((key.start_mark.index, LONE_SURROGATE))
            return without_surrogates(key.value)
        return str(key.value)


def _scalar_offsets(node: ScalarNode, source: str) -> Offsets:
    start, end = node.start_mark.index, node.end_mark.index
    value = node.value
    single_line = node.start_mark.line == node.end_mark.line
    offsets = None
    if single_line and node.style is None:
        offsets = Offsets.span(start, start + len(value)) if source.startswith(value, start) else None
    elif single_line and node.style == '"':
        offsets = escaped_offsets(source, start + 1, end - 1, value)
    elif single_line and node.style == "'":
        offsets = quoted_offsets(source, start + 1, end - 1, value, "'")
    return offsets or aligned_offsets(source, start, end, value)
