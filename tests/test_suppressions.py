"""Inline suppressions: same line, next line, reason required, unused ones reported."""

import pytest


def _check(cli, tmp_path, name, text, *args):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return cli(["check", "--format", "jsonl", *args, str(path)])


def _rules(result):
    import json

    return [(d["rule"], d["line"]) for d in map(json.loads, result.output.splitlines())]


def test_ignore_on_the_same_line_suppresses(cli, tmp_path):
    result = _check(cli, tmp_path, "s.txt", "你这个老赖  # collect-lint: ignore[CL-I001] 培训材料中的反面示例\n")
    assert _rules(result) == [] and result.exit_code == 0


def test_ignore_next_line_suppresses_the_following_line(cli, tmp_path):
    text = "# collect-lint: ignore-next-line[insult] 引用客户原话\n你这个老赖\n你这个老赖\n"
    assert _rules(_check(cli, tmp_path, "s.txt", text)) == [("CL-I001", 3)]


def test_markdown_html_comment_directive(cli, tmp_path):
    text = "你这个老赖 <!-- collect-lint: ignore[CL-I001] 反面示例 -->\n"
    assert _rules(_check(cli, tmp_path, "guide.md", text)) == []


def test_yaml_comment_directive(cli, tmp_path):
    text = "# collect-lint: ignore-next-line[CL-I001] 反面示例\nbad: 你这个老赖\n"
    assert _rules(_check(cli, tmp_path, "t.yaml", text)) == []


def test_directive_text_is_not_linted(cli, tmp_path):
    text = "您好 # collect-lint: ignore[CL-I002] 理由里提到老赖也不算\n"
    assert ("CL-I001", 1) not in _rules(_check(cli, tmp_path, "s.txt", text))


def test_missing_reason_is_reported_and_does_not_suppress(cli, tmp_path):
    result = _check(cli, tmp_path, "s.txt", "你这个老赖 # collect-lint: ignore[CL-I001]\n")
    assert _rules(result) == [("CL-X001", 1), ("CL-I001", 1)]
    assert result.exit_code == 1


def test_unused_suppression_is_reported_as_info(cli, tmp_path):
    result = _check(cli, tmp_path, "s.txt", "您好 # collect-lint: ignore[CL-I001] 以前有问题\n")
    assert _rules(result) == [("CL-X002", 1)]
    assert '"severity": "info"' in result.output and result.exit_code == 0


def test_suppression_for_deselected_rule_is_not_reported_unused(cli, tmp_path):
    result = _check(cli, tmp_path, "s.txt", "您好 # collect-lint: ignore[CL-I001] 以前有问题\n", "--select", "threat")
    assert _rules(result) == []


def test_json_files_have_no_comment_suppressions(cli, tmp_path):
    result = _check(cli, tmp_path, "t.json", '["你这个老赖 # collect-lint: ignore[CL-I001] 不算"]')
    assert ("CL-I001", 1) in _rules(result)


def _suppression_examples():
    from collect_lint.rules import RuleSet

    return [(rule.id, which, example) for rule in RuleSet.load() if rule.type == "suppression"
            for which, examples in (("bad", rule.examples.bad), ("good", rule.examples.good)) for example in examples]


@pytest.mark.parametrize("rule_id, which, example", _suppression_examples())
def test_suppression_rule_examples_hold_in_a_script_file(cli, tmp_path, rule_id, which, example):
    path = tmp_path / "example.txt"
    path.write_text(example + "\n", encoding="utf-8")
    found = rule_id in cli(["check", "--format", "jsonl", "--fail-on", "error", str(path)]).stdout
    assert found == (which == "bad")


def test_ignoring_the_unused_suppression_rule_silences_its_note(cli, tmp_path):
    path = tmp_path / "s.txt"
    path.write_text("请按时还款。  # collect-lint: ignore[CL-I001] 已审核\n", encoding="utf-8")
    assert "CL-X002" not in cli(["check", "--ignore", "CL-X002", str(path)]).stdout
