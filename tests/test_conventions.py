"""CLI conventions ruff users bring: output options, exit codes, quiet, colour, version,
statistics alone, the frame in the users' language, and progress with percentage and ETA."""

import io
import json

import pytest

from collect_lint import __version__


@pytest.fixture
def script(tmp_path):
    path = tmp_path / "s.txt"
    path.write_text("你这个老赖\n", encoding="utf-8")
    return path


def test_output_format_is_the_option_and_format_its_alias(cli, script):
    assert cli(["check", "--output-format", "json", str(script)]).stdout == cli(["check", "--format", "json", str(script)]).stdout


def test_output_file_receives_the_output_and_stdout_stays_empty(cli, script, tmp_path):
    target = tmp_path / "out.json"
    result = cli(["check", "--output-format", "json", "--output-file", str(target), str(script)])
    assert result.stdout == "" and json.loads(target.read_text(encoding="utf-8"))["diagnostics"][0]["rule"] == "CL-I001"


def test_output_file_keeps_the_exit_code_of_the_findings(cli, script, tmp_path):
    assert cli(["check", "--output-file", str(tmp_path / "out.txt"), str(script)]).exit_code == 1


def test_output_file_in_a_missing_directory_fails_before_the_run_in_one_line(cli, script, tmp_path):
    result = cli(["check", "--output-file", str(tmp_path / "nope" / "out.json"), str(script)])
    assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1 and "does not exist" in result.stderr


def test_output_file_leaves_no_temporary_file_behind(cli, script, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    cli(["check", "--output-file", str(out / "r.txt"), str(script)])
    assert [p.name for p in out.iterdir()] == ["r.txt"]


def test_exit_zero_exits_0_with_findings(cli, script):
    result = cli(["check", "--exit-zero", str(script)])
    assert result.exit_code == 0 and "CL-I001" in result.stdout


def test_exit_zero_still_exits_2_on_input_errors(cli, tmp_path):
    assert cli(["check", "--exit-zero", str(tmp_path / "missing.txt")]).exit_code == 2


def test_quiet_prints_the_findings_without_the_summary_line(cli, script):
    lines = cli(["check", "-q", str(script)]).stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith(str(script))


def test_quiet_leaves_out_the_fixed_note(cli, tmp_path):
    path = tmp_path / "t.txt"
    path.write_text("你这个老赖\n", encoding="utf-8")
    assert "fixed" not in cli(["check", "--quiet", "--fix", str(path)]).stderr


def test_force_color_colours_the_output_when_not_a_terminal(cli, script, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[" in cli(["check", str(script)]).stdout


def test_no_color_wins_over_force_color(cli, script, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in cli(["check", str(script)]).stdout


def test_version_option_prints_the_package_version(cli):
    assert cli(["--version"]).stdout.strip().endswith(__version__)


def test_statistics_alone_prints_counts_instead_of_findings(cli, script):
    text = cli(["check", "--statistics", str(script)]).stdout
    assert "By rule:" in text and f"{script}:1:" not in text


def test_statistics_mark_fixable_rules_like_ruff(cli, script):
    assert "CL-I001 [*] deadbeat-label" in cli(["check", "--statistics", str(script)]).stdout


def test_json_statistics_count_fixable_findings_per_rule(cli, script):
    document = json.loads(cli(["check", "--format", "json", "--statistics", str(script)]).stdout)
    assert document["summary"]["statistics"]["fixable"] == {"CL-I001": 1}


def test_lang_zh_translates_the_severity_word(cli, script):
    assert "[错误]" in cli(["check", "--lang", "zh", str(script)]).stdout


def test_lang_zh_translates_the_summary_line(cli, script):
    assert cli(["check", "--lang", "zh", str(script)]).stdout.splitlines()[-1].startswith("发现 1 个问题")


def test_lang_zh_keeps_the_rule_message_as_it_is(cli, script):
    english = cli(["check", str(script)]).stdout.splitlines()[0]
    chinese = cli(["check", "--lang", "zh", str(script)]).stdout.splitlines()[0]
    assert english.split(": ", 2)[-1] == chinese.split(": ", 2)[-1]


def test_chinese_locale_chooses_chinese_without_lang(cli, script, monkeypatch):
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert "[错误]" in cli(["check", str(script)]).stdout


def test_lang_en_wins_over_a_chinese_locale(cli, script, monkeypatch):
    monkeypatch.setenv("LC_ALL", "zh_CN.UTF-8")
    assert "[error]" in cli(["check", "--lang", "en", str(script)]).stdout


def test_lc_all_wins_over_lang_in_locale_detection():
    from collect_lint.formats.i18n import detect_language

    assert detect_language(None, {"LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}) == "en"


def test_lang_zh_translates_the_input_error_prefix(cli, tmp_path):
    result = cli(["check", "--lang", "zh", str(tmp_path / "missing.txt")])
    assert result.stderr.startswith("collect-lint: 错误：")


def test_lang_zh_translates_statistics_headings(cli, script):
    assert "按规则：" in cli(["check", "--lang", "zh", "--statistics", str(script)]).stdout


def test_summary_with_input_errors_does_not_open_with_no_problems(cli, tmp_path):
    good = tmp_path / "ok.txt"
    good.write_text("您好\n", encoding="utf-8")
    last = cli(["check", str(good), str(tmp_path / "missing.txt")]).stdout.splitlines()[-1]
    assert last.startswith("1 input error(s)") and not last.startswith("No problems")


def test_progress_shows_percentage_and_eta_when_the_size_is_known():
    from collect_lint.workflow.progress import ProgressMeter

    now = [0.0]
    meter = ProgressMeter(io.StringIO(), total=4_000_000, clock=lambda: now[0])
    meter.update(10, 1_000_000)
    now[0] = 10.0
    assert meter.line(now[0]).startswith(" 25%  ETA 0:30")


def test_progress_without_a_known_size_shows_no_percentage():
    from collect_lint.workflow.progress import ProgressMeter

    meter = ProgressMeter(io.StringIO(), total=None, clock=lambda: 1.0)
    meter.update(10, 1_000_000)
    assert "%" not in meter.line(2.0)


def test_transcript_like_csv_gets_a_hint_with_kind_and_closest_columns(cli, tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("session_id,customer_id,call_time,role,asr_text\n1,D1,2026-11-20T10:00:00,agent,您好\n", encoding="utf-8")
    assert ("--kind transcript --map call_id=session_id,debtor_id=customer_id,started_at=call_time,speaker=role,text=asr_text"
            in cli(["check", str(path)]).stderr)


def test_csv_unlike_a_transcript_gets_no_transcript_hint(cli, tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    assert "--kind transcript" not in cli(["check", str(path)]).stderr
