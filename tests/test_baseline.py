"""Baselines: written without line numbers, moved lines do not churn, new findings reported."""

import json

import pytest


def test_written_baseline_has_no_line_numbers_and_is_sorted(cli, tmp_path):
    (tmp_path / "b.txt").write_text("老赖\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("老赖\n你这个老赖\n", encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    result = cli(["check", "--write-baseline", str(baseline), str(tmp_path)])
    assert result.exit_code == 0
    entries = json.loads(baseline.read_text(encoding="utf-8"))["entries"]
    assert [(e["path"], e["rule"], e["occurrence"]) for e in entries] == [
        ("a.txt", "CL-I001", 0), ("a.txt", "CL-I001", 1), ("b.txt", "CL-I001", 0)
    ]
    assert all(set(e) == {"path", "rule", "hash", "occurrence"} for e in entries)


def test_moved_line_does_not_change_baseline_or_report(cli, tmp_path):
    template = tmp_path / "t.json"
    template.write_text('{"a": "你这个老赖"}', encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    cli(["check", "--write-baseline", str(baseline), str(template)])
    before = baseline.read_text(encoding="utf-8")
    template.write_text('{\n  "z": "您好",\n  "a": "你这个老赖"\n}', encoding="utf-8")
    assert cli(["check", "--baseline", str(baseline), str(template)]).exit_code == 0
    cli(["check", "--write-baseline", str(baseline), str(template)])
    assert baseline.read_text(encoding="utf-8") == before


def test_new_finding_is_reported_with_baseline(cli, tmp_path):
    template = tmp_path / "t.txt"
    template.write_text("你这个老赖\n", encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    cli(["check", "--write-baseline", str(baseline), str(template)])
    template.write_text("你这个老赖\n再不还钱就拘留你\n", encoding="utf-8")
    result = cli(["check", "--format", "jsonl", "--baseline", str(baseline), str(template)])
    assert [json.loads(line)["line"] for line in result.output.splitlines()] == [2]
    assert result.exit_code == 1


def test_second_occurrence_of_same_text_is_new(cli, tmp_path):
    template = tmp_path / "t.txt"
    template.write_text("你这个老赖\n", encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    cli(["check", "--write-baseline", str(baseline), str(template)])
    template.write_text("你这个老赖\n你这个老赖\n", encoding="utf-8")
    result = cli(["check", "--format", "jsonl", "--baseline", str(baseline), str(template)])
    assert len(result.output.splitlines()) == 1


def test_entries_that_no_longer_occur_are_noted(cli, tmp_path):
    template = tmp_path / "t.txt"
    template.write_text("你这个老赖\n", encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    cli(["check", "--write-baseline", str(baseline), str(template)])
    template.write_text("您好\n", encoding="utf-8")
    result = cli(["check", "--baseline", str(baseline), str(template)])
    assert "baseline: t.txt: CL-I001" in result.output and "no longer occurs" in result.output


def test_unreadable_baseline_is_an_error(cli, tmp_path):
    bad = tmp_path / "baseline.json"
    bad.write_text("[]", encoding="utf-8")
    result = cli(["check", "--baseline", str(bad), str(tmp_path)])
    assert result.exit_code == 2 and "not a collect-lint baseline" in result.output


HOSTILE_BASELINES = {
    "float-infinity": ('{"version": 1, "entries": [{"path": "t.txt", "rule": "CL-I001", "hash": "ab", "occurrence": 1e400}]}',
                       "unexpected number 1e400"),
    "deep-nesting": ('{"version": 1, "entries": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
    "huge-integer": ('{"version": 1, "entries": [{"path": "t.txt", "rule": "CL-I001", "hash": "ab", "occurrence": '
                     + "9" * 5000 + "}]}", "number too large"),
    "boolean-occurrence": ('{"version": 1, "entries": [{"path": "t.txt", "rule": "CL-I001", "hash": "ab", "occurrence": true}]}',
                           "entry 0: field 'occurrence': expected a whole number"),
    "not-an-object": ("[1, 2]", "not a collect-lint baseline"),
}


@pytest.mark.parametrize("name", HOSTILE_BASELINES)
def test_hostile_baseline_is_one_error_line_and_exit_2(cli, tmp_path, name):
    text, expected = HOSTILE_BASELINES[name]
    baseline = tmp_path / "baseline.json"
    baseline.write_text(text, encoding="utf-8")
    (tmp_path / "t.txt").write_text("你这个老赖\n", encoding="utf-8")
    result = cli(["check", "--baseline", str(baseline), str(tmp_path / "t.txt")])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [result.stderr.strip()] and expected in result.stderr
    assert result.stderr.startswith(f"collect-lint: error: {baseline}: ")


def _json_templates(path, templates: dict[str, str]):
    path.write_text(json.dumps(templates, ensure_ascii=False), encoding="utf-8")
    return path


def test_entries_of_templates_record_the_template_id(cli, tmp_path):
    template = _json_templates(tmp_path / "t.json", {"a": "你这个老赖"})
    baseline = tmp_path / "baseline.json"
    cli(["check", "--write-baseline", str(baseline), str(template)])
    [entry] = json.loads(baseline.read_text(encoding="utf-8"))["entries"]
    assert entry["template_id"] == "a"


def test_new_finding_in_another_template_is_not_taken_for_an_accepted_one(cli, tmp_path):
    template = _json_templates(tmp_path / "t.json", {"a": "你这个老赖", "b": "您好"})
    baseline = tmp_path / "baseline.json"
    cli(["check", "--write-baseline", str(baseline), str(template)])
    _json_templates(template, {"a": "您好", "b": "你这个老赖"})
    result = cli(["check", "--format", "jsonl", "--baseline", str(baseline), str(template)])
    assert [json.loads(line)["template_id"] for line in result.stdout.splitlines()] == ["b"]


def test_renamed_template_file_keeps_its_accepted_findings(cli, tmp_path):
    old = _json_templates(tmp_path / "old.json", {"a": "你这个老赖"})
    baseline = tmp_path / "baseline.json"
    cli(["check", "--write-baseline", str(baseline), str(old)])
    new = tmp_path / "new.json"
    old.rename(new)
    assert cli(["check", "--baseline", str(baseline), str(new)]).exit_code == 0


def test_template_id_in_a_file_that_still_exists_does_not_match_another_file(cli, tmp_path):
    first = _json_templates(tmp_path / "one.json", {"a": "你这个老赖"})
    baseline = tmp_path / "baseline.json"
    cli(["check", "--write-baseline", str(baseline), str(first)])
    second = _json_templates(tmp_path / "two.json", {"a": "你这个老赖"})
    assert cli(["check", "--baseline", str(baseline), str(second)]).exit_code == 1


def test_gone_notes_only_for_files_checked_in_this_run(cli, tmp_path):
    (tmp_path / "a.txt").write_text("你这个老赖\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("您好\n", encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    cli(["check", "--write-baseline", str(baseline), str(tmp_path / "a.txt")])
    result = cli(["check", "--baseline", str(baseline), str(tmp_path / "b.txt")])
    assert "no longer occurs" not in result.stderr


def test_baseline_from_config_is_applied(cli, tmp_path):
    template = tmp_path / "t.txt"
    template.write_text("你这个老赖\n", encoding="utf-8")
    cli(["check", "--isolated", "--write-baseline", str(tmp_path / "known.json"), str(template)])
    (tmp_path / "collect-lint.toml").write_text('baseline = "known.json"\n', encoding="utf-8")
    assert cli(["check", str(template)]).exit_code == 0


def test_version_1_baseline_is_still_read(cli, tmp_path):
    template = tmp_path / "t.txt"
    template.write_text("你这个老赖\n", encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    cli(["check", "--write-baseline", str(baseline), str(template)])
    document = json.loads(baseline.read_text(encoding="utf-8"))
    baseline.write_text(json.dumps(dict(document, version=1)), encoding="utf-8")
    assert cli(["check", "--baseline", str(baseline), str(template)]).exit_code == 0
