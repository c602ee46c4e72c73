"""The collect-lint command: formats, exit codes, inputs and bad-input handling."""

import json

import pytest


@pytest.fixture
def script_file(tmp_path):
    path = tmp_path / "script.txt"
    path.write_text("# 催收话术\n坐席：您好，我是XX银行工作人员。\n坐席：你这个老赖，赶紧还钱！\n客户：你们才是骗子\n", encoding="utf-8")
    return path


def test_violation_exits_1_and_prints_path_line_column(cli, script_file):
    result = cli(["check", str(script_file)])
    assert result.exit_code == 1
    assert f"{script_file}:3:7: CL-I" in result.stdout


def test_text_line_shows_matched_text_and_suggestion(cli, script_file):
    line = cli(["check", str(script_file)]).stdout.splitlines()[0]
    assert "「老赖」" in line and "→ 建议:" in line


def test_clean_input_exits_0_with_summary(cli, tmp_path):
    path = tmp_path / "ok.txt"
    path.write_text("您好，您的借款已逾期3天，请于本月20日前还款。\n", encoding="utf-8")
    result = cli(["check", str(path)])
    assert (result.exit_code, result.stdout.strip()) == (0, "No problems found (1 file, 1 items checked).")


def test_fail_on_error_ignores_warnings(cli, tmp_path):
    path = tmp_path / "sms.sms"
    path.write_text("请联系专员13812345678办理\n", encoding="utf-8")
    assert cli(["check", "--fail-on", "error", str(path)]).exit_code == 0
    assert cli(["check", str(path)]).exit_code == 1


def test_stdin_is_read_with_dash(cli):
    result = cli(["check", "-", "--format", "json"], input="你这个老赖\n")
    assert result.exit_code == 1 and json.loads(result.stdout)["diagnostics"][0]["path"] == "-"


def test_json_diagnostic_has_every_documented_field(cli, script_file):
    diagnostic = json.loads(cli(["check", "--format", "json", str(script_file)]).stdout)["diagnostics"][0]
    fields = {"path", "line", "column", "end_line", "end_column", "rule", "name", "category", "severity",
              "message", "text", "suggestion", "reference", "call_id", "speaker"}
    assert fields <= set(diagnostic)


def test_json_columns_point_at_the_original_text(cli, tmp_path):
    path = tmp_path / "t.txt"
    line = "坐席：你這個老*賴"
    path.write_text(line + "\n", encoding="utf-8")
    d = json.loads(cli(["check", "--format", "json", str(path)]).stdout)["diagnostics"][0]
    assert line[d["column"] - 1 : d["end_column"] - 1] == "老*賴" == d["text"]


def test_sms_placeholders_do_not_shift_columns(cli, tmp_path):
    path = tmp_path / "templates.sms"
    path.write_text("{name}您好，${amount}元已逾期，老赖{{due}}\n", encoding="utf-8")
    d = json.loads(cli(["check", "--format", "json", str(path)]).stdout)["diagnostics"][0]
    assert (d["column"], d["text"]) == (24, "老赖")


def test_customer_lines_are_not_reported(cli, tmp_path):
    path = tmp_path / "t.txt"
    path.write_text("客户：你们这群骗子，老赖是你们\n", encoding="utf-8")
    assert cli(["check", str(path)]).exit_code == 0


def test_directories_are_recursed(cli, tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "x.txt").write_text("你这个老赖\n", encoding="utf-8")
    result = cli(["check", "--format", "json", str(tmp_path)])
    assert json.loads(result.stdout)["summary"]["files"] == 1 and result.exit_code == 1


def test_select_by_category(cli, script_file):
    assert cli(["check", "--select", "threat", str(script_file)]).exit_code == 0


def test_ignore_by_rule_name(cli, tmp_path):
    path = tmp_path / "t.txt"
    path.write_text("你这个老赖\n", encoding="utf-8")
    rule = json.loads(cli(["check", "--format", "json", str(path)]).stdout)["diagnostics"][0]["name"]
    assert cli(["check", "--ignore", rule, str(path)]).exit_code == 0


def test_missing_file_is_exit_2_and_other_files_are_still_checked(cli, script_file, tmp_path):
    result = cli(["check", "--format", "json", str(tmp_path / "nope.txt"), str(script_file)])
    assert result.exit_code == 2
    assert "nope.txt: no such file or directory" in result.stderr
    assert json.loads(result.stdout)["diagnostics"]


def test_gb18030_input_is_decoded_with_a_note(cli, tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes("你这个老赖\n".encode("gb18030"))
    result = cli(["check", str(path)])
    assert result.exit_code == 1 and "decoded as GB18030" in result.stderr


def test_undecodable_input_is_exit_2_with_one_line(cli, tmp_path):
    path = tmp_path / "bin.txt"
    path.write_bytes(b"\xff\xfe\xff\x80\x80")
    result = cli(["check", str(path)])
    assert result.exit_code == 2
    assert [line for line in result.stderr.splitlines() if "bin.txt" in line][0].count("\n") == 0
    assert "Traceback" not in result.stderr


def test_broken_ruleset_is_exit_2_naming_the_file(cli, script_file, tmp_path):
    bad = tmp_path / "mine.toml"
    bad.write_text('[[rules]]\nid = "X"\n', encoding="utf-8")
    result = cli(["check", "--ruleset", str(bad), str(script_file)])
    assert result.exit_code == 2 and "mine.toml: rule X: field 'id'" in result.stderr


def test_extra_ruleset_adds_rules(cli, tmp_path):
    extra = tmp_path / "mine.toml"
    extra.write_text(
        '[[rules]]\nid = "CL-Z901"\nname = "house-word"\ncategory = "insult"\nseverity = "warning"\n'
        'message = "内部禁用词"\npatterns = ["穷鬼"]\nreference = "公司制度"\n',
        encoding="utf-8",
    )
    path = tmp_path / "t.txt"
    path.write_text("你这个穷鬼\n", encoding="utf-8")
    result = cli(["check", "--ruleset", str(extra), "--select", "CL-Z901", str(path)])
    assert result.exit_code == 1 and "CL-Z901" in result.stdout


def test_unknown_select_is_a_usage_error(cli, script_file):
    result = cli(["check", "--select", "CL-Q123", str(script_file)])
    assert result.exit_code == 2 and "unknown rule or category 'CL-Q123'" in result.stderr


def test_rules_lists_every_rule_as_json(cli):
    from collect_lint import RuleSet

    assert len(json.loads(cli(["rules", "--format", "json"]).stdout)) == len(RuleSet.load())


def test_rule_explains_one_rule(cli):
    from collect_lint import RuleSet

    rule = next(r for r in RuleSet.load() if r.has_text_scope and r.examples.bad)
    output = cli(["rule", rule.name]).stdout
    assert rule.id in output and rule.reference in output and rule.examples.bad[0] in output


def test_unknown_rule_is_exit_2(cli):
    assert cli(["rule", "CL-Q999"]).exit_code == 2


def test_unreadable_directory_is_an_input_error_and_the_rest_is_checked(cli, tmp_path, monkeypatch):
    import os

    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "x.txt").write_text("你这个老赖\n", encoding="utf-8")
    (tmp_path / "open.txt").write_text("你这个老赖\n", encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path="."):  # chmod 000 does not stop root: refuse the listing as the OS would
        if os.fspath(path) == str(tmp_path / "locked"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = cli(["check", "--format", "json", str(tmp_path)])
    assert result.exit_code == 2
    assert f"{tmp_path / 'locked'}: cannot read directory: Permission denied" in result.stderr
    assert json.loads(result.stdout)["summary"]["files"] == 1
