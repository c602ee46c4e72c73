"""What the linter writes: fixes replace files atomically, transcript exports are never
rewritten, output paths are checked before the run, diffs and messages mask personal data."""

import json
import os
import signal
import stat
import subprocess
import sys
import textwrap

import pytest

from collect_lint.workflow import outputs

CARD = "6222020200112233446"  # Luhn-valid test number
ID_NUMBER = "11010519491231002X"  # valid check digit and birth date
CALL = {"call_id": "c1", "debtor_id": "d1", "started_at": "2026-11-20T10:00:00+08:00",
        "utterances": [{"speaker": "agent", "text": "你这个老赖，赶紧还钱"}]}


def test_fix_keeps_the_file_mode(cli, tmp_path):
    path = tmp_path / "t.txt"
    path.write_text("你这个老赖，请还款\n", encoding="utf-8")
    path.chmod(0o640)
    cli(["check", "--fix", str(path)])
    assert path.read_text(encoding="utf-8") == "你这个逾期客户，请还款\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_fix_rewrites_the_target_of_a_symlink_and_keeps_the_link(cli, tmp_path):
    target = tmp_path / "real.txt"
    target.write_text("你这个老赖\n", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    cli(["check", "--fix", str(link)])
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "你这个逾期客户\n"


def test_failed_write_leaves_the_original_and_no_temporary_file(cli, tmp_path, monkeypatch):
    path = tmp_path / "t.txt"
    path.write_text("你这个老赖\n", encoding="utf-8")

    def disk_full(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(outputs.os, "replace", disk_full)
    result = cli(["check", "--fix", str(path)])
    assert path.read_text(encoding="utf-8") == "你这个老赖\n"
    assert os.listdir(tmp_path) == ["t.txt"]
    assert "t.txt: not fixed: cannot write: No space left on device" in result.stderr
    assert result.exit_code == 1  # the finding is still reported


KILL_WHILE_WRITING = textwrap.dedent("""
    import os, signal, sys
    from collect_lint.workflow import outputs
    real_fsync = os.fsync
    def fsync_then_die(fd):
        real_fsync(fd)
        os.kill(os.getpid(), signal.SIGKILL)  # the new contents are on disk, not yet renamed
    outputs.os.fsync = fsync_then_die
    from collect_lint.cli import main
    main(["check", "--fix", sys.argv[1]])
""")


def test_kill_9_while_fixing_leaves_the_original_byte_for_byte(tmp_path):
    path = tmp_path / "templates.sms"
    original = "".join(f"{{name}}您好，第{n}条：你这个老赖，请还款\n" for n in range(20000)).encode("utf-8")
    path.write_bytes(original)
    done = subprocess.run([sys.executable, "-c", KILL_WHILE_WRITING, str(path)], capture_output=True, timeout=120)
    assert done.returncode == -signal.SIGKILL
    assert path.read_bytes() == original


def test_transcript_export_is_never_rewritten_whatever_kind_says(cli, tmp_path):
    path = tmp_path / "calls.jsonl"
    path.write_text(json.dumps(CALL, ensure_ascii=False) + "\n", encoding="utf-8")
    before = path.read_bytes()
    for kind in ("template", "script", "sms"):
        result = cli(["check", "--kind", kind, "--fix", str(path)])
        assert path.read_bytes() == before
        assert f"{path}: not fixed: transcript exports are never rewritten" in result.stderr


def test_sniffed_json_export_is_never_rewritten(cli, tmp_path):
    path = tmp_path / "calls.json"
    path.write_text(json.dumps([CALL], ensure_ascii=False), encoding="utf-8")
    before = path.read_bytes()
    cli(["check", "--kind", "template", "--fix", str(path)])
    assert path.read_bytes() == before


def test_write_baseline_into_a_missing_directory_fails_before_the_run(cli, tmp_path):
    path = tmp_path / "t.txt"
    path.write_text("你这个老赖\n", encoding="utf-8")
    target = tmp_path / "missing" / "baseline.json"
    result = cli(["check", "--write-baseline", str(target), str(path), str(tmp_path / "nope.txt")])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"collect-lint: error: {target}: cannot write baseline: directory {target.parent} does not exist"]


def test_written_baseline_gets_ordinary_permissions(cli, tmp_path):
    path = tmp_path / "t.txt"
    path.write_text("你这个老赖\n", encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    cli(["check", "--write-baseline", str(baseline), str(path)])
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(baseline.stat().st_mode) == 0o666 & ~mask


def test_diff_masks_card_numbers_in_context_and_removed_lines(cli, tmp_path):
    path = tmp_path / "t.txt"
    path.write_text(f"订单号{CARD}已登记\n你这个老赖\n请向卡号{CARD}还款\n", encoding="utf-8")
    result = cli(["check", "--diff", str(path)])
    assert CARD not in result.stdout
    assert " 订单号6222***********3446已登记" in result.stdout  # context line (an order number: not fixed)
    assert "-请向卡号6222***********3446还款" in result.stdout  # removed line


def test_diff_shows_card_numbers_with_show_matches(cli, tmp_path):
    path = tmp_path / "t.txt"
    path.write_text(f"请向卡号{CARD}还款\n", encoding="utf-8")
    result = cli(["check", "--diff", "--show-matches", str(path)])
    assert f"-请向卡号{CARD}还款" in result.stdout


@pytest.mark.parametrize("value", [ID_NUMBER, CARD, "13812345678"])
def test_input_errors_never_echo_a_personal_number(cli, tmp_path, value):
    record = dict(CALL, timezone=value)
    path = tmp_path / "calls.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    result = cli(["check", "--format", "sarif", str(path)])
    errors = [line for line in result.stderr.splitlines() if "timezone" in line]
    notifications = json.loads(result.stdout)["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert len(errors) == 1 and value not in errors[0] and value[:3] in errors[0]
    assert value not in result.stdout and notifications


def test_input_errors_cut_long_values_short(cli, tmp_path):
    record = dict(CALL, started_at="明天" * 200)
    path = tmp_path / "calls.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    result = cli(["check", "--format", "json", str(path)])
    [error] = json.loads(result.stdout)["summary"]["input_errors"]
    assert "…" in error and len(error) < len(str(path)) + 200


def test_text_between_two_quoted_names_is_not_taken_for_a_value():
    from collect_lint.models import InputError

    message = "field 'speaker': a label this export uses for nobody we know of, expected 'agent' or 'customer'"
    assert InputError("calls.jsonl", message).message == message
