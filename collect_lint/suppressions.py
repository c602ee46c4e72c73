"""Inline suppressions: ``collect-lint: ignore[CL-T001] reason`` in a comment.

``ignore[...]`` applies to the line it is on, ``ignore-next-line[...]`` to the line after it.
Codes are rule ids, names, categories or id prefixes, comma-separated. A reason is required: a
directive without one (or that cannot be parsed) suppresses nothing and is reported (CL-X001);
a code that suppresses nothing is reported as info (CL-X002). Only formats whose files can hold
comments use them (text, Markdown, YAML); JSON and CSV exports use a baseline instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .models import Diagnostic, Rule, Severity
from .ruleset import matches_selector

_LEADERS = {"#": r"#", "//": r"//", "<!--": r"<!--"}
_MENTION_RE = re.compile(r"collect-lint\s*:", re.IGNORECASE)
_BODY_RE = re.compile(
    r"collect-lint:\s*(?P<verb>ignore-next-line|ignore)\s*\[(?P<codes>[^\]]*)\]\s*(?P<reason>.*?)\s*(?:-->)?\s*$"
)

INVALID = ("CL-X001", "invalid-suppression")
UNUSED = ("CL-X002", "unused-suppression")


@dataclass(frozen=True)
class Directive:
    """One suppression comment: where it is, which line it covers, and why."""

    path: str | None
    line: int
    column: int
    text: str  # the comment as written
    target_line: int
    codes: tuple[str, ...]
    reason: str
    problem: str | None = None  # why it is invalid, if it is


def scan_directives(text: str, path: str | None, leaders: tuple[str, ...]) -> tuple[str, list[Directive]]:
    """Find directives in comments starting with one of ``leaders``.

    Returns the text with each directive comment replaced by spaces (same length, so offsets and
    columns are unchanged and the comment is not linted) and the directives found.
    """
    leader_re = re.compile("(?:" + "|".join(_LEADERS[l] for l in leaders) + r")\s*collect-lint\s*:", re.IGNORECASE)
    directives: list[Directive] = []
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    for number, line in enumerate(lines, start=1):
        match = leader_re.search(line)
        if match is None:
            out.append(line)
            continue
        body = line.rstrip("\r\n")
        comment = body[match.start() :]
        end = len(body)
        if comment.startswith("<!--") and "-->" in comment:
            end = match.start() + comment.index("-->") + 3
            comment = body[match.start() : end]
        directives.append(_directive(path, number, match.start() + 1, comment))
        out.append(line[: match.start()] + " " * (end - match.start()) + line[end:])
    return "".join(out), directives


def _directive(path: str | None, line: int, column: int, comment: str) -> Directive:
    mention = _MENTION_RE.search(comment)
    body = _BODY_RE.match(comment, mention.start()) if mention else None
    if body is None:
        return Directive(path, line, column, comment, line, (), "", "无法解析的抑制注释，应为 collect-lint: ignore[规则] 理由")
    codes = tuple(c.strip() for c in body.group("codes").split(",") if c.strip())
    reason = body.group("reason").strip()
    target = line + 1 if body.group("verb") == "ignore-next-line" else line
    problem = None
    if not codes:
        problem = "抑制注释未写明规则，例如 ignore[CL-I001]"
    elif not reason:
        problem = "抑制注释缺少理由，请在规则后写明为何可以忽略"
    return Directive(path, line, column, comment, target, codes, reason, problem)


@dataclass
class Suppressions:
    """The directives of one file, and which of their codes were used."""

    rules: tuple[Rule, ...]
    by_line: dict[int, list[Directive]] = field(default_factory=dict)
    directives: list[Directive] = field(default_factory=list)
    used: set[tuple[int, str]] = field(default_factory=set)

    def add(self, directive: Directive) -> Diagnostic | None:
        """Register a directive; an invalid one is returned as a diagnostic instead."""
        if directive.problem is not None:
            return _meta(directive, INVALID, Severity.warning, directive.problem)
        self.directives.append(directive)
        self.by_line.setdefault(directive.target_line, []).append(directive)
        return None

    def suppresses(self, d: Diagnostic) -> bool:
        for directive in self.by_line.get(d.line, ()):
            for code in directive.codes:
                if matches_selector(code, d.rule, d.name, d.category):
                    self.used.add((id(directive), code))
                    return True
        return False

    def unused(self) -> list[Diagnostic]:
        """Codes that matched an active rule but suppressed nothing (deselected rules are not reported)."""
        result = []
        for directive in self.directives:
            for code in directive.codes:
                active = any(matches_selector(code, r.id, r.name, r.category) for r in self.rules)
                if active and (id(directive), code) not in self.used:
                    message = f"抑制注释未使用：第 {directive.target_line} 行没有 {code} 的问题，可删除该注释"
                    result.append(_meta(directive, UNUSED, Severity.info, message))
        return result


def _meta(directive: Directive, rule: tuple[str, str], severity: Severity, message: str) -> Diagnostic:
    return Diagnostic(
        path=directive.path,
        line=directive.line,
        column=directive.column,
        end_line=directive.line,
        end_column=directive.column + len(directive.text),
        rule=rule[0],
        name=rule[1],
        category="suppression",
        severity=severity,
        message=message,
        text=directive.text,
    )
