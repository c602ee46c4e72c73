"""Suppression comments in input files: ``collect-lint: ignore[CL-T001] reason`` after a comment
leader (``#``, ``//``, ``<!--``). Reading them is part of reading a file; applying them is the
workflow's (workflow/suppressions.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .decode import split_lines, strip_break

_LEADERS = {"#": r"#", "//": r"//", "<!--": r"<!--"}
_MENTION_RE = re.compile(r"collect-lint\s*:", re.IGNORECASE)
_BODY_RE = re.compile(
    r"collect-lint:\s*(?P<verb>ignore-next-line|ignore)\s*\[(?P<codes>[^\]]*)\]\s*(?P<reason>.*?)\s*(?:-->)?\s*$"
)

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


def leader_pattern(leaders: tuple[str, ...]) -> re.Pattern:
    """The start of a directive comment after one of ``leaders``."""
    return re.compile("(?:" + "|".join(_LEADERS[l] for l in leaders) + r")\s*collect-lint\s*:", re.IGNORECASE)


def line_directive(line: str, number: int, path: str | None, leader_re: re.Pattern) -> tuple[str, Directive | None]:
    """The directive in one line (without its break), if any, and the line with the directive
    comment replaced by spaces (same length, so offsets and columns are unchanged and the
    comment is not linted)."""
    match = leader_re.search(line)
    if match is None:
        return line, None
    comment = line[match.start() :]
    end = len(line)
    if comment.startswith("<!--") and "-->" in comment:
        end = match.start() + comment.index("-->") + 3
        comment = line[match.start() : end]
    directive = _directive(path, number, match.start() + 1, comment)
    return line[: match.start()] + " " * (end - match.start()) + line[end:], directive


def with_directives(lines, path: str | None, leaders: tuple[str, ...]):
    """A stream of (number, line) pairs with each line's directive comment blanked and the
    directive put before it; other entries (input errors) pass through."""
    leader_re = leader_pattern(leaders)
    search = leader_re.search
    for entry in lines:
        if entry.__class__ is tuple and search(entry[1]) is not None:
            number, line = entry
            line, directive = line_directive(line, number, path, leader_re)
            yield directive
            entry = (number, line)
        yield entry


def scan_directives(text: str, path: str | None, leaders: tuple[str, ...]) -> tuple[str, list[Directive]]:
    """Find directives in comments starting with one of ``leaders`` in a whole text; returns
    the text with each directive comment blanked (see ``line_directive``) and the directives."""
    leader_re = leader_pattern(leaders)
    directives: list[Directive] = []
    out: list[str] = []
    for number, line in enumerate(split_lines(text), start=1):
        body = strip_break(line)
        blanked, directive = line_directive(body, number, path, leader_re)
        if directive is not None:
            directives.append(directive)
            line = blanked + line[len(body) :]
        out.append(line)
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
