"""--jobs workers never outlive the main process, and Ctrl-C is one line and exit code 130.

Real processes and signals: the CLI reads a transcript export from a pipe that stays open, so
its workers are alive and idle when the signal comes. Every wait is bounded."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads process tables from /proc")

CALL = {"call_id": "c{n}", "debtor_id": "d{n}", "started_at": "2026-11-20T10:00:00+08:00",
        "utterances": [{"speaker": "agent", "text": "您好，这里是安心消费金融公司，我是工作人员王敏。"}]}
CALLS = "".join(json.dumps(dict(CALL, call_id=f"c{n}", debtor_id=f"d{n}"), ensure_ascii=False) + "\n" for n in range(300))


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry))
    return found


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")  # a zombie has exited; only its parent's reaping is left


def _wait_until(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


@pytest.fixture
def run_with_workers():
    """Start ``collect-lint check --jobs 2`` on a pipe; return (process, worker pids) once the
    workers exist. The pipe stays open, so the run waits for more calls."""
    started: list[tuple[subprocess.Popen, list[int]]] = []

    def start():
        process = subprocess.Popen(
            [sys.executable, "-m", "collect_lint", "check", "--kind", "transcript", "--jobs", "2", "--no-progress", "-"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
            # A job a shell started in the background inherits SIGINT ignored (POSIX), and so
            # would this command, which then rightly ignores Ctrl-C: start it as a terminal would.
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        workers: list[int] = []
        started.append((process, workers))
        process.stdin.write(CALLS.encode("utf-8"))  # more than one batch: the first goes to a worker
        process.stdin.flush()
        assert _wait_until(lambda: len(_children(process.pid)) == 2, 120), "workers did not start"
        workers.extend(_children(process.pid))
        return process, workers

    yield start
    for process, workers in started:
        for pid in [process.pid, *workers]:  # workers left over by a failed test included
            if _running(pid):
                os.kill(pid, signal.SIGKILL)
        process.wait(timeout=30)


@pytest.mark.parametrize("signal_number", [signal.SIGKILL, signal.SIGTERM])
def test_workers_exit_when_the_main_process_is_killed(run_with_workers, signal_number):
    process, workers = run_with_workers()
    os.kill(process.pid, signal_number)
    process.wait(timeout=30)
    assert _wait_until(lambda: not any(_running(pid) for pid in workers), 15), "workers outlived the main process"


def test_ctrl_c_is_one_line_and_exit_code_130(run_with_workers):
    process, workers = run_with_workers()
    os.killpg(process.pid, signal.SIGINT)  # a terminal's Ctrl-C reaches the whole process group
    process.stdin.close()
    assert process.wait(timeout=60) == 130
    assert process.stderr.read().decode("utf-8").splitlines() == ["collect-lint: interrupted"]
    assert _wait_until(lambda: not any(_running(pid) for pid in workers), 15)
