"""Conditions shared by the phrase and frame rule types, and phrase templates over word classes.

A condition is words (or ``@classes``) that must (``requires``) or must not (``unless``) occur
in a scope — the clause, the sentence or the utterance of the hit, the previous N utterances of
the call, or the whole call — said by a role. ``quoted`` ties it to quotation marks: "inside"
holds only when the hit stands inside quotes (reported speech: 催收员称“……”), "around" when
the quotes enclose just the hit (a term mentioned: 所谓“老赖”). A rule with any ``unless``
condition also leaves alone what ``TextFacts`` finds to be reported speech, a debtor's plain
yes/no question or a debtor's own account (``verdict``).

A phrase template is a literal with ``@class`` parts (``妈的@kin-object``): it stands for every
concatenation of the parts' words.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from ..engine.lexicon import literal_automaton, literal_regex, literal_spans
from ..rules.schema import Phrases

MAX_PREVIOUS = 20  # utterances a "previous:N" condition may look back
MAX_EXPANSIONS = 5000  # phrases one template may stand for
_SCOPE_RE = re.compile(r"^(?:clause|sentence|utterance|call|previous:(\d+))$")
CLASS_REF_RE = re.compile(r"@([a-z][a-z0-9]*(?:-[a-z0-9]+)*)")


class Condition(BaseModel):
    """Words (or @classes) that must (``requires``) or must not (``unless``) occur in a scope."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    any: Phrases = ()
    scope: str = "sentence"
    role: Literal["agent", "customer", "any"] = "any"
    quoted: Literal["no", "inside", "around"] = "no"

    @field_validator("scope")
    @classmethod
    def _check_scope(cls, value: str) -> str:
        match = _SCOPE_RE.match(value)
        if match is None:
            raise ValueError(f"unknown scope {value!r} (choose from clause, sentence, utterance, previous:N, call)")
        if match.group(1) is not None and not 1 <= int(match.group(1)) <= MAX_PREVIOUS:
            raise ValueError(f"previous:N needs 1 ≤ N ≤ {MAX_PREVIOUS}")
        return value

    @model_validator(mode="after")
    def _check_words(self) -> "Condition":
        if not self.any and self.quoted != "around":
            raise ValueError("a condition needs words in any (only quoted = \"around\" may go without)")
        if self.quoted != "no" and self.scope not in ("clause", "sentence", "utterance"):
            raise ValueError("quoted conditions look at the hit's own utterance: use scope clause, sentence or utterance")
        return self

    @property
    def written(self) -> str:
        role = "" if self.role == "any" else f", {self.role}"
        quoted = {"no": "", "inside": ", 命中在引号内", "around": ", 引号只括住命中"}[self.quoted]
        words = "|".join(self.any) if self.any else "引号"
        return f"{words} ({self.scope}{role}{quoted})"

    def class_names(self) -> list[str]:
        return [name for word in self.any for name in CLASS_REF_RE.findall(word)]


def expand_template(phrase: str, classes: dict) -> list[str]:
    """Every phrase a template stands for: ``妈的@kin-object`` → 妈的情况, 妈的病, …"""
    parts = CLASS_REF_RE.split(phrase)
    if len(parts) == 1:
        return [phrase]
    # split() alternates literal, class name, literal, …
    choices = [(part,) if i % 2 == 0 else tuple(classes[part]) for i, part in enumerate(parts)]
    return ["".join(combo) for combo in itertools.islice(itertools.product(*choices), MAX_EXPANSIONS)]


def template_classes(phrases) -> list[str]:
    return [name for phrase in phrases for name in CLASS_REF_RE.findall(phrase)]


@dataclass(frozen=True)
class CompiledCondition:
    written: str
    scope: str
    previous: int | None
    role: str
    quoted: str
    # (condition, classes, normalize): what ``regex`` is built from on first use — most rules'
    # conditions are never looked at in a run (building them all took ~0.2 s of every start).
    source: tuple[Any, ...] = field(repr=False, compare=False)

    @cached_property
    def words(self) -> tuple[str, ...]:
        """The condition's words, normalised, templates expanded, in order, without repeats."""
        condition, classes, normalize = self.source
        return tuple(w for w in dict.fromkeys(normalize(w) for phrase in condition.any for w in expand_template(phrase, classes)) if w)

    @property
    def has_words(self) -> bool:
        """Whether the condition names words (else it is about quotation marks only)."""
        return bool(self.source[0].any)

    @cached_property
    def regex(self) -> re.Pattern | None:
        """The condition's words as one regex, for earlier utterances; None without words."""
        return literal_regex(self.words) if self.has_words else None

    @cached_property
    def automaton(self):
        """The condition's words for searching inside an item (``_whole_word``)."""
        return literal_automaton(self.words)


def compile_condition(condition: Condition, classes: dict, normalize) -> CompiledCondition:
    match = _SCOPE_RE.match(condition.scope)
    previous = int(match.group(1)) if match.group(1) else None
    scope = "previous" if previous else condition.scope
    return CompiledCondition(condition.written, scope, previous, condition.role, condition.quoted, (condition, classes, normalize))


def _whole_word(condition: CompiledCondition, context, low: int, high: int, hit: tuple[int, int] | None):
    """The first of the condition's words in text[low:high] that stands on token boundaries, or
    lies inside ``hit`` with the tokens around it (the hit's own words count for ``requires``). Overlapping words are all
    tried: a longer word that is not a whole word does not hide a shorter one it overlaps."""
    text = context.text
    automaton = condition.automaton
    if automaton is None:
        return None
    for start, end, _ in literal_spans(automaton, text, low, high):
        if context.aligned(start, end) or (hit is not None and _inside(context, start, end, hit)):
            return text[start:end]
    return None


def _inside(context, start: int, end: int, hit: tuple[int, int]) -> bool:
    """Whether [start, end) lies inside ``hit`` and so do the tokens its edges fall in (欠 of
    欠款 in the hit 欠款打我卡上 does; 还 of 还是 in the hit 取现还 does not)."""
    if not (hit[0] <= start and end <= hit[1]):
        return False
    for position, at_start in ((start, True), (end, False)):
        token = context.token_at(position, at_start)
        if token is not None and not (hit[0] <= token[0] and token[1] <= hit[1]):
            return False
    return True


def holds(condition: CompiledCondition, item, context, start: int, end: int, normalizer, inside: bool = False):
    """The word that makes ``condition`` hold for the hit at normalised [start, end) (truthy),
    or None. ``context`` is the item's TextFacts; with ``inside``, a word within the hit counts
    even where it is not a whole word of the text."""
    if condition.scope in ("clause", "sentence", "utterance"):
        if condition.role != "any" and item.speaker != condition.role:
            return None
        if condition.scope == "utterance":
            low, high = 0, len(context.text)
        else:
            low, high = context.clause(start) if condition.scope == "clause" else context.sentence(start)
        if condition.quoted != "no":
            quote = context.quotation(start, end)
            if quote is None:
                return None
            if condition.quoted == "around":
                if quote[0] < start - 3 or quote[1] > end + 3:
                    return None
                if not condition.has_words:
                    return context.text[quote[0] - 1 : quote[1] + 1]
        if not condition.has_words:
            return None
        # Words count on token boundaries only (所谓 is not in 无所谓).
        return _whole_word(condition, context, low, high, (start, end) if inside else None)
    dialogue = item.dialogue
    if dialogue is None or item.turn is None:
        return None
    for turn in dialogue.visible(item.turn, condition.previous):
        if condition.role != "any" and dialogue.speaker(turn) != condition.role:
            continue
        match = condition.regex.search(dialogue.normalized(turn, normalizer))
        if match:
            return match.group()
    return None


def rule_conditions(rule, classes: dict, normalize) -> tuple[tuple[CompiledCondition, ...], tuple[CompiledCondition, ...]]:
    """(requires, unless) of a rule, compiled."""
    return tuple(
        tuple(compile_condition(c, classes, normalize) for c in getattr(rule, name, ()) if isinstance(c, Condition))
        for name in ("requires", "unless")
    )


def verdict(requires, unless, item, context, start: int, end: int, normalizer):
    """None when the conditions reject the hit, else the (condition, word) pairs that held."""
    met = []
    for condition in requires:
        word = holds(condition, item, context, start, end, normalizer, inside=True)
        if not word:
            return None
        met.append((condition.written, word))
    for condition in unless:
        if holds(condition, item, context, start, end, normalizer):
            return None
    if unless and (context.debtor_account(start) or context.asks(start) or context.reported(start) is not None):
        # A rule that takes exceptions also leaves reported speech, the debtor's own yes/no
        # questions and the debtor's own account alone (TextFacts.reported, .asks, .debtor_account);
        # checked last, for the few hits the rule's own conditions keep.
        return None
    return met
