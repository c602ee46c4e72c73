"""issue 15, point 3: the review workflow — stable finding ids, a decisions file, --reviewed."""

import json

import pytest


def call(call_id, text, debtor="D1", agent="A1", hour=10):
    return {"call_id": call_id, "debtor_id": debtor, "agent_id": agent, "started_at": f"2026-11-20T{hour:02d}:00:00+08:00",
            "utterances": [{"speaker": "agent", "text": "您好，这里是安心消费金融公司，我是工作人员王敏，工号1023。"},
                           {"speaker": "agent", "text": text}]}


CALLS = [call("c1", "你这个老赖，欠钱不还。"), call("c2", "你这个老赖，赶紧还钱。"), call("c3", "再不还就让你坐牢。")]


def write_export(path, calls):
    path.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in calls), encoding="utf-8")
    return path


def check_json(cli, *args):
    result = cli(["check", "--format", "json", "--statistics", *map(str, args)])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def ids_by_call(cli, export) -> dict:
    """(call id, rule) → review id, from a run with an empty decisions file."""
    empty = export.parent / "empty.json"
    empty.write_text('{"version": 1, "decisions": []}', encoding="utf-8")
    document = check_json(cli, "--reviewed", empty, export)
    return {(d["call_id"], d["rule"]): d["review"]["id"] for d in document["diagnostics"]}


def decide(path, *decisions):
    path.write_text(json.dumps({"version": 1, "decisions": list(decisions)}, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def export(tmp_path):
    return write_export(tmp_path / "calls.jsonl", CALLS)


def test_two_calls_with_the_same_words_get_different_ids(cli, export):
    ids = ids_by_call(cli, export)
    assert ids[("c1", "CL-I001")] != ids[("c2", "CL-I001")]


def test_ids_are_the_same_on_a_rerun(cli, export):
    assert ids_by_call(cli, export) == ids_by_call(cli, export)


def test_ids_survive_a_new_export_of_the_same_calls_in_another_order_with_more_calls(cli, export, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    again = write_export(other / "export-2.jsonl", [call("c0", "你这个老赖。"), CALLS[2], CALLS[1], CALLS[0]])
    before, after = ids_by_call(cli, export), ids_by_call(cli, again)
    assert {key: after[key] for key in before} == before


def test_dismissed_finding_is_hidden_from_json_diagnostics_and_counts(cli, export, tmp_path):
    target = ids_by_call(cli, export)[("c1", "CL-I001")]
    decisions = decide(tmp_path / "d.json", {"id": target, "rule": "CL-I001", "state": "dismissed", "reason": "客户自称，非坐席辱骂"})
    plain, reviewed = check_json(cli, export), check_json(cli, "--reviewed", decisions, export)
    assert len(reviewed["diagnostics"]) == len(plain["diagnostics"]) - 1
    assert target not in [d["review"]["id"] for d in reviewed["diagnostics"]]
    assert reviewed["summary"]["problems"] == plain["summary"]["problems"] - 1


def test_dismissed_finding_keeps_its_reason_in_json(cli, export, tmp_path):
    target = ids_by_call(cli, export)[("c1", "CL-I001")]
    decisions = decide(tmp_path / "d.json", {"id": target, "state": "dismissed", "reason": "客户自称，非坐席辱骂"})
    dismissed = check_json(cli, "--reviewed", decisions, export)["dismissed"]
    assert [(d["call_id"], d["review"]) for d in dismissed] == [
        ("c1", {"id": target, "state": "dismissed", "reason": "客户自称，非坐席辱骂"})]


def test_statistics_count_findings_by_review_state(cli, export, tmp_path):
    ids = ids_by_call(cli, export)
    decisions = decide(tmp_path / "d.json",
                       {"id": ids[("c1", "CL-I001")], "state": "dismissed", "reason": "误报"},
                       {"id": ids[("c3", "CL-D002")], "state": "confirmed"})
    states = check_json(cli, "--reviewed", decisions, export)["summary"]["statistics"]["by_review_state"]
    assert states == {"dismissed": 1, "confirmed": 1, "unreviewed": len(ids) - 2}


def test_sarif_keeps_a_dismissed_finding_as_an_external_suppression_with_justification(cli, export, tmp_path):
    target = ids_by_call(cli, export)[("c1", "CL-I001")]
    decisions = decide(tmp_path / "d.json", {"id": target, "state": "dismissed", "reason": "转述客户原话"})
    log = json.loads(cli(["check", "--format", "sarif", "--reviewed", str(decisions), str(export)]).stdout)
    suppressed = [r for r in log["runs"][0]["results"] if "suppressions" in r]
    assert [(r["properties"]["callId"], r["suppressions"]) for r in suppressed] == [
        ("c1", [{"kind": "external", "status": "accepted", "justification": "转述客户原话"}])]


def test_text_output_does_not_show_a_dismissed_finding(cli, export, tmp_path):
    target = ids_by_call(cli, export)[("c1", "CL-I001")]
    decisions = decide(tmp_path / "d.json", {"id": target, "state": "dismissed", "reason": "误报"})
    text = cli(["check", "--reviewed", str(decisions), str(export)]).stdout
    assert "(c2#1 agent)" in text and "(c1#1 agent)" not in text


def test_all_findings_dismissed_exits_zero(cli, tmp_path):
    export = write_export(tmp_path / "one.jsonl", [CALLS[0]])
    decisions = decide(tmp_path / "d.json", *[{"id": i, "state": "dismissed", "reason": "误报"} for i in ids_by_call(cli, export).values()])
    assert cli(["check", "--reviewed", str(decisions), str(export)]).exit_code == 0


def test_report_embeds_earlier_decisions_so_a_new_export_keeps_them(cli, export, tmp_path):
    target = ids_by_call(cli, export)[("c3", "CL-D002")]
    decisions = decide(tmp_path / "d.json", {"id": target, "rule": "CL-D002", "state": "confirmed", "reason": "属实"})
    html = tmp_path / "r.html"
    assert cli(["report", "--reviewed", str(decisions), str(export), "-o", str(html)]).exit_code == 0
    assert f'"id":"{target}"' in html.read_text(encoding="utf-8")


def test_dismissal_without_a_reason_is_refused(cli, export, tmp_path):
    decisions = decide(tmp_path / "d.json", {"id": "CL-I001-000000000000", "state": "dismissed", "reason": " "})
    result = cli(["check", "--reviewed", str(decisions), str(export)])
    assert result.exit_code == 2 and "decision 0: a dismissal needs a reason" in result.stderr


@pytest.mark.parametrize("body, problem", [
    ("{", "invalid JSON"),
    ('{"version": 2, "decisions": []}', "unsupported decisions file version"),
    ('{"version": 1, "decisions": [{"id": "x", "state": "maybe"}]}', "field 'state'"),
    ('{"version": 1, "decisions": [{"id": "x", "state": "confirmed", "reason": 1e400}]}', "unexpected number"),
])
def test_bad_decisions_file_is_one_line_naming_it(cli, export, tmp_path, body, problem):
    path = tmp_path / "bad.json"
    path.write_text(body, encoding="utf-8")
    result = cli(["check", "--reviewed", str(path), str(export)])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert str(path) in result.stderr and problem in result.stderr and "Traceback" not in result.output


def test_missing_decisions_file_is_named(cli, export, tmp_path):
    result = cli(["check", "--reviewed", str(tmp_path / "nope.json"), str(export)])
    assert result.exit_code == 2 and "nope.json: decisions file not found" in result.stderr


def test_a_reason_with_a_mobile_number_is_masked(cli, export, tmp_path):
    target = ids_by_call(cli, export)[("c1", "CL-I001")]
    decisions = decide(tmp_path / "d.json", {"id": target, "state": "dismissed", "reason": "已回访13812345678"})
    dismissed = check_json(cli, "--reviewed", decisions, export)["dismissed"]
    assert dismissed[0]["review"]["reason"] == "已回访138****5678"


def test_json_without_review_has_no_review_keys(cli, export):
    document = check_json(cli, export)
    assert "dismissed" not in document and all("review" not in d for d in document["diagnostics"])
