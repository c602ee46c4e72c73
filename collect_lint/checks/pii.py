"""The pii rule type: unmasked personal numbers found by pattern + validator (+ context).

Numbers are looked for with digit look-arounds (never ``\\b``, which treats Han characters as
word characters); single spaces or dashes between digits are allowed (6222 0212 3456 7890).
A finding is personal data: its fix is the masked number, and it is shown masked.
"""

from __future__ import annotations

import re
from typing import Literal, Sequence

from pydantic import field_validator

from ..models import Finding
from ..personal_data import VALIDATORS, mask_number
from ..rules.schema import Phrases, TextRuleHeader
from .base import Batch, Environment, Prepared, Scope

# The digit comes first (then a look-behind at the character before it) so the regex engine
# can skip quickly to digits.
_CANDIDATE_RE = re.compile(r"\d(?<![0-9a-z]\d)(?:[ \-]?\d){10,18}(?:[ \-]?x)?(?![0-9a-z])")
_PART_RE = re.compile(r"\d+x?")  # the numbers inside a run joined by spaces or dashes
_CONTEXT_WINDOW = 10
# An ID that also passes Luhn is an ID: detectors are tried in this order.
_ORDER = {"resident_id": 0, "bank_card": 1, "mobile": 2}


class PiiRule(TextRuleHeader):
    """A personal number written out in full, recognised by its format and check digits."""

    type: Literal["pii"]
    detector: Literal["resident_id", "bank_card", "mobile"]
    # Words just before the number that make it something else (订单号, 合同编号).
    not_after: Phrases = ()

    def doc_sections(self, classes: dict | None = None) -> list[tuple[str, str]]:
        return super().doc_sections(classes) + _pii_doc_sections(self)

    def fix_safety(self) -> str:
        return "安全修复：--fix 将号码替换为脱敏形式（如 138****5678、6222***********3446）；输出中默认脱敏显示"

    @field_validator("fix", "unsafe_fix")
    @classmethod
    def _no_literal_fix(cls, value: str | None) -> str | None:
        if value is not None:
            raise ValueError("pii findings are fixed by masking the number (138****5678); remove this field")
        return value


_DETECTOR_DOCS = {
    "resident_id": "18位居民身份证号（GB 11643-1999 校验位与出生日期均有效）或15位旧号",
    "bank_card": "16–19位银行卡号（卡组织首位数字，Luhn 校验通过）",
    "mobile": "11位中国大陆手机号（1[3-9]开头）",
}


def _pii_doc_sections(rule: "PiiRule") -> list[tuple[str, str]]:
    sections = [("检测 (detector)", f"{rule.detector}：{_DETECTOR_DOCS[rule.detector]}；数字间可有单个空格或连字符")]
    if rule.not_after:
        sections.append(("例外 (not_after, 号码前10字内出现即不报)", "、".join(rule.not_after)))
    return sections


class PiiCheck:
    def __init__(self, rules: Sequence[PiiRule], env: Environment) -> None:
        self.rules = sorted(rules, key=lambda rule: _ORDER[rule.detector])

    def warm_up(self) -> None:
        pass

    def candidates(self, batch: Batch) -> set[int]:
        """Items with a digit run where ``find`` may report: a number (the run or one of its
        parts) that some rule's validator accepts, whatever the kind, speaker and context."""
        flagged: set[int] = set()
        for match in _CANDIDATE_RE.finditer(batch.normalized):
            run = match.group()
            if self._valid(run) or any(self._valid(part) for part in _PART_RE.findall(run)):
                flagged.add(batch.item_at(match.start()))
        return flagged

    def _valid(self, number: str) -> bool:
        number = number.replace(" ", "").replace("-", "")
        return any(VALIDATORS[rule.detector](number) for rule in self.rules)

    def find(self, prepared: Prepared, scope: Scope) -> list[Finding]:
        text = prepared.norm.text
        found: list[Finding] = []
        for match in _CANDIDATE_RE.finditer(text):
            if self._add(prepared, match.start(), match.end(), scope, found):
                continue
            # "金额 5000 13812345678": a run joined by a space may hide a number on its own.
            for part in _PART_RE.finditer(match.group()):
                start = match.start() + part.start()
                self._add(prepared, start, start + len(part.group()), scope, found)
        return found

    def _add(self, prepared: Prepared, start: int, end: int, scope: Scope, found: list[Finding]) -> bool:
        """Classify the number at normalised [start, end); add its finding when it is one."""
        index = self._classify(prepared.norm.text, start, end, scope)
        if index is None:
            return False
        original_start, original_end = prepared.span(start, end)
        masked = mask_number(prepared.item.text[original_start:original_end])
        found.append(Finding(self.rules[index], original_start, original_end, fix=masked, mask=masked))
        return True

    def _classify(self, text: str, start: int, end: int, scope: Scope) -> int | None:
        number = text[start:end].replace(" ", "").replace("-", "")
        before = text[max(0, start - _CONTEXT_WINDOW) : start]
        for index, rule in enumerate(self.rules):
            if index not in scope:
                continue
            if VALIDATORS[rule.detector](number):
                if any(word in before for word in rule.not_after):
                    return None
                return index
        return None
