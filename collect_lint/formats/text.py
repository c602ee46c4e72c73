"""``path:line:col: CL-T001 [error] threat: message — 「matched」 → 建议: suggestion``"""

from __future__ import annotations

import click

from .i18n import tr
from .message import explanation_line, finding_message

_COLOURS = {"error": "red", "warning": "yellow", "info": "cyan"}


class TextRenderer:
    quiet = False  # -q: findings only, no statistics or summary line
    reports_fixes = True  # the summary line says "N fixed, M remaining" after --fix

    def __init__(self, write, colour: bool = False, statistics: bool = False, explain: bool = False) -> None:
        self.write = write
        self.colour = colour
        self.statistics = statistics
        self.explain = explain

    def _style(self, text: str, **style) -> str:
        return click.style(text, **style) if self.colour else text

    def begin(self, rules) -> None:
        pass

    def emit(self, d) -> None:
        if self.statistics:  # --statistics prints the counts instead of every finding (as ruff)
            return
        where = f"{d.path or '-'}:{d.line}:{d.column}:"
        level = self._style(f"[{tr(d.severity.value)}]", fg=_COLOURS[d.severity.value], bold=True)
        context = ""
        if d.call_id is not None:
            context = f" ({d.call_id}#{d.utterance} {d.speaker})" if d.utterance is not None else f" ({d.call_id})"
        self.write(f"{self._style(where, bold=True)} {d.rule} {level} {d.category}: {finding_message(d)}{context}")
        if self.explain and d.explanation:
            self.write(f"    ↳ {explanation_line(d.explanation)}")

    def end(self, summary) -> None:
        if self.quiet and not self.statistics:
            return
        if self.statistics:
            from .statistics import render_statistics

            for row in render_statistics(summary):
                self.write(row)
        if not self.quiet:
            self.write(self._style(summary_line(summary), bold=True))


def summary_line(summary) -> str:
    """The last line of a text report; with input errors it never opens with "No problems"."""
    where = tr("files", n=summary.files)
    if summary.calls:
        where += tr("separator") + tr("calls", n=summary.calls)
    errors = len(summary.input_errors)
    if summary.fixed:
        s = summary.severities
        line = tr("fixed_summary", fixed=summary.fixed, remaining=summary.problems, error=s["error"],
                  warning=s["warning"], info=s["info"], where=where, items=summary.items)
        return line + (tr("input_errors", n=errors) if errors else "")
    if summary.problems == 0:
        if errors:
            return tr("input_errors_only", n=errors, where=where, items=summary.items)
        return tr("no_problems", where=where, items=summary.items)
    s = summary.severities
    problems = summary.problems
    line = tr("found", problems=problems, s="s" if problems != 1 else "", error=s["error"], warning=s["warning"],
              info=s["info"], where=where, items=summary.items)
    if errors:
        line += tr("input_errors", n=errors)
    return line
