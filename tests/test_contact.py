"""Contact checks (contact.py): quiet windows, caps, identity disclosure, settings."""

import json
from datetime import time

import pytest

from collect_lint.checks.contact import (
    ContactPolicy,
    PolicyError,
    in_quiet_hours,
    names_agent,
    names_institution,
    parse_quiet_hours,
)


def test_wrapping_window_includes_its_start():
    assert in_quiet_hours(time(22, 0, 0), parse_quiet_hours("22:00-08:00"))


def test_wrapping_window_excludes_its_end():
    assert not in_quiet_hours(time(8, 0, 0), parse_quiet_hours("22:00-08:00"))


def test_wrapping_window_covers_midnight():
    assert in_quiet_hours(time(0, 30), parse_quiet_hours("22:00-08:00"))


def test_non_wrapping_window_is_checked_inside_the_day():
    window = parse_quiet_hours("12:00-14:00")
    assert (in_quiet_hours(time(13), window), in_quiet_hours(time(23), window)) == (True, False)


def test_us_profile_default_window_starts_at_21():
    assert ContactPolicy(profile="us").window_text == "21:00-08:00"


def test_quiet_hours_setting_replaces_the_profile_window():
    assert ContactPolicy(quiet_hours="21:30-07:30").window == (time(21, 30), time(7, 30))


def test_bad_window_is_rejected():
    with pytest.raises(PolicyError, match="must look like 22:00-08:00"):
        ContactPolicy(quiet_hours="10pm-8am")


def test_unknown_timezone_is_rejected():
    with pytest.raises(PolicyError, match="unknown time zone 'Mars/Base'"):
        ContactPolicy(timezone="Mars/Base")


def test_unknown_limit_is_rejected():
    with pytest.raises(PolicyError, match="unknown limit 'calls-per-hour'"):
        ContactPolicy(limits=(("calls-per-hour", 2),))


@pytest.mark.parametrize("text", [
    "您好，这里是招商银行信用卡中心。",
    "您好，我是安心消费金融公司的工作人员。",
    "我们是平安普惠贷后中心，联系您关于借款的事。",
    "您好，捷信金融的客服给您来电。",
    "你好，我这边是度小满金融，找一下张先生。",
])
def test_named_institution_is_recognised(text):
    assert names_institution(text)


@pytest.mark.parametrize("text", [
    "喂，是张伟吗？",
    "我是银行的，你的钱什么时候还？",
    "我是平台的客服。",
    "我是他朋友，找他有点事。",
    "你猜我是谁？",
    "我们公司已经给你打了很多次电话。",
])
def test_unnamed_or_missing_institution_is_not_a_disclosure(text):
    assert not names_institution(text)


@pytest.mark.parametrize("text", [
    "我是工作人员王敏，工号1023。",
    "我的工号是A2048。",
    "我姓李，是您的客户经理。",
    "我是客服小王，这边提醒您还款。",
])
def test_agent_name_or_number_is_recognised(text):
    assert names_agent(text)


@pytest.mark.parametrize("text", [
    "这里是安心消费金融公司。",
    "我是客服专员，找一下张先生。",
    "我是工作人员，提醒您还款。",
])
def test_missing_agent_name_or_number_is_not_an_identifier(text):
    assert not names_agent(text)


def _write_calls(path, records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")


def _night_call(call_id="n1", started="2026-11-20T21:30:00"):
    return {"call_id": call_id, "debtor_id": "D1", "started_at": started,
            "utterances": [{"speaker": "agent", "text": "您好，这里是安心消费金融公司，我是工作人员王敏，工号1023。"}]}


def test_quiet_hours_from_config_file_apply(cli, tmp_path):
    (tmp_path / "collect-lint.toml").write_text('[transcripts]\nquiet-hours = "21:00-08:00"\n', encoding="utf-8")
    _write_calls(tmp_path / "calls.jsonl", [_night_call()])
    result = cli(["check", "--format", "json", str(tmp_path / "calls.jsonl")])
    assert [d["rule"] for d in json.loads(result.stdout)["diagnostics"]] == ["CL-H101"]


def test_command_line_quiet_hours_win_over_config(cli, tmp_path):
    (tmp_path / "collect-lint.toml").write_text('[transcripts]\nquiet-hours = "21:00-08:00"\n', encoding="utf-8")
    _write_calls(tmp_path / "calls.jsonl", [_night_call()])
    result = cli(["check", "--quiet-hours", "22:00-08:00", "--format", "json", str(tmp_path / "calls.jsonl")])
    assert json.loads(result.stdout)["diagnostics"] == []


def test_field_map_from_config_file_applies(cli, tmp_path):
    (tmp_path / "collect-lint.toml").write_text('[transcripts.map]\ntext = "content"\n', encoding="utf-8")
    record = _night_call(started="2026-11-20T10:00:00")
    record["utterances"] = [{"speaker": "agent", "content": "这里是安心消费金融公司，工号1023，你这个老赖"}]
    _write_calls(tmp_path / "calls.jsonl", [record])
    result = cli(["check", "--format", "json", str(tmp_path / "calls.jsonl")])
    assert [d["rule"] for d in json.loads(result.stdout)["diagnostics"]] == ["CL-I001"]


def test_bad_timezone_option_is_one_line_and_exit_2(cli, tmp_path):
    _write_calls(tmp_path / "calls.jsonl", [_night_call()])
    result = cli(["check", "--timezone", "Mars/Base", str(tmp_path / "calls.jsonl")])
    assert (result.exit_code, result.stderr.strip()) == (
        2, "collect-lint: error: unknown time zone 'Mars/Base' (use an IANA name such as Asia/Shanghai)"
    )


def test_bad_limit_option_is_a_usage_error(cli, tmp_path):
    _write_calls(tmp_path / "calls.jsonl", [_night_call()])
    result = cli(["check", "--limit", "connected-calls-per-day=three", str(tmp_path / "calls.jsonl")])
    assert result.exit_code == 2 and "--limit" in result.stderr


def test_ignoring_a_contact_rule_switches_it_off(cli, tmp_path):
    _write_calls(tmp_path / "calls.jsonl", [_night_call(started="2026-11-20T23:00:00")])
    result = cli(["check", "--ignore", "CL-H101", "--format", "json", str(tmp_path / "calls.jsonl")])
    assert json.loads(result.stdout)["diagnostics"] == []


def test_severity_override_applies_to_contact_rules(cli, tmp_path):
    (tmp_path / "collect-lint.toml").write_text('[severity]\nCL-H101 = "warning"\n', encoding="utf-8")
    _write_calls(tmp_path / "calls.jsonl", [_night_call(started="2026-11-20T23:00:00")])
    result = cli(["check", "--format", "json", str(tmp_path / "calls.jsonl")])
    assert [d["severity"] for d in json.loads(result.stdout)["diagnostics"]] == ["warning"]


def test_connected_flag_overrides_utterance_inference(cli, tmp_path):
    records = []
    for n in range(4):
        record = _night_call(call_id=f"c{n}", started=f"2026-11-20T1{n}:00:00")
        record["connected"] = True  # only the agent speaks (voicemail-like), but the export says connected
        records.append(record)
    _write_calls(tmp_path / "calls.jsonl", records)
    result = cli(["check", "--format", "json", str(tmp_path / "calls.jsonl")])
    assert [d["call_id"] for d in json.loads(result.stdout)["diagnostics"]] == ["c3"]


def _contact_rules():
    from collect_lint.rules import RuleSet

    return [rule for rule in RuleSet.load() if rule.type == "contact"]


@pytest.mark.parametrize("rule", _contact_rules(), ids=lambda r: r.id)
def test_contact_rule_fires_on_its_bad_example_calls(rule):
    from collect_lint.checks.contact import example_fires

    assert rule.examples.bad and [e.note for e in rule.examples.bad if not example_fires(rule, e)] == []


@pytest.mark.parametrize("rule", _contact_rules(), ids=lambda r: r.id)
def test_contact_rule_is_silent_on_its_good_example_calls(rule):
    from collect_lint.checks.contact import example_fires

    assert rule.examples.good and [e.note for e in rule.examples.good if example_fires(rule, e)] == []


def test_quiet_hours_message_names_the_zone_and_offset_not_an_abbreviation(cli, tmp_path):
    _write_calls(tmp_path / "calls.jsonl", [_night_call(started="2026-11-20T23:30:00")])
    [finding] = json.loads(cli(["check", "--format", "json", str(tmp_path / "calls.jsonl")]).stdout)["diagnostics"]
    assert "（Asia/Shanghai，UTC+08:00）" in finding["message"] and "CST" not in finding["message"]


def test_single_opening_utterance_without_institution_is_worded_as_one_sentence(cli, tmp_path):
    record = {"call_id": "c1", "debtor_id": "D1", "started_at": "2026-11-20T10:00:00",
              "utterances": [{"speaker": "agent", "text": "您好，请问是张先生吗？"}]}
    _write_calls(tmp_path / "calls.jsonl", [record])
    messages = [d["message"] for d in json.loads(cli(["check", "--format", "json", str(tmp_path / "calls.jsonl")]).stdout)["diagnostics"]]
    assert any("坐席唯一的一句话未说明机构名称" in m for m in messages) and not any("前1句" in m for m in messages)
