"""False-positive rate on real benign text: the share of lines with any error or warning finding,
and the rules responsible.

    python bench/false_positives.py                 # the shared benign datasets, when present
    python bench/false_positives.py FILE [FILE …]   # any one-message-per-line files
    python bench/false_positives.py --examples 3    # also print 3 flagged lines per top rule

Every line is checked as one agent SMS (no speaker labels). Targets (issue 4): < 0.5 % on
finance_questions, < 1 % on nus_sms_zh.

The "homophone-only" column counts lines flagged only because of a homophone variant: every
error/warning finding on the line is a same-sounding spelling generated for a rule with
``homophones = true`` (沙比 for 傻逼), not one of its literal patterns. Those lines are listed
after the table (``--homophone-examples``, default 10 per file) so they can be read: each
should be a genuine slur, never an ordinary word.
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


def homophone_variants(linter) -> dict[str, frozenset[str]]:
    """{rule id: normalised homophone variants that are not one of the rule's own patterns}."""
    from collect_lint.engine.homophones import variants

    normalize = linter.normalizer.normalize_phrase
    table: dict[str, frozenset[str]] = {}
    for rule in linter.rules:
        if rule.type == "phrase" and rule.homophones:
            patterns = {normalize(p) for p in rule.patterns}
            table[rule.id] = frozenset(v for p in patterns for v in variants(p)) - patterns
    return table


def measure(linter, path: Path, examples: int, homophones: dict[str, frozenset[str]], homophone_examples: int):
    """(lines, flagged lines, flagged lines per rule, a few flagged lines per rule,
    lines flagged only by homophone variants, a few of those as (variant, line))."""
    from collect_lint.models import Item, Severity

    normalize = linter.normalizer.normalize_phrase
    lines = [line.strip() for line in path.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()]
    items = [Item(line, "sms") for line in lines]
    by_rule: Counter = Counter()
    samples: dict[str, list[str]] = {}
    flagged = homophone_only = 0
    homophone_samples: list[tuple[str, str]] = []
    for start in range(0, len(items), 512):
        chunk = items[start : start + 512]
        for item, found in zip(chunk, linter.check_items(chunk)):
            serious = [d for d in found if d.severity.rank >= Severity.warning.rank]
            rules = {d.rule for d in serious}
            if rules:
                flagged += 1
                by_rule.update(rules)
                for rule in rules:
                    if len(samples.setdefault(rule, [])) < examples:
                        samples[rule].append(item.text)
                if all(normalize(d.text) in homophones.get(d.rule, ()) for d in serious):
                    homophone_only += 1
                    if len(homophone_samples) < homophone_examples:
                        variants = "/".join(sorted({f"{d.rule} {d.text}" for d in serious}))
                        homophone_samples.append((variants, item.text))
    return len(lines), flagged, by_rule, samples, homophone_only, homophone_samples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--top", type=int, default=5, help="rules listed per file")
    parser.add_argument("--examples", type=int, default=0, help="flagged lines shown per listed rule")
    parser.add_argument(
        "--homophone-examples", type=int, default=10, help="lines flagged only by homophones shown per file"
    )
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
    homophones = homophone_variants(linter)
    print(
        f"| {'file':<28} | {'lines':>7} | {'flagged':>7} | {'share':>7} | {'target':>7} | {'homophone-only':>14} "
        "| top rules (flagged lines)"
    )
    print(f"|{'-' * 30}|{'-' * 9}|{'-' * 9}|{'-' * 9}|{'-' * 9}|{'-' * 16}|{'-' * 40}")
    details = []
    homophone_details = []
    for path in files:
        total, flagged, by_rule, samples, homophone_only, homophone_samples = measure(
            linter, path, args.examples, homophones, args.homophone_examples
        )
        top = by_rule.most_common(args.top)
        share = 100 * flagged / total if total else 0.0
        rules = ", ".join(f"{rule} {names.get(rule, '')} ({count})" for rule, count in top)
        print(
            f"| {path.stem:<28} | {total:>7} | {flagged:>7} | {share:>6.2f}% | {TARGETS.get(path.stem, ''):>7} "
            f"| {homophone_only:>14} | {rules}"
        )
        details.extend((path.stem, rule, samples.get(rule, [])) for rule, _ in top)
        homophone_details.extend((path.stem, variant, line) for variant, line in homophone_samples)
    if args.examples:
        for stem, rule, lines in details:
            for line in lines:
                print(f"{stem} {rule}: {line}")
    if homophone_details:
        print("\nlines flagged only by homophone variants:")
        for stem, variant, line in homophone_details:
            print(f"{stem} [{variant}]: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
