"""The suppression rule type: the linter's own notes about ``collect-lint: ignore[...]``
comments (CL-X001 invalid, CL-X002 unused). They are reported by the workflow while it reads
a file's comments (workflow/suppressions.py), not found in text; being rules, they are listed,
documented, selectable and ignorable like any other."""

from __future__ import annotations

from typing import Literal

from ..models import MetaCategory
from ..rules.schema import Examples, RuleHeader


class SuppressionRule(RuleHeader):
    type: Literal["suppression"]
    category: MetaCategory
    # What the note is about: a directive that cannot be used, or one that suppressed nothing.
    detector: Literal["invalid", "unused"]
    # Script lines with comments: examples are checked by tests through the file workflow.
    examples: Examples = Examples()

    def doc_sections(self, classes: dict | None = None) -> list[tuple[str, str]]:
        return [("适用范围 (scope)", "可写注释的文件（.txt、.sms、.md、.yaml）中的 collect-lint: ignore[...] 注释")]
