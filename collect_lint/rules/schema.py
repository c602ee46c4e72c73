"""The fields every rule has (``RuleHeader``), whatever its type.

Each rule type adds its own fields in its module under ``checks/`` (a subclass of
``TextRuleHeader`` or ``RuleHeader`` with a ``type`` literal); ``checks.RULE_TYPES`` lists them
and the loader picks the model by the rule's ``type``. Models forbid unknown fields, so a field
that belongs to another type is an error naming the file, the rule and the field.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from ..models import KINDS, Category, Kind, Severity, Speaker


def check_phrases(value: tuple[str, ...]) -> tuple[str, ...]:
    """A list of phrases must not hold empty ones (shared by the types' validators)."""
    for phrase in value:
        if not phrase.strip():
            raise ValueError("phrases must not be empty")
    return value


# A list of phrases, none empty: the field type of every list of words in a rule or class.
Phrases = Annotated[tuple[str, ...], AfterValidator(check_phrases)]


def matching(pattern: re.Pattern, hint: str) -> AfterValidator:
    """A validator for a list of strings that must each match ``pattern``."""

    def check(value: tuple[str, ...]) -> tuple[str, ...]:
        for entry in value:
            if not pattern.match(entry):
                raise ValueError(f"{entry!r}: {hint}")
        return value

    return AfterValidator(check)


# Latin spellings of a phrase (pinyin, initials): lowercase letters, single spaces.
ROMAN_RE = re.compile(r"^[a-z]+(?: [a-z]+)*$")
Romanized = Annotated[tuple[str, ...], matching(ROMAN_RE, "use lowercase Latin letters and single spaces only")]


# Rule names and word-class names: kebab-case.
CLASS_NAME_RE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
_FORMATS = {
    "id": (re.compile(r"^CL-[A-Z]\d{3}$"), "must look like CL-T001 (CL-, one capital letter, three digits)"),
    "name": (CLASS_NAME_RE, "must be kebab-case, e.g. violence-against-person"),
}


class Examples(BaseModel):
    """Sentences the rule must flag (``bad``) and must leave alone (``good``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    bad: tuple[str, ...] = ()
    good: tuple[str, ...] = ()


class WordClass(BaseModel):
    """A named set of words (``[classes.family-member]``) that any rule refers to as
    ``@family-member``. ``include`` pulls in other classes; ``exclude`` removes words from what
    ``words`` and ``include`` give (a class that is another minus a few words stays in step with
    it); ``extend = true`` in a later file (a user's extra ruleset) adds words to a class defined
    earlier instead of redefining it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    description: str | None = None
    words: Phrases = ()
    include: Annotated[tuple[str, ...], matching(CLASS_NAME_RE, "not a class name (kebab-case, without @)")] = ()
    exclude: Phrases = ()
    extend: bool = False


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

    @field_validator("id", "name")
    @classmethod
    def _check_format(cls, value: str, info: ValidationInfo) -> str:
        pattern, hint = _FORMATS[info.field_name]
        if not pattern.match(value):
            raise ValueError(hint)
        return value

    @property
    def has_text_scope(self) -> bool:
        """Whether the rule looks at text items (kinds, speakers) rather than whole calls."""
        return False

    def doc_sections(self, classes: dict | None = None) -> list[tuple[str, str]]:
        """(label, text) pairs saying how the rule decides, for ``collect-lint rule`` and
        docs/rules.md; each type adds its own after the header's."""
        return []

    def class_references(self) -> list[tuple[str, str]]:
        """(field, class name) for every ``@class`` the rule uses (checked against the
        classes of the loaded rulesets)."""
        return []


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

    def doc_sections(self, classes: dict | None = None) -> list[tuple[str, str]]:
        return [
            ("适用范围 (scope)", f"输入类型 {', '.join(self.kinds)}；说话人 {', '.join(self.speakers)}"),
            ("自动修复 (fix)", self.fix_safety()),
        ]

    def fix_safety(self) -> str:
        if self.fix is not None:
            return f"安全修复：--fix 将命中文字替换为“{self.fix}”"
        if self.unsafe_fix is not None:
            return f"不安全修复：--fix --unsafe-fixes 将命中文字替换为“{self.unsafe_fix}”（可能改变原意，需人工复核）"
        return "无自动修复：请参照建议改写整句"
