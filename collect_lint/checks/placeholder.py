"""The placeholder rule type: template placeholders whose name says a full personal number
goes into the message (``{card_no}``, ``#身份证号#``), unless it says a masked one (``{card_tail}``)."""

from __future__ import annotations

from typing import Literal, Sequence

from pydantic import Field

from ..models import Finding
from ..rules.schema import Phrases, TextRuleHeader
from .base import Batch, Environment, Prepared, Scope


class PlaceholderRule(TextRuleHeader):
    type: Literal["placeholder"]
    # Fragments of placeholder names (lower case) that mean a full number: card_no, 身份证.
    names: Phrases = Field(min_length=1)
    # Fragments that mean a masked value instead: tail, last4, 尾号.
    masked_names: Phrases = ()


    def doc_sections(self, classes: dict | None = None) -> list[tuple[str, str]]:
        sections = super().doc_sections(classes)
        sections.append(("占位符名称 (names, 名称含其一即报)", "、".join(self.names)))
        if self.masked_names:
            sections.append(("脱敏占位符 (masked_names, 名称含其一即不报)", "、".join(self.masked_names)))
        return sections


class PlaceholderCheck:
    def __init__(self, rules: Sequence[PlaceholderRule], env: Environment) -> None:
        self.rules = list(rules)
        self._names = [
            (tuple(n.lower() for n in rule.names), tuple(n.lower() for n in rule.masked_names)) for rule in self.rules
        ]

    def warm_up(self) -> None:
        pass

    def candidates(self, batch: Batch) -> set[int]:
        return set(batch.with_placeholders)

    def find(self, prepared: Prepared, scope: Scope) -> list[Finding]:
        found = []
        for placeholder in prepared.placeholders:
            name = placeholder.name
            for index, (names, masked) in enumerate(self._names):
                if index in scope and any(n in name for n in names) and not any(m in name for m in masked):
                    found.append(Finding(self.rules[index], placeholder.start, placeholder.end))
                    break
        return found
