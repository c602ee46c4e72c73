"""The frame rule type: structure over word classes, so one rule covers a family of phrasings.

A frame is a sequence of slots written as one string, ``"@harm-verb @second-person? @family"``:
a slot is a word class (``@family``), a literal (``全家``), alternatives (``砍|捅|@kill-verb``),
a value (``<night-time>``, ``<amount>``: checks/values.py), and ``?`` makes it optional. Slots
follow each other in order (or ``order = "any"``) with at most ``gap`` characters between
consecutive slots, inside one clause (or ``within = "sentence"``). Rules add conditions —
``requires`` / ``unless`` words in a scope (clause, sentence, utterance, the previous N
utterances of the call, the whole call) said by a role — and a position (``first``: only the
first N utterances of the speaker). Negation, exceptions and token boundaries work as for
phrase rules.

Speed: a frame is matched only in items that can hold it. Each frame has word sets that any
text it matches must hold — a word of every required slot (a value slot: one of its cues, such
as 点 or 元), and of every ``requires`` condition that looks inside the item — ranked by how
common their words are in ordinary text (engine/frequency.py), and a *shape*: a regex for its
slots in order with bounded gaps inside one clause. The rarest set's words (the key) go into
the shared lexicon (the one Aho-Corasick pass every text check shares) and the batch
pre-filter's scanner; an item holding a key word is tested for the frame's other sets (the
words of every set are found by one scanner pass over the item, or by the batch scanner's
own pass: ``Lexicon.word_sets``, a bit mask) and then its shape. Only frames that
pass are matched: from each hit of their anchor slot, with the other slots looked for in the
window next to it, then token boundaries, negation, exceptions and conditions. The batch
pre-filter and ``find`` test the same conditions (``Lexicon.holds``), so a batch passes on
every item where ``find`` may report. Tables are compiled once per ruleset and cached on
disk; regexes are compiled on first use.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache, partial
from typing import Literal, Sequence

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..engine.lexicon import literal_automaton, literal_pattern, literal_spans
from ..models import Finding
from ..rules.schema import Phrases, Romanized, TextRuleHeader
from .base import Batch, Environment, Prepared, Scope
from .conditions import Condition, expand_template, rule_conditions, template_classes, verdict
from .context import TextFacts, facts
from .values import VALUE_KINDS, ValueKind

MAX_GAP = 12  # characters between two slots: frames must stay local
_VALUE_WIDTH = 12  # the longest value expression a value slot is looked for over
_SLOT_RE = re.compile(r"^(?:@[a-z][a-z0-9-]*|<[a-z][a-z-]*>|[^\s@<>|?]+)(?:\|(?:@[a-z][a-z0-9-]*|<[a-z][a-z-]*>|[^\s@<>|?]+))*\??$")


@dataclass(frozen=True)
class Slot:
    """One parsed slot: its alternatives as ("class" | "word" | "value", name) and whether it may be missing."""

    written: str
    atoms: tuple[tuple[str, str], ...]
    optional: bool

    @property
    def values_only(self) -> bool:
        return all(kind == "value" for kind, _ in self.atoms)


@lru_cache(maxsize=8192)  # rules are validated, then their slots read again (~4 times per start)
def parse_slot(written: str) -> Slot:
    """``"砍|@kill-verb?"`` → Slot(atoms=(("word", "砍"), ("class", "kill-verb")), optional=True)."""
    if not _SLOT_RE.match(written):
        raise ValueError(f"slot {written!r}: write a word class (@family), a literal, a value (<amount>), alternatives with |, and ? for optional")
    body = written.removesuffix("?")
    atoms = []
    for part in body.split("|"):
        if part.startswith("@"):
            atoms.append(("class", part[1:]))
        elif part.startswith("<"):
            name = part[1:-1]
            if name not in VALUE_KINDS:
                raise ValueError(f"slot {written!r}: unknown value <{name}> (choose from {', '.join(f'<{v}>' for v in VALUE_KINDS)})")
            atoms.append(("value", name))
        else:
            atoms.append(("word", part))
    return Slot(written, tuple(atoms), written.endswith("?"))


class Frame(BaseModel):
    """Slots in order (or any order), with bounded gaps, inside one clause or sentence."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    slots: tuple[str, ...]
    order: Literal["fixed", "any"] = "fixed"
    gap: int = Field(default=4, ge=0)
    within: Literal["clause", "sentence"] = "clause"
    # The slot (1-based) whose hits a match is grown from; default: the required word slot with
    # the longest shortest word. (Which items are matched at all is decided by the rarest
    # word set, whatever the anchor: see the module docstring.)
    anchor: int | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value):
        if isinstance(value, str):
            value = {"slots": value}
        if isinstance(value, dict) and isinstance(value.get("slots"), str):
            value = {**value, "slots": tuple(value["slots"].split())}
        return value

    @field_validator("slots")
    @classmethod
    def _check_slots(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if not value:
            raise ValueError("a frame needs at least one slot")
        for written in value:
            parse_slot(written)
        return value

    @field_validator("gap")
    @classmethod
    def _check_gap(cls, value: int) -> int:
        if value > MAX_GAP:
            raise ValueError(f"gap {value} is too wide: frames need a bounded gap of at most {MAX_GAP} characters")
        return value

    @model_validator(mode="after")
    def _check_anchor(self) -> "Frame":
        slots = self.parsed()
        if self.anchor is not None:
            if not 1 <= self.anchor <= len(slots):
                raise ValueError(f"anchor {self.anchor}: the frame has {len(slots)} slots")
            slot = slots[self.anchor - 1]
            if slot.optional or slot.values_only:
                raise ValueError(f"anchor {self.anchor}: {slot.written!r} cannot anchor a frame (optional or a value)")
        elif not any(not s.optional and not s.values_only for s in slots):
            raise ValueError("a frame with no slot to anchor on: at least one required slot must hold words")
        return self

    def parsed(self) -> tuple[Slot, ...]:
        return tuple(parse_slot(written) for written in self.slots)

    @property
    def written(self) -> str:
        return " ".join(self.slots)


class FrameRule(TextRuleHeader):
    """Frames over word classes, with conditions and position."""

    type: Literal["frame"]
    frames: tuple[Frame, ...] = ()
    # Literal phrases, matched like a one-slot frame each.
    patterns: Phrases = ()
    # Latin spellings (pinyin, initials), matched like patterns, written without their spaces
    # (lao lai matches laolai); a whole Latin word only, as the segmenter cuts Latin runs whole.
    romanized: Romanized = ()
    # Phrases (templates with @classes allowed) that cancel a hit when they contain it or one
    # of its slots (教训 in 吸取教训, 出门小心 for @second-person @menace).
    exceptions: Phrases = ()
    negation: bool = True
    match: Literal["token", "substring"] = "token"
    requires: tuple[Condition, ...] = ()
    unless: tuple[Condition, ...] = ()
    # Only the first N utterances of the speaker in the call (or script).
    first: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _check_type_fields(self) -> "FrameRule":
        if not (self.frames or self.patterns or self.romanized):
            raise ValueError("a frame rule needs at least one entry in frames, patterns or romanized")
        return self

    def all_frames(self) -> list[Frame]:
        """The rule's frames, its patterns as one more frame of one slot."""
        frames = list(self.frames)
        literals = [*self.patterns, *dict.fromkeys(v.replace(" ", "") for v in self.romanized)]
        if literals:
            frames.append(Frame(slots=("|".join(literals),)))
        return frames

    def class_references(self) -> list[tuple[str, str]]:
        found = []
        for number, frame in enumerate(self.frames):
            for slot in frame.parsed():
                found.extend((f"frames.{number}.slots", name) for kind, name in slot.atoms if kind == "class")
        found.extend(("patterns", name) for name in template_classes(self.patterns))
        found.extend(("exceptions", name) for name in template_classes(self.exceptions))
        for field_name in ("requires", "unless"):
            for number, condition in enumerate(getattr(self, field_name)):
                found.extend((f"{field_name}.{number}.any", name) for name in condition.class_names())
        return found

    def doc_sections(self, classes: dict | None = None) -> list[tuple[str, str]]:
        sections = super().doc_sections(classes)
        for number, frame in enumerate(self.frames, start=1):
            how = f"{'任意顺序' if frame.order == 'any' else '按顺序'}，槽间至多{frame.gap}字，同一{'句' if frame.within == 'sentence' else '分句'}内"
            sections.append((f"框架 {number} (frame)", f"{frame.written}（{how}）"))
            if classes:
                sections.append((f"框架 {number} 可匹配如 (e.g.)", "、".join(generated_matches(frame, classes))))
        if self.patterns:
            sections.append(("模式 (patterns)", "、".join(self.patterns)))
        if self.romanized:
            sections.append(("拼音/缩写 (romanized)", "、".join(self.romanized)))
        sections.append(("匹配方式 (matching)", "；".join((
            "按分词边界匹配" if self.match == "token" else "子串匹配（词内也命中）",
            "同一分句内前有否定词时不报" if self.negation else "不考虑否定词",
        ))))
        if self.exceptions:
            sections.append(("例外 (exceptions)", "、".join(self.exceptions)))
        for label, conditions in (("须同时出现 (requires)", self.requires), ("出现即不报 (unless)", self.unless)):
            if conditions:
                sections.append((label, "；".join(c.written for c in conditions)))
        if self.first:
            sections.append(("位置 (first)", f"只看该说话人在通话中的前{self.first}句"))
        return sections


_VALUE_SAMPLES = {"night-time": "夜里十一点", "clock-time": "十点半", "amount": "2000元", "percent": "30%"}


def generated_matches(frame: Frame, classes: dict, count: int = 3) -> list[str]:
    """A few texts the frame matches, made from its slots' words (for the rule's docs)."""
    found = []
    for n in range(count):
        pieces = []
        for slot in frame.parsed():
            if slot.optional and n % 2:
                continue
            kind, name = slot.atoms[n % len(slot.atoms)]
            if kind == "class":
                words = classes.get(name) or ("…",)
                pieces.append(words[(n * 7) % len(words)])
            else:
                pieces.append(_VALUE_SAMPLES[name] if kind == "value" else name)
        found.append("".join(pieces))
    return list(dict.fromkeys(found))


@dataclass(frozen=True)
class _Slot:
    written: str
    optional: bool
    words: tuple[str, ...]  # normalised
    value_names: tuple[str, ...]
    width: int  # the longest text the slot can match (its window)

    @cached_property
    def automaton(self):
        """The slot's words (built on first use: most slots are never looked for)."""
        return literal_automaton(self.words)

    @cached_property
    def values(self) -> tuple[ValueKind, ...]:
        return tuple(VALUE_KINDS[name] for name in self.value_names)


@dataclass(frozen=True)
class _Frame:
    rule: int
    number: int  # 1-based among the rule's frames; the patterns' frame comes last
    written: str
    slots: tuple[_Slot, ...]
    anchor: int
    order: str
    gap: int
    within: str


@dataclass(frozen=True)
class _Gate:
    """What an item must hold before a frame is matched in it (``checks/frame.py`` docstring):
    a word of each word set in ``needs``, rarest first (``needs[0]``, the key, is looked for by
    the shared Aho-Corasick pass; the others by one regex search each), and text matching
    ``shape`` (the slots in order with bounded gaps in one clause; None for one slot)."""

    needs: tuple[tuple[str, ...], ...]
    shape: str | None
    key_share: float  # the key's estimated occurrences per dictionary token (for reports)


@dataclass(frozen=True)
class _Tables:
    frames: tuple[_Frame, ...]
    gates: tuple[_Gate, ...]
    exceptions: tuple[tuple[str, ...], ...]  # per rule, normalised
    keys: dict[str, tuple[int, ...]]  # a key word → the frames keyed on it


# Bump when the compiled tables change shape or meaning (they are cached on disk).
COMPILE_VERSION = 1


def compile_frames(rules: Sequence[FrameRule], classes: dict, normalize) -> _Tables:
    """Every frame's slots with normalised words and its gate, each rule's exceptions, and the
    key words for the lexicon (a word → the frames keyed on it)."""
    from ..engine.frequency import substring_frequencies

    def words_of(entries) -> tuple[str, ...]:
        found = []
        for kind, name in entries:
            found.extend(classes[name] if kind == "class" else (name,) if kind == "word" else ())
        return tuple(w for w in dict.fromkeys(normalize(w) for w in found) if w)

    frames: list[_Frame] = []
    needs: list[list[tuple[str, ...]]] = []
    exceptions: list[tuple[str, ...]] = []
    for rule_index, rule in enumerate(rules):
        conditions = _required_words(rule, classes, normalize)
        for frame_number, frame in enumerate(rule.all_frames(), start=1):
            slots = []
            for slot in frame.parsed():
                words = words_of(slot.atoms)
                values = tuple(name for kind, name in slot.atoms if kind == "value")
                width = max([len(w) for w in words] + [_VALUE_WIDTH if values else 0])
                slots.append(_Slot(slot.written, slot.optional, words, values, width))
            anchor = frame.anchor - 1 if frame.anchor else _auto_anchor(slots)
            frames.append(_Frame(rule_index, frame_number, frame.written, tuple(slots), anchor, frame.order, frame.gap, frame.within))
            required = [_slot_words(s, normalize) for s in slots if not s.optional]
            needs.append(list(dict.fromkeys(required + conditions)))
        words = (normalize(w) for phrase in rule.exceptions for w in expand_template(phrase, classes))
        exceptions.append(tuple(w for w in dict.fromkeys(words) if w))
    estimate = substring_frequencies(w for frame_needs in needs for words in frame_needs for w in words)
    gates = []
    keys: dict[str, list[int]] = {}
    for index, (frame, frame_needs) in enumerate(zip(frames, needs)):
        ranked = sorted(frame_needs, key=lambda words: (sum(estimate[w] for w in words), len(words), words))
        gates.append(_Gate(tuple(ranked), _shape(frame, normalize), sum(estimate[w] for w in ranked[0]) / _DICTIONARY_TOKENS))
        for word in ranked[0]:
            keys.setdefault(word, []).append(index)
    shared: dict[tuple, tuple] = {}  # equal payloads share one tuple
    return _Tables(tuple(frames), tuple(gates), tuple(exceptions), {w: shared.setdefault(tuple(v), tuple(v)) for w, v in keys.items()})


# About how many tokens jieba's dictionary counts (its frequencies' sum), to turn estimates
# into shares for reports.
_DICTIONARY_TOKENS = 60_000_000


def _slot_words(slot: _Slot, normalize) -> tuple[str, ...]:
    """Words one of which any text the slot matches holds: its words, and its values' cues."""
    cues = (normalize(cue) for name in slot.value_names for cue in VALUE_KINDS[name].cues)
    return tuple(sorted(set(slot.words) | {cue for cue in cues if cue}))


def _required_words(rule: FrameRule, classes: dict, normalize) -> list[tuple[str, ...]]:
    """Word sets of the rule's ``requires`` conditions that look inside the item itself (the
    others look at earlier utterances): one of each must be in the item for the rule to report."""
    found = []
    for condition in rule.requires:
        if condition.scope in ("clause", "sentence", "utterance") and condition.any:
            words = {normalize(w) for phrase in condition.any for w in expand_template(phrase, classes)}
            found.append(tuple(sorted(w for w in words if w)))
    return found


# Characters a frame's slots and gaps never cross (checks/context.py): clause ends but colons
# (23:30 is one clause), or sentence ends.
_CLAUSE_BREAKS = "。！？!?；;\n，,"
_SENTENCE_BREAKS = "。！？!?；;\n"
_MAX_ANY_ORDER = 4  # required slots of an any-order frame a shape is written for (4! orders)


def _shape(frame: _Frame, normalize) -> str | None:
    """A regex every text in which ``frame`` can match also matches, or None when it would add
    nothing to the word sets: its required slots in order (or in any order), each at most so
    many characters after the one before, with no clause or sentence end in between. A value
    slot stands for one of its cues (a value holds one: 点 in 十点半, 元 in 2000元), with room
    for the rest of the value around it; an optional word slot may sit between two others,
    an optional value widens the distance. Slots before the first and after the last required
    one are dropped."""
    breaks = _CLAUSE_BREAKS if frame.within == "clause" else _SENTENCE_BREAKS
    gap = frame.gap

    def within(width: int) -> str:
        return f"[^{breaks}]{{0,{width}}}"

    def margin(slot: _Slot) -> int:
        # How far from a neighbour the text that matches ``slot`` may lie: a word, ``gap``;
        # a cue, the gap and the rest of a value (a value starts within ``gap`` of its
        # neighbour and is at most ``gap + width`` long: it is looked for in that window).
        return 2 * gap + slot.width if slot.value_names else gap

    required = [slot for slot in frame.slots if not slot.optional]
    if len(required) < 2:
        return None
    if frame.order == "any":
        if len(required) > _MAX_ANY_ORDER:
            return None
        # Every slot is looked for in a window around the anchor.
        reach = 2 * (gap * len(frame.slots) + sum(slot.width for slot in frame.slots)) + max(slot.width for slot in frame.slots)
        alternatives = [_slot_pattern(slot, normalize) for slot in required]
        return "|".join(within(reach).join(order) for order in itertools.permutations(alternatives))
    first, last = frame.slots.index(required[0]), frame.slots.index(required[-1])
    pattern, after, extra = _slot_pattern(required[0], normalize), margin(required[0]), 0
    for slot in frame.slots[first + 1 : last + 1]:
        if slot.optional and slot.value_names:  # may be missing: room for it and a gap only
            extra += 2 * gap + slot.width
        elif slot.optional:  # when it is missing, the next slot may be as far as it
            pattern += f"(?:{within(after + extra)}{_slot_pattern(slot, normalize)})?"
        else:
            pattern += within(after + margin(slot) - gap + extra) + _slot_pattern(slot, normalize)
            after, extra = margin(slot), 0
    return pattern


def _slot_pattern(slot: _Slot, normalize) -> str:
    return "(?:" + literal_pattern(_slot_words(slot, normalize)) + ")"


class FrameCheck:
    def __init__(self, rules: Sequence[FrameRule], env: Environment) -> None:
        self.rules = list(rules)
        self.env = env
        tables = env.cache("frame-tables", lambda: compile_frames(self.rules, env.classes, env.normalize))
        self._frames = tables.frames
        self._gates = tables.gates
        lexicon = env.lexicon
        # A frame's condition: its other word sets and its shape (None: the key alone decides).
        self._conditions = [
            None if len(gate.needs) == 1 and gate.shape is None and not _has_value_slot(frame) else lexicon.condition(
                gate.needs[1:], gate.shape, partial(_may_match, frame) if _has_value_slot(frame) else None
            )
            for frame, gate in zip(self._frames, self._gates)
        ]
        self._condition_masks = [0 if c is None else lexicon.condition_mask(c) for c in self._conditions]
        self._rule_conditions = [rule_conditions(rule, env.classes, env.normalize) for rule in self.rules]
        self._exceptions = tables.exceptions
        self._slot = lexicon.register(tables.keys)
        lexicon.add_gate(self._gate_keys)
        self._anchor_matcher = None  # built on first need (see _anchors)
        self._exception_matcher = None  # built on first need (see _exception_spans)
        # Frame words stay out of the segmenter's dictionary: slots are read on jieba's own
        # tokens (and inside the phrase patterns it was given, see TextFacts.spans_words).

    def warm_up(self) -> None:
        self.env.segmenter.load()
        self.env.lexicon.warm_up()
        self._anchors()

    def _anchors(self):
        """One Aho-Corasick matcher over every frame's anchor words (a word → the frames it
        anchors): an item's anchor hits in one pass, however many words the anchor slots hold.
        Built on first need; a race builds it twice, alike, and one copy wins."""
        matcher = self._anchor_matcher
        if matcher is None:
            anchored: dict[str, list[int]] = {}
            for index, frame in enumerate(self._frames):
                for word in frame.slots[frame.anchor].words:
                    anchored.setdefault(word, []).append(index)
            matcher = self._anchor_matcher = self.env.matcher_factory({w: tuple(v) for w, v in anchored.items()})
        return matcher

    def candidates(self, batch: Batch) -> set[int]:
        return set(batch.gated)

    def _gate_keys(self) -> dict[str, tuple | None]:
        """Pre-filter keys: each frame's key words, conditional on the frame's condition."""
        keys: dict[str, tuple | None] = {}
        for gate, condition in zip(self._gates, self._conditions):
            for word in gate.needs[0]:
                if condition is None:
                    keys[word] = None
                elif keys.get(word, ()) is not None:
                    keys[word] = (*keys.get(word, ()), condition)
        return keys

    def gate_report(self) -> list[tuple[str, str, float]]:
        """(rule id, frame, share) per frame: the estimated share of dictionary tokens that are
        or hold its key words — the rarer, the fewer items the pre-filter looks at closer."""
        return [(self.rules[f.rule].id, f.written, gate.key_share) for f, gate in zip(self._frames, self._gates)]

    def _added(self) -> frozenset[str]:
        added = self.__dict__.get("_added_words")
        if added is None:
            added = self._added_words = self.env.segmenter_words
        return added

    # -- matching ---------------------------------------------------------------------------------
    def find(self, prepared: Prepared, scope: Scope) -> list[Finding]:
        slot = self._slot
        keyed: list[int] = []
        for _, _, values in prepared.matches:
            keys = values[slot]
            if keys is not None:
                keyed.extend(keys)
        if not keyed:
            return []
        frames = self._frames
        text = prepared.norm.text
        # Frames whose every word set is in the item and whose shape the text has: only these
        # are matched (most items with a key word stop here, before any segmentation).
        lexicon = self.env.lexicon
        conditions, masks = self._conditions, self._condition_masks
        live = []
        sets = None
        for index in sorted(set(keyed)):
            if frames[index].rule not in scope:
                continue
            condition = conditions[index]
            if condition is not None:
                if sets is None:
                    sets = lexicon.word_sets(text)
                mask = masks[index]  # most conditions fail on the word sets: test them here
                if sets & mask != mask or not lexicon.holds(condition, text, sets):
                    continue
            live.append(index)
        if not live:
            return []
        context = facts(prepared, self.env.segmenter, self.env.facts_class)
        added = self._added()
        exceptions: dict[int, list] | None = None  # per rule, found when a hit first gets that far
        hits: list[tuple[int, int, int, list]] = []  # rule, start, end, slot spans
        wanted = set(live)
        anchor_hits = sorted(
            ((start, end, index) for start, end, anchored in self._anchors().matches(text) for index in anchored if index in wanted),
            key=_by_end,
        )
        for start, end, index in anchor_hits:
            frame = frames[index]
            rule = self.rules[frame.rule]
            token = rule.match == "token"
            aligned = (lambda s, e: context.spans_words(s, e, added)) if token else None
            bounds = context.clause(start) if frame.within == "clause" else context.sentence(start)
            edge = (lambda position, at_start: context.edge_ok(position, at_start, added)) if token else None
            spans = _match_frame(frame, text, start, end, bounds, edge)
            if spans is None or (token and not _whole_words(spans, context, added)):
                continue
            low, high = spans[0][1], spans[-1][2]
            if rule.negation and context.negated(low):
                continue
            # An exception cancels the hit when it holds the whole hit or one of its slots.
            if exceptions is None:
                exceptions = self._exception_spans(text)
            if any(
                (aligned is None or aligned(s, e)) and any(s <= a and b <= e for _, a, b in [(None, low, high), *spans])
                for s, e in exceptions.get(frame.rule, ())
            ):
                continue
            requires, unless = self._rule_conditions[frame.rule]
            met = verdict(requires, unless, prepared.item, context, low, high, self.env.normalizer)
            if met is None:
                continue
            if rule.first is not None and not _among_first(prepared.item, rule.first):
                continue
            hits.append((frame.rule, low, high, [(frame, spans, met)]))
        return [self._finding(prepared, hit) for hit in _drop_overlaps(hits)]

    def _exception_spans(self, text: str) -> dict[int, list[tuple[int, int]]]:
        """Where each rule's exceptions occur in ``text`` (rule index → spans, overlapping ones
        included), found in one Aho-Corasick pass over every rule's exception words (built on
        first need, like ``_anchors``)."""
        matcher = self._exception_matcher
        if matcher is None:
            owners: dict[str, list[int]] = {}
            for rule, words in enumerate(self._exceptions):
                for word in words:
                    owners.setdefault(word, []).append(rule)
            matcher = self._exception_matcher = self.env.matcher_factory({w: tuple(v) for w, v in owners.items()})
        found: dict[int, list[tuple[int, int]]] = {}
        for start, end, rules in matcher.matches(text):
            for rule in rules:
                found.setdefault(rule, []).append((start, end))
        return found

    def _finding(self, prepared: Prepared, hit) -> Finding:
        rule_index, low, high, ((frame, spans, met),) = hit
        item_text = prepared.item.text
        explanation = {
            "type": "frame",
            "frame": frame.written if frame.number <= len(self.rules[rule_index].frames) else "patterns",
            "slots": [[frame.slots[i].written, item_text[slice(*prepared.span(s, e))]] for i, s, e in spans],
        }
        if met:
            explanation["requires"] = [[written, word] for written, word in met]
        return Finding(self.rules[rule_index], *prepared.span(low, high), explanation=explanation)


def _has_value_slot(frame: _Frame) -> bool:
    """Whether a required slot of ``frame`` holds only values (<night-time>): its cues (点, 时)
    are common, so the word sets and the shape let many items through that hold no value."""
    return any(not slot.optional and slot.value_names and not slot.words for slot in frame.slots)


def _may_match(frame: _Frame, text: str) -> bool:
    """Whether ``frame``'s slots can be found around one of its anchor hits, values read and
    checked, as ``find`` looks for them but without token boundaries (so never False where
    ``find`` reports)."""
    context = TextFacts(text, None)
    for start, end, _ in _anchor_hits([frame], [0], text):
        bounds = context.clause(start) if frame.within == "clause" else context.sentence(start)
        if _match_frame(frame, text, start, end, bounds) is not None:
            return True
    return False


def _occurrences_of(words: Sequence[str], text: str) -> list[tuple[int, int]]:
    """Every occurrence of each of ``words`` in ``text``, overlapping ones included."""
    found = []
    for word in words:
        at = text.find(word)
        while at >= 0:
            found.append((at, at + len(word)))
            at = text.find(word, at + 1)
    return found


def _anchor_hits(frames: Sequence[_Frame], indexes: Sequence[int], text: str) -> list[tuple[int, int, int]]:
    """(start, end, frame index) for every occurrence of each frame's anchor words, in the
    order an Aho-Corasick pass reports them (by end; the longer first), then by frame."""
    hits = [
        (start, end, index)
        for frame, index in zip(frames, indexes)
        for start, end in _occurrences_of(frame.slots[frame.anchor].words, text)
    ]
    hits.sort(key=_by_end)
    return hits


def _by_end(hit: tuple[int, int, int]) -> tuple[int, int, int]:
    """Anchor hits in the order an Aho-Corasick pass reports them (by end; the longer first),
    then by frame."""
    return hit[1], hit[0], hit[2]


def _auto_anchor(slots: list[_Slot]) -> int:
    choices = [i for i, s in enumerate(slots) if not s.optional and s.words]
    return max(choices, key=lambda i: (min(len(w) for w in slots[i].words), -len(slots[i].words)))


def _whole_words(spans, context, added: frozenset[str]) -> bool:
    """Whether every slot of a match reads as whole words: each slot edge is a token boundary,
    or lies inside a token that the matched slots cover entirely (找你家人: 你 + 家人 over the
    token 你家) or that is a rule pattern given to the segmenter. A slot inside a longer word
    (砍 in 砍价) fails. One-character slots (让, 到, 你) are often glued to a neighbour by
    jieba (就让, 就到) and need no boundary."""
    covered = [(s, e) for _, s, e in spans]
    for _, s, e in spans:
        if e - s == 1:
            continue
        for position, at_start in ((s, True), (e, False)):
            token = context.token_at(position, at_start)
            if token is None:
                continue
            t_start, t_end = token
            if context.text[t_start:t_end] in added:
                continue
            if not _covers(covered, t_start, t_end):
                return False
    return True


def _covers(spans, start: int, end: int) -> bool:
    position = start
    for s, e in sorted(spans):
        if s <= position < e:
            position = e
    return position >= end


def _occurrences(slot: _Slot, text: str, low: int, high: int) -> list[tuple[int, int]]:
    """Where ``slot`` matches inside text[low:high] (whole-word checks come after the match):
    from the left, the longest word at each place, then on after it; and the slot's shorter
    words inside each such match (还 in 还上, 公安局 in 市公安局: the longer one may not be a
    whole word), listed word by word as the slot holds them."""
    found = []
    if slot.automaton is not None:
        spans = literal_spans(slot.automaton, text, low, high)
        position = low
        for start, end, _ in spans:
            if start < position:
                continue
            found.append((start, end))
            found.extend((s, e) for _, s, e in sorted((n, s, e) for s, e, n in spans if start <= s and e <= end and e - s < end - start))
            position = end
    for value in slot.values:
        found.extend(value.spans(text, low, high))
    return found


def _match_frame(frame: _Frame, text: str, start: int, end: int, bounds: tuple[int, int], edge=None):
    """The slot spans [(slot index, start, end), ...] of ``frame`` around an anchor hit, or None.
    ``edge(position, at_start)`` says whether a slot may end (start) there as a whole word; an
    edge inside a word is allowed only where the next (previous) slot continues at once."""
    lo, hi = bounds
    slots, anchor, gap = frame.slots, frame.anchor, frame.gap
    if frame.order == "any":
        return _match_any_order(frame, text, start, end, bounds)

    def whole(s: int, e: int, position: int, at_start: bool) -> bool:
        return edge is None or e - s == 1 or edge(position, at_start)

    def right(index: int, position: int) -> list | None:
        if index == len(slots):
            return []
        slot = slots[index]
        for s, e in sorted(_occurrences(slot, text, position, min(hi, position + gap + slot.width)), key=lambda span: (span[0], -span[1])):
            if s - position <= gap:
                rest = right(index + 1, e)
                if rest is not None and (whole(s, e, e, False) or (rest and rest[0][1] == e)):
                    return [(index, s, e), *rest]
        return right(index + 1, position) if slot.optional else None

    def left(index: int, position: int) -> list | None:
        if index < 0:
            return []
        slot = slots[index]
        window = _occurrences(slot, text, max(lo, position - gap - slot.width), position)
        for s, e in sorted(window, key=lambda span: (-span[1], span[0])):
            if e <= position and position - e <= gap:
                rest = left(index - 1, s)
                if rest is not None and (whole(s, e, s, True) or (rest and rest[-1][2] == s)):
                    return [*rest, (index, s, e)]
        return left(index - 1, position) if slot.optional else None

    after = right(anchor + 1, end)
    if after is None:
        return None
    before = left(anchor - 1, start)
    if before is None:
        return None
    return [*before, (anchor, start, end), *after]


def _match_any_order(frame: _Frame, text: str, start: int, end: int, bounds: tuple[int, int]):
    lo, hi = bounds
    reach = frame.gap * len(frame.slots) + sum(slot.width for slot in frame.slots)
    window = (max(lo, start - reach), min(hi, end + reach))
    chosen = [(frame.anchor, start, end)]
    for index, slot in enumerate(frame.slots):
        if index == frame.anchor:
            continue
        spans = [(s, e) for s, e in _occurrences(slot, text, *window) if not any(s < ce and cs < e for _, cs, ce in chosen)]
        if not spans:
            if slot.optional:
                continue
            return None
        s, e = min(spans, key=lambda span: min(abs(span[0] - end), abs(start - span[1])))
        chosen.append((index, s, e))
    chosen.sort(key=lambda span: span[1])
    if any(b[1] - a[2] > frame.gap for a, b in zip(chosen, chosen[1:])):
        return None
    return chosen


def _among_first(item, count: int) -> bool:
    dialogue = item.dialogue
    if dialogue is None or item.turn is None:
        return True
    return dialogue.rank(item.turn) < count


def _drop_overlaps(hits: list) -> list:
    """Per rule, keep the longest of overlapping hits."""
    hits.sort(key=lambda hit: (hit[0], hit[1], -(hit[2] - hit[1])))
    kept: list = []
    for hit in hits:
        if kept and kept[-1][0] == hit[0] and hit[1] < kept[-1][2]:
            continue
        kept.append(hit)
    kept.sort(key=lambda hit: (hit[1], hit[0]))
    return kept
