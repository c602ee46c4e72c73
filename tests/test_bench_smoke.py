"""The benchmark runs end to end at tiny sizes, so it never rots (figures are not checked)."""

import os
import subprocess
import sys

from conftest import ROOT


def test_benchmark_smoke_run_prints_the_comparison_table():
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--smoke"],
                          capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "benign SMS latency p50" in done.stdout
    assert "cold start, violation" in done.stdout
    assert "naive" in done.stdout.splitlines()[0]


def test_false_positive_report_smoke_run(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    sample = tmp_path / "finance_questions.txt"
    sample.write_text("借呗怎么提前还款\n逾期了会不会上门催收\n你这个老赖\n你个煞比，还钱\n", encoding="utf-8")
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "false_positives.py"), str(sample)],
                          capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "finance_questions" in done.stdout
    # 煞比 is a homophone variant of 傻逼, not a literal pattern: counted and listed as such.
    assert "homophone-only" in done.stdout.splitlines()[0]
    assert "finance_questions [CL-I010 煞比]: 你个煞比，还钱" in done.stdout
