"""Transcript exports through the CLI: formats, provenance, contact rules, errors, --jobs."""

import json
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures" / "transcripts"
EDGE = FIXTURES / "edge_cases.jsonl"
CAPS = FIXTURES / "caps.jsonl"
MAPPED = FIXTURES / "mapped.csv"
CSV_MAP = "call_id=session,debtor_id=customer_no,started_at=begin_time,speaker=role,text=content,agent_id=seat"


def diagnostics(cli, *args):
    result = cli(["check", "--format", "json", *map(str, args)])
    return json.loads(result.stdout)["diagnostics"], result


def by_call(found, call_id):
    return [d["rule"] for d in found if d["call_id"] == call_id]


@pytest.fixture(scope="module")
def edge(request):
    from click.testing import CliRunner

    from collect_lint.cli import main

    result = CliRunner().invoke(main, ["check", "--format", "json", str(EDGE)])
    return json.loads(result.stdout)["diagnostics"], result


def test_call_at_0759_59_is_in_quiet_hours(edge):
    assert "CL-H101" in by_call(edge[0], "t-0759")


def test_call_at_0800_00_is_not_in_quiet_hours(edge):
    assert by_call(edge[0], "t-0800") == []


def test_call_at_2159_59_is_not_in_quiet_hours(edge):
    assert by_call(edge[0], "t-2159") == []


def test_call_at_2200_00_is_in_quiet_hours(edge):
    assert by_call(edge[0], "t-2200") == ["CL-H101"]


def test_utc_timestamp_is_read_in_debtor_local_time(edge):
    hit = next(d for d in edge[0] if d["call_id"] == "t-utc")
    assert (hit["rule"], "22:30:00" in hit["message"]) == ("CL-H101", True)


def test_offset_timestamp_is_converted_to_debtor_local_time(edge):
    assert by_call(edge[0], "t-offset") == ["CL-H101"]


def test_record_timezone_wins_for_naive_timestamp(edge):
    hit = next(d for d in edge[0] if d["call_id"] == "t-own-zone")
    assert "23:30:00" in hit["message"]


def test_record_timezone_wins_for_offset_timestamp(edge):
    # 12:00 in Shanghai is 23:00 the day before in New York, the debtor's zone.
    hit = next(d for d in edge[0] if d["call_id"] == "t-own-zone-day")
    assert "2026-11-19 23:00:00" in hit["message"]


def test_naive_timestamp_is_read_in_the_timezone_option(cli):
    found, _ = diagnostics(cli, "--timezone", "Asia/Tokyo", EDGE)
    # 21:59:59 in Tokyo is quiet-free, but 07:59:59 Tokyo is still quiet: same local clock.
    assert (by_call(found, "t-0759"), by_call(found, "t-2159")) == (["CL-H101"], [])


def test_timezone_option_moves_aware_timestamps(cli):
    found, _ = diagnostics(cli, "--timezone", "UTC", EDGE)
    assert by_call(found, "t-utc") == []


def test_customer_insults_give_no_finding(edge):
    assert by_call(edge[0], "t-customer-only") == []


def test_agent_insult_carries_call_speaker_utterance_line_and_agent(edge):
    hit = next(d for d in edge[0] if d["rule"] == "CL-I001")
    assert (hit["call_id"], hit["speaker"], hit["utterance"], hit["line"], hit["agent_id"], hit["debtor_id"]) == (
        "t-agent-insult", "agent", 2, 10, "A03", "D-abuse2"
    )


def test_column_points_at_the_matched_characters_in_the_jsonl_line(edge):
    hit = next(d for d in edge[0] if d["rule"] == "CL-I001")
    line = EDGE.read_text(encoding="utf-8").splitlines()[hit["line"] - 1]
    assert line[hit["column"] - 1 : hit["end_column"] - 1] == "老赖"


def test_night_callback_in_agent_text_is_an_hours_finding(edge):
    assert "CL-H003" in by_call(edge[0], "t-agent-insult")


def test_no_institution_in_first_three_agent_utterances_is_a_warning(edge):
    hit = next(d for d in edge[0] if d["call_id"] == "t-no-intro")
    assert (hit["rule"], hit["severity"], hit["utterance"]) == ("CL-S101", "warning", 0)


def test_institution_without_name_or_number_is_info(edge):
    hit = next(d for d in edge[0] if d["call_id"] == "t-no-name")
    assert (hit["rule"], hit["severity"]) == ("CL-S102", "info")


def test_sms_sent_at_night_is_an_hours_finding_without_disclosure_check(edge):
    assert by_call(edge[0], "t-sms-night") == ["CL-H101"]


def test_record_missing_debtor_id_is_an_input_error_and_still_checked(edge):
    found, result = edge
    assert "edge_cases.jsonl:13: field 'debtor_id': missing" in result.stderr
    assert "CL-T010" in by_call(found, "t-missing-debtor")


def test_malformed_json_line_is_an_input_error_naming_file_and_line(edge):
    assert "edge_cases.jsonl:14: invalid JSON" in edge[1].stderr


def test_utterances_that_are_not_a_list_are_an_input_error(edge):
    assert "edge_cases.jsonl:15: field 'utterances': expected a list" in edge[1].stderr


def test_input_errors_exit_2_after_checking_everything(edge):
    found, result = edge
    assert result.exit_code == 2 and by_call(found, "t-sms-night") == ["CL-H101"]


def test_debtor_at_the_connected_call_cap_is_not_flagged(cli):
    found, _ = diagnostics(cli, CAPS)
    assert [d for d in found if d["debtor_id"] == "D-cap"] == []


def test_each_connected_call_beyond_the_cap_is_flagged(cli):
    found, _ = diagnostics(cli, CAPS)
    assert [(d["call_id"], d["rule"]) for d in found if d["debtor_id"] == "D-over"] == [("over-4", "CL-F101")]


def test_seventh_unanswered_attempt_in_a_day_is_flagged(cli):
    found, _ = diagnostics(cli, CAPS)
    assert [(d["call_id"], d["rule"]) for d in found if d["debtor_id"] == "D-ring"] == [("ring-7", "CL-F102")]


def test_frequency_limit_is_configurable_from_the_command_line(cli):
    found, _ = diagnostics(cli, "--limit", "connected-calls-per-day=2", CAPS)
    assert [d["call_id"] for d in found if d["rule"] == "CL-F101"] == ["cap-3", "over-3", "over-4"]


def test_counts_span_all_files_of_one_run(cli, tmp_path):
    lines = CAPS.read_text(encoding="utf-8").splitlines()
    over = [line for line in lines if '"D-over"' in line and "next-day" not in line]
    (tmp_path / "a.jsonl").write_text("\n".join(over[:2]) + "\n", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text("\n".join(over[2:]) + "\n", encoding="utf-8")
    found, _ = diagnostics(cli, tmp_path / "a.jsonl", tmp_path / "b.jsonl")
    assert [d["call_id"] for d in found if d["rule"] == "CL-F101"] == ["over-4"]


def test_us_profile_uses_the_21_to_8_window(cli):
    found, _ = diagnostics(cli, "--profile", "us", EDGE)
    assert by_call(found, "t-2159") == ["CL-H102"]


def test_us_profile_counts_calls_in_seven_days(cli, tmp_path):
    intro = "您好，这里是安心消费金融公司，我是工作人员王敏，工号1023。"
    times = [(day, hour) for day in (1, 2, 3, 4) for hour in (10, 15)] + [(9, 10)]
    records = [
        {"call_id": f"u{day}-{hour}", "debtor_id": "D-us", "started_at": f"2026-11-{day:02d}T{hour}:00:00-06:00",
         "timezone": "America/Chicago", "utterances": [{"speaker": "agent", "text": intro}]}
        for day, hour in times
    ]
    path = tmp_path / "us.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    found, _ = diagnostics(cli, "--profile", "us", path)
    # The 8th call within 7 days is over the cap; a week later the window has moved on.
    assert [d["call_id"] for d in found if d["rule"] == "CL-F103"] == ["u4-15"]


def test_csv_rows_are_grouped_into_calls_with_mapped_columns(cli):
    found, _ = diagnostics(cli, "--kind", "transcript", "--map", CSV_MAP, MAPPED)
    assert [(d["call_id"], d["rule"], d["line"], d["utterance"], d["agent_id"]) for d in found] == [
        ("m1", "CL-H101", 2, None, "S7"),
        ("m1", "CL-I001", 4, 2, "S7"),
    ]


def test_csv_column_points_into_the_quoted_field(cli):
    found, _ = diagnostics(cli, "--kind", "transcript", "--map", CSV_MAP, MAPPED)
    hit = next(d for d in found if d["rule"] == "CL-I001")
    line = MAPPED.read_text(encoding="utf-8").splitlines()[hit["line"] - 1]
    assert line[hit["column"] - 1 : hit["end_column"] - 1] == "老赖"


def test_csv_row_with_wrong_field_count_is_an_input_error(cli, tmp_path):
    path = tmp_path / "calls.csv"
    path.write_text(
        "call_id,debtor_id,started_at,speaker,text\n"
        "c1,d1,2026-11-20 10:00:00,坐席,你这个老赖,多余\n"
        "c2,d1,2026-11-20 10:00:00,坐席,你这个老赖\n",
        encoding="utf-8",
    )
    found, result = diagnostics(cli, path)
    assert "calls.csv:2: expected 5 fields, found 6" in result.stderr
    assert [(d["call_id"], d["line"]) for d in found if d["rule"] == "CL-I001"] == [("c2", 3)]


def test_csv_missing_required_column_names_it(cli, tmp_path):
    path = tmp_path / "calls.csv"
    path.write_text("call_id,speaker,text\nc1,坐席,你好\n", encoding="utf-8")
    result = cli(["check", str(path)])
    assert result.exit_code == 2
    assert "calls.csv:1: CSV header lacks column(s): debtor_id, started_at" in result.stderr


def test_unknown_map_field_is_a_usage_error(cli):
    result = cli(["check", "--map", "sessionid=call", str(MAPPED)])
    assert result.exit_code == 2 and "unknown field 'sessionid'" in result.stderr


def test_json_array_export_reports_the_line_of_each_utterance(cli, tmp_path):
    path = tmp_path / "calls.json"
    records = [{"call_id": "j1", "debtor_id": "d", "started_at": "2026-11-20T10:00:00+08:00",
                "utterances": [{"speaker": "agent", "text": "您好，这里是安心消费金融公司，我是工作人员王敏，工号1023。"},
                               {"speaker": "agent", "text": "你这个老赖"}]}]
    path.write_text(json.dumps(records, ensure_ascii=False, indent=2), encoding="utf-8")
    found, _ = diagnostics(cli, path)
    hit = next(d for d in found if d["rule"] == "CL-I001")
    line = path.read_text(encoding="utf-8").splitlines()[hit["line"] - 1]
    assert line[hit["column"] - 1 : hit["end_column"] - 1] == "老赖"


def test_json_file_without_utterances_is_still_a_template_file(cli, tmp_path):
    path = tmp_path / "templates.json"
    path.write_text(json.dumps({"overdue": "你这个老赖"}, ensure_ascii=False), encoding="utf-8")
    found, _ = diagnostics(cli, path)
    assert [(d["rule"], d["template_id"]) for d in found] == [("CL-I001", "overdue")]


def test_jobs_2_gives_the_same_output_as_jobs_1(cli, tmp_path):
    big = tmp_path / "many.jsonl"
    text = EDGE.read_text(encoding="utf-8") + CAPS.read_text(encoding="utf-8")
    big.write_text(text * 20, encoding="utf-8")
    one = cli(["check", "--format", "jsonl", "--jobs", "1", str(big)])
    two = cli(["check", "--format", "jsonl", "--jobs", "2", str(big)])
    assert (two.stdout, two.exit_code) == (one.stdout, one.exit_code) and one.stdout.count("\n") > 300


def test_statistics_count_by_agent_id(cli):
    result = cli(["check", "--statistics", str(CAPS)])
    assert "By agent_id:" in result.stdout and "A09" in result.stdout


def test_progress_is_silent_when_stderr_is_not_a_terminal(cli):
    result = cli(["check", str(CAPS)])
    assert "records" not in result.stderr


def test_progress_meter_reports_records_and_megabytes():
    import io

    from collect_lint.workflow.progress import ProgressMeter

    stream = io.StringIO()
    meter = ProgressMeter(stream, interval=0)
    meter.update(3, 2_500_000)
    assert "3 records" in stream.getvalue() and "2.5 MB" in stream.getvalue()


def test_stdin_transcript_is_read_as_jsonl(cli):
    record = {"call_id": "s1", "debtor_id": "d", "started_at": "2026-11-20T23:00:00+08:00",
              "utterances": [{"speaker": "agent", "text": "您好，这里是安心消费金融公司，我是工作人员王敏，工号1023。"}]}
    result = cli(["check", "--kind", "transcript", "--format", "json", "-"], input=json.dumps(record, ensure_ascii=False) + "\n")
    assert [d["rule"] for d in json.loads(result.stdout)["diagnostics"]] == ["CL-H101"]


def test_jobs_2_reports_the_same_input_errors_as_jobs_1(cli, tmp_path):
    big = tmp_path / "many.jsonl"
    big.write_text(EDGE.read_text(encoding="utf-8") * 3, encoding="utf-8")
    one = cli(["check", "--jobs", "1", str(big)])
    two = cli(["check", "--jobs", "2", str(big)])
    assert two.stderr == one.stderr and one.stderr.count("invalid JSON") == 3


def test_gb18030_export_is_decoded_with_a_note(cli, tmp_path):
    record = {"call_id": "g1", "debtor_id": "d", "started_at": "2026-11-20T10:00:00+08:00",
              "utterances": [{"speaker": "坐席", "text": "这里是安心消费金融公司，工号1023，你这个老赖"}]}
    path = tmp_path / "legacy.jsonl"
    path.write_bytes((json.dumps(record, ensure_ascii=False) + "\n").encode("gb18030"))
    for jobs in ("1", "2"):
        result = cli(["check", "--jobs", jobs, "--format", "json", str(path)])
        assert "not UTF-8, decoded as GB18030" in result.stderr
        assert [d["rule"] for d in json.loads(result.stdout)["diagnostics"]] == ["CL-I001"]


def test_json_array_export_with_jobs_2_equals_jobs_1(cli, tmp_path):
    path = tmp_path / "calls.json"
    records = [json.loads(line) for line in EDGE.read_text(encoding="utf-8").splitlines() if "t-bad-json" not in line]
    path.write_text(json.dumps(records, ensure_ascii=False, indent=1), encoding="utf-8")
    one = cli(["check", "--format", "jsonl", "--jobs", "1", str(path)])
    two = cli(["check", "--format", "jsonl", "--jobs", "2", str(path)])
    assert two.stdout == one.stdout and "CL-I001" in one.stdout


def test_csv_field_with_a_line_break_reports_the_line_of_the_match(cli, tmp_path):
    path = tmp_path / "calls.csv"
    path.write_text('call_id,debtor_id,started_at,speaker,text\nc1,d1,2026-11-20 10:00:00,坐席,"第一行\n你这个老赖"\n', encoding="utf-8")
    found, _ = diagnostics(cli, path)
    hit = next(d for d in found if d["rule"] == "CL-I001")
    assert (hit["line"], hit["column"]) == (3, 4)


def test_unix_seconds_in_a_csv_column_are_a_start_time(cli, tmp_path):
    path = tmp_path / "calls.csv"
    # 1763650800 is 2025-11-20 15:00 UTC, 23:00 in Shanghai.
    path.write_text("call_id,debtor_id,started_at,speaker,text\nc1,d1,1763650800,坐席,这里是安心消费金融公司，工号1023\n", encoding="utf-8")
    found, _ = diagnostics(cli, path)
    assert [d["rule"] for d in found] == ["CL-H101"]


def test_column_is_exact_when_another_field_has_a_text_key(cli, tmp_path):
    record = {"call_id": "k1", "debtor_id": "d", "started_at": "2026-11-20T10:00:00+08:00",
              "summary": {"text": "这里是安心消费金融公司，工号1023。你这个老赖"},
              "utterances": [{"speaker": "agent", "text": "这里是安心消费金融公司，工号1023。你这个老赖"}]}
    path = tmp_path / "calls.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    found, _ = diagnostics(cli, path)
    hit = next(d for d in found if d["rule"] == "CL-I001")
    line = path.read_text(encoding="utf-8").splitlines()[0]
    assert hit["column"] - 1 > line.index('"utterances"') and line[hit["column"] - 1 : hit["end_column"] - 1] == "老赖"
