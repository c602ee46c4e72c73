"""``.md`` templates: every non-blank line outside fenced code blocks is one template.

``<!-- collect-lint: ... -->`` comments carry suppression directives (``#`` is a heading here).
"""

from __future__ import annotations

import re
from typing import Iterator

from ...models import Item
from ..comments import scan_directives
from . import Entry, TemplateOptions

_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_COMMENT_ONLY_RE = re.compile(r"^\s*<!--.*-->\s*$")


def parse(text: str, path: str | None, options: TemplateOptions = TemplateOptions()) -> Iterator[Entry]:
    blanked, directives = scan_directives(text, path, ("<!--",))
    yield from directives
    fence: str | None = None
    for number, line in enumerate(blanked.splitlines(), start=1):
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
        yield Item(line, "template", "agent", path, number, 1)
