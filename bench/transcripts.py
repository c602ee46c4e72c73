"""Transcript export at scale: throughput and peak memory of `collect-lint check` on a generated
JSONL export, with --jobs 1 and --jobs 2.

    python bench/transcripts.py                 # 1 GB export (generated once into --dir), both job counts
    python bench/transcripts.py --size-mb 50    # smaller
    python bench/transcripts.py --jobs 2        # one job count only

The export is in time order (40,000 calls a day to 200,000 debtors, as a call centre writes
it) and mixes benign collection dialogue with a few violations (about 1 call in 50 has a
content finding, about 1 in 400 starts in the quiet hours, 3 in 100 skip the opening
disclosure), repeat calls to the same debtors, so content, hours, frequency and
disclosure checks all run. Peak RSS is sampled every 0.1 s over the whole process tree
(main process + workers), and also reported for the main process alone.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

AGENT_LINES = [
    "您好，这里是安心消费金融公司，我是工作人员王敏，工号{n}。",
    "提醒您本月账单已逾期{d}天，应还金额{m}元，请于{day}日前还款。",
    "您可以通过官方App或对公账户还款，如已还款请忽略。",
    "如您目前有困难，可以申请分期，我们可以一起确认还款计划。",
    "逾期信息将依法报送金融信用信息基础数据库，可能影响您的信用记录。",
    "好的，那我们{day}日再和您确认，感谢您的配合。",
    "请问您是本人吗？这边需要核实一下身份。",
    "您尾号{n}的银行卡本期扣款失败，请确认余额是否充足。",
]
CUSTOMER_LINES = [
    "好的，我知道了。", "我下周发工资就还。", "最近手头确实紧，能不能宽限几天？", "你们是哪个公司的？",
    "别再打了，烦死了。", "我已经还了，你们查一下。", "分期的话利息怎么算？", "嗯。",
]
VIOLATIONS = [
    "你这个老赖，欠钱不还还有理了？", "今天不还钱，我们就上门找你家里人。", "再不还就让你坐牢。",
    "把钱转到我个人的支付宝账户上。", "那我今晚11点再打给你。",
]


def generate(path: Path, size_mb: float, seed: int = 7, calls_per_day: int = 40_000) -> int:
    """Write a JSONL export of about ``size_mb`` MB, in time order as exports are; returns the
    number of calls."""
    from datetime import datetime, timedelta

    rng = random.Random(seed)
    target = int(size_mb * 1e6)
    written = calls = 0
    day = datetime(2026, 11, 1)
    with open(path, "w", encoding="utf-8") as out:
        while written < target:
            seconds = sorted(
                rng.randint(0, 86399) if rng.random() < 0.0025 else rng.randint(8 * 3600, 22 * 3600 - 1)
                for _ in range(calls_per_day)
            )
            for second in seconds:
                turns = []
                for turn in range(rng.randint(4, 12)):
                    if turn == 0 and rng.random() < 0.97:  # most agents open with institution and 工号
                        turns.append({"speaker": "agent", "text": AGENT_LINES[0].format(n=rng.randint(1000, 9999)), "start": 0.0})
                    elif turn % 2 == 0:
                        line = rng.choice(VIOLATIONS) if rng.random() < 0.004 else rng.choice(AGENT_LINES)
                        turns.append({"speaker": "agent", "text": line.format(n=rng.randint(1000, 9999), d=rng.randint(1, 90), m=rng.randint(100, 50000), day=rng.randint(1, 28)), "start": turn * 6.5})
                    else:
                        turns.append({"speaker": "customer", "text": rng.choice(CUSTOMER_LINES), "start": turn * 6.5})
                record = {
                    "call_id": f"C{calls:09d}",
                    "debtor_id": f"D{rng.randint(0, 200_000):07d}",
                    "agent_id": f"A{rng.randint(0, 499):04d}",
                    "started_at": (day + timedelta(seconds=second)).isoformat() + "+08:00",
                    "connected": rng.random() < 0.7,
                    "utterances": turns,
                }
                line = json.dumps(record, ensure_ascii=False) + "\n"
                out.write(line)
                written += len(line.encode("utf-8"))
                calls += 1
                if written >= target:
                    break
            day += timedelta(days=1)
    return calls


def _tree_rss_kb(root: int) -> tuple[int, int]:
    """(RSS of ``root``, RSS of ``root`` and all its descendants) in kB, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status") as handle:
                fields = dict(line.split(":", 1) for line in handle if ":" in line)
        except OSError:
            continue
        pid, ppid = int(entry), int(fields.get("PPid", "0").strip())
        children.setdefault(ppid, []).append(pid)
        rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0]) if "VmRSS" in fields else 0
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return rss.get(root, 0), total


def measure(path: Path, jobs: int, calls: int, backend: str) -> dict:
    args = [sys.executable, "-m", "collect_lint", "check", str(path), "--kind", "transcript",
            "--format", "jsonl", "--jobs", str(jobs), "--backend", backend, "--no-progress"]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    started = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    peak_main = peak_tree = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak_main, peak_tree
        while not done.is_set():
            main, tree = _tree_rss_kb(process.pid)
            peak_main, peak_tree = max(peak_main, main), max(peak_tree, tree)
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = process.communicate()
    elapsed = time.perf_counter() - started
    done.set()
    sampler.join()
    if process.returncode not in (0, 1):
        raise SystemExit(f"collect-lint failed ({process.returncode}): {stderr.decode()[-500:]}")
    megabytes = path.stat().st_size / 1e6
    return {"jobs": jobs, "backend": backend, "seconds": elapsed, "mb_s": megabytes / elapsed,
            "calls_s": calls / elapsed, "rss_main_mb": peak_main / 1024, "rss_all_mb": peak_tree / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size-mb", type=float, default=1000)
    parser.add_argument("--jobs", type=int, action="append", help="job counts to measure (default 1 and 2)")
    parser.add_argument("--backend", default="auto")
    parser.add_argument("--dir", type=Path, default=Path("/tmp/collect-lint-bench"))
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    path = args.dir / f"export-{args.size_mb:g}mb.jsonl"
    meta = path.with_suffix(".calls")
    if not path.is_file() or not meta.is_file():
        print(f"generating {path} …", file=sys.stderr)
        meta.write_text(str(generate(path, args.size_mb)))
    calls = int(meta.read_text())
    size = path.stat().st_size / 1e6
    print(f"export: {size:,.0f} MB, {calls:,} calls; backend {args.backend}; {os.cpu_count()} CPUs")
    print(f"{'jobs':>4} {'seconds':>8} {'MB/s':>7} {'calls/s':>9} {'RSS main (MB)':>14} {'RSS all (MB)':>13}")
    for jobs in args.jobs or [1, 2]:
        row = measure(path, jobs, calls, args.backend)
        print(f"{jobs:>4} {row['seconds']:>8.1f} {row['mb_s']:>7.2f} {row['calls_s']:>9,.0f} {row['rss_main_mb']:>14.0f} {row['rss_all_mb']:>13.0f}", flush=True)


if __name__ == "__main__":
    main()
