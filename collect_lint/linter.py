"""The library entry point: ``Linter`` runs the pipeline on text and returns diagnostics.

normalise → one Aho-Corasick pass → (only around candidates) jieba → refinements → diagnostics.
The linter does no I/O beyond loading rulesets and caches, prints nothing, and one instance may
be shared by many threads.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

from . import backends
from .inputs import text_items
from .models import Diagnostic, Finding, Item, Kind, Rule, Severity, Speaker
from .normalize import Normalizer, load_cached
from .phrase import BATCH_SEPARATOR as _SEPARATOR
from .phrase import PhraseRules
from .pii import PiiRules, mask_number
from .placeholders import DEFAULT_PLACEHOLDER_PATTERNS, Placeholders, PlaceholderRules
from .ruleset import RuleSet

_CONTENT_TYPES = ("phrase", "pii", "placeholder")


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
        extra_rulesets: Sequence[Path] = (),
        select: Iterable[str] = (),
        ignore: Iterable[str] = (),
        severity: dict[str, Severity] | None = None,
        allowed_words: Sequence[str] = (),
        placeholder_patterns: Sequence[str] = DEFAULT_PLACEHOLDER_PATTERNS,
        backend: str = "auto",
        show_matches: bool = False,
    ) -> None:
        self.ruleset = RuleSet.load(rulesets, extra_rulesets).select(select, ignore, severity)
        self.backend = backends.resolve(backend)
        self.show_matches = show_matches
        self.normalizer = Normalizer()
        rules = self.ruleset.rules
        phrase_rules = [r for r in rules if r.type == "phrase"]
        normalize = self.normalizer.normalize_phrase

        @lru_cache(maxsize=1)  # only needed when the compiled phrase tables are not cached
        def variants() -> dict[str, list[str]]:
            return _homophone_table(sorted({normalize(p) for r in phrase_rules if r.homophones for p in r.patterns}))

        tables_key = _digest([self.ruleset.digest, *allowed_words, _code_key()])
        self._phrases = PhraseRules(
            phrase_rules,
            normalize,
            backends.matcher_factory(self.backend),
            backends.segmenter_factory(self.backend),
            scanner_factory=backends.scanner_factory(self.backend),
            allowed_words=allowed_words,
            homophone_variants=lambda pattern: variants().get(pattern, []),
            cache=lambda build: load_cached("phrase-tables", tables_key, build),
        )
        self._pii = PiiRules([r for r in rules if r.type == "pii"])
        self._placeholder_rules = PlaceholderRules([r for r in rules if r.type == "placeholder"])
        self._placeholders = Placeholders(placeholder_patterns)
        content = [r for r in rules if r.type in _CONTENT_TYPES]
        self._speakers = frozenset(s for r in content for s in r.speakers)

    @property
    def rules(self) -> tuple[Rule, ...]:
        return self.ruleset.rules

    @property
    def speakers(self) -> frozenset[str]:
        """Speakers whose text any selected content rule applies to (others need no check)."""
        return self._speakers

    def warm_up(self) -> "Linter":
        """Do now what is otherwise done on first need: load the word-segmentation dictionary
        (small inputs are cut from a copy on disk instead) and build the batch pre-filter. A
        long-running service may call this once so that no check pays for it."""
        self._phrases.warm_up()
        return self

    # -- public API ---------------------------------------------------------------------------
    def check(self, text: str, kind: Kind = "sms", speaker: Speaker = "agent") -> list[Diagnostic]:
        """Check one message (``sms``/``template``: the whole text is one message) or a script
        (``script``: one utterance per line, optional speaker labels). Positions are 1-based."""
        if kind == "script":
            return [d for found in self.check_items(list(text_items(text, "script"))) for d in found]
        return self.check_item(Item(text, kind, speaker))

    def check_item(self, item: Item) -> list[Diagnostic]:
        """Diagnostics for one item, sorted by position."""
        found = self.findings(item)
        if not found:
            return []
        return [self.diagnostic(item, f) for f in found]

    def check_items(self, items: Sequence[Item]) -> list[list[Diagnostic]]:
        """``[check_item(item) for item in items]``, much faster for many short items: one
        normalisation and one matcher pass over the whole batch find the few items that can
        hold a finding, and only those run the full pipeline."""
        items = list(items)
        flagged = self._candidate_items(items)
        result: list[list[Diagnostic]] = [[] for _ in items]
        for index in flagged:
            item = items[index]
            result[index] = [self.diagnostic(item, finding) for finding in self.findings(item)]
        return result

    def findings_batch(self, items: Sequence[Item]) -> list[list[Finding]]:
        """``[findings(item) for item in items]``, pre-filtered in one pass (see check_items)."""
        items = list(items)
        flagged = self._candidate_items(items)
        result: list[list[Finding]] = [[] for _ in items]
        for index in flagged:
            result[index] = self.findings(items[index])
        return result

    def _candidate_items(self, items: list[Item]) -> set[int] | range:
        """Indexes of items that may have findings (a superset; never misses one)."""
        texts = [item.text for item in items]
        joined = _SEPARATOR.join(texts)
        if len(texts) < 2 or joined.count(_SEPARATOR) != len(texts) - 1:
            return range(len(texts))
        # The separator is neither noise nor Han, so normalising the joined text normalises each
        # item as it would alone, and no pattern or number can run across two items.
        normalized = self.normalizer.normalize_text(joined)
        # Numbers and romanised variants are rare: their item is the count of separators before.
        flagged = self._phrases.candidate_items(normalized)
        for start in self._phrases.romanized_starts(normalized) + self._pii.candidates(normalized):
            flagged.add(normalized.count(_SEPARATOR, 0, start))
        # Masking a placeholder can reveal a number next to it: those items get the full check.
        if self._placeholders.present(joined):
            flagged.update(index for index, text in enumerate(texts) if self._placeholders.present(text))
        return flagged

    def findings(self, item: Item) -> list[Finding]:
        """Rule hits in one item, in original-text offsets."""
        if item.speaker not in self._speakers:
            return []
        text, placeholders = self._placeholders.mask(item.text) if item.kind != "transcript" else (item.text, [])
        norm = self.normalizer.normalize(text)
        result: list[Finding] = []
        for hit, rule in self._phrases.find(norm.text, item.kind, item.speaker):
            start, end = norm.span(hit.start, hit.end)
            result.append(Finding(rule, start, end))
        for hit in self._pii.find(norm.text, item.kind, item.speaker):
            start, end = norm.span(hit.start, hit.end)
            result.append(Finding(hit.rule, start, end, pii=True))
        for placeholder, rule in self._placeholder_rules.find(placeholders, item.kind, item.speaker):
            result.append(Finding(rule, placeholder.start, placeholder.end))
        if len(result) > 1:
            result.sort(key=lambda f: (f.start, f.rule.id))
        return result

    def diagnostic(self, item: Item, finding: Finding) -> Diagnostic:
        rule = finding.rule
        line, column = item.locate(finding.start)
        end_line, end_column = item.locate(finding.end - 1)
        matched = item.text[finding.start : finding.end]
        fix = rule.fix
        if finding.pii:
            fix = mask_number(matched)
            if not self.show_matches:
                matched = fix
        return Diagnostic(
            path=item.path,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column + 1,
            rule=rule.id,
            name=rule.name,
            category=rule.category,
            severity=rule.severity,
            message=rule.message if finding.detail is None else f"{rule.message}（{finding.detail}）",
            text=matched,
            suggestion=rule.suggestion,
            reference=rule.reference,
            fix=fix,
            call_id=item.call_id,
            speaker=item.speaker if item.kind in ("script", "transcript") else None,
            utterance=item.utterance,
            agent_id=item.agent_id,
            template_id=item.template_id,
            debtor_id=item.debtor_id,
            masked=finding.pii and not self.show_matches,
        )


def _homophone_table(patterns: list[str]) -> dict[str, list[str]]:
    if not patterns:
        return {}

    def build() -> dict[str, list[str]]:
        from .homophones import variants

        return {pattern: variants(pattern) for pattern in patterns}

    from .homophones import VERSION

    return load_cached(f"homophones-{_digest(patterns)}", f"{VERSION}|" + "|".join(patterns), build)


def _code_key() -> str:
    """Changes whenever the code that derives cached tables changes (normalisation, homophones,
    phrase compilation) or the normalisation table's inputs do."""
    from . import homophones, normalize, phrase

    sources = b"".join(Path(module.__file__).read_bytes() for module in (homophones, normalize, phrase))
    return _digest([sources.decode("utf-8", "replace"), normalize.table_key()])


def _digest(values: list[str]) -> str:
    import hashlib

    return hashlib.sha256("\n".join(values).encode()).hexdigest()[:16]
