"""Autofix: --fix / --diff round trips on every template format; a second --fix changes nothing."""

import json

import pytest

from collect_lint.workflow.fixes import Fixer
from collect_lint.inputs import Source

CARD = "6222020200112233446"  # Luhn-valid test number

ROUND_TRIPS = [
    ("t.txt", "你这个老赖，请还款\n", "你这个逾期客户，请还款\n"),
    ("t.json", '{\n  "a": "尊敬的{name}，你这个老赖",\n  "b": "你这个\\u8001\\u8d56"\n}\n',
     '{\n  "a": "尊敬的{name}，你这个逾期客户",\n  "b": "你这个逾期客户"\n}\n'),
    ("t.yaml", "# 模板\na: 尊敬的${name}，你这个老赖\nb: \"老赖\"\nc: |\n  第一行\n  你这个老赖\n",
     "# 模板\na: 尊敬的${name}，你这个逾期客户\nb: \"逾期客户\"\nc: |\n  第一行\n  你这个逾期客户\n"),
    ("t.csv", 'id,text\nx1,"你""这个""老赖"\nx2,你这个老赖\n', 'id,text\nx1,"你""这个""逾期客户"\nx2,你这个逾期客户\n'),
    ("t.md", "# 话术\n```\n老赖\n```\n- 你这个老赖\n", "# 话术\n```\n老赖\n```\n- 你这个逾期客户\n"),
]


@pytest.mark.parametrize("name, before, after", ROUND_TRIPS, ids=[r[0] for r in ROUND_TRIPS])
def test_fix_rewrites_each_template_format(cli, tmp_path, name, before, after):
    path = tmp_path / name
    path.write_text(before, encoding="utf-8")
    result = cli(["check", "--fix", str(path)])
    assert path.read_text(encoding="utf-8") == after
    assert result.exit_code == 0  # everything found was fixed


@pytest.mark.parametrize("name, before, after", ROUND_TRIPS, ids=[r[0] for r in ROUND_TRIPS])
def test_second_fix_changes_nothing(cli, tmp_path, name, before, after):
    path = tmp_path / name
    path.write_text(before, encoding="utf-8")
    cli(["check", "--fix", str(path)])
    result = cli(["check", "--fix", "--exit-non-zero-on-fix", str(path)])
    assert path.read_text(encoding="utf-8") == after and result.exit_code == 0


@pytest.mark.parametrize("name, before, after", ROUND_TRIPS, ids=[r[0] for r in ROUND_TRIPS])
def test_diff_shows_fix_without_writing(cli, tmp_path, name, before, after):
    path = tmp_path / name
    path.write_text(before, encoding="utf-8")
    result = cli(["check", "--diff", str(path)])
    assert path.read_text(encoding="utf-8") == before
    assert result.exit_code == 1
    assert f"+++ b/{path}" in result.stdout and "+" in result.stdout and "逾期客户" in result.stdout


def test_fix_masks_card_number(cli, tmp_path):
    path = tmp_path / "t.txt"
    path.write_text(f"请向卡号{CARD}还款\n", encoding="utf-8")
    cli(["check", "--fix", str(path)])
    assert path.read_text(encoding="utf-8") == "请向卡号6222***********3446还款\n"


def test_fix_keeps_crlf_bom_and_gb18030(cli, tmp_path):
    crlf = tmp_path / "crlf.txt"
    crlf.write_bytes("\ufeff您好\r\n你这个老赖\r\n".encode("utf-8"))
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes("你这个老赖\n".encode("gb18030"))
    cli(["check", "--fix", str(crlf), str(gbk)])
    assert crlf.read_bytes() == "\ufeff您好\r\n你这个逾期客户\r\n".encode("utf-8")
    assert gbk.read_bytes() == "你这个逾期客户\n".encode("gb18030")


def test_fix_with_exit_non_zero_on_fix_fails_when_a_file_changed(cli, tmp_path):
    path = tmp_path / "t.txt"
    path.write_text("你这个老赖\n", encoding="utf-8")
    assert cli(["check", "--fix", "--exit-non-zero-on-fix", str(path)]).exit_code == 1


def test_unfixable_findings_are_still_reported(cli, tmp_path):
    path = tmp_path / "t.txt"
    path.write_text("你这个老赖，再不还钱就拘留你\n", encoding="utf-8")
    result = cli(["check", "--fix", "--format", "jsonl", str(path)])
    assert path.read_text(encoding="utf-8").startswith("你这个逾期客户")
    assert "CL-I001" not in result.stdout and result.exit_code == 1


def test_suppressed_finding_is_not_fixed(cli, tmp_path):
    text = "你这个老赖 # collect-lint: ignore[CL-I001] 培训反例\n"
    path = tmp_path / "t.txt"
    path.write_text(text, encoding="utf-8")
    cli(["check", "--fix", str(path)])
    assert path.read_text(encoding="utf-8") == text


UNSAFE_RULESET = """
[[rules]]
id = "CL-Z001"
name = "visit-home-test"
category = "threat"
severity = "error"
message = "以上门相威胁"
patterns = ["上门催收"]
unsafe_fix = "预约面谈"
reference = "测试规则"
"""


def test_unsafe_fix_applies_only_with_flag(cli, tmp_path):
    ruleset = tmp_path / "extra.toml"
    ruleset.write_text(UNSAFE_RULESET, encoding="utf-8")
    path = tmp_path / "t.txt"
    path.write_text("明天安排上门催收\n", encoding="utf-8")
    cli(["check", "--fix", "--ruleset", str(ruleset), "--select", "CL-Z001", str(path)])
    assert path.read_text(encoding="utf-8") == "明天安排上门催收\n"
    cli(["check", "--fix", "--unsafe-fixes", "--ruleset", str(ruleset), "--select", "CL-Z001", str(path)])
    assert path.read_text(encoding="utf-8") == "明天安排预约面谈\n"


def test_transcripts_and_stdin_are_never_fixed():
    fixer = Fixer(lambda message: None)
    assert not fixer.can_fix(Source("calls.jsonl", "transcript"))
    assert not fixer.can_fix(Source("-", "template"))
    assert fixer.can_fix(Source("t.yaml", "template"))


def test_fix_reports_remaining_findings_at_their_place_after_the_fix(cli, tmp_path):
    path = tmp_path / "s.txt"
    path.write_text("你这个老赖，再不还钱就让你坐牢\n", encoding="utf-8")
    result = cli(["check", "--fix", "--format", "jsonl", str(path)])
    [remaining] = [json.loads(line) for line in result.stdout.splitlines()]
    fixed_line = path.read_text(encoding="utf-8").splitlines()[0]
    assert fixed_line[remaining["column"] - 1:remaining["end_column"] - 1] == remaining["text"]


def test_fix_summary_says_fixed_and_remaining(cli, tmp_path):
    path = tmp_path / "s.txt"
    path.write_text("你这个老赖，再不还钱就让你坐牢\n", encoding="utf-8")
    last = cli(["check", "--fix", str(path)]).stdout.splitlines()[-1]
    assert last.startswith("1 fixed, 1 remaining")
