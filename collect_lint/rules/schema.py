"""The fields every rule has (``RuleHeader``), whatever its type.

Each rule type adds its own fields in its module under ``checks/`` (a subclass of
``TextRuleHeader`` or ``RuleHeader`` with a ``type`` literal); ``checks.RULE_TYPES`` lists them
and the loader picks the model by the rule's ``type``. Models forbid unknown fields, so a field
that belongs to another type is an error naming the file, the rule and the field.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..models import KINDS, Category, Kind, Severity, Speaker

_ID_RE = re.compile(r"^CL-[A-Z]\d{3}$")
_NAME_RE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")


class Examples(BaseModel):
    """Sentences the rule must flag (``bad``) and must leave alone (``good``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    bad: tuple[str, ...] = ()
    good: tuple[str, ...] = ()


class RuleHeader(BaseModel):
    """The shared header: identity, how a finding reads, why it is bad and what law it breaks."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    type: str
    id: str
    name: str
    category: Category
    severity: Severity
    message: str = Field(min_length=1)
    # Why it is bad, for `collect-lint rule` and docs/rules.md (a few sentences, Chinese).
    description: str | None = None
    reference: str = Field(min_length=1)
    suggestion: str | None = None

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

    @property
    def has_text_scope(self) -> bool:
        """Whether the rule looks at text items (kinds, speakers) rather than whole calls."""
        return False


class TextRuleHeader(RuleHeader):
    """Rules that look inside one item's text: which kinds of input and speakers they apply to,
    their examples, and the literal fixes (``fix`` keeps the meaning and is applied by
    ``--fix``; ``unsafe_fix`` may shift it and needs ``--unsafe-fixes``)."""

    kinds: tuple[Kind, ...] = KINDS
    speakers: tuple[Speaker, ...] = ("agent",)
    examples: Examples = Examples()
    fix: str | None = None
    unsafe_fix: str | None = None

    @property
    def has_text_scope(self) -> bool:
        return True


def check_phrases(value: tuple[str, ...]) -> tuple[str, ...]:
    """A list of phrases must not hold empty ones (shared by the types' validators)."""
    for phrase in value:
        if not phrase.strip():
            raise ValueError("phrases must not be empty")
    return value
