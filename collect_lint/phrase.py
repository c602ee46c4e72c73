"""The phrase rule type: literal patterns (plus romanised and homophone variants) refined by
token boundaries, exceptions, negation, co-occurrence and scope."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Callable, Sequence

from .matcher import Matcher, PyAhoCorasickScanner, Scanner
from .models import Finding, Rule
from .segment import BLOCK_RE, Segmenter

TRIGGER, EXCEPTION, CONTEXT = 0, 1, 2
GLOBAL = -1  # rule index of allowed words that cancel any rule
# Joins the items of a batch for the pre-filter: neither noise nor Han nor in any pattern, so no
# pattern, number or noise squeezing runs across two items.
BATCH_SEPARATOR = "\x00"
_ITEM_END = "item-end"  # the scanner's value for BATCH_SEPARATOR

# Sentence ends (co-occurrence scope) and clause ends (negation scope).
_SENTENCE_END_RE = re.compile(r"[。！？!?；;\n]")
# Negation reaches back to the start of the clause; an enumeration (拘留、坐牢) stays inside it.
_CLAUSE_END = set("。！？!?；;\n，,：:")
NEGATORS = (
    "绝对不会", "绝不会", "决不会", "不会", "不得", "不能", "不可能", "不应", "不该", "不再", "不是",
    "不存在", "绝不", "决不", "从不", "从未", "从来没有", "从来不", "并未", "并不", "并没有", "没有",
    "没", "未", "不", "禁止", "严禁", "无权", "别", "杜绝", "拒绝", "反对",
)
# Words starting with a negator character that do not negate what follows (不得不 = must).
NOT_NEGATORS = (
    "不行", "不然", "不如", "不管", "不论", "不得不", "不光", "不仅", "不但", "不止", "不断", "不少",
    "不久", "不过", "不同", "不停", "不够", "不满", "没完", "没门", "别人", "别的", "别处", "未来",
    "未必", "禁止令", "不要脸", "没脸", "没良心", "没出息", "不是东西", "不是人",
)
# A negator followed at once by what the debtor fails to do (不还钱, 没钱, 不接电话, 别逼我) states
# a condition, not a negated threat: "不还钱就上门" stays a threat.
DEBTOR_ACTIONS = (
    "还", "给", "钱", "交", "付", "接", "理", "回", "配合", "处理", "听", "管", "逼", "怪", "怨", "想还",
    "打算还", "按时", "老实", "识相",
)
# A condition or consequence marker between the negator and the hit ends its scope.
TURN_WORDS = ("就", "才", "否则", "不然", "的话", "要是", "如果", "那么", "那就", "马上", "立刻", "立马", "等着")
_BARE_NEGATORS = frozenset(("不", "没", "没有", "别", "未"))
_NOT_NEGATOR_RE = re.compile("|".join(sorted(map(re.escape, NOT_NEGATORS), key=len, reverse=True)))
_DEBTOR_ACTION_RE = re.compile("|".join(sorted(map(re.escape, DEBTOR_ACTIONS), key=len, reverse=True)))
_TURN_RE = re.compile("|".join(sorted(map(re.escape, TURN_WORDS), key=len, reverse=True)))
_NEGATORS_ANY_RE = re.compile("|".join(sorted(map(re.escape, NEGATORS), key=len, reverse=True)))
_NEGATION_WINDOW = 16


@dataclass(frozen=True, slots=True)
class Hit:
    start: int
    end: int
    rule_index: int
    aligned: bool = False  # romanised hits are aligned by their own regex


def compile_phrases(
    rules: Sequence[Rule],
    normalize: Callable[[str], str],
    allowed_words: Sequence[str] = (),
    homophone_variants: Callable[[str], list[str]] | None = None,
) -> tuple[dict[str, tuple], list[str], dict[str, tuple[int, ...]]]:
    """Matcher entries ``{normalised phrase: ((kind, rule index), ...)}``, the words to add to
    the segmenter's dictionary, and romanised variants ``{letters: (rule index, ...)}``."""
    entries: dict[str, set] = {}

    def add(phrase: str, kind: int, rule_index: int) -> None:
        key = normalize(phrase)
        if key:
            entries.setdefault(key, set()).add((kind, rule_index))

    jieba_words: set[str] = set()
    roman: dict[str, set[int]] = {}
    for index, rule in enumerate(rules):
        for pattern in rule.patterns:
            add(pattern, TRIGGER, index)
            jieba_words.add(normalize(pattern))
            if rule.homophones and homophone_variants is not None:
                for variant in homophone_variants(normalize(pattern)):
                    add(variant, TRIGGER, index)
        for phrase in rule.exceptions:
            add(phrase, EXCEPTION, index)
        for phrase in rule.requires:
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
    )


class PhraseRules:
    """Compiled phrase rules: one matcher over patterns, exceptions and context phrases."""

    context_class: type["_TextContext"]  # set below; a baseline may swap in another segmentation

    def __init__(
        self,
        rules: Sequence[Rule],
        normalize: Callable[[str], str],
        matcher_factory: Callable[[dict], Matcher],
        segmenter_factory: Callable[[list[str]], Segmenter],
        scanner_factory: Callable[[dict], Scanner] | None = None,
        allowed_words: Sequence[str] = (),
        homophone_variants: Callable[[str], list[str]] | None = None,
        cache: Callable[[Callable[[], tuple]], tuple] | None = None,
    ) -> None:
        self.rules = list(rules)
        # Normalising every pattern and homophone variant is the costliest part of start-up;
        # ``cache(build)`` may return a stored result (the Linter keys it by rule-set contents).
        build = lambda: compile_phrases(self.rules, normalize, allowed_words, homophone_variants)  # noqa: E731
        entries, jieba_words, roman = cache(build) if cache is not None else build()
        self.matcher = matcher_factory(entries)
        self._entries = entries
        self._scanner_factory = scanner_factory or PyAhoCorasickScanner
        self._gate_state: tuple[Scanner, dict[int, re.Pattern]] | None = None
        self.segmenter = segmenter_factory(jieba_words)
        self._roman = roman
        self._roman_compiled: re.Pattern | None = None  # compiled on first Latin text

    def warm_up(self) -> None:
        """Load the segmenter's dictionary and build the batch pre-filter now."""
        self.segmenter.load()
        self._gate()

    # -- batch pre-filter --------------------------------------------------------------------
    def candidate_items(self, text: str) -> set[int]:
        """Indexes of the items of a batch where ``find`` may report: ``text`` is the items'
        normalised texts joined by ``BATCH_SEPARATOR``. One scanner pass finds the triggers
        and the separators, in order; a trigger whose every rule ``requires`` a
        context phrase (花呗 needs 你去借) counts only if a context phrase of one of those rules
        is in the same item. Romanised variants are not looked for (``romanized_starts``)."""
        scanner, contexts = self._gate()
        flagged: set[int] = set()
        pending: dict[int, tuple[int, ...]] = {}
        item = 0
        for rules in scanner.values(text):
            if rules is _ITEM_END:
                item += 1
            elif rules is None:
                flagged.add(item)
            elif item not in flagged:
                known = pending.get(item)
                pending[item] = rules if known is None or known == rules else (*known, *rules)
        if pending:
            parts = text.split(BATCH_SEPARATOR)
            for item, rules in pending.items():
                if item not in flagged and any(contexts[index].search(parts[item]) for index in rules):
                    flagged.add(item)
        return flagged

    def romanized_starts(self, text: str) -> list[int]:
        """Offsets in normalised ``text`` where a romanised variant may report."""
        if not self._roman or not _has_latin(text):
            return []
        return [match.start() for match in self._roman_re().finditer(text)]

    def _roman_re(self) -> re.Pattern:
        if self._roman_compiled is None:
            self._roman_compiled = _compile_romanized(self._roman)
        return self._roman_compiled

    def _gate(self) -> tuple[Scanner, dict[int, re.Pattern]]:
        # Built on first batch use. Exception and context words (家人, 单位) are far more frequent
        # than triggers and are left out of the scanner; a trigger maps to None, or to its rules
        # when every one of them needs a context phrase (a per-rule regex over the item's text).
        if self._gate_state is None:
            conditional = {index for index, rule in enumerate(self.rules) if rule.requires}
            alone = {index: (index,) if index in conditional else None for index in range(len(self.rules))}
            keys: dict[str, object] = {BATCH_SEPARATOR: _ITEM_END}
            context_words: dict[int, list[str]] = {index: [] for index in conditional}
            for key, value in self._entries.items():
                if len(value) == 1:  # most keys (every homophone variant): one rule, one kind
                    kind, index = value[0]
                    if kind == TRIGGER:
                        keys[key] = alone[index]
                    elif kind == CONTEXT:
                        context_words[index].append(key)
                    continue
                rules = tuple(index for kind, index in value if kind == TRIGGER)
                if rules:
                    keys[key] = rules if conditional.issuperset(rules) else None
                for kind, index in value:
                    if kind == CONTEXT:
                        context_words[index].append(key)
            contexts = {index: _literal_regex(words) for index, words in context_words.items()}
            self._gate_state = (self._scanner_factory(keys), contexts)
        return self._gate_state

    # -- matching ---------------------------------------------------------------------------
    def find(self, text: str, kind: str, speaker: str) -> list[tuple[Hit, Rule]]:
        """Hits on normalised ``text`` that survive every refinement, as (hit, rule)."""
        triggers: list[Hit] = []
        others: list[tuple[int, int, int, int]] = []
        for start, end, entries in self.matcher.iter(text):
            for kind_code, rule_index in entries:
                if kind_code == TRIGGER:
                    triggers.append(Hit(start, end, rule_index))
                else:
                    others.append((kind_code, rule_index, start, end))
        if self._roman and _has_latin(text):
            for match in self._roman_re().finditer(text):
                for rule_index in self._roman[_SPACES_RE.sub("", match.group())]:
                    triggers.append(Hit(match.start(), match.end(), rule_index, aligned=True))
        if not triggers:
            return []
        context = self.context_class(text, others, self.segmenter)
        kept: list[tuple[Hit, Rule]] = []
        for hit in triggers:
            rule = self.rules[hit.rule_index]
            if kind not in rule.kinds or speaker not in rule.speakers:
                continue
            if context.excepted(hit):
                continue
            if rule.requires and not context.has_context(hit):
                continue
            if rule.negation and context.negated(hit):
                continue
            if rule.match == "token" and not hit.aligned and not context.aligned(hit):
                continue
            kept.append((hit, rule))
        return _drop_overlaps(kept)


class _TextContext:
    """Lazily computed facts about one text, shared by all hits in it."""

    def __init__(self, text: str, others, segmenter: Segmenter) -> None:
        self.text = text
        self.others = others
        self.segmenter = segmenter
        self._sentence_ends: list[int] | None = None
        self._blocks: tuple[list[int], list[int]] | None = None  # starts, ends of jieba blocks

    def excepted(self, hit: Hit) -> bool:
        return any(
            kind == EXCEPTION and rule in (hit.rule_index, GLOBAL) and start <= hit.start and hit.end <= end
            for kind, rule, start, end in self.others
        )

    def sentence(self, position: int) -> tuple[int, int]:
        if self._sentence_ends is None:
            self._sentence_ends = [m.end() for m in _SENTENCE_END_RE.finditer(self.text)]
        ends = self._sentence_ends
        i = bisect_right(ends, position)
        return (ends[i - 1] if i else 0), (ends[i] if i < len(ends) else len(self.text))

    def has_context(self, hit: Hit) -> bool:
        lo, hi = self.sentence(hit.start)
        return any(
            kind == CONTEXT and rule == hit.rule_index and lo <= start and end <= hi
            for kind, rule, start, end in self.others
        )

    def negated(self, hit: Hit) -> bool:
        """A negator earlier in the clause whose scope reaches the hit (不会派人上门)."""
        text = self.text
        floor = max(0, hit.start - _NEGATION_WINDOW)
        clause_start = hit.start
        while clause_start > floor and text[clause_start - 1] not in _CLAUSE_END:
            clause_start -= 1
        window = text[clause_start : hit.start]
        skip_until = 0
        for match in _NEGATORS_ANY_RE.finditer(window):
            start, end = match.span()
            if start < skip_until:
                continue
            word = _NOT_NEGATOR_RE.match(window, start)
            if word is not None:
                skip_until = word.end()
                continue
            # A-not-A questions (是不是, 要不要, 有没有) ask; they do not negate.
            after = clause_start + start + 1
            if start > 0 and after < len(text) and window[start - 1] == text[after]:
                continue
            if match.group() in _BARE_NEGATORS and _DEBTOR_ACTION_RE.match(window, end):
                continue
            if _TURN_RE.search(window, end):
                continue
            return True
        return False

    def aligned(self, hit: Hit) -> bool:
        return self._is_boundary(hit.start, True) and self._is_boundary(hit.end, False)

    def _is_boundary(self, position: int, at_start: bool) -> bool:
        # At a start, look at the block holding text[position]; at an end, at text[position-1].
        probe = position if at_start else position - 1
        if self._blocks is None:
            spans = [match.span() for match in BLOCK_RE.finditer(self.text)]
            self._blocks = ([start for start, _ in spans], [end for _, end in spans])
        starts, ends = self._blocks
        i = bisect_right(starts, probe) - 1
        if i < 0 or probe >= ends[i]:
            return True  # the hit edge is not inside a jieba block: punctuation, symbols
        return position - starts[i] in self.block_boundaries(starts[i], ends[i])

    def block_boundaries(self, start: int, end: int) -> frozenset[int]:
        """Token boundaries of the jieba block text[start:end], relative to ``start``."""
        return self.segmenter.boundaries(self.text[start:end])


PhraseRules.context_class = _TextContext


def _drop_overlaps(kept: list[tuple[Hit, Rule]]) -> list[tuple[Hit, Rule]]:
    """Per rule, keep the longest of overlapping hits (弄死 inside 弄死你 is one finding)."""
    kept.sort(key=lambda pair: (pair[0].rule_index, pair[0].start, -(pair[0].end - pair[0].start)))
    result: list[tuple[Hit, Rule]] = []
    for hit, rule in kept:
        if result and result[-1][0].rule_index == hit.rule_index and hit.start < result[-1][0].end:
            continue
        result.append((hit, rule))
    result.sort(key=lambda pair: (pair[0].start, pair[0].rule_index))
    return result


_LATIN_RE = re.compile(r"[a-z]")
_SPACES_RE = re.compile(r"\s+")
_NEVER_RE = re.compile(r"(?!)")


def _literal_regex(words: list[str]) -> re.Pattern:
    """A regex that finds any of ``words`` (never matches when there are none)."""
    if not words:
        return _NEVER_RE
    return re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))


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


def finding(hit: Hit, rule: Rule, span: tuple[int, int]) -> Finding:
    return Finding(rule, span[0], span[1])
