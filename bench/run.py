"""collect_lint benchmark: one command, one process per measurement, one table.

    python bench/run.py            # full run (≥ 30,000 messages, a few MB of script text)
    python bench/run.py --smoke    # tiny sizes, seconds; run by tests/test_bench_smoke.py

Engines compared on the same inputs: the shipped engine with the default backend (jieba +
pyahocorasick), the fast backend (rjieba + ahocorasick-rs, when installed) and a naive baseline
that segments every sentence with jieba before matching (bench/naive.py).

Benign text comes from ../shared/datasets/benign/*.txt (relative to the repository root) when
present, else from a generated set. Figures are measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATASETS = ROOT.parent / "shared" / "datasets" / "benign"
# Short messages for latency (SMS-like), bulk text for throughput.
MESSAGE_FILES = ("nus_sms_zh.txt", "finance_questions.txt", "crosswoz_val_utterances.txt")
BULK_FILES = ("reviews.txt", "finance_questions.txt", "nus_sms_zh.txt", "crosswoz_val_utterances.txt")
ENGINES = ("default", "fast", "naive")
CLEAN_LINE = "您好，您本期账单已出，请于5月1日前按时还款，如已还款请忽略。\n"
VIOLATION_LINE = "再拖下去，小心有人打断你的腿。\n"

FULL = {"messages": 30000, "hit_messages": 5000, "batch_bytes": 4_000_000, "naive_batch_bytes": 1_000_000,
        "batch_passes": 5, "cold_runs": 7, "transcript_mb": 40}
SMOKE = {"messages": 300, "hit_messages": 100, "batch_bytes": 30_000, "naive_batch_bytes": 10_000,
         "batch_passes": 1, "cold_runs": 1, "transcript_mb": 0.05}


# -- inputs ---------------------------------------------------------------------------------------
def _dataset_lines(names: tuple[str, ...], limit: int) -> list[str] | None:
    """Up to ``limit`` non-empty lines, interleaved from the named benign files (None if absent)."""
    files = [DATASETS / name for name in names if (DATASETS / name).is_file()]
    if not files:
        return None
    per_file = [
        [line.strip() for line in path.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()]
        for path in files
    ]
    lines: list[str] = []
    for row in range(max(map(len, per_file))):
        for source in per_file:
            if row < len(source):
                lines.append(source[row])
                if len(lines) >= limit:
                    return lines
    return lines


def _generated_messages(count: int) -> list[str]:
    """Benign collection-style messages when the shared datasets are absent (deterministic)."""
    rng = random.Random(3)
    heads = ["您好，", "尊敬的客户，", "温馨提示：", "", "张先生您好，", "李女士，"]
    bodies = [
        "您本期账单{n}元已出，请于{m}月{d}日前按时还款。",
        "您尾号{k}的账户本月应还{n}元，如已还款请忽略。",
        "请问我的花呗为什么不能用了？",
        "借呗提前还款会收手续费吗？",
        "今天下午{m}点方便通话吗？我们想和您确认还款计划。",
        "如有困难，可与我们协商分期方案，客服热线95555。",
        "我下周{d}号发工资，到时候一次还清。",
        "这家店的菜味道不错，就是上菜有点慢。",
    ]
    return [
        rng.choice(heads)
        + rng.choice(bodies).format(n=rng.randint(100, 20000), m=rng.randint(1, 12), d=rng.randint(1, 28), k=rng.randint(1000, 9999))
        for _ in range(count)
    ]


def benign_messages(count: int) -> tuple[list[str], str]:
    lines = _dataset_lines(MESSAGE_FILES, count)
    if lines is None:
        return _generated_messages(count), "generated"
    while len(lines) < count:  # small dataset: cycle it
        lines += lines[: count - len(lines)]
    return lines, "+".join(name.split(".")[0] for name in MESSAGE_FILES if (DATASETS / name).is_file())


def hit_messages(count: int) -> list[str]:
    """Messages that each hold at least one violation: every rule's bad examples, cycled."""
    from collect_lint.rules import RuleSet

    bad = [example for rule in RuleSet.load() if rule.has_text_scope for example in rule.examples.bad]
    return [bad[i % len(bad)] for i in range(count)]


def script_text(size: int) -> str:
    """A benign-heavy script: bulk benign lines, one in a hundred a violation."""
    bulk = _dataset_lines(BULK_FILES, 200_000) or _generated_messages(20_000)
    bad = hit_messages(200)
    lines, total, i = [], 0, 0
    while total < size:
        line = bad[i // 100 % len(bad)] if i % 100 == 99 else bulk[i % len(bulk)]
        line = line.replace("\r", " ")
        lines.append(line)
        total += len(line.encode()) + 1
        i += 1
    return "\n".join(lines) + "\n"


def transcript_export(calls: int) -> str:
    """A JSONL transcript export in the issue 5 format (agent lines from the script text)."""
    script = script_text(calls * 400).splitlines()
    records, j = [], 0
    for call in range(calls):
        utterances = []
        for turn in range(6):
            utterances.append({"speaker": "agent" if turn % 2 == 0 else "customer", "text": script[j % len(script)]})
            j += 1
        records.append(json.dumps({
            "call_id": f"C{call:07d}", "debtor_id": f"D{call % 997:05d}", "agent_id": f"A{call % 37:03d}",
            "started_at": f"2026-03-{call % 28 + 1:02d}T{10 + call % 8:02d}:15:00+08:00",
            "utterances": utterances,
        }, ensure_ascii=False))
    return "\n".join(records) + "\n"


# -- measurements (each runs in its own process) ------------------------------------------------------
def make_engine(engine: str):
    if engine == "naive":
        sys.path.insert(0, str(ROOT))
        from bench.naive import NaiveLinter

        return NaiveLinter()
    from collect_lint import Linter

    return Linter(backend=engine).warm_up()  # latency and throughput are measured warm


def _percentiles(samples_ns: list[int]) -> dict:
    samples_ns.sort()
    n = len(samples_ns)
    pick = lambda q: samples_ns[min(n - 1, int(q * n))] / 1000  # noqa: E731
    return {"p50_us": pick(0.50), "p99_us": pick(0.99), "p999_us": pick(0.999), "n": n}


def measure_latency(engine: str, sizes: dict, which: str) -> dict:
    messages, source = benign_messages(sizes["messages"]) if which == "benign" else (hit_messages(sizes["hit_messages"]), "rule examples")
    linter = make_engine(engine)
    for message in messages[: min(2000, len(messages))]:  # warm: dictionary loaded, caches filled
        linter.check(message, kind="sms")
    clock = time.perf_counter_ns
    samples = []
    for message in messages:
        start = clock()
        linter.check(message, kind="sms")
        samples.append(clock() - start)
    result = _percentiles(samples) | {"source": source}
    if which == "benign" and engine == "default":
        result["candidate_share"] = candidate_share(linter, messages)
    return result


def candidate_share(linter, messages: list[str]) -> dict:
    """Shares of messages holding a trigger phrase, and of messages the batch pre-filter passes
    on to the full pipeline (a trigger whose rule needs a context phrase counts only with one;
    a number only if a validator accepts it)."""
    from collect_lint.models import Item
    from collect_lint.checks.phrase import TRIGGER

    lexicon = linter.environment.lexicon
    found = 0
    for message in messages:
        text = linter.normalizer.normalize(message).text
        if any(kind == TRIGGER for _, _, values in lexicon.matches(text) for kind, _ in values[0] or ()):
            found += 1
    items = [Item(message, "sms") for message in messages]
    flagged = sum(len(linter._candidate_items(items[i : i + 256])) for i in range(0, len(items), 256))
    return {"trigger": found / len(messages), "prefilter": flagged / len(messages)}


def measure_batch(engine: str, sizes: dict) -> dict:
    """Parse + check a benign-heavy script as the runner does; the best of ``batch_passes``
    passes in one warm process (the median is reported too)."""
    from collect_lint.inputs.text import text_items
    from collect_lint.workflow.runner import BATCH_ITEMS

    size = sizes["naive_batch_bytes"] if engine == "naive" else sizes["batch_bytes"]
    text = script_text(size)
    linter = make_engine(engine)
    linter.check(VIOLATION_LINE * 2, kind="script")  # load everything first: throughput is warm
    times = []
    for _ in range(sizes["batch_passes"]):
        start = time.perf_counter()
        items = findings = 0
        if engine == "naive":
            for item in text_items(text, "script"):
                items += 1
                findings += len(linter.check_item(item))
        else:  # as the runner does: parse, then check in batches
            batch: list = []
            for item in text_items(text, "script"):
                batch.append(item)
                if len(batch) == BATCH_ITEMS:
                    items += len(batch)
                    findings += sum(map(len, linter.check_items(batch)))
                    batch = []
            items += len(batch)
            findings += sum(map(len, linter.check_items(batch)))
        times.append(time.perf_counter() - start)
    times.sort()
    megabytes = len(text.encode()) / 1e6
    return {"mb_s": megabytes / times[0], "items_s": items / times[0], "mb_s_median": megabytes / times[len(times) // 2],
            "passes": len(times), "mb": megabytes, "findings": findings}


def _cli(args: list[str]) -> tuple[float, int]:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "collect_lint", "check", *args], env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"collect-lint {' '.join(args)} failed: {done.stderr.strip()[-300:]}")
    return elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def measure_cold(engine: str, sizes: dict, which: str) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{which}.txt"
        path.write_text(CLEAN_LINE if which == "clean" else VIOLATION_LINE, encoding="utf-8")
        _cli([str(path), "--backend", engine])  # first run may build caches: not counted
        times = sorted(_cli([str(path), "--backend", engine])[0] for _ in range(sizes["cold_runs"]))
    return {"min_s": times[0], "median_s": times[len(times) // 2],
            "rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


def cli_supports(option: str) -> bool:
    done = subprocess.run([sys.executable, "-m", "collect_lint", "check", "--help"], capture_output=True, text=True,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)))
    return option in done.stdout


def reads_transcripts() -> bool:
    """True once `--kind transcript` has a reader (issue 5): the transcript rows then fill in."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.jsonl"
        path.write_text(transcript_export(1), encoding="utf-8")
        done = subprocess.run([sys.executable, "-m", "collect_lint", "check", str(path), "--kind", "transcript"],
                              capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    return done.returncode in (0, 1)


def measure_cli_batch(engine: str, sizes: dict, kind: str, jobs: int | None) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        if kind == "transcript":
            path = Path(folder) / "export.jsonl"
            # The export of bench/transcripts.py (time-ordered calls, 1 in 50 with a finding).
            sys.path.insert(0, str(ROOT / "bench"))
            from transcripts import generate

            units = generate(path, sizes["transcript_mb"])
        else:
            path = Path(folder) / "script.txt"
            path.write_text(script_text(sizes["batch_bytes"]), encoding="utf-8")
            units = sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
        args = [str(path), "--kind", kind, "--backend", engine, "--format", "jsonl"]
        if jobs is not None and cli_supports("--jobs"):
            args += ["--jobs", str(jobs)]
        elapsed, rss = _cli(args)
        megabytes = path.stat().st_size / 1e6
    return {"mb_s": megabytes / elapsed, "items_s": units / elapsed, "rss_mb": rss / 1024, "mb": megabytes}


MEASUREMENTS = {
    "latency-benign": lambda engine, sizes: measure_latency(engine, sizes, "benign"),
    "latency-hits": lambda engine, sizes: measure_latency(engine, sizes, "hits"),
    "batch-library": measure_batch,
    "batch-cli-script": lambda engine, sizes: measure_cli_batch(engine, sizes, "script", None),
    "batch-cli-transcript-j1": lambda engine, sizes: measure_cli_batch(engine, sizes, "transcript", 1),
    "batch-cli-transcript-j2": lambda engine, sizes: measure_cli_batch(engine, sizes, "transcript", 2),
    "cold-clean": lambda engine, sizes: measure_cold(engine, sizes, "clean"),
    "cold-violation": lambda engine, sizes: measure_cold(engine, sizes, "violation"),
}
LIBRARY = ("latency-benign", "latency-hits", "batch-library")


# -- driver ---------------------------------------------------------------------------------------
def run_one(name: str, engine: str, smoke: bool) -> dict | None:
    """Run one measurement in a fresh process; its result, or None with a note on failure."""
    command = [sys.executable, str(Path(__file__).resolve()), "--measure", name, "--engine", engine]
    if smoke:
        command.append("--smoke")
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        print(f"  {name} [{engine}] failed: {done.stderr.strip().splitlines()[-1:]}", file=sys.stderr)
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def _fmt(value, spec: str) -> str:
    return "n/a" if value is None else format(value, spec)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--smoke", action="store_true", help="tiny sizes (CI)")
    parser.add_argument("--measure", choices=sorted(MEASUREMENTS), help=argparse.SUPPRESS)
    parser.add_argument("--engine", choices=ENGINES, help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true", help="print the raw results as JSON too")
    args = parser.parse_args(argv)
    sizes = SMOKE if args.smoke else FULL
    if args.measure:
        result = MEASUREMENTS[args.measure](args.engine, sizes)
        result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(result))
        return 0

    sys.path.insert(0, str(ROOT))
    from collect_lint.engine.backends import fast_available

    engines = [e for e in ENGINES if e != "fast" or fast_available()]
    transcript = reads_transcripts()
    jobs = cli_supports("--jobs")
    results: dict[tuple[str, str], dict | None] = {}
    for name in MEASUREMENTS:
        for engine in engines:
            if engine == "naive" and name not in LIBRARY:
                continue  # the baseline is a library path, not a CLI backend
            if name.startswith("batch-cli-transcript") and not (transcript and (jobs or name.endswith("j1"))):
                continue
            results[name, engine] = run_one(name, engine, args.smoke)

    def get(name, engine, key):
        value = results.get((name, engine))
        return None if value is None else value.get(key)

    rows = [
        ("benign SMS latency p50 (µs)", "latency-benign", "p50_us", ".1f", "≤30 / ≤15"),
        ("benign SMS latency p99 (µs)", "latency-benign", "p99_us", ".1f", "≤300 / ≤60"),
        ("benign SMS latency p99.9 (µs)", "latency-benign", "p999_us", ".1f", ""),
        ("benign SMS peak RSS (MB)", "latency-benign", "peak_rss_mb", ".0f", ""),
        ("messages with hits p50 (µs)", "latency-hits", "p50_us", ".1f", ""),
        ("messages with hits p99 (µs)", "latency-hits", "p99_us", ".1f", ""),
        ("messages with hits p99.9 (µs)", "latency-hits", "p999_us", ".1f", ""),
        ("script batch, library (MB/s)", "batch-library", "mb_s", ".2f", "≥10 / ≥25, ≥10× naive"),
        ("script batch, library (MB/s, median)", "batch-library", "mb_s_median", ".2f", ""),
        ("script batch, library (items/s)", "batch-library", "items_s", ",.0f", ""),
        ("script batch peak RSS (MB)", "batch-library", "peak_rss_mb", ".0f", ""),
        ("script batch, CLI incl. start (MB/s)", "batch-cli-script", "mb_s", ".2f", ""),
        ("script batch, CLI (items/s)", "batch-cli-script", "items_s", ",.0f", ""),
        ("script batch, CLI peak RSS (MB)", "batch-cli-script", "rss_mb", ".0f", ""),
        ("transcript JSONL --jobs 1 (MB/s)", "batch-cli-transcript-j1", "mb_s", ".2f", ""),
        ("transcript JSONL --jobs 1 (calls/s)", "batch-cli-transcript-j1", "items_s", ",.0f", ""),
        ("transcript JSONL --jobs 2 (MB/s)", "batch-cli-transcript-j2", "mb_s", ".2f", ""),
        ("transcript JSONL --jobs 2 (calls/s)", "batch-cli-transcript-j2", "items_s", ",.0f", ""),
        ("cold start, clean file (s, min)", "cold-clean", "min_s", ".2f", "≤0.35"),
        ("cold start, clean file (s, median)", "cold-clean", "median_s", ".2f", ""),
        ("cold start, violation (s, min)", "cold-violation", "min_s", ".2f", "≤1.0 / ≤0.4"),
        ("cold start, violation (s, median)", "cold-violation", "median_s", ".2f", ""),
        ("cold start peak RSS (MB)", "cold-violation", "rss_mb", ".0f", ""),
    ]
    header = f"| {'measurement':<38} | " + " | ".join(f"{e:>9}" for e in engines) + f" | {'target (default / fast)':<24} |"
    print(header)
    print("|" + "-" * 40 + "|" + "|".join("-" * 11 for _ in engines) + "|" + "-" * 26 + "|")
    for label, name, key, spec, target in rows:
        print(f"| {label:<38} | " + " | ".join(f"{_fmt(get(name, e, key), spec):>9}" for e in engines) + f" | {target:<24} |")
    benign = results.get(("latency-benign", "default")) or {}
    share = benign.get("candidate_share") or {}
    print(f"\nbenign messages: {benign.get('n', 'n/a')} from {benign.get('source', 'n/a')}; "
          f"share with a trigger phrase: {_fmt(share.get('trigger') and share['trigger'] * 100, '.2f')}%, "
          f"passed on by the batch pre-filter: {_fmt(share.get('prefilter') and share['prefilter'] * 100, '.2f')}%")
    default_mb, naive_mb = get("batch-library", "default", "mb_s"), get("batch-library", "naive", "mb_s")
    fast_mb = get("batch-library", "fast", "mb_s")
    if default_mb and naive_mb:
        speedups = f"default {default_mb / naive_mb:.1f}×" + (f", fast {fast_mb / naive_mb:.1f}×" if fast_mb else "")
        print(f"batch speed-up over naive: {speedups}")
    if not transcript:
        print("transcript rows: n/a until `--kind transcript` lands (issue 5); rows appear by themselves then.")
    elif not jobs:
        print("transcript --jobs 2 row: n/a until `--jobs` lands (issue 5).")
    if args.json:
        print(json.dumps({f"{n}/{e}": v for (n, e), v in results.items()}, indent=1))
    return 0 if all(value is not None for value in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
