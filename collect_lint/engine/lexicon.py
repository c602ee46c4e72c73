"""The one keyword index all text checks share: every check registers its words (patterns,
class words, exceptions, context words) with a payload of its own, and one Aho-Corasick pass
over an item finds them all (``matches``). For batches, every check registers pre-filter keys
(``add_gate``), and one scanner pass over the whole batch tells which items may hold a finding.
"""

from __future__ import annotations

import re
import threading
from typing import Any, Callable, Iterable, Mapping

from ..checks.base import BATCH_SEPARATOR

_ITEM_END = "item-end"  # the scanner's value for BATCH_SEPARATOR
_NEVER_RE = re.compile(r"(?!)")


def literal_regex(words: Iterable[str]) -> re.Pattern:
    """A regex that finds any of ``words`` (never matches when there are none)."""
    words = sorted(set(words), key=len, reverse=True)
    if not words:
        return _NEVER_RE
    return re.compile("|".join(map(re.escape, words)))


# A gate provider returns (keys, conditions): keys map a normalised word to None (an item holding
# it is a candidate) or to a tuple of condition names (it is a candidate only if one of those
# conditions' words is also in the item); conditions map names to their words.
GateProvider = Callable[[], tuple[Mapping[str, tuple | None], Mapping[str, Iterable[str]]]]


class Lexicon:
    def __init__(self, matcher_factory, scanner_factory) -> None:
        self._matcher_factory = matcher_factory
        self._scanner_factory = scanner_factory
        self._tables: list[Mapping[str, Any]] = []
        self._gates: list[GateProvider] = []
        self._matcher = None
        self._gate_state = None
        self._lock = threading.Lock()

    def register(self, entries: Mapping[str, Any]) -> int:
        """Add a check's words (normalised key → payload); returns the check's slot: in each
        match's values, ``values[slot]`` is the payload, or None when the word is not its own."""
        if self._matcher is not None:
            raise RuntimeError("words registered after the lexicon was built")
        self._tables.append(entries)
        return len(self._tables) - 1

    def add_gate(self, provider: GateProvider) -> None:
        """Register a pre-filter provider, called once when the first batch is pre-filtered."""
        self._gates.append(provider)

    # -- matching one item ----------------------------------------------------------------------
    @property
    def matcher(self):
        if self._matcher is None:
            with self._lock:
                if self._matcher is None:
                    self._matcher = self._matcher_factory(self._merged())
        return self._matcher

    def _merged(self) -> dict[str, tuple]:
        tables = self._tables
        if len(tables) == 1:  # the common case: no key needs merging
            return {key: (value,) for key, value in tables[0].items()}
        empty = (None,) * len(tables)
        merged: dict[str, list] = {}
        for slot, table in enumerate(tables):
            for key, value in table.items():
                row = merged.get(key)
                if row is None:
                    row = merged[key] = list(empty)
                row[slot] = value
        return {key: tuple(row) for key, row in merged.items()}

    def matches(self, text: str) -> list[tuple[int, int, tuple]]:
        """Every (overlapping) occurrence of a registered word: (start, end, values)."""
        return (self._matcher or self.matcher).matches(text)

    # -- pre-filtering batches ------------------------------------------------------------------
    def candidates(self, text: str) -> set[int]:
        """Items of a batch (``text``: normalised texts joined by the separator) holding a key
        that makes them candidates, or a conditional key together with its condition."""
        scanner, conditions = self._gate()
        flagged: set[int] = set()
        pending: dict[int, tuple] = {}
        item = 0
        for value in scanner.values(text):
            if value is _ITEM_END:
                item += 1
            elif value is None:
                flagged.add(item)
            elif item not in flagged:
                known = pending.get(item)
                pending[item] = value if known is None or known == value else (*known, *value)
        if pending:
            parts = text.split(BATCH_SEPARATOR)
            for item, names in pending.items():
                if item not in flagged and any(conditions[name].search(parts[item]) for name in names):
                    flagged.add(item)
        return flagged

    def _gate(self):
        if self._gate_state is None:
            with self._lock:
                if self._gate_state is None:
                    self._gate_state = self._build_gate()
        return self._gate_state

    def _build_gate(self):
        keys: dict[str, object] = {}
        words: dict[str, list[str]] = {}
        for provider in self._gates:
            provided, conditions = provider()
            for name, condition_words in conditions.items():
                words.setdefault(name, []).extend(condition_words)
            for key, value in provided.items():
                known = keys.get(key, ())
                if value is None or known is None:
                    keys[key] = None
                else:
                    keys[key] = tuple(dict.fromkeys((*known, *value)))
        keys[BATCH_SEPARATOR] = _ITEM_END
        return self._scanner_factory(keys), {name: literal_regex(w) for name, w in words.items()}

    def warm_up(self) -> None:
        self.matcher
        self._gate()
