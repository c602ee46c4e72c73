"""False-positive rate on real benign text: the share of lines with any error or warning finding,
and the rules responsible.

    python bench/false_positives.py                 # the shared benign datasets, when present
    python bench/false_positives.py FILE [FILE …]   # any one-message-per-line files
    python bench/false_positives.py --examples 3    # also print 3 flagged lines per top rule

Every line is checked as one agent SMS (no speaker labels). Targets (issue 4): < 0.5 % on
finance_questions, < 1 % on nus_sms_zh.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATASETS = ROOT.parent / "shared" / "datasets" / "benign"
DEFAULT_FILES = ("finance_questions.txt", "nus_sms_zh.txt", "reviews.txt", "crosswoz_val_utterances.txt")
TARGETS = {"finance_questions": "< 0.5%", "nus_sms_zh": "< 1%"}


def measure(linter, path: Path, examples: int) -> tuple[int, int, Counter, dict[str, list[str]]]:
    """(lines, flagged lines, flagged lines per rule, a few flagged lines per rule)."""
    from collect_lint.models import Item, Severity

    lines = [line.strip() for line in path.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()]
    items = [Item(line, "sms") for line in lines]
    by_rule: Counter = Counter()
    samples: dict[str, list[str]] = {}
    flagged = 0
    for start in range(0, len(items), 512):
        chunk = items[start : start + 512]
        for item, found in zip(chunk, linter.check_items(chunk)):
            rules = {d.rule for d in found if d.severity.rank >= Severity.warning.rank}
            if rules:
                flagged += 1
                by_rule.update(rules)
                for rule in rules:
                    if len(samples.setdefault(rule, [])) < examples:
                        samples[rule].append(item.text)
    return len(lines), flagged, by_rule, samples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--top", type=int, default=5, help="rules listed per file")
    parser.add_argument("--examples", type=int, default=0, help="flagged lines shown per listed rule")
    parser.add_argument("--backend", default="auto")
    args = parser.parse_args(argv)
    files = args.files or [DATASETS / name for name in DEFAULT_FILES if (DATASETS / name).is_file()]
    if not files:
        print(f"no benign datasets at {DATASETS}; pass files to measure")
        return 0
    sys.path.insert(0, str(ROOT))
    from collect_lint import Linter

    linter = Linter(backend=args.backend)
    names = {rule.id: rule.name for rule in linter.rules}
    print(f"| {'file':<28} | {'lines':>7} | {'flagged':>7} | {'share':>7} | {'target':>7} | top rules (flagged lines)")
    print(f"|{'-' * 30}|{'-' * 9}|{'-' * 9}|{'-' * 9}|{'-' * 9}|{'-' * 40}")
    details = []
    for path in files:
        total, flagged, by_rule, samples = measure(linter, path, args.examples)
        top = by_rule.most_common(args.top)
        share = 100 * flagged / total if total else 0.0
        rules = ", ".join(f"{rule} {names.get(rule, '')} ({count})" for rule, count in top)
        print(f"| {path.stem:<28} | {total:>7} | {flagged:>7} | {share:>6.2f}% | {TARGETS.get(path.stem, ''):>7} | {rules}")
        details.extend((path.stem, rule, samples.get(rule, [])) for rule, _ in top)
    if args.examples:
        for stem, rule, lines in details:
            for line in lines:
                print(f"{stem} {rule}: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
