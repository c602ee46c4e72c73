"""Data models shared by every stage: rules, input items and diagnostics."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


class Severity(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.info: 0, Severity.warning: 1, Severity.error: 2}

CATEGORIES = (
    "threat",
    "insult",
    "privacy",
    "deception",
    "repayment",
    "disclosure",
    "hours",
    "frequency",
)
Category = Literal[
    "threat", "insult", "privacy", "deception", "repayment", "disclosure", "hours", "frequency"
]
SPEAKERS = ("agent", "customer", "third_party")
Speaker = Literal["agent", "customer", "third_party"]
KINDS = ("script", "sms", "template", "transcript")
Kind = Literal["script", "sms", "template", "transcript"]
RuleType = Literal["phrase", "pii", "placeholder", "contact"]
PROFILES = ("cn", "us")
Profile = Literal["cn", "us"]
PII_DETECTORS = ("resident_id", "bank_card", "mobile")
# Checks over whole calls and send logs (contact.py): the local start time, counts per debtor,
# and what the agent says first.
CONTACT_DETECTORS = (
    "quiet_hours",
    "connected_calls_per_day",
    "attempts_per_day",
    "calls_per_7_days",
    "institution_disclosure",
    "agent_identifier",
)
Detector = Literal[
    "resident_id", "bank_card", "mobile",
    "quiet_hours", "connected_calls_per_day", "attempts_per_day", "calls_per_7_days",
    "institution_disclosure", "agent_identifier",
]

_ID_RE = re.compile(r"^CL-[A-Z]\d{3}$")
_NAME_RE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
_ROMAN_RE = re.compile(r"^[a-z]+(?: [a-z]+)*$")


class Examples(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    bad: tuple[str, ...] = ()
    good: tuple[str, ...] = ()


class Rule(BaseModel):
    """One rule as written in a ruleset file (see README, "Writing a rule")."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    name: str
    category: Category
    severity: Severity
    message: str = Field(min_length=1)
    type: RuleType = "phrase"
    patterns: tuple[str, ...] = ()
    romanized: tuple[str, ...] = ()
    homophones: bool = False
    match: Literal["token", "substring"] = "token"
    negation: bool = True
    exceptions: tuple[str, ...] = ()
    requires: tuple[str, ...] = ()
    speakers: tuple[Speaker, ...] = ("agent",)
    kinds: tuple[Kind, ...] = KINDS
    detector: Detector | None = None
    # Contact rules only: the transcript profiles (--profile) under which the rule applies.
    profiles: tuple[Profile, ...] = PROFILES
    not_after: tuple[str, ...] = ()
    suggestion: str | None = None
    fix: str | None = None
    # A replacement that removes the violation but may shift meaning: applied only with
    # --unsafe-fixes (``fix`` is the safe one: exactly one replacement, meaning kept).
    unsafe_fix: str | None = None
    reference: str = Field(min_length=1)
    examples: Examples = Examples()

    @field_validator("id")
    @classmethod
    def _check_id(cls, value: str) -> str:
        if not _ID_RE.match(value):
            raise ValueError("must look like CL-T001 (CL-, one capital letter, three digits)")
        return value

    @field_validator("name")
    @classmethod
    def _check_name(cls, value: str) -> str:
        if not _NAME_RE.match(value):
            raise ValueError("must be kebab-case, e.g. violence-against-person")
        return value

    @field_validator("patterns", "exceptions", "requires", "not_after")
    @classmethod
    def _check_phrases(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for phrase in value:
            if not phrase.strip():
                raise ValueError("phrases must not be empty")
        return value

    @field_validator("romanized")
    @classmethod
    def _check_romanized(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for variant in value:
            if not _ROMAN_RE.match(variant):
                raise ValueError(f"{variant!r}: use lowercase Latin letters and single spaces only")
        return value

    @model_validator(mode="after")
    def _check_type_fields(self) -> "Rule":
        if self.type == "phrase" and not (self.patterns or self.romanized):
            raise ValueError("a phrase rule needs at least one entry in patterns or romanized")
        if self.type == "pii" and self.detector not in PII_DETECTORS:
            raise ValueError(f"a pii rule needs a detector ({', '.join(PII_DETECTORS)})")
        if self.type == "contact" and self.detector not in CONTACT_DETECTORS:
            raise ValueError(f"a contact rule needs a detector ({', '.join(CONTACT_DETECTORS)})")
        if self.type == "placeholder" and not self.patterns:
            raise ValueError("a placeholder rule needs patterns (fragments of placeholder names)")
        if self.homophones and self.category not in ("insult", "threat"):
            raise ValueError("homophones is only allowed for insult and threat rules")
        return self


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
    positions: tuple[tuple[int, int], ...] | None = None
    call_id: str | None = None
    utterance: int | None = None
    agent_id: str | None = None
    template_id: str | None = None
    debtor_id: str | None = None

    def locate(self, index: int) -> tuple[int, int]:
        """(line, column) of character ``index`` of ``text`` in the source."""
        if self.positions is not None:
            return self.positions[index]
        newline = self.text.rfind("\n", 0, index)
        if newline < 0:
            return self.line, self.column + index
        return self.line + self.text.count("\n", 0, index), index - newline


@dataclass(frozen=True, slots=True)
class Finding:
    """A rule hit inside one item, in item-text offsets (end exclusive)."""

    rule: Rule
    start: int
    end: int
    pii: bool = False
    detail: str | None = None


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
    # "suppression" is for the linter's own notes about suppression comments (CL-X…).
    category: Category | Literal["suppression"]
    severity: Severity
    message: str
    text: str
    suggestion: str | None = None
    reference: str | None = None
    fix: str | None = None
    call_id: str | None = None
    speaker: Speaker | None = None
    utterance: int | None = None
    agent_id: str | None = None
    template_id: str | None = None
    debtor_id: str | None = None
    masked: bool = False
    # Stable identity for baselines and SARIF: hash of rule + normalised matched text, and the
    # occurrence index among equal hashes in the file ("<hash>:<n>"); no line numbers.
    fingerprint: str | None = None

    def sort_key(self) -> tuple:
        return (self.path or "", self.line, self.column, self.rule)


@dataclass
class InputError:
    """A problem with one input (file, record, line): reported, never fatal to the run."""

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.message}"


@dataclass
class RunSummary:
    files: int = 0
    items: int = 0
    input_errors: list[InputError] = field(default_factory=list)
