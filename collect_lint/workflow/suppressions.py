"""Inline suppressions: ``collect-lint: ignore[CL-T001] reason`` in a comment.

``ignore[...]`` applies to the line it is on, ``ignore-next-line[...]`` to the line after it.
Codes are rule ids, names, categories or id prefixes, comma-separated. A reason is required: a
directive without one (or that cannot be parsed) suppresses nothing and is reported (CL-X001);
a code that suppresses nothing is reported as info (CL-X002). Both are rules of type
``suppression`` (rulesets/suppression.toml): deselecting them silences the notes. Only formats
whose files can hold comments use them (text, Markdown, YAML); JSON and CSV use a baseline.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..inputs.comments import Directive
from ..models import Diagnostic
from ..rules.selectors import matches_selector

@dataclass
class Suppressions:
    """The directives of one file, and which of their codes were used. ``rules`` are the
    run's selected rules: the notes are reported only when their own rule is among them."""

    rules: tuple
    by_line: dict[int, list[Directive]] = field(default_factory=dict)
    directives: list[Directive] = field(default_factory=list)
    used: set[tuple[int, str]] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.notes = {rule.detector: rule for rule in self.rules if rule.type == "suppression"}

    def add(self, directive: Directive) -> Diagnostic | None:
        """Register a directive; an invalid one is returned as a diagnostic instead."""
        if directive.problem is not None:
            return self._note("invalid", directive, directive.problem)
        self.directives.append(directive)
        self.by_line.setdefault(directive.target_line, []).append(directive)
        return None

    def suppresses(self, d: Diagnostic) -> Directive | None:
        """The directive that suppresses ``d`` (and note its code as used), or None."""
        for directive in self.by_line.get(d.line, ()):
            for code in directive.codes:
                if matches_selector(code, d.rule, d.name, d.category):
                    self.used.add((id(directive), code))
                    return directive
        return None

    def unused(self) -> list[Diagnostic]:
        """Codes that matched an active rule but suppressed nothing (deselected rules are not reported)."""
        result = []
        for directive in self.directives:
            for code in directive.codes:
                active = any(matches_selector(code, r.id, r.name, r.category) for r in self.rules)
                if active and (id(directive), code) not in self.used:
                    message = f"抑制注释未使用：第 {directive.target_line} 行没有 {code} 的问题，可删除该注释"
                    note = self._note("unused", directive, message)
                    if note is not None:
                        result.append(note)
        return result

    def _note(self, detector: str, directive: Directive, message: str) -> Diagnostic | None:
        rule = self.notes.get(detector)
        if rule is None:
            return None
        return Diagnostic(
            **Diagnostic.rule_fields(rule),
            path=directive.path, line=directive.line, column=directive.column,
            end_line=directive.line, end_column=directive.column + len(directive.text),
            message=message, text=directive.text,
        )
