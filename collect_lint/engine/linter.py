"""The library entry point: ``Linter`` runs the pipeline on text and returns diagnostics.

mask placeholders → normalise (offset map back) → each rule type's check (one Aho-Corasick
pass; jieba only around candidates) → findings → diagnostics. The linter does no I/O beyond
loading rulesets and caches, prints nothing, and one instance may be shared by many threads.
"""

from __future__ import annotations

from dataclasses import replace
from operator import attrgetter
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from ..checks import RULE_TYPES, Batch, Environment, Prepared, TextCheck
from ..inputs.text import text_items
from ..models import KINDS, SPEAKERS, Diagnostic, Dialogue, Finding, Item, Kind, Severity, Speaker
from ..rules import RuleHeader, RuleSet, RulesetError
from . import backends
from .cache import load_cached, short_digest
from .normalize import Normalizer
from .placeholders import DEFAULT_PLACEHOLDER_PATTERNS, Placeholders


class Linter:
    """Checks collection text against a ruleset.

    >>> linter = Linter()
    >>> [d.rule for d in linter.check("你这个老赖", kind="script")]  # doctest: +SKIP
    ['CL-I001']
    """

    def __init__(
        self,
        *,
        rulesets: Sequence[Path] | None = None,
        extra_rulesets: Sequence[Path] | None = (),
        select: Iterable[str] | None = (),
        ignore: Iterable[str] | None = (),
        severity: dict[str, Severity] | None = None,
        allowed_words: Sequence[str] | None = (),
        placeholder_patterns: Sequence[str] = DEFAULT_PLACEHOLDER_PATTERNS,
        backend: str = "auto",
        show_matches: bool = False,
    ) -> None:
        # None means "none" for the optional lists, as for rulesets and severity.
        extra_rulesets, select, ignore, allowed_words = (value or () for value in (extra_rulesets, select, ignore, allowed_words))
        self.ruleset = RuleSet.load(rulesets, extra_rulesets).select(select, ignore, severity)
        self.backend = backends.resolve(backend)
        self.show_matches = show_matches
        self.normalizer = Normalizer()
        tables_key = short_digest([self.ruleset.digest, *allowed_words, _code_key()])
        self.environment = Environment(
            normalizer=self.normalizer,
            matcher_factory=backends.matcher_factory(self.backend),
            scanner_factory=backends.scanner_factory(self.backend),
            segmenter_factory=backends.segmenter_factory(self.backend),
            allowed_words=tuple(allowed_words),
            classes=self.ruleset.classes,
            cache=lambda name, build: load_cached(name, tables_key, build),
            origin=self.ruleset.origin,
        )
        # One check per text rule type that has selected rules, in registry order.
        self.checks: dict[str, TextCheck] = {}
        for rule_type in RULE_TYPES.values():
            rules = [rule for rule in self.ruleset.rules if rule.type == rule_type.name]
            if rule_type.check is not None and rules:
                self.checks[rule_type.name] = rule_type.check(rules, self.environment)
        self._checks = list(self.checks.values())
        self._text_rule_ids = frozenset(rule.id for check in self._checks for rule in check.rules)
        self._placeholders = Placeholders(placeholder_patterns)
        self._speakers = frozenset(s for check in self._checks for rule in check.rules for s in rule.speakers)
        self._scopes: dict[tuple[str, str], tuple[frozenset[int], ...]] = {}
        # Per (kind, speaker): (check's find, scope) for the checks with rules in scope, so
        # checking an item calls no check that cannot report and computes no scope.
        self._plans: dict[tuple[str, str], tuple[tuple[Callable, frozenset[int]], ...]] = {}
        # Placeholder patterns decide what examples hold: they are part of the verdict's key.
        examples_key = f"{tables_key}:{_code_stamp()}:{short_digest(placeholder_patterns)}"
        failures = load_cached("example-check", examples_key, self._example_failures)
        if failures:
            rule_id, which, example = failures[0]
            wanted = "is not flagged by the rule" if which == "bad" else "is flagged by the rule"
            raise RulesetError(f"{self.ruleset.origin(rule_id)}: rule {rule_id}: {which} example {wanted}: {example!r}")

    def _example_failures(self) -> list[tuple[str, str, str]]:
        """(rule id, "bad"/"good", example) for every text rule example that does not hold:
        a rule must flag its bad examples and leave its good ones alone. A bad example that
        holds a configured allowed word is the user's decision, not a broken rule."""
        allowed = [self.normalizer.normalize_phrase(word) for word in self.environment.allowed_words]
        failures = []
        for rule in self.ruleset.rules:
            if not rule.has_text_scope or rule.id not in self._text_rule_ids:
                continue
            kind = "script" if "script" in rule.kinds else rule.kinds[0]
            for which, examples in (("bad", rule.examples.bad), ("good", rule.examples.good)):
                for example in examples:
                    items = script_dialogue(text_items(example, "script")) if kind == "script" else [Item(example, kind)]
                    flagged = any(f.rule.id == rule.id for item in items for f in self.findings(item, one_per_violation=False))
                    if flagged == (which == "bad"):
                        continue
                    if which == "bad" and any(w and w in self.normalizer.normalize_phrase(example) for w in allowed):
                        continue
                    failures.append((rule.id, which, example))
        return failures

    @classmethod
    def from_config(cls, path: str | Path | None = None, *, policy: str | None = None, **overrides) -> "Linter":
        """A linter configured as ``collect-lint check PATH`` would be: the configuration file is
        found upward from ``path`` (a file or directory to check; the working directory when
        None), or is ``path`` itself when it is a ``.toml`` file. ``policy`` picks a named
        policy of the configuration (as the service does); ``overrides`` are further ``Linter``
        arguments (e.g. ``backend="fast"``). Raises ``config.ConfigError`` for a configuration
        the CLI would reject (message: one line naming the file), ``RulesetError`` for a broken
        ruleset."""
        from ..config import ConfigError, check_selectors, load_config

        target = Path(path) if path is not None else Path.cwd()
        if target.suffix == ".toml" and target.is_file():
            loaded = load_config(None, str(target))
        else:
            loaded = load_config([str(target)])
        check_selectors(loaded, RuleSet.load(None, loaded.config.extra_rulesets))
        settings = None
        if policy is not None:
            policies = loaded.config.policies()
            if policy not in policies:
                raise ConfigError(f"unknown policy {policy!r} (configured: {', '.join(sorted(policies)) or 'none'})")
            settings = policies[policy]
        return cls(**dict(loaded.config.linter_options(settings), **overrides))

    @property
    def rules(self) -> tuple[RuleHeader, ...]:
        """The selected rules, with their configured severities."""
        return self.ruleset.rules

    @property
    def speakers(self) -> frozenset[str]:
        """Speakers whose text any selected text rule applies to (others need no check)."""
        return self._speakers

    def warm_up(self) -> "Linter":
        """Do now what is otherwise done on first need: load the word-segmentation dictionary
        (small inputs are cut from a copy on disk instead) and build the batch pre-filter. A
        long-running service may call this once so that no check pays for it."""
        for check in self._checks:
            check.warm_up()
        return self

    # -- public API ---------------------------------------------------------------------------
    def check(self, text: str, kind: Kind = "sms", speaker: Speaker = "agent") -> list[Diagnostic]:
        """Check one message (``sms``/``template``: the whole text is one message) or a script
        (``script``: one utterance per line, optional speaker labels). Positions are 1-based.
        A ``text`` that is not a ``str`` raises ``TypeError``; an unknown ``kind`` or
        ``speaker`` raises ``ValueError`` naming the valid ones."""
        _require_text(text)
        _require_choice("kind", kind, KINDS)
        _require_choice("speaker", speaker, SPEAKERS)
        if kind == "script":
            return self.check_many([(text, kind, speaker)])[0]
        item = Item(text, kind, speaker)
        found = self.findings(item)
        return [self.diagnostic(item, f) for f in found] if found else []

    def check_many(self, messages: Sequence[tuple[str, Kind, Speaker]]) -> list[list[Diagnostic]]:
        """``[check(text, kind, speaker) for text, kind, speaker in messages]``, checked as one
        batch (see ``check_items``): how a service checks a request of many messages."""
        items: list[Item] = []
        owners: list[int] = []
        for number, (text, kind, speaker) in enumerate(messages):
            own = script_dialogue(text_items(text, "script")) if kind == "script" else [Item(text, kind, speaker)]
            items.extend(own)
            owners.extend([number] * len(own))
        result: list[list[Diagnostic]] = [[] for _ in messages]
        for owner, found in zip(owners, self.check_items(items)):
            result[owner].extend(found)
        return result

    def check_item(self, item: Item) -> list[Diagnostic]:
        """Diagnostics for one item, sorted by position (``TypeError`` / ``ValueError`` for an
        item that is not an ``Item`` or has a text, kind or speaker ``check`` would refuse)."""
        _require_item(item)
        found = self.findings(item)
        if not found:
            return []
        return [self.diagnostic(item, f) for f in found]

    def check_items(self, items: Sequence[Item]) -> list[list[Diagnostic]]:
        """``[check_item(item) for item in items]``, much faster for many short items: one
        normalisation and one matcher pass over the whole batch find the few items that can
        hold a finding, and only those run the full pipeline."""
        items = list(items)
        _require_items(items)
        # Only the few candidates are touched again: every other item keeps its empty list.
        result: list[list[Diagnostic]] = [[] for _ in items]
        diagnostic = self.diagnostic
        for index in self._candidate_items(items):
            item = items[index]
            found = self.findings(item)
            if found:
                result[index] = [diagnostic(item, f) for f in found]
        return result

    def findings_batch(self, items: Sequence[Item]) -> list[list[Finding]]:
        """``[findings(item) for item in items]``, pre-filtered in one pass (see check_items)."""
        items = list(items)
        result: list[list[Finding]] = [[] for _ in items]
        for index in self._candidate_items(items):
            found = self.findings(items[index])
            if found:
                result[index] = found
        return result

    def _candidate_items(self, items: list[Item]) -> Iterable[int]:
        """Indexes of items that may have findings (a superset; never misses one)."""
        if len(items) < 2:
            return range(len(items))
        batch = Batch(items, self.normalizer, self._placeholders, self.environment.lexicon)
        if not batch.separable:
            return range(len(items))
        flagged: set[int] = set()
        for check in self._checks:
            flagged |= check.candidates(batch)
        # Masking a placeholder can reveal a number next to it: those items get the full check.
        flagged |= batch.with_placeholders
        return sorted(flagged)

    def findings(self, item: Item, one_per_violation: bool = True) -> list[Finding]:
        """Rule hits in one item, in original-text offsets, sorted by position; a hit inside
        another of the same category is dropped unless ``one_per_violation`` is False."""
        if item.speaker not in self._speakers:
            return []
        if len(item.text) > WINDOW:
            return self._windowed_findings(item, one_per_violation)
        prepared = self.prepare(item)
        result: list[Finding] = []
        for find, scope in self._plans.get((item.kind, item.speaker)) or self._plan(item.kind, item.speaker):
            found = find(prepared, scope)
            if found:
                result.extend(found)
        if len(result) > 1 and one_per_violation:
            result = _one_per_violation(result)
            result.sort(key=lambda f: (f.start, f.rule.id))
        return result

    def _windowed_findings(self, item: Item, one_per_violation: bool) -> list[Finding]:
        """``findings`` of a very long item, window by window (see ``windows``), so that the
        memory a check needs is bounded by the window, not by the item."""
        found: dict[tuple[str, int, int], Finding] = {}
        for start, end in windows(item.text):
            piece = replace(item, text=item.text[start:end], positions=None)
            for finding in self.findings(piece, one_per_violation):
                shifted = replace(finding, start=finding.start + start, end=finding.end + start)
                found.setdefault((finding.rule.id, shifted.start, shifted.end), shifted)
        return sorted(found.values(), key=lambda f: (f.start, f.rule.id))

    def prepare(self, item: Item) -> Prepared:
        """The item as checks see it: placeholders masked (not in transcripts), normalised."""
        if item.kind == "transcript":
            masked, placeholders = item.text, []
        else:
            masked, placeholders = self._placeholders.mask(item.text)
        return Prepared(item, masked, placeholders, self.normalizer.normalize(masked), self.environment.lexicon)

    def _plan(self, kind: str, speaker: str) -> tuple[tuple[Callable, frozenset[int]], ...]:
        """(check's ``find``, scope) for each check with rules in scope for this kind and speaker."""
        plan = self._plans.get((kind, speaker))
        if plan is None:
            plan = tuple((check.find, scope) for check, scope in zip(self._checks, self._scope(kind, speaker)) if scope)
            self._plans[(kind, speaker)] = plan
        return plan

    def _scope(self, kind: str, speaker: str) -> tuple[frozenset[int], ...]:
        """Per check, the indexes of its rules that apply to this kind and speaker."""
        scopes = self._scopes.get((kind, speaker))
        if scopes is None:
            scopes = tuple(
                frozenset(i for i, rule in enumerate(check.rules) if kind in rule.kinds and speaker in rule.speakers)
                for check in self._checks
            )
            self._scopes[(kind, speaker)] = scopes
        return scopes

    def diagnostic(self, item: Item, finding: Finding) -> Diagnostic:
        """The ``Diagnostic`` of a finding in ``item`` (positions in the original text,
        personal data masked unless the linter shows matches)."""
        return Diagnostic.from_finding(item, finding, self.show_matches)


def _require_text(text) -> None:
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")


def _require_choice(name: str, value, choices: tuple[str, ...]) -> None:
    if not isinstance(value, str) or value not in choices:
        raise ValueError(f"unknown {name} {value!r} (choose from {', '.join(choices)})")


_KIND_SET, _SPEAKER_SET = frozenset(KINDS), frozenset(SPEAKERS)


_text_of, _kind_of, _speaker_of = attrgetter("text"), attrgetter("kind"), attrgetter("speaker")


def _require_items(items: list) -> None:
    """``_require_item`` for every item of a batch: the common case in a few passes in C."""
    try:
        if set(map(type, items)) <= {Item} and set(map(type, map(_text_of, items))) <= {str}:
            kinds, speakers = set(map(_kind_of, items)), set(map(_speaker_of, items))
            if (kinds <= _KIND_SET and speakers <= _SPEAKER_SET
                    and all(type(value) is str for value in kinds | speakers)):
                return
    except TypeError:  # an unhashable kind or speaker: say which below
        pass
    for item in items:
        _require_item(item)


def _require_item(item) -> None:
    # The common case in one cheap test (check_items validates every item of a batch).
    if (type(item) is Item and type(item.text) is str and type(item.kind) is str and item.kind in _KIND_SET
            and type(item.speaker) is str and item.speaker in _SPEAKER_SET):
        return
    if not isinstance(item, Item):
        raise TypeError(f"expected an Item, not {type(item).__name__}")
    _require_text(item.text)
    _require_choice("kind", item.kind, KINDS)
    _require_choice("speaker", item.speaker, SPEAKERS)


# Items longer than this are checked in windows: cut after a sentence end (a clause end, else
# anywhere with an overlap) in the second half of the window. Rules look within a sentence, so
# only conditions over the whole utterance see less than all of such an item.
WINDOW = 65_536
_WINDOW_OVERLAP = 256
_SENTENCE_ENDS = "。！？!?\n"
_CLAUSE_ENDS = "；;，,"


def windows(text: str, size: int = WINDOW) -> Iterator[tuple[int, int]]:
    """[start, end) windows of at most ``size`` characters covering ``text`` (see ``WINDOW``)."""
    start = 0
    while len(text) - start > size:
        limit = start + size
        floor = start + size // 2
        cut = max(text.rfind(c, floor, limit) for c in _SENTENCE_ENDS)
        if cut < 0:
            cut = max(text.rfind(c, floor, limit) for c in _CLAUSE_ENDS)
        if cut >= 0:
            yield start, cut + 1
            start = cut + 1
        else:
            yield start, limit
            start = limit - _WINDOW_OVERLAP
    yield start, len(text)


def _code_key() -> str:
    """Changes whenever the code that derives cached tables changes (each module's version
    constant) or the normalisation table's inputs do."""
    from ..checks import frame, phrase
    from . import homophones, normalize

    return f"{phrase.COMPILE_VERSION}:{frame.COMPILE_VERSION}:{homophones.VERSION}:{normalize.VERSION}:{normalize.table_key()}"


def _one_per_violation(found: list[Finding]) -> list[Finding]:
    """Report one finding per violation: of two findings of the same category where one span
    lies within the other, keep the more severe; then one whose rule has a safe fix; then a
    phrase rule's (the older, more specific rule ids users suppress and baseline); then the
    longer one; then the lower rule id."""
    def rank(f: Finding):
        return (-f.rule.severity.rank, getattr(f.rule, "fix", None) is None and f.fix is None,
                f.rule.type != "phrase", -(f.end - f.start), f.rule.id)

    kept: list[Finding] = []
    for finding in sorted(found, key=rank):
        if not any(
            k.rule.category == finding.rule.category
            and ((k.start <= finding.start and finding.end <= k.end) or (finding.start <= k.start and k.end <= finding.end))
            for k in kept
        ):
            kept.append(finding)
    return kept


def _code_stamp() -> str:
    """Size and modification time of the checking code (engine/, checks/): a rule example's
    verdict depends on all of it, and reading the files' stat entries costs well under 1 ms."""
    import os

    package = Path(__file__).resolve().parent.parent
    entries = []
    for folder in ("engine", "checks"):
        with os.scandir(package / folder) as found:
            entries.extend(f"{e.name}:{e.stat().st_size}:{e.stat().st_mtime_ns}" for e in found if e.name.endswith(".py"))
    return short_digest(sorted(entries))


def script_dialogue(items) -> list[Item]:
    """Script items as the turns of one dialogue (rules may look at earlier lines)."""
    items = list(items)
    dialogue = Dialogue([(item.speaker, item.text) for item in items])
    for turn, item in enumerate(items):
        item.dialogue, item.turn = dialogue, turn  # fresh items: set in place, no copies
    return items

