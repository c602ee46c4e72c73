"""``json``: one document ``{"diagnostics": [...], "summary": {...}}``; ``jsonl``: one
diagnostic per line, streamed, then nothing else (the summary goes to stderr in text form)."""

from __future__ import annotations

import json

from .statistics import statistics_dict


class JsonRenderer:
    def __init__(self, write, colour: bool = False, statistics: bool = False, explain: bool = False) -> None:
        self.write = write
        self.statistics = statistics
        self.items: list[dict] = []
        self.dismissed: list[dict] = []

    def begin(self, rules) -> None:
        pass

    def emit(self, d) -> None:
        self.items.append(json_object(d))

    def dismiss(self, d) -> None:
        """A finding a reviewer dismissed (--reviewed): listed apart with the reason."""
        self.dismissed.append(json_object(d))

    def end(self, summary) -> None:
        body = summary.as_dict()
        if self.statistics:
            body["statistics"] = statistics_dict(summary)
        document = {"diagnostics": self.items, "summary": body}
        if summary.reviews:
            document["dismissed"] = self.dismissed
        self.write(json.dumps(document, ensure_ascii=False, indent=2))


def json_object(d) -> dict:
    """The JSON object of a diagnostic (``Diagnostic.to_json_dict``, the one serializer)."""
    return d.to_json_dict()


class JsonLinesRenderer(JsonRenderer):
    def emit(self, d) -> None:
        self.write(json.dumps(json_object(d), ensure_ascii=False))

    dismiss = emit  # the line's "review" says it was dismissed, and why

    def end(self, summary) -> None:
        if self.statistics:
            self.write(json.dumps({"summary": summary.as_dict(), "statistics": statistics_dict(summary)}, ensure_ascii=False))
