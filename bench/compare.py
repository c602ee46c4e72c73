"""Run benchmark measurements side by side on several checkouts, interleaved.

    python bench/compare.py --rounds 3 ../wt-old . [--measure batch-library latency-benign cold-clean]
    # also: latency-hits, batch-cli-transcript-j1, batch-cli-transcript-j2 (not run by default)

Each round runs every measurement once per checkout, one process each (``bench/run.py
--measure``, the checkout's own benchmark code and rules, PYTHONPATH set to the checkout), so the
machine's load falls alike on all; prints each round's figures with the load average, then the
medians. Byte-code caching is left on (as for users) whatever the environment says, and each
checkout gets its own cache directory (``COLLECT_LINT_CACHE_DIR``), kept across rounds: checkouts
with different rules or code would otherwise rebuild each other's cached tables.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

FIGURES = {  # measurement → the figures printed for it
    "batch-library": ("mb_s", "mb_s_median"),
    "latency-benign": ("p50_us", "p99_us"),
    "latency-hits": ("p50_us", "p99_us"),
    "batch-cli-transcript-j1": ("mb_s",),
    "batch-cli-transcript-j2": ("mb_s",),
    "cold-clean": ("median_s", "min_s"),
    "cold-violation": ("median_s", "min_s"),
}
DEFAULT = ("batch-library", "latency-benign", "cold-clean", "cold-violation")


def measure(checkout: Path, name: str, engine: str, cache: Path) -> dict:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(checkout)
    env["COLLECT_LINT_CACHE_DIR"] = str(cache)
    done = subprocess.run(
        [sys.executable, str(checkout / "bench" / "run.py"), "--measure", name, "--engine", engine],
        cwd=checkout, capture_output=True, text=True, env=env,
    )
    lines = done.stdout.strip().splitlines()
    return json.loads(lines[-1]) if done.returncode == 0 and lines else {}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("checkouts", nargs="+", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--engine", default="default")
    parser.add_argument("--measure", nargs="+", default=list(DEFAULT), choices=sorted(FIGURES))
    args = parser.parse_args(argv)
    checkouts = [path.resolve() for path in args.checkouts]
    seen: dict[tuple[str, str, str], list[float]] = {}
    caches = Path(tempfile.mkdtemp(prefix="collect-lint-compare-"))
    for number in range(1, args.rounds + 1):
        for name in args.measure:
            for checkout in checkouts:
                load = os.getloadavg()[0]
                result = measure(checkout, name, args.engine, caches / str(checkouts.index(checkout)))
                figures = {key: result.get(key) for key in FIGURES[name]}
                print(f"round {number} load {load:.1f} {name} {checkout.name}: {figures}", flush=True)
                for key, value in figures.items():
                    if value is not None:
                        seen.setdefault((name, key, checkout.name), []).append(value)
    print("\nmedians:")
    for (name, key, checkout), values in seen.items():
        print(f"  {name} {key} {checkout}: {statistics.median(values):.3f}  (of {len(values)}: {', '.join(f'{v:.3f}' for v in values)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
