"""Report at scale: time, peak memory and size of `collect-lint report` on a generated export.

    python bench/report.py                      # 1,000,000 calls (generated once into --dir)
    python bench/report.py --calls 20000        # smaller

The export spans several days (40,000 calls a day, 500 agents, 200,000 debtors), mixes benign
dialogue with violations (threats, insults, quiet-hour calls, repeat calls, missing
disclosure) and carries valid personal numbers (resident IDs, bank cards, mobiles) in what
customers and agents say, so masking is exercised. ``generate`` is also the tests' export.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.transcripts import AGENT_LINES, CUSTOMER_LINES, VIOLATIONS  # noqa: E402

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
PERSONAL_LINES = (
    "我的身份证号是{id}，你们核实吧。", "卡号{card}扣款了没有？", "有事打我手机{mobile}。",
    "您的身份证{id}已登记。", "还款卡号是{card}，手机号{mobile}。",
)


def resident_id(rng: random.Random) -> str:
    """A resident ID with a valid birth date and GB 11643 check digit."""
    body = f"110105{rng.randint(1950, 2000)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
    return body + ID_CHECK[sum(int(d) * w for d, w in zip(body, ID_WEIGHTS)) % 11]


def bank_card(rng: random.Random) -> str:
    """A Luhn-valid 16-digit card number."""
    body = "6222" + "".join(str(rng.randint(0, 9)) for _ in range(11))
    for check in "0123456789":
        number = body + check
        total = sum((v * 2 - 9 if v * 2 > 9 else v * 2) if i % 2 else v for i, v in enumerate(int(d) for d in reversed(number)))
        if total % 10 == 0:
            return number
    raise AssertionError("unreachable")


def mobile(rng: random.Random) -> str:
    return f"13{rng.randint(0, 9)}{rng.randint(0, 99_999_999):08d}"


def generate(path: Path, calls: int, seed: int = 11, calls_per_day: int = 40_000, agents: int = 500) -> list[str]:
    """Write a JSONL export of ``calls`` calls in time order; returns the personal numbers it
    contains (so a test can look for any of them unmasked)."""
    rng = random.Random(seed)
    personal: list[str] = []
    day = datetime(2026, 11, 1)
    written = 0
    with open(path, "w", encoding="utf-8") as out:
        while written < calls:
            today = min(calls_per_day, calls - written)
            seconds = sorted(
                rng.randint(0, 86399) if rng.random() < 0.01 else rng.randint(8 * 3600, 21 * 3600)
                for _ in range(today)
            )
            for second in seconds:
                turns = []
                for turn in range(rng.randint(4, 10)):
                    if turn == 0 and rng.random() < 0.97:
                        text, speaker = AGENT_LINES[0].format(n=rng.randint(1000, 9999)), "agent"
                    elif rng.random() < 0.01:
                        numbers = {"id": resident_id(rng), "card": bank_card(rng), "mobile": mobile(rng)}
                        personal.extend(numbers.values())
                        text, speaker = rng.choice(PERSONAL_LINES).format(**numbers), rng.choice(("agent", "customer"))
                    elif turn % 2 == 0:
                        line = rng.choice(VIOLATIONS) if rng.random() < 0.01 else rng.choice(AGENT_LINES)
                        text = line.format(n=rng.randint(1000, 9999), d=rng.randint(1, 90), m=rng.randint(100, 50000), day=rng.randint(1, 28))
                        speaker = "agent"
                    else:
                        text, speaker = rng.choice(CUSTOMER_LINES), "customer"
                    turns.append({"speaker": speaker, "text": text})
                record = {
                    "call_id": f"C{written:09d}",
                    "debtor_id": f"D{rng.randint(0, 200_000):07d}",
                    "agent_id": f"A{rng.randint(0, agents - 1):04d}",
                    "started_at": (day + timedelta(seconds=second)).isoformat() + "+08:00",
                    "utterances": turns,
                }
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                written += 1
            day += timedelta(days=1)
    return personal


def timed(command: list[str], ok=(0,)) -> tuple[float, float]:
    """Run ``command``; (wall seconds, peak RSS in MB of it and the processes it waited for)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env=dict(os.environ, PYTHONPATH=str(ROOT)))
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    if code not in ok:
        raise SystemExit(f"{command[:4]} failed ({code}): {process.stderr.read().decode()[-2000:]}")
    return seconds, usage.ru_maxrss / 1024


def measure(export: Path, output: Path, jobs: int) -> dict:
    """Run `collect-lint report` once: wall time, peak RSS and the report's size."""
    command = [sys.executable, "-m", "collect_lint", "report", str(export), "-o", str(output), "--jobs", str(jobs), "--no-progress"]
    seconds, peak = timed(command)
    return {"seconds": seconds, "peak_rss_mb": peak, "size_mb": output.stat().st_size / 1e6}


def open_in_browser(page: Path) -> float | None:
    """Seconds for headless chromium to load the report and run its script (None without chromium)."""
    import shutil

    chromium = shutil.which("chromium")
    if chromium is None:
        return None
    command = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", page.resolve().as_uri()]
    return timed(command)[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=1_000_000)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/collect-lint-bench"))
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    export = args.dir / f"report-{args.calls}.jsonl"
    if not export.exists():
        started = time.perf_counter()
        generate(export, args.calls)
        print(f"generated {export} ({export.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - started:.0f} s")
    plain = [sys.executable, "-m", "collect_lint", "check", "--format", "jsonl", "--jobs", str(args.jobs), "--no-progress", str(export)]
    seconds, peak = timed(plain, ok=(0, 1))
    print(f"{args.calls:,} calls → check --format jsonl (no report, for comparison): {seconds:.0f} s, peak RSS {peak:.0f} MB")
    for suffix in (".html", ".csv", ".xlsx"):
        figures = measure(export, args.dir / f"report-{args.calls}{suffix}", args.jobs)
        print(f"{args.calls:,} calls → {suffix[1:]}: {figures['seconds']:.0f} s, peak RSS {figures['peak_rss_mb']:.0f} MB, "
              f"file {figures['size_mb']:.1f} MB (--jobs {args.jobs})")
    loaded = open_in_browser(args.dir / f"report-{args.calls}.html")
    if loaded is not None:
        print(f"headless chromium loads and draws the HTML report in {loaded:.1f} s (process start included)")


if __name__ == "__main__":
    main()
