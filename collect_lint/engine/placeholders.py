"""SMS / template placeholders, masked before matching.

``{name}``, ``${name}``, ``{{name}}``, ``#name#`` and ``%s`` (and their full-width forms,
``｛name｝``, ``＃name＃``: a Chinese input method types those) are replaced character for character by
U+FFFC, which no pattern contains and which is not noise, so placeholders never match and never
shift columns. The placeholder rule type (checks/placeholder.py) looks at their names.
``placeholder-patterns`` in the configuration replaces the patterns (user patterns run on RE2).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Sequence

from .linear_regex import compile_linear

MASK = "\ufffc"
# Full-width forms (｛ｎａｍｅ｝, ＄｛amount｝, ＃card_tail＃, ％s) are what a Chinese input method
# types for the same placeholders: they are placeholders too.
DEFAULT_PLACEHOLDER_PATTERNS = (
    r"[$＄][{｛][^{}｛｝\n]{1,60}[}｝]",
    r"[{｛][{｛][^{}｛｝\n]{1,60}[}｝][}｝]",
    r"[{｛][^{}｛｝\s]{1,60}[}｝]",
    r"[#＃][A-Za-z_\u4e00-\u9fff\uff21-\uff3a\uff41-\uff5a＿][\w\u4e00-\u9fff]{0,40}[#＃]",
    r"[%％][sdｓｄ]",
)
_NAME_RE = re.compile(r"[\w\u4e00-\u9fff]+")


@dataclass(frozen=True, slots=True)
class Placeholder:
    start: int
    end: int
    name: str  # inner name, lower-cased (``{{ Card_No }}`` → ``card_no``)


class Placeholders:
    """Finds and masks placeholders. The shipped patterns run on ``re``; as soon as one pattern
    comes from the user, all run on the linear-time engine (linear_regex.py), so no pattern
    can make a line take exponential time. A bad user pattern raises ``LinearRegexError``."""

    def __init__(self, patterns: Sequence[str] = DEFAULT_PLACEHOLDER_PATTERNS) -> None:
        patterns = tuple(patterns)
        if all(pattern in DEFAULT_PLACEHOLDER_PATTERNS for pattern in patterns):
            self._re = re.compile("|".join(f"(?:{p})" for p in patterns))
            # One regex per pattern for ``present``: each starts with a literal, which the
            # regex engine skips to far faster than to the first of several possible characters.
            self._each = [re.compile(p) for p in patterns]
        else:
            self._re = compile_linear(patterns)
            self._each = [self._re]

    def present(self, text: str) -> bool:
        return any(regex.search(text) is not None for regex in self._each)

    def mask(self, text: str) -> tuple[str, list[Placeholder]]:
        found = [
            Placeholder(m.start(), m.end(), "".join(_NAME_RE.findall(unicodedata.normalize("NFKC", m.group()))).lower())
            for m in self._re.finditer(text)
        ]
        if not found:
            return text, found
        chars = list(text)
        for placeholder in found:
            chars[placeholder.start : placeholder.end] = MASK * (placeholder.end - placeholder.start)
        return "".join(chars), found
