"""Suppression comments in input files: ``collect-lint: ignore[CL-T001] reason`` after a comment
leader (``#``, ``//``, ``<!--``). Reading them is part of reading a file; applying them is the
workflow's (workflow/suppressions.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass

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
