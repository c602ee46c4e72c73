"""``xlsx``: one workbook (extra ``[xlsx]``, openpyxl): 概览 (totals), 坐席 (per agent),
规则 (per rule), 问题明细 (findings, capped per rule as in the HTML report). Binary: written
only to a file (``collect-lint report -o FILE.xlsx``)."""

from __future__ import annotations

import io

from .csv import FINDING_COLUMNS, agent_table, cell, rule_table
from .report_data import ReportRenderer


class XlsxUnavailable(Exception):
    """openpyxl is not installed."""


def require_openpyxl() -> None:
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        raise XlsxUnavailable("xlsx output needs openpyxl: pip install 'collect-lint[xlsx]'") from None


class XlsxRenderer(ReportRenderer):
    binary = True

    def end(self, summary) -> None:
        from openpyxl import Workbook

        payload = self.data.payload(summary)
        book = Workbook(write_only=True)
        overview = book.create_sheet("概览")
        totals = payload["summary"]
        for row in (
            ["检查文件数", totals["files"]], ["检查通话数", totals["calls"]], ["检查发言/消息数", totals["items"]],
            ["问题数", totals["problems"]],
            *[[f"级别 {k}", v] for k, v in totals["severities"].items()],
            *[[f"类别 {k}", v] for k, v in sorted(totals["categories"].items())],
            *[[f"复核 {k}", v] for k, v in sorted(totals["reviews"].items())],
            ["未识别说话人的发言数", totals["unknown_speaker_utterances"]],
            ["明细上限（每条规则）", payload["rows_per_rule"]],
        ):
            overview.append(row)
        for title, rows in (("坐席", agent_table(payload)), ("规则", rule_table(payload))):
            sheet = book.create_sheet(title)
            for row in rows:
                sheet.append([cell(v) for v in row])
        details = book.create_sheet("问题明细")
        details.append([heading for heading, _ in FINDING_COLUMNS])
        for row in payload["rows"]:
            details.append([cell(row[key]) for _, key in FINDING_COLUMNS])
        buffer = io.BytesIO()
        book.save(buffer)
        self.write(buffer.getvalue())
