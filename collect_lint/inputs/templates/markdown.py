"""``.md`` templates: every non-blank line outside fenced code blocks is one template.

Speaker labels are read as in ``.txt`` scripts (one reader, ``split_speaker``), also after list
markers and ``>`` quotes and in bold: ``- 客户：…`` and ``> **客户**：…`` are the customer's words.

``<!-- collect-lint: ... -->`` comments carry suppression directives (``#`` is a heading here).
"""

from __future__ import annotations

import re
from typing import Iterator

from ...models import Item
from ..comments import with_directives
from ..text import split_speaker
from . import Entry, TemplateOptions

_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_COMMENT_ONLY_RE = re.compile(r"^\s*<!--.*-->\s*$")


def parse_lines(lines, path: str | None, options: TemplateOptions = TemplateOptions()) -> Iterator[Entry]:
    """Templates of a Markdown file, from its (number, line) pairs."""
    fence: str | None = None
    for entry in with_directives(lines, path, ("<!--",)):
        if entry.__class__ is not tuple:
            yield entry
            continue
        number, line = entry
        match = _FENCE_RE.match(line)
        if match:
            marker = match.group(1)
            if fence is None:
                fence = marker
            elif marker[0] == fence[0] and len(marker) >= len(fence):
                fence = None
            continue
        if fence is not None or not line.strip() or _COMMENT_ONLY_RE.match(line):
            continue
        speaker, label = split_speaker(line, markdown=True)
        yield Item(line[label:], "template", speaker, path, number, label + 1)
