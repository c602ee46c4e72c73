"""The one keyword index all text checks share: every check registers its words (patterns,
class words, exceptions, context words) with a payload of its own, and one Aho-Corasick pass
over an item finds them all (``matches``).

Checks also register *conditions*: what an item must hold besides a trigger word before it is
worth a closer look — a word of each of some word sets (花呗 counts only with 你去借 in the
item; a frame only with a word of each of its slots) and, optionally, a *shape*: a regex the
text must match (a frame's slots in order, with bounded gaps, inside one clause). One scanner
pass over an item finds which word sets it holds (``word_sets``: a bit mask), and ``holds``
tests a condition against that mask before any regex runs. For batches, every check registers
pre-filter keys (``add_gate``: a word → None, or the conditions it needs), and one scanner pass
over the whole batch tells which items may hold a finding — it finds the words of every set
too, so only the conditions of items holding a key are tested, each with one mask test.
"""

from __future__ import annotations

import re
import threading
from functools import reduce
from operator import or_
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


def literal_automaton(words: Sequence[str]):
    """An Aho-Corasick automaton over ``words`` (characters, not bytes: it is run over short
    windows), each word's value its (length, place in ``words``); None when there are none.
    A regex alternation of hundreds of words tries each at every position: this does not."""
    if not words:
        return None
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for number, word in enumerate(words):
        if word and not automaton.exists(word):
            automaton.add_word(word, (len(word), number))
    automaton.make_automaton()
    return automaton


def literal_spans(automaton, text: str, low: int, high: int) -> list[tuple[int, int, int]]:
    """(start, end, word's place) of every occurrence, overlapping ones too, of the automaton's
    words inside text[low:high], by start, the longer first."""
    found = [(last + 1 - length, last + 1, number) for last, (length, number) in automaton.iter(text, low, high)]
    found.sort(key=_leftmost_longest)
    return found


def _leftmost_longest(span: tuple[int, int, int]) -> tuple[int, int]:
    return span[0], -span[1]


# A gate provider returns keys: a normalised word → None (an item holding it is a candidate) or a
# tuple of condition ids (it is a candidate only if one of those conditions holds for the item).
GateProvider = Callable[[], Mapping[str, tuple | None]]


def _set_masks(set_words: Sequence[tuple[str, ...]]) -> dict[str, int]:
    """Each word of the registered word sets → the mask of the sets it is in (bit i: set i)."""
    masks: dict[str, int] = {}
    for index, words in enumerate(set_words):
        for word in words:
            masks[word] = masks.get(word, 0) | 1 << index
    return masks


def _any_holds(keyed: list, sets: int, holds: Callable, text: str) -> bool:
    """Whether one of the conditions in ``keyed`` (tuples of (condition, its word-set mask),
    one per key word an item holds) holds for the item; most fail on the mask, before any
    regex. A condition met by several keys may be tested twice: only a passing mask costs."""
    for pairs in keyed:
        for condition, mask in pairs:
            if sets & mask == mask and holds(condition, text, sets):
                return True
    return False


class Lexicon:
    def __init__(self, matcher_factory, scanner_factory) -> None:
        self._matcher_factory = matcher_factory
        self._scanner_factory = scanner_factory
        self._tables: list[Mapping[str, Any]] = []
        self._gates: list[GateProvider] = []
        self._matcher = None
        self._gate_state = None
        self._lock = threading.Lock()
        # Word sets (deduplicated), conditions over them (mask of sets, shape, verify), and
        # for ``word_sets`` a scanner over the sets' words: (scanner, how many sets it knows),
        # built on first use and again when sets were registered since.
        self._set_ids: dict[frozenset[str], int] = {}
        self._set_words: list[tuple[str, ...]] = []
        self._set_scanner: tuple[Any, int] | None = None
        self._conditions: list[tuple[int, str | None, Callable | None]] = []
        self._shapes: list[re.Pattern | None] = []  # compiled on first use

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
        """Register "the item holds a word of each of ``needs`` (normalised word sets), matches
        the regex ``shape`` and passes ``verify`` (a costlier test, run last)"; returns its id."""
        mask = 0
        for words in needs:
            key = frozenset(w for w in words if w)
            if key not in self._set_ids:
                self._set_ids[key] = len(self._set_words)
                self._set_words.append(tuple(key))
            mask |= 1 << self._set_ids[key]
        self._conditions.append((mask, shape, verify))
        self._shapes.append(None)
        return len(self._conditions) - 1

    def condition_mask(self, condition: int) -> int:
        """The word sets ``condition`` needs (``holds`` is False unless ``sets`` has them all)."""
        return self._conditions[condition][0]

    def word_sets(self, text: str) -> int:
        """The word sets ``text`` holds a word of, as a mask (bit i: set i): one scanner pass."""
        built = self._set_scanner
        if built is None or built[1] != len(self._set_words):
            built = self._build_set_scanner()
        return reduce(or_, built[0].values(text), 0)

    def holds(self, condition: int, text: str, sets: int) -> bool:
        """Whether ``condition`` holds for an item whose normalised text is ``text`` and holds
        the word sets ``sets`` (``word_sets(text)``)."""
        mask, shape, verify = self._conditions[condition]
        if sets & mask != mask:
            return False
        if shape is not None and (self._shapes[condition] or self._shape_regex(condition)).search(text) is None:
            return False
        return verify is None or verify(text)

    def _build_set_scanner(self) -> tuple[Any, int]:
        with self._lock:
            count = len(self._set_words)
            built = self._set_scanner = (self._scanner_factory(_set_masks(self._set_words[:count])), count)
            return built

    def _shape_regex(self, condition: int) -> re.Pattern:
        regex = self._shapes[condition] = re.compile(self._conditions[condition][1])
        return regex

    # -- matching one item ----------------------------------------------------------------------
    @property
    def matcher(self):
        if self._matcher is None:
            with self._lock:
                if self._matcher is None:
                    matcher = self._matcher_factory(self._merged())
                    # From now on ``matches`` is the matcher's own (one call less per item).
                    self.matches = matcher.matches
                    self._matcher = matcher
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
        """Every (overlapping) occurrence of a registered word: (start, end, values). Replaced
        on the instance by the matcher's own ``matches`` once the matcher is built."""
        return self.matcher.matches(text)

    # -- pre-filtering batches ------------------------------------------------------------------
    def candidates(self, text: str) -> set[int]:
        """Items of a batch (``text``: normalised texts joined by the separator) holding a key
        that makes them candidates, or a conditional key and one of its conditions. The one
        scanner pass also finds the words of every word set, so a condition's word sets are
        known without another pass over the item."""
        scanner = self._gate()
        flagged: set[int] = set()
        pending: list[tuple[int, int, list]] = []  # item, word sets the scanner found, conditions
        item = sets = 0
        keyed: list = []
        for value in scanner.values(text):
            if type(value) is int:  # a set word (three in four hits): its sets
                sets |= value
                continue
            if value is _ITEM_END:
                if keyed:
                    pending.append((item, sets, keyed))
                    keyed = []
                item += 1
                sets = 0
                continue
            mask, conditions = value
            sets |= mask
            if conditions is None:
                flagged.add(item)
            elif conditions:
                keyed.append(conditions)
        if keyed:
            pending.append((item, sets, keyed))
        if pending:
            parts = text.split(BATCH_SEPARATOR)
            holds = self.holds
            for item, sets, keyed in pending:
                if item not in flagged and _any_holds(keyed, sets, holds, parts[item]):
                    flagged.add(item)
        return flagged

    def _gate(self):
        if self._gate_state is None:
            with self._lock:
                if self._gate_state is None:
                    self._gate_state = self._build_gate()
        return self._gate_state

    def _build_gate(self):
        """The batch scanner: each key word → (word sets it is in, None or the conditions it
        needs), each other word of a set → its sets (an int), the separator → ``_ITEM_END``."""
        keys: dict[str, object] = {}
        for provider in self._gates:  # providers may register conditions: call them first
            for key, value in provider().items():
                known = keys.get(key, ())
                if value is None or known is None:
                    keys[key] = None
                else:
                    keys[key] = tuple(dict.fromkeys((*known, *value)))
        masks = _set_masks(self._set_words)
        entries: dict[str, object] = dict(masks)
        registered = self._conditions
        for key, value in keys.items():
            # Each condition with the word sets it needs: the batch loop tests those first.
            pairs = None if value is None else tuple((condition, registered[condition][0]) for condition in value)
            entries[key] = (masks.get(key, 0), pairs)
        entries[BATCH_SEPARATOR] = _ITEM_END
        return self._scanner_factory(entries)

    def warm_up(self) -> None:
        """Build now what is otherwise built on first need: the matcher, the batch scanner, the
        word-set scanner and every condition's shape (compiling them all takes ~0.3 s; lazily,
        the first message that needs one pays for it)."""
        self.matcher
        self._gate()
        self.word_sets("")
        for condition, (_, shape, _) in enumerate(self._conditions):
            if shape is not None and self._shapes[condition] is None:
                self._shape_regex(condition)
