"""issue 15: reports a QA manager can act on — report files agree with --format json, the
spreadsheet outputs, the review workflow (--reviewed) and statistics that read well."""

import csv
import io
import json
import re
from collections import Counter

import pytest

from bench.report import generate


def report_data(path) -> dict:
    text = path.read_text(encoding="utf-8")
    return json.loads(re.search(r'<script id="report-data" type="application/json">(.*?)</script>', text, re.S).group(1))


def csv_rows(path) -> list[dict]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    """A generated export of 3,000 calls over three days, 15 agents."""
    path = tmp_path_factory.mktemp("export") / "calls.jsonl"
    generate(path, 3000, calls_per_day=1000, agents=15)
    return path


@pytest.fixture(scope="module")
def outputs(export, tmp_path_factory):
    """The export's JSON (with statistics) and its report files from one report run."""
    from click.testing import CliRunner

    from collect_lint.cli import main

    directory = tmp_path_factory.mktemp("outputs")
    files = {name: directory / name for name in ("report.html", "findings.csv", "summary.agents.csv", "summary.rules.csv")}
    runner = CliRunner()
    result = runner.invoke(main, ["report", str(export), *[a for f in files.values() for a in ("-o", str(f))]], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    checked = runner.invoke(main, ["check", "--format", "json", "--statistics", str(export)], catch_exceptions=False)
    return json.loads(checked.stdout), files


# -- consistency with --format json -----------------------------------------------------------------
def test_report_summary_counts_agree_with_json(outputs):
    document, files = outputs
    summary = report_data(files["report.html"])["summary"]
    expected = document["summary"]
    assert (summary["calls"], summary["items"], summary["problems"]) == (expected["calls"], expected["items"], expected["problems"])
    assert summary["severities"] == {"error": expected["errors"], "warning": expected["warnings"], "info": expected["info"]}
    assert summary["categories"] == Counter(d["category"] for d in document["diagnostics"])


def test_report_rule_counts_and_calls_agree_with_json(outputs):
    document, files = outputs
    rules = {r["id"]: r for r in report_data(files["report.html"])["rules"]}
    by_rule = Counter(d["rule"] for d in document["diagnostics"])
    calls = {rule: len({d["call_id"] for d in document["diagnostics"] if d["rule"] == rule}) for rule in by_rule}
    assert {rule: r["count"] for rule, r in rules.items()} == by_rule
    assert {rule: r["calls"] for rule, r in rules.items()} == calls


def test_report_agent_counts_agree_with_json(outputs):
    document, files = outputs
    agents = {a["agent"]: a for a in report_data(files["report.html"])["agents"]}
    assert {a: row["findings"] for a, row in agents.items() if row["findings"]} == Counter(d["agent_id"] for d in document["diagnostics"])
    assert {a: row["calls"] for a, row in agents.items()} == {a: s["calls"] for a, s in document["summary"]["statistics"]["agents"].items()}


def test_findings_csv_has_one_row_per_json_diagnostic(outputs):
    document, files = outputs
    rows = csv_rows(files["findings.csv"])
    assert Counter((r["规则"], r["通话"]) for r in rows) == Counter((d["rule"], d["call_id"]) for d in document["diagnostics"])


def test_rule_and_agent_csv_counts_agree_with_json(outputs):
    document, files = outputs
    rules = {r["规则"]: int(r["问题数"]) for r in csv_rows(files["summary.rules.csv"])}
    agents = {r["坐席"]: int(r["问题数"]) for r in csv_rows(files["summary.agents.csv"]) if int(r["问题数"])}
    assert rules == Counter(d["rule"] for d in document["diagnostics"])
    assert agents == Counter(d["agent_id"] for d in document["diagnostics"])


def test_report_lists_at_most_the_cap_per_rule_and_says_so(export, tmp_path, cli, monkeypatch):
    from collect_lint.formats import report_data as module

    monkeypatch.setattr(module, "ROWS_PER_RULE", 5)
    html = tmp_path / "capped.html"
    assert cli(["report", str(export), "-o", str(html)]).exit_code == 0
    data = report_data(html)
    listed = Counter(row["rule"] for row in data["rows"])
    assert max(listed.values()) == 5 == data["rows_per_rule"]
    assert any(rule["count"] > rule["listed"] for rule in data["rules"])
    assert "每条规则最多列出" in html.read_text(encoding="utf-8")


def test_report_daily_trend_counts_calls_per_day(outputs):
    _, files = outputs
    days = report_data(files["report.html"])["timing"]["days"]
    assert [d["calls"] for d in days] == [1000, 1000, 1000]


def test_report_hours_count_every_call(outputs):
    _, files = outputs
    assert sum(report_data(files["report.html"])["timing"]["hours"]) == 3000


# -- spreadsheets ---------------------------------------------------------------------------------
def test_csv_cell_that_looks_like_a_formula_is_prefixed(tmp_path, cli):
    record = {"call_id": "=HYPERLINK(1)", "debtor_id": "d1", "agent_id": "+A1", "started_at": "2026-11-20T10:00:00+08:00",
              "utterances": [{"speaker": "agent", "text": "你这个老赖，欠钱不还。"}]}
    export = tmp_path / "calls.jsonl"
    export.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "f.csv"
    assert cli(["report", str(export), "-o", str(out)]).exit_code == 0
    row = next(r for r in csv_rows(out) if r["规则"] == "CL-I001")
    assert (row["通话"], row["坐席"]) == ("'=HYPERLINK(1)", "'+A1")


def test_check_csv_format_streams_findings_to_stdout(cli, tmp_path):
    script = tmp_path / "a.txt"
    script.write_text("你这个老赖\n", encoding="utf-8")
    result = cli(["check", "--format", "csv", str(script)])
    lines = result.stdout.splitlines()
    assert lines[0].startswith("\ufeff编号,规则") and lines[1].split(",")[1] == "CL-I001"


def test_xlsx_workbook_has_summary_agent_rule_and_findings_sheets(export, tmp_path, cli):
    openpyxl = pytest.importorskip("openpyxl", reason="the [xlsx] extra is not installed")
    out = tmp_path / "summary.xlsx"
    assert cli(["report", str(export), "-o", str(out)]).exit_code == 0
    book = openpyxl.load_workbook(out, read_only=True)
    assert book.sheetnames == ["概览", "坐席", "规则", "问题明细"]
    agents = list(book["坐席"].iter_rows(values_only=True))
    assert agents[0][:4] == ("坐席", "检查通话数", "问题数", "每百通问题数") and len(agents) == 16


def test_xlsx_to_stdout_is_refused_before_the_run(cli, tmp_path):
    script = tmp_path / "a.txt"
    script.write_text("你好\n", encoding="utf-8")
    result = cli(["check", "--format", "xlsx", str(script)])
    assert result.exit_code == 2 and "xlsx output is binary" in result.stderr and "Traceback" not in result.output


def test_report_path_in_a_missing_directory_fails_before_the_run(cli, export, tmp_path):
    result = cli(["report", str(export), "-o", str(tmp_path / "missing" / "r.html")])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "does not exist" in result.stderr


def test_report_with_an_unknown_file_ending_names_the_file(cli, export, tmp_path):
    result = cli(["report", str(export), "-o", str(tmp_path / "r.pdf")])
    assert result.exit_code == 2 and "r.pdf: cannot tell the report format" in result.stderr


def test_report_file_is_replaced_atomically_and_no_temporary_file_is_left(cli, export, tmp_path):
    out = tmp_path / "r.html"
    out.write_text("old", encoding="utf-8")
    assert cli(["report", str(export), "-o", str(out)]).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == ["r.html"]


def test_report_script_is_not_ended_by_text_from_the_export():
    from collect_lint.formats.html import page

    html = page({"x": "</script><script>alert(1)</script>"})
    assert html.count("</script>") == 2  # the data block's own and the page script's


def test_findings_csv_masks_personal_numbers_in_matches_and_context(tmp_path, cli):
    export = tmp_path / "calls.jsonl"
    personal = generate(export, 300, calls_per_day=300, agents=3)
    out_html, out_csv = tmp_path / "r.html", tmp_path / "f.csv"
    assert cli(["report", str(export), "-o", str(out_html), "-o", str(out_csv)]).exit_code == 0
    text = out_html.read_text(encoding="utf-8") + out_csv.read_text(encoding="utf-8")
    assert personal and [number for number in personal if number in text] == []


# -- statistics that read well (point 4) ------------------------------------------------------------
STATISTICS_CALLS = [
    {"call_id": "s1", "debtor_id": "D1", "agent_id": "A1", "started_at": "2026-11-20T23:30:00+08:00",
     "utterances": [{"speaker": "agent", "text": "您好，这里是安心消费金融公司，我是工作人员王敏，工号1023。"},
                    {"speaker": "agent", "text": "你这个老赖，欠钱不还。"}, {"speaker": "主管", "text": "好的"}]},
    {"call_id": "s2", "debtor_id": "D2", "agent_id": "A1", "started_at": "2026-11-20T10:00:00+08:00",
     "utterances": [{"speaker": "agent", "text": "您好，这里是安心消费金融公司，我是工作人员王敏，工号1023。"},
                    {"speaker": "agent", "text": "请按时还款。"}]},
]


@pytest.fixture
def statistics_export(tmp_path):
    path = tmp_path / "stats.jsonl"
    path.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in STATISTICS_CALLS), encoding="utf-8")
    return path


def test_statistics_show_the_rule_name_beside_its_id(cli, statistics_export):
    text = cli(["check", "--statistics", str(statistics_export)]).stdout
    assert re.search(r"CL-I001 deadbeat-label\s+\(50\.00 per 100 calls\)", text)


def test_statistics_show_calls_and_rate_per_agent_with_categories(cli, statistics_export):
    text = cli(["check", "--statistics", str(statistics_export)]).stdout
    assert re.search(r"2\s+A1\s+\(2 calls, 100\.00 per 100 calls\) — hours 1, insult 1", text)


def test_statistics_show_contact_timing_apart_from_what_was_said(cli, statistics_export):
    text = cli(["check", "--statistics", str(statistics_export)]).stdout
    said = text.split("By category (what was said):")[1].split("Contact timing")[0]
    timing = text.split("Contact timing (when and how often):")[1].split("By agent_id")[0]
    assert "insult" in said and "hours" not in said and "hours" in timing


def test_statistics_count_unrecognised_speaker_utterances(cli, statistics_export):
    document = json.loads(cli(["check", "--format", "json", "--statistics", str(statistics_export)]).stdout)
    statistics = document["summary"]["statistics"]
    assert statistics["unrecognised_speaker_utterances"] == 1 and statistics["unrecognised_speakers"] == {"主管": 1}


def test_json_statistics_give_rates_per_100_calls_and_agent_breakdown(cli, statistics_export):
    statistics = json.loads(cli(["check", "--format", "json", "--statistics", str(statistics_export)]).stdout)["summary"]["statistics"]
    assert statistics["per_100_calls"]["by_rule"]["CL-I001"] == 50.0
    assert statistics["agents"]["A1"] == {"calls": 2, "findings": 2, "per_100_calls": 100.0, "by_category": {"hours": 1, "insult": 1}}
    assert statistics["rule_names"]["CL-I001"] == "deadbeat-label" and statistics["contact_timing"] == {"hours": 1}


def test_report_counts_unrecognised_speakers(cli, statistics_export, tmp_path):
    html = tmp_path / "r.html"
    assert cli(["report", str(statistics_export), "-o", str(html)]).exit_code == 0
    assert report_data(html)["summary"]["unknown_speaker_utterances"] == 1


def test_report_with_jobs_2_is_the_same_as_with_jobs_1(export, tmp_path, cli):
    one, two = tmp_path / "one.html", tmp_path / "two.html"
    assert cli(["report", "--jobs", "1", str(export), "-o", str(one)]).exit_code == 0
    assert cli(["report", "--jobs", "2", str(export), "-o", str(two)]).exit_code == 0
    first, second = report_data(one), report_data(two)
    assert first == second and any(row["before"] and row["after"] for row in first["rows"])


def test_check_html_format_writes_the_page_to_stdout(cli, statistics_export):
    result = cli(["check", "--format", "html", str(statistics_export)])
    assert result.exit_code == 1 and result.stdout.startswith("<!DOCTYPE html>") and "deadbeat-label" in result.stdout


def test_report_benchmark_smoke_run(tmp_path):
    """bench/report.py runs end to end at a tiny size, so it never rots (figures not checked)."""
    import os
    import subprocess
    import sys

    from conftest import ROOT

    done = subprocess.run([sys.executable, str(ROOT / "bench" / "report.py"), "--calls", "200", "--dir", str(tmp_path)],
                          capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)), timeout=600)
    assert done.returncode == 0, done.stderr
    assert "200 calls → html:" in done.stdout and "200 calls → xlsx:" in done.stdout


def test_report_over_script_files_lists_findings_by_file_and_line(cli, tmp_path):
    script = tmp_path / "call.txt"
    script.write_text("坐席：你好\n坐席：你这个老赖\n", encoding="utf-8")
    html = tmp_path / "r.html"
    assert cli(["report", str(script), "-o", str(html)]).exit_code == 0
    data = report_data(html)
    assert [(row["rule"], row["line"], row["call"]) for row in data["rows"]] == [("CL-I001", 2, "")]
    assert data["summary"]["calls"] == 0 and data["summary"]["items"] == 2
