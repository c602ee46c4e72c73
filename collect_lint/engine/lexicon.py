"""The one keyword index all text checks share: every check registers its words (patterns,
class words, exceptions, context words) with a payload of its own, and one Aho-Corasick pass
over an item finds them all (``matches``).

Checks also register *conditions*: what an item must hold besides a trigger word before it is
worth a closer look — a word of each of some word sets (花呗 counts only with 你去借 in the
item; a frame only with a word of each of its slots) and, optionally, a *shape*: a regex the
text must match (a frame's slots in order, with bounded gaps, inside one clause). ``holds``
tests one on an item's text: each word set is one regex search, remembered per item, and most
items fail on the first. For batches, every check registers pre-filter keys (``add_gate``:
a word → None, or the conditions it needs), and one scanner pass over the whole batch tells
which items may hold a finding; only those items' conditions are tested.
"""

from __future__ import annotations

import re
import threading
from typing import Any, Callable, Iterable, Mapping, Sequence

from ..checks.base import BATCH_SEPARATOR

_ITEM_END = "item-end"  # the scanner's value for BATCH_SEPARATOR
_NEVER_RE = re.compile(r"(?!)")


def literal_regex(words: Iterable[str]) -> re.Pattern:
    """A regex that finds any of ``words`` (never matches when there are none)."""
    return re.compile(literal_pattern(words)) if words else _NEVER_RE


def literal_pattern(words: Iterable[str]) -> str:
    """The source of ``literal_regex(words)``: longest words first."""
    words = sorted(set(words), key=len, reverse=True)
    return "|".join(map(re.escape, words)) if words else r"(?!)"


# A gate provider returns keys: a normalised word → None (an item holding it is a candidate) or a
# tuple of condition ids (it is a candidate only if one of those conditions holds for the item).
GateProvider = Callable[[], Mapping[str, tuple | None]]


class Lexicon:
    def __init__(self, matcher_factory, scanner_factory) -> None:
        self._matcher_factory = matcher_factory
        self._scanner_factory = scanner_factory
        self._tables: list[Mapping[str, Any]] = []
        self._gates: list[GateProvider] = []
        self._matcher = None
        self._gate_state = None
        self._lock = threading.Lock()
        # Word sets (deduplicated) and conditions over them; regexes compiled on first use.
        self._set_ids: dict[frozenset[str], int] = {}
        self._set_words: list[tuple[str, ...]] = []
        self._set_regexes: list[re.Pattern | None] = []
        self._conditions: list[tuple[tuple[int, ...], str | None, Callable | None]] = []
        self._shapes: list[re.Pattern | None] = []

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

    # -- conditions -----------------------------------------------------------------------------
    def condition(
        self, needs: Sequence[Iterable[str]], shape: str | None = None, verify: Callable[[str], bool] | None = None
    ) -> int:
        """Register "the item holds a word of each of ``needs`` (normalised word sets, tested in
        the order given: put the rarest first), matches the regex ``shape`` and passes
        ``verify`` (a costlier test, run last)"; returns its id."""
        ids = []
        for words in needs:
            key = frozenset(w for w in words if w)
            if key not in self._set_ids:
                self._set_ids[key] = len(self._set_words)
                self._set_words.append(tuple(key))
                self._set_regexes.append(None)
            ids.append(self._set_ids[key])
        self._conditions.append((tuple(dict.fromkeys(ids)), shape, verify))
        self._shapes.append(None)
        return len(self._conditions) - 1

    def holds(self, text: str, condition: int, memo: dict) -> bool:
        """Whether ``condition`` holds for an item whose normalised text is ``text``; ``memo``
        (one dict per item) remembers which word sets the text holds."""
        needs, shape, verify = self._conditions[condition]
        for need in needs:
            present = memo.get(need)
            if present is None:
                regex = self._set_regexes[need] or self._set_regex(need)
                present = memo[need] = regex.search(text) is not None
            if not present:
                return False
        if shape is not None and (self._shapes[condition] or self._shape_regex(condition)).search(text) is None:
            return False
        return verify is None or verify(text)

    def _set_regex(self, need: int) -> re.Pattern:
        regex = self._set_regexes[need] = literal_regex(self._set_words[need])
        return regex

    def _shape_regex(self, condition: int) -> re.Pattern:
        regex = self._shapes[condition] = re.compile(self._conditions[condition][1])
        return regex

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
        that makes them candidates, or a conditional key and one of its conditions."""
        scanner = self._gate()
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
            holds = self.holds
            for item, conditions in pending.items():
                if item not in flagged:
                    memo: dict = {}
                    part = parts[item]
                    if any(holds(part, condition, memo) for condition in conditions):
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
        for provider in self._gates:
            for key, value in provider().items():
                known = keys.get(key, ())
                if value is None or known is None:
                    keys[key] = None
                else:
                    keys[key] = tuple(dict.fromkeys((*known, *value)))
        keys[BATCH_SEPARATOR] = _ITEM_END
        return self._scanner_factory(keys)

    def warm_up(self) -> None:
        self.matcher
        self._gate()
