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

    def begin(self, rules) -> None:
        pass

    def emit(self, d) -> None:
        self.items.append(d.to_json_dict())

    def end(self, summary) -> None:
        body = summary.as_dict()
        if self.statistics:
            body["statistics"] = statistics_dict(summary)
        self.write(json.dumps({"diagnostics": self.items, "summary": body}, ensure_ascii=False, indent=2))


class JsonLinesRenderer(JsonRenderer):
    def emit(self, d) -> None:
        self.write(json.dumps(d.to_json_dict(), ensure_ascii=False))

    def end(self, summary) -> None:
        if self.statistics:
            self.write(json.dumps({"summary": summary.as_dict(), "statistics": statistics_dict(summary)}, ensure_ascii=False))
