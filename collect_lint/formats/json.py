"""``json``: one document ``{"diagnostics": [...], "summary": {...}}``; ``jsonl``: one
diagnostic per line, streamed, then nothing else (the summary goes to stderr in text form)."""

from __future__ import annotations

import json

from .statistics import statistics_dict

FIELDS = (
    "path", "line", "column", "end_line", "end_column", "rule", "name", "category", "severity",
    "message", "text", "suggestion", "reference", "fix", "call_id", "speaker", "utterance",
    "agent_id", "debtor_id", "template_id", "explanation",
)


def diagnostic_dict(d) -> dict:
    data = d.model_dump(mode="json")
    return {key: data[key] for key in FIELDS}


class JsonRenderer:
    def __init__(self, write, colour: bool = False, statistics: bool = False, explain: bool = False) -> None:
        self.write = write
        self.statistics = statistics
        self.items: list[dict] = []

    def begin(self, rules) -> None:
        pass

    def emit(self, d) -> None:
        self.items.append(diagnostic_dict(d))

    def end(self, summary) -> None:
        body = summary.as_dict()
        if self.statistics:
            body["statistics"] = statistics_dict(summary)
        self.write(json.dumps({"diagnostics": self.items, "summary": body}, ensure_ascii=False, indent=2))


class JsonLinesRenderer(JsonRenderer):
    def emit(self, d) -> None:
        self.write(json.dumps(diagnostic_dict(d), ensure_ascii=False))

    def end(self, summary) -> None:
        if self.statistics:
            self.write(json.dumps({"summary": summary.as_dict(), "statistics": statistics_dict(summary)}, ensure_ascii=False))
