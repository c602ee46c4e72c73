"""The interface between the linter and its rule types.

A rule type is a rule model (``RuleHeader`` subclass with a ``type`` literal) and, for types
that look at text, a ``TextCheck``: built once from the type's rules, it pre-filters batches
(``candidates``) and finds violations in one item (``find``). The linter prepares each item once
(placeholders masked, normalised, offsets back to the original), applies the rules' scope
(kind, speaker) once, and turns findings into diagnostics. Types checked over whole calls
(contact) implement ``CallCheck`` instead. See docs/architecture.md, "Adding a rule type".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Callable, ClassVar, Protocol, Sequence

from ..models import Finding, Item
from .context import TextFacts

if TYPE_CHECKING:
    from ..engine.lexicon import Lexicon
    from ..engine.normalize import Normalized, Normalizer
    from ..engine.placeholders import Placeholder, Placeholders
    from ..engine.segment import Segmenter
    from ..rules.schema import RuleHeader

# Joins the items of a batch for the pre-filter: neither noise nor Han nor in any pattern, so no
# pattern, number or noise squeezing runs across two items.
BATCH_SEPARATOR = "\x00"

Scope = frozenset  # indexes into a check's ``rules`` that apply to the item at hand


@dataclass(slots=True)
class Prepared:
    """One item as every check sees it: placeholders masked (same length, so offsets hold),
    then normalised with a map back to the original characters."""

    item: Item
    masked: str
    placeholders: list["Placeholder"]
    norm: "Normalized"
    lexicon: "Lexicon"
    # Facts a check computes lazily and other checks may reuse (e.g. token boundaries).
    shared: dict = field(default_factory=dict)
    _matches: list | None = None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original-text [start, end) of the normalised span [start, end)."""
        return self.norm.span(start, end)

    @property
    def matches(self) -> list[tuple[int, int, tuple]]:
        """The shared lexicon's matches in the normalised text, found once for every check."""
        found = self._matches
        if found is None:
            found = self._matches = self.lexicon.matches(self.norm.text)
        return found

    def own_matches(self, slot: int) -> list[tuple[int, int, object]]:
        """The matches of one check's words (its lexicon slot), with its payloads."""
        return [(start, end, values[slot]) for start, end, values in self.matches if values[slot] is not None]


class Batch:
    """The pre-filter's view of many items: their texts joined by ``BATCH_SEPARATOR`` and
    normalised once (``normalized``); ``item_at(offset)`` tells which item an offset is in."""

    def __init__(self, items: Sequence[Item], normalizer: "Normalizer", placeholders: "Placeholders", lexicon: "Lexicon") -> None:
        self.items = items
        self.texts = [item.text for item in items]
        self.joined = BATCH_SEPARATOR.join(self.texts)
        self._normalizer = normalizer
        self._placeholders = placeholders
        self._lexicon = lexicon

    @property
    def separable(self) -> bool:
        """False when an item itself holds the separator (then every item gets the full check)."""
        return self.joined.count(BATCH_SEPARATOR) == len(self.texts) - 1

    @cached_property
    def normalized(self) -> str:
        # The separator is neither noise nor Han, so normalising the joined text normalises
        # each item as it would alone.
        return self._normalizer.normalize_text(self.joined)

    def item_at(self, offset: int) -> int:
        """Index of the item holding ``offset`` of ``normalized`` (rare hits only: O(offset))."""
        return self.normalized.count(BATCH_SEPARATOR, 0, offset)

    @cached_property
    def gated(self) -> frozenset[int]:
        """Items holding a pre-filter key of the shared lexicon (one scanner pass for all)."""
        return frozenset(self._lexicon.candidates(self.normalized))

    @cached_property
    def with_placeholders(self) -> frozenset[int]:
        """Items that hold a placeholder (masking one can reveal a number beside it)."""
        if not self._placeholders.present(self.joined):
            return frozenset()
        present = self._placeholders.present
        return frozenset(index for index, text in enumerate(self.texts) if present(text))


@dataclass
class Environment:
    """What checks are built with: normalisation, the shared lexicon (one Aho-Corasick pass),
    words for the shared segmenter, allowed words, and a disk cache for compiled tables."""

    normalizer: "Normalizer"
    matcher_factory: Callable
    scanner_factory: Callable
    segmenter_factory: Callable[[list[str]], "Segmenter"]
    allowed_words: Sequence[str] = ()
    # Word classes of the loaded rulesets: name → words (includes expanded).
    classes: dict = field(default_factory=dict)
    # cache(name, build) → build() or its stored result (keyed by the rules and the code).
    cache: Callable = lambda name, build: build()
    # origin(rule id) → the file the rule came from (for errors about a rule).
    origin: Callable[[str], str] = lambda rule_id: "rulesets"
    # The class of per-text facts (the benchmark's naive baseline swaps in its own).
    facts_class: type[TextFacts] = TextFacts
    _words: set[str] = field(default_factory=set)
    _segmenter: "Segmenter | None" = None
    lexicon: "Lexicon" = field(init=False)

    def __post_init__(self) -> None:
        from ..engine.lexicon import Lexicon

        self.lexicon = Lexicon(self.matcher_factory, self.scanner_factory)

    def normalize(self, phrase: str) -> str:
        """Normalise a rule phrase the same way as input text."""
        return self.normalizer.normalize_phrase(phrase)

    def add_words(self, words: Sequence[str]) -> None:
        """Words the segmenter must keep whole (patterns): only before ``segmenter`` is used."""
        if self._segmenter is not None:
            raise RuntimeError("words added after the segmenter was built")
        self._words.update(words)

    @property
    def segmenter_words(self) -> frozenset[str]:
        """The words added to the segmenter's dictionary (final once checks are built)."""
        return frozenset(self._words)

    @property
    def segmenter(self) -> "Segmenter":
        """One segmenter shared by every check, built on first use from the words added."""
        if self._segmenter is None:
            self._segmenter = self.segmenter_factory(sorted(self._words))
        return self._segmenter


class TextCheck(Protocol):
    """Finds violations of one rule type inside items' text."""

    rules: Sequence["RuleHeader"]

    def candidates(self, batch: Batch) -> set[int]:
        """Indexes of the items of ``batch`` where ``find`` may report: a superset, never a
        miss, whatever the item's kind and speaker."""
        ...

    def find(self, prepared: Prepared, scope: Scope) -> list[Finding]:
        """Findings in one prepared item, in original-text offsets, for the rules whose
        indexes are in ``scope``."""
        ...

    def warm_up(self) -> None:
        """Build now what is otherwise built on first use."""
        ...


class CallCheck(Protocol):
    """Finds violations over whole calls (timing, frequency, what is said first)."""

    def check_call(self, call) -> list:
        """Findings that need only this call (safe in any process)."""
        ...

    def check_counts(self, call) -> list:
        """Findings that need every call before it, in input order (one process)."""
        ...


@dataclass(frozen=True)
class RuleType:
    """A rule type: its model and, for text rules, the check class built from its rules."""

    name: str
    model: type["RuleHeader"]
    check: Callable[[Sequence["RuleHeader"], Environment], TextCheck] | None = None
    # "text": checked inside items; "call": over whole calls; "meta": notes from the workflow.
    level: str = "text"

    levels: ClassVar[tuple[str, ...]] = ("text", "call", "meta")
