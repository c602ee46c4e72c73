"""``path:line:col: CL-T001 [error] threat: message — 「matched」 → 建议: suggestion``"""

from __future__ import annotations

import click

from .message import explanation_line, finding_message

_COLOURS = {"error": "red", "warning": "yellow", "info": "cyan"}


class TextRenderer:
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
        where = f"{d.path or '-'}:{d.line}:{d.column}:"
        level = self._style(f"[{d.severity.value}]", fg=_COLOURS[d.severity.value], bold=True)
        context = ""
        if d.call_id is not None:
            context = f" ({d.call_id}#{d.utterance} {d.speaker})" if d.utterance is not None else f" ({d.call_id})"
        self.write(f"{self._style(where, bold=True)} {d.rule} {level} {d.category}: {finding_message(d)}{context}")
        if self.explain and d.explanation:
            self.write(f"    ↳ {explanation_line(d.explanation)}")

    def end(self, summary) -> None:
        if self.statistics:
            from .statistics import render_statistics

            for row in render_statistics(summary):
                self.write(row)
        files = f"{summary.files} file{'s' if summary.files != 1 else ''}"
        if summary.calls:
            files += f", {summary.calls} call{'s' if summary.calls != 1 else ''}"
        if summary.problems == 0:
            line = f"No problems found ({files}, {summary.items} items checked)."
        else:
            s = summary.severities
            line = (
                f"Found {summary.problems} problem{'s' if summary.problems != 1 else ''} "
                f"({s['error']} error, {s['warning']} warning, {s['info']} info) "
                f"in {files}, {summary.items} items checked."
            )
        if summary.input_errors:
            line += f" {len(summary.input_errors)} input error(s)."
        self.write(self._style(line, bold=True))
