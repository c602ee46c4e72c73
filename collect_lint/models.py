"""Data shared by every stage: the vocabularies (severities, categories, kinds, speakers,
profiles), input items, findings and the one ``Diagnostic`` model every output renders.

Rule models live in ``rules/`` (the shared header) and ``checks/`` (one model per rule type).
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, ClassVar, Literal, Sequence, get_args

from pydantic import BaseModel, ConfigDict, Field

from .personal_data import mask_personal_numbers

if TYPE_CHECKING:
    from .rules.schema import RuleHeader


class Severity(str, Enum):
    """How serious a finding is: ``error`` > ``warning`` > ``info`` (``rank`` orders them;
    ``--fail-on`` and policies' verdicts compare by it)."""

    error = "error"
    warning = "warning"
    info = "info"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.info: 0, Severity.warning: 1, Severity.error: 2}

Category = Literal["threat", "insult", "privacy", "deception", "repayment", "disclosure", "hours", "frequency"]
CATEGORIES: tuple[str, ...] = get_args(Category)
# The linter's own notes about suppression comments (CL-X…) have this category.
MetaCategory = Literal["suppression"]
Speaker = Literal["agent", "customer", "third_party"]
SPEAKERS: tuple[str, ...] = get_args(Speaker)
Kind = Literal["script", "sms", "template", "transcript"]
KINDS: tuple[str, ...] = get_args(Kind)
# Contact-rule profiles (--profile): which jurisdiction's hours and caps apply.
Profile = Literal["cn", "us"]
PROFILES: tuple[str, ...] = get_args(Profile)


@dataclass(slots=True, unsafe_hash=True)
class Item:
    """One unit of text to check, with where it came from. Treat it as immutable: it is not a
    frozen dataclass only because a frozen one's ``__init__`` sets every field through
    ``object.__setattr__``, which made creating items half the cost of parsing a script.

    ``line``/``column`` locate ``text[0]`` in the source (1-based). ``positions`` maps each
    character of ``text`` to its (line, column) when the text is not a plain slice of one line
    (e.g. a JSON string with escapes); it then has ``len(text) + 1`` entries.
    """

    text: str
    kind: Kind = "script"
    speaker: Speaker = "agent"
    path: str | None = None
    line: int = 1
    column: int = 1
    positions: "Sequence[tuple[int, int]] | None" = None
    call_id: str | None = None
    utterance: int | None = None
    agent_id: str | None = None
    template_id: str | None = None
    debtor_id: str | None = None
    # The conversation the item is part of (a call, a script) and its place in it, for rules
    # that look at earlier or other utterances; None for a message checked on its own.
    dialogue: "Dialogue | None" = field(default=None, compare=False)
    turn: int | None = field(default=None, compare=False)

    def locate(self, index: int) -> tuple[int, int]:
        """(line, column) of character ``index`` of ``text`` in the source."""
        if self.positions is not None:
            return self.positions[index]
        newline = self.text.rfind("\n", 0, index)
        if newline < 0:
            return self.line, self.column + index
        return self.line + self.text.count("\n", 0, index), index - newline

    def locate_end(self, end: int) -> tuple[int, int]:
        """(line, column) just after character ``end - 1`` in the source: after the whole of
        its spelling there (an escape such as ``\\u8d56`` is one character of ``text``)."""
        line, column = self.locate(end - 1)
        if self.positions is not None and end < len(self.positions):
            next_line, next_column = self.positions[end]
            if next_line == line and next_column > column:
                return line, next_column
        return line, column + 1


class Dialogue:
    """The turns of one conversation as (speaker, text), shared by its items; normalised texts
    are made on first request (rules that look at other utterances are rare).

    A dialogue read from a stream (a script file) is built with ``add`` and a ``window``: it
    keeps only the last ``window`` turns, so memory stays flat however long the file is; rules
    that look at the whole conversation then see those turns.
    """

    __slots__ = ("_turns", "_source", "_normalized", "_window", "_first", "_ranks", "_counts")

    def __init__(self, turns=None, source=None, window: int | None = None) -> None:
        self._turns = turns if turns is not None or source is not None else []
        self._source = source  # a callable giving the turns, when they are costly to list
        self._normalized: dict[int, str] = {}
        self._window = window
        self._first = 0  # number of the oldest turn kept
        self._ranks: deque[int] = deque()  # per kept turn: earlier turns of the same speaker
        self._counts: dict[str, int] = {}
        if window is not None:
            self._turns = deque()

    @property
    def turns(self):
        if self._turns is None:
            self._turns = self._source()
        return self._turns

    def add(self, speaker: str, text: str) -> int:
        """Append a turn; returns its number."""
        turns = self.turns
        number = self._first + len(turns)
        turns.append((speaker, text))
        if self._window is not None:
            rank = self._counts.get(speaker, 0)
            self._counts[speaker] = rank + 1
            self._ranks.append(rank)
            if len(turns) > self._window:
                turns.popleft()
                self._ranks.popleft()
                self._normalized.pop(self._first, None)
                self._first += 1
        return number

    def __len__(self) -> int:
        return self._first + len(self.turns)

    def speaker(self, turn: int) -> str:
        return self.turns[turn - self._first][0]

    def visible(self, turn: int, previous: int | None) -> range:
        """The turns a rule at ``turn`` may look at: the ``previous`` ones, else all kept."""
        if previous:
            return range(max(self._first, turn - previous), turn)
        return range(self._first, len(self))

    def rank(self, turn: int) -> int:
        """How many earlier turns have the speaker of ``turn``."""
        if self._window is not None:
            return self._ranks[turn - self._first]
        turns = self.turns
        speaker = turns[turn][0]
        return sum(1 for who, _ in turns[:turn] if who == speaker)

    def normalized(self, turn: int, normalizer) -> str:
        text = self._normalized.get(turn)
        if text is None:
            text = self._normalized[turn] = normalizer.normalize_text(self.turns[turn - self._first][1])
        return text


@dataclass(frozen=True, slots=True)
class Finding:
    """A rule hit inside one item, in item-text offsets (end exclusive).

    The check that found it decides how it is shown: ``fix`` replaces the rule's own fix (a
    masked number), ``mask`` is the masked form of the matched text when it is personal data
    (shown instead of it unless matches are shown), ``detail`` is appended to the message.
    """

    rule: "RuleHeader"
    start: int
    end: int
    detail: str | None = None
    fix: str | None = None
    mask: str | None = None
    # Why it fired, JSON-safe: the pattern or frame, which words filled which slot, which
    # condition held.
    explanation: dict | None = None


class Diagnostic(BaseModel):
    """A reported violation: the one model every output format renders."""

    # Built on first use: a run without findings never needs the validator (cold start).
    model_config = ConfigDict(frozen=True, defer_build=True)

    path: str | None = None
    line: int
    column: int
    end_line: int
    end_column: int
    rule: str
    name: str
    category: Category | MetaCategory
    severity: Severity
    message: str
    text: str
    suggestion: str | None = Field(None, description="A compliant rewording (Chinese).")
    reference: str | None = Field(None, description="The regulation or guideline the rule cites.")
    fix: str | None = Field(None, description="The replacement `--fix` writes, when there is one.")
    call_id: str | None = Field(None, description="Transcripts: the call the utterance belongs to.")
    speaker: Speaker | None = Field(None, description="Scripts and transcripts: who said it.")
    utterance: int | None = Field(None, description="Transcripts: the utterance's index in its call.")
    agent_id: str | None = Field(None, description="Transcripts: the agent on the call.")
    template_id: str | None = Field(None, description="Template files: the template's id.")
    debtor_id: str | None = Field(None, description="Transcripts: the debtor called.")
    masked: bool = False
    # Why the rule fired (see Finding.explanation); None for findings over whole calls.
    explanation: dict | None = None
    # Stable identity for baselines and SARIF: hash of rule + normalised matched text, and the
    # occurrence index among equal hashes in the file ("<hash>:<n>"); no line numbers.
    fingerprint: str | None = None
    # With a review (workflow/review.py): {"id", "state", "reason"?}; JSON shows it as "review".
    review: dict | None = None
    # Set only on findings an inline comment or the baseline suppressed, which a run passes on
    # (not counted) to formats that show them (SARIF): {"kind": "inSource" | "external",
    # "justification": the written reason, "baselined": bool}.
    suppression: dict | None = None

    # The keys of the CLI's JSON / JSONL object, in order (``masked`` and ``fingerprint`` stay
    # internal); the service returns the same objects.
    JSON_FIELDS: ClassVar[tuple[str, ...]] = (
        "path", "line", "column", "end_line", "end_column", "rule", "name", "category", "severity",
        "message", "text", "suggestion", "reference", "fix", "call_id", "speaker", "utterance",
        "agent_id", "debtor_id", "template_id", "explanation",
    )

    def to_json_dict(self) -> dict:
        """This diagnostic as the CLI's ``--format json`` / ``jsonl`` object (JSON-safe values),
        the one serializer the CLI, the service and library users share; with a review, also
        ``"review"`` (its id and state)."""
        data = self.model_dump(mode="json")
        result = {key: data[key] for key in self.JSON_FIELDS}
        if self.review is not None:
            result["review"] = dict(self.review)
        return result

    @staticmethod
    def rule_fields(rule) -> dict:
        """The fields a diagnostic takes from its rule."""
        return {
            "rule": rule.id, "name": rule.name, "category": rule.category, "severity": rule.severity,
            "suggestion": rule.suggestion, "reference": rule.reference,
        }

    @classmethod
    def from_finding(cls, item: Item, finding: Finding, show_matches: bool = False) -> "Diagnostic":
        """The diagnostic of ``finding`` in ``item``: positions in the original text, personal
        data masked unless ``show_matches``."""
        rule = finding.rule
        line, column = item.locate(finding.start)
        end_line, end_column = item.locate_end(finding.end)
        masked = finding.mask is not None and not show_matches
        return cls(
            **cls.rule_fields(rule),
            path=item.path, line=line, column=column, end_line=end_line, end_column=end_column,
            message=rule.message if finding.detail is None else f"{rule.message}（{finding.detail}）",
            text=finding.mask if masked else item.text[finding.start : finding.end],
            fix=finding.fix if finding.fix is not None else getattr(rule, "fix", None),
            call_id=item.call_id,
            speaker=item.speaker if item.kind in ("script", "transcript") else None,
            utterance=item.utterance,
            agent_id=item.agent_id,
            template_id=item.template_id,
            debtor_id=item.debtor_id,
            masked=masked,
            explanation=finding.explanation,
        )

    def sort_key(self) -> tuple:
        return (self.path or "", self.line, self.column, self.rule)


@dataclass(slots=True)
class Utterance:
    """One turn of a call: who spoke and what (``index`` is its place in the record's list)."""

    speaker: Speaker
    text: str
    index: int
    line: int  # JSONL line / CSV row of this utterance
    start: float | None = None


@dataclass(slots=True)
class Call:
    """One call (or one sent message, ``channel == "sms"``) of a transcript export."""

    path: str | None  # None for a contact checked without an export (collect_lint.contact)
    line: int  # JSONL line, or the CSV row of the call's first utterance
    call_id: str | None
    debtor_id: str | None
    started_at: datetime | None  # aware, in the debtor's local time zone
    started_raw: str | None
    channel: str = "call"
    agent_id: str | None = None
    connected: bool | None = None
    utterances: list[Utterance] = field(default_factory=list)
    # Exact positions of fields in the export, computed on demand (inputs/transcripts/locate.py);
    # never sent between processes.
    locator: object | None = None
    # Set when a worker process sends back only the utterances the main process needs.
    utterance_count: int | None = None
    # Speaker labels the reader did not recognise (read as third party) → how many utterances.
    unknown_speakers: dict[str, int] | None = None

    @property
    def is_connected(self) -> bool:
        """``connected`` when the export says so, else whether anyone but the agent spoke."""
        if self.connected is not None:
            return self.connected
        return any(u.speaker != "agent" for u in self.utterances)

    def __getstate__(self):
        return tuple(None if name == "locator" else getattr(self, name) for name in self.__slots__)

    def __setstate__(self, state) -> None:
        for name, value in zip(self.__slots__, state):
            setattr(self, name, value)


@dataclass
class InputError:
    """A problem with one input (file, record, line): reported, never fatal to the run.

    Every input error is built here, so this is where what it echoes of the input is made
    safe (``safe_message``): personal numbers masked, long values cut short. Each place an
    input error goes (stderr, ``summary.input_errors``, SARIF, GitHub annotations) renders it.
    """

    path: str
    message: str
    line: int | None = None

    def __post_init__(self) -> None:
        self.message = safe_message(self.message)

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.message}"


# Values quoted in a message ('…' or "…") longer than this are cut; a whole message too.
ECHO_LIMIT = 40
MESSAGE_LIMIT = 300
# A quoted value: the opening quote not right after a letter or digit (so the gap between two
# quoted names is never taken for one), the closing one not right before.
_QUOTED_RE = re.compile(r"(?<!\w)(?:'[^'\n]{%d,}'|\"[^\"\n]{%d,}\")(?!\w)" % (ECHO_LIMIT + 1, ECHO_LIMIT + 1))


def safe_message(message: str) -> str:
    """``message`` as it may be shown: personal numbers masked (138****5678), then quoted
    values over ``ECHO_LIMIT`` characters and the message over ``MESSAGE_LIMIT`` cut short (…)."""
    message = _QUOTED_RE.sub(lambda m: m.group()[: ECHO_LIMIT - 8] + "…" + m.group()[-1], mask_personal_numbers(message))
    return message if len(message) <= MESSAGE_LIMIT else message[: MESSAGE_LIMIT - 1] + "…"
