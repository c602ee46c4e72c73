"""``csv``: one row per finding; ``csv-agents`` / ``csv-rules``: the per-agent and per-rule
summary. UTF-8 with a byte-order mark, so Excel opens Chinese text right; a cell that a
spreadsheet would take for a formula (=, +, -, @ first) is prefixed with ' (text from the
export is untrusted)."""

from __future__ import annotations

import csv
import io

from .report_data import CATEGORY_NAMES, ReportRenderer

BOM = "\ufeff"

# (column heading, row key) of the findings table.
FINDING_COLUMNS = (
    ("编号", "id"), ("规则", "rule"), ("规则名称", "name"), ("类别", "category"), ("级别", "severity"),
    ("坐席", "agent"), ("通话", "call"), ("客户", "debtor"), ("日期", "day"), ("文件", "path"), ("行", "line"),
    ("列", "column"), ("发言序号", "utterance_index"), ("说话人", "speaker"), ("命中内容", "text"),
    ("提示", "message"), ("建议", "suggestion"), ("前一句", "before"), ("原句", "utterance"), ("后一句", "after"),
    ("复核状态", "state"), ("复核理由", "reason"),
)


def cell(value):
    """A value as a spreadsheet cell: text never starts a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def csv_text(rows) -> str:
    """Rows (lists) as CSV lines, without the last line end."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows([cell(v) for v in row] for row in rows)
    return buffer.getvalue().rstrip("\n")


def agent_table(payload: dict) -> list[list]:
    """Per agent: calls checked, findings, per 100 calls, findings and rate by category, worst rules."""
    categories = [c for c in CATEGORY_NAMES if any(c in a["categories"] for a in payload["agents"])]
    rows = [["坐席", "检查通话数", "问题数", "每百通问题数"]
            + [f"{CATEGORY_NAMES[c]}（条）" for c in categories] + [f"{CATEGORY_NAMES[c]}（每百通）" for c in categories]
            + ["最多的规则"]]
    for agent in payload["agents"]:
        rows.append(
            [agent["agent"], agent["calls"], agent["findings"], _blank(agent["per100"])]
            + [agent["categories"].get(c, 0) for c in categories]
            + [_blank(agent["rates"].get(c, 0.0 if agent["calls"] else None)) for c in categories]
            + ["；".join(f"{w['rule']} {w['name']} ×{w['count']}" for w in agent["worst"])]
        )
    return rows


def rule_table(payload: dict) -> list[list]:
    """Per rule: id, name, category, severity, findings, calls with it, share of calls, example."""
    rows = [["规则", "规则名称", "类别", "级别", "问题数", "涉及通话数", "占检查通话比例(%)", "示例"]]
    for rule in payload["rules"]:
        example = rule["example"] or {}
        rows.append([rule["id"], rule["name"], rule["category"], rule["severity"], rule["count"], rule["calls"],
                     _blank(rule["share"]), example.get("utterance", "")])
    return rows


def _blank(value):
    return "" if value is None else value


class CsvRenderer(ReportRenderer):
    """Every finding, one row each, with the utterances around it (not capped)."""

    def begin(self, rules) -> None:
        self.write(BOM + csv_text([[heading for heading, _ in FINDING_COLUMNS]]))

    def emit(self, d) -> None:
        self.data.add(d)
        row = self.data.row(d)
        self.write(csv_text([[row[key] for _, key in FINDING_COLUMNS]]))

    def end(self, summary) -> None:
        pass


class AgentCsvRenderer(ReportRenderer):
    def end(self, summary) -> None:
        self.write(BOM + csv_text(agent_table(self.data.payload(summary))))


class RuleCsvRenderer(ReportRenderer):
    def end(self, summary) -> None:
        self.write(BOM + csv_text(rule_table(self.data.payload(summary))))
