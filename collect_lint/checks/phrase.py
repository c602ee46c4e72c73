"""The phrase rule type: literal patterns (plus romanised and homophone variants) refined by
token boundaries, exceptions, negation, co-occurrence in the sentence and scope."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, Sequence

from pydantic import model_validator

from ..engine import homophones
from ..models import Finding
from ..rules.loader import RulesetError
from ..rules.schema import Phrases, Romanized, TextRuleHeader
from .base import Batch, Environment, Prepared, Scope
from .conditions import Condition, expand_template, rule_conditions, template_classes, verdict
from .context import facts

TRIGGER, EXCEPTION, CONTEXT = 0, 1, 2
GLOBAL = -1  # rule index of allowed words that cancel any rule
# Bump when the compiled tables change shape or meaning (they are cached on disk).
COMPILE_VERSION = 2


class PhraseRule(TextRuleHeader):
    """Literal phrases, matched on normalised text at token boundaries."""

    type: Literal["phrase"] = "phrase"
    patterns: Phrases = ()
    # Latin spellings (pinyin, initials): letters may be spaced, the word must stand alone.
    romanized: Romanized = ()
    # Also match same-sounding spellings of 2–4 character patterns (沙比 for 傻逼).
    homophones: bool = False
    # "token": the hit must start and end on jieba token boundaries; "substring": anywhere.
    match: Literal["token", "substring"] = "token"
    # A negator earlier in the clause cancels the hit (不会上门).
    negation: bool = True
    # Phrases that cancel a hit they contain (预约上门 for 上门).
    exceptions: Phrases = ()
    # At least one of these must be in the same sentence.
    requires: Phrases = ()
    # Conditions that cancel a hit (reported speech, a quoted term: see checks/conditions.py).
    unless: tuple[Condition, ...] = ()

    def class_references(self) -> list[tuple[str, str]]:
        found = [(name, cls) for name in ("patterns", "exceptions", "requires") for cls in template_classes(getattr(self, name))]
        for number, condition in enumerate(self.unless):
            found.extend((f"unless.{number}.any", cls) for cls in condition.class_names())
        return found

    def doc_sections(self, classes: dict | None = None) -> list[tuple[str, str]]:
        sections = super().doc_sections(classes)
        if self.patterns:
            sections.append(("模式 (patterns)", "、".join(self.patterns)))
        if self.romanized:
            sections.append(("拼音/缩写 (romanized)", "、".join(self.romanized)))
        how = ["按分词边界匹配" if self.match == "token" else "子串匹配（词内也命中）"]
        how.append("同时匹配同音异形写法" if self.homophones else "")
        how.append("同一分句内前有否定词时不报" if self.negation else "不考虑否定词")
        sections.append(("匹配方式 (matching)", "；".join(h for h in how if h)))
        if self.exceptions:
            sections.append(("例外 (exceptions)", "、".join(self.exceptions)))
        if self.requires:
            sections.append(("上下文条件 (requires, 同一句中须出现其一)", "、".join(self.requires)))
        if self.unless:
            sections.append(("出现即不报 (unless)", "；".join(c.written for c in self.unless)))
        return sections

    @model_validator(mode="after")
    def _check_type_fields(self) -> "PhraseRule":
        if not (self.patterns or self.romanized):
            raise ValueError("a phrase rule needs at least one entry in patterns or romanized")
        if self.homophones and self.category not in ("insult", "threat"):
            raise ValueError("homophones is only allowed for insult and threat rules")
        return self


@dataclass(frozen=True, slots=True)
class Hit:
    start: int
    end: int
    rule_index: int
    aligned: bool = False  # romanised hits are aligned by their own regex


def compile_phrases(
    rules: Sequence[PhraseRule],
    normalize,
    allowed_words: Sequence[str] = (),
    homophone_variants=None,
    classes: dict | None = None,
) -> tuple[dict[str, tuple], list[str], dict[str, tuple[int, ...]], frozenset[str]]:
    """Matcher entries ``{normalised phrase: ((kind, rule index), ...)}``, the words to add to
    the segmenter's dictionary, romanised variants ``{letters: (rule index, ...)}`` and the
    keys that are homophone variants rather than patterns (for explanations)."""
    entries: dict[str, set] = {}

    def add(phrase: str, kind: int, rule_index: int) -> None:
        key = normalize(phrase)
        if key:
            entries.setdefault(key, set()).add((kind, rule_index))

    jieba_words: set[str] = set()
    roman: dict[str, set[int]] = {}
    variant_keys: set[str] = set()
    classes = classes or {}

    def expanded(phrases):
        return [p for template in phrases for p in expand_template(template, classes)]

    for index, rule in enumerate(rules):
        for pattern in expanded(rule.patterns):
            add(pattern, TRIGGER, index)
            jieba_words.add(normalize(pattern))
            if rule.homophones and homophone_variants is not None:
                for variant in homophone_variants(normalize(pattern)):
                    add(variant, TRIGGER, index)
                    variant_keys.add(normalize(variant))
        for phrase in expanded(rule.exceptions):
            add(phrase, EXCEPTION, index)
        for phrase in expanded(rule.requires):
            add(phrase, CONTEXT, index)
        for variant in rule.romanized:
            roman.setdefault(variant.replace(" ", ""), set()).add(index)
    for word in allowed_words:
        add(word, EXCEPTION, GLOBAL)
    # Equal values share one tuple (every homophone variant of a rule has the same one), which
    # makes the cached tables several times smaller and faster to load.
    shared: dict[tuple, tuple] = {}
    return (
        {key: shared.setdefault(tuple(sorted(value)), tuple(sorted(value))) for key, value in entries.items()},
        sorted(w for w in jieba_words if w),
        {key: tuple(sorted(value)) for key, value in roman.items()},
        frozenset(variant_keys) - jieba_words,
    )


class PhraseCheck:
    """Compiled phrase rules: one matcher over patterns, exceptions and context phrases."""

    def __init__(self, rules: Sequence[PhraseRule], env: Environment) -> None:
        self.rules = list(rules)
        self.env = env
        normalize = env.normalize

        def build():
            # Normalising every pattern and homophone variant is the costliest part of start-up.
            table = _homophone_table([
                [normalize(p) for t in r.patterns for p in expand_template(t, env.classes)] if r.homophones else []
                for r in self.rules
            ])
            return compile_phrases(self.rules, normalize, env.allowed_words, lambda p: table.get(p, []), env.classes)

        try:
            entries, jieba_words, roman, self._variant_keys = env.cache("phrase-tables", build)
        except homophones.TooManyVariants as exc:
            rule = self.rules[exc.group]
            raise RulesetError(
                f"{env.origin(rule.id)}: rule {rule.id}: field 'homophones': with its {len(rule.patterns):,} patterns, "
                f"the rules with homophones = true would have {exc}, the limit that keeps loading fast; "
                "keep homophones for short insult and threat words"
            ) from None
        self._conditions = [rule_conditions(rule, env.classes, normalize) for rule in self.rules]
        self._entries = entries
        self._slot = env.lexicon.register(entries)
        env.lexicon.add_gate(self._gate)
        env.add_words(jieba_words)
        self._roman = roman
        self._roman_compiled: re.Pattern | None = None  # compiled on first Latin text

    def warm_up(self) -> None:
        self.env.segmenter.load()
        self.env.lexicon.warm_up()

    # -- batch pre-filter --------------------------------------------------------------------
    def candidates(self, batch: Batch) -> set[int]:
        """Items with a trigger (one whose every rule ``requires`` a context phrase — 花呗
        needs 你去借 — counts only with a context phrase of one of those rules in the item;
        see ``_gate``), or, in text with Latin letters, a romanised variant."""
        flagged = set(batch.gated)
        text = batch.normalized
        if self._roman and _has_latin(text):
            flagged.update(batch.item_at(match.start()) for match in self._roman_re().finditer(text))
        return flagged

    def _roman_re(self) -> re.Pattern:
        if self._roman_compiled is None:
            self._roman_compiled = _compile_romanized(self._roman)
        return self._roman_compiled

    def _gate(self):
        # Exception and context words (家人, 单位) are far more frequent than triggers and are
        # left out of the scanner; a trigger maps to None, or to its rules' conditions (a
        # context word of the rule in the item) when every one of them needs a context phrase.
        conditional = [index for index, rule in enumerate(self.rules) if rule.requires]
        context_words: dict[int, list[str]] = {index: [] for index in conditional}
        triggers: dict[str, list[int] | int] = {}
        for key, value in self._entries.items():
            if len(value) == 1:  # most keys (every homophone variant): one rule, one kind
                kind, index = value[0]
                if kind == TRIGGER:
                    triggers[key] = index
                elif kind == CONTEXT:
                    context_words[index].append(key)
                continue
            rules = [index for kind, index in value if kind == TRIGGER]
            if rules:
                triggers[key] = rules
            for kind, index in value:
                if kind == CONTEXT:
                    context_words[index].append(key)
        condition = {index: self.env.lexicon.condition([words]) for index, words in context_words.items()}
        alone = {index: (condition[index],) if index in condition else None for index in range(len(self.rules))}
        keys: dict[str, object] = {}
        for key, rules in triggers.items():
            if isinstance(rules, int):
                keys[key] = alone[rules]
            else:
                keys[key] = tuple(condition[i] for i in rules) if all(i in condition for i in rules) else None
        return keys

    # -- matching ---------------------------------------------------------------------------
    def find(self, prepared: Prepared, scope: Scope) -> list[Finding]:
        text = prepared.norm.text
        triggers: list[Hit] = []
        others: list[tuple[int, int, int, int]] = []
        slot = self._slot
        for start, end, values in prepared.matches:
            entries = values[slot]
            if entries is None:
                continue
            for kind_code, rule_index in entries:
                if kind_code == TRIGGER:
                    if rule_index in scope:
                        triggers.append(Hit(start, end, rule_index))
                else:
                    others.append((kind_code, rule_index, start, end))
        if self._roman and _has_latin(text):
            for match in self._roman_re().finditer(text):
                for rule_index in self._roman[_SPACES_RE.sub("", match.group())]:
                    if rule_index in scope:
                        triggers.append(Hit(match.start(), match.end(), rule_index, aligned=True))
        if not triggers:
            return []
        context = facts(prepared, self.env.segmenter, self.env.facts_class)
        kept: list[Hit] = []
        contexts: dict[Hit, str] = {}
        for hit in triggers:
            rule = self.rules[hit.rule_index]
            if _excepted(others, hit):
                continue
            if rule.requires:
                found = _context(others, hit, context.sentence(hit.start))
                if found is None:
                    continue
                contexts[hit] = text[found[0] : found[1]]
            if rule.negation and context.negated(hit.start):
                continue
            if rule.match == "token" and not hit.aligned and not context.aligned(hit.start, hit.end):
                continue
            if rule.unless and verdict((), self._conditions[hit.rule_index][1], prepared.item, context, hit.start, hit.end, self.env.normalizer) is None:
                continue
            kept.append(hit)
        return [
            Finding(self.rules[hit.rule_index], *prepared.span(hit.start, hit.end), explanation=self._explain(text, hit, contexts.get(hit)))
            for hit in _drop_overlaps(kept)
        ]

    def _explain(self, text: str, hit: Hit, context: str | None) -> dict:
        matched = text[hit.start : hit.end]
        explanation = {"type": "phrase", "pattern": matched}
        if hit.aligned:
            explanation["via"] = "romanized"
        elif matched in self._variant_keys:
            explanation["via"] = "homophone"
        if context is not None:
            explanation["requires"] = context
        return explanation


def _excepted(others, hit: Hit) -> bool:
    return any(
        kind == EXCEPTION and rule in (hit.rule_index, GLOBAL) and start <= hit.start and hit.end <= end
        for kind, rule, start, end in others
    )


def _context(others, hit: Hit, sentence: tuple[int, int]) -> tuple[int, int] | None:
    """The span of a context phrase of the hit's rule in its sentence, if any."""
    lo, hi = sentence
    for kind, rule, start, end in others:
        if kind == CONTEXT and rule == hit.rule_index and lo <= start and end <= hi:
            return start, end
    return None


def _drop_overlaps(kept: list[Hit]) -> list[Hit]:
    """Per rule, keep the longest of overlapping hits (弄死 inside 弄死你 is one finding)."""
    kept.sort(key=lambda hit: (hit.rule_index, hit.start, -(hit.end - hit.start)))
    result: list[Hit] = []
    for hit in kept:
        if result and result[-1].rule_index == hit.rule_index and hit.start < result[-1].end:
            continue
        result.append(hit)
    result.sort(key=lambda hit: (hit.start, hit.rule_index))
    return result


def _homophone_table(groups: list[list[str]]) -> dict[str, list[str]]:
    """Homophone variants of each rule's patterns (``groups``: one list per rule)."""
    patterns = sorted({pattern for group in groups for pattern in group})
    if not patterns:
        return {}
    from ..engine.cache import load_cached, short_digest

    build = lambda: homophones.variant_table(groups)  # noqa: E731
    return load_cached(f"homophones-{short_digest(patterns)}", f"{homophones.VERSION}|" + "|".join(patterns), build)


_LATIN_RE = re.compile(r"[a-z]")
_SPACES_RE = re.compile(r"\s+")
def _has_latin(text: str) -> bool:
    return _LATIN_RE.search(text) is not None


def _compile_romanized(variants: dict[str, tuple[int, ...]]) -> re.Pattern:
    # Letters may be separated by spaces; the whole variant must stand alone as a Latin word
    # (not inside "sbc", an e-mail address or a domain name).
    # Each alternative starts with its literal first letter (the look-behind follows it) so the
    # regex engine can skip ahead to possible first letters.
    alternatives = sorted(variants, key=len, reverse=True)
    body = "|".join(
        re.escape(v[0]) + rf"(?<![a-z0-9@._\-]{re.escape(v[0])})" + "".join(r"\s*" + re.escape(c) for c in v[1:])
        for v in alternatives
    )
    return re.compile(rf"(?:{body})(?![a-z0-9@_\-]|\.[a-z0-9])")
