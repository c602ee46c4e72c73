"""Accuracy on the labelled corpora: per-category precision and recall, and clean items flagged.

    python bench/quality.py                     # every corpus: a markdown table for docs/quality.md
    python bench/quality.py --misses dev        # also list the dev split's misses and false alarms

``corpus/realworld/`` is real phrasing from public sources, split once at random into ``dev``
(rules may be tuned on it) and ``test`` (scored only: it is the estimate on unseen text, so this
script refuses to list its misses). ``corpus/*.jsonl`` is the project's own regression corpus.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from collect_lint import Linter  # noqa: E402
from collect_lint.evaluation import load_corpus, score  # noqa: E402

CATEGORIES = ("threat", "insult", "privacy", "deception", "repayment", "disclosure", "hours")
REALWORLD = ROOT / "corpus" / "realworld"


def corpora() -> dict[str, list[Path]]:
    own = [p for p in sorted((ROOT / "corpus").glob("*.jsonl")) if p.stem != "transcripts"]
    return {"realworld dev": [REALWORLD / "dev.jsonl"], "realworld test": [REALWORLD / "test.jsonl"], "own corpus": own}


def row(name: str, items: list[dict], result) -> str:
    clean = sum(1 for item in items if not item["expected"])
    cells = []
    for category in CATEGORIES:
        cell = result.categories.get(category)
        support = cell.tp + cell.fn if cell else 0
        cells.append(f"{cell.precision:.2f} / {cell.recall:.2f} ({support})" if cell and support + cell.fp else "—")
    flagged = len(result.compliant_flagged)
    return f"| {name} | {len(items) - clean} / {clean} | " + " | ".join(cells) + f" | {flagged} |"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", choices=("dev", "own"), help="list the misses and false alarms of the dev split or the own corpus")
    parser.add_argument("--backend", default="auto")
    args = parser.parse_args(argv)
    linter = Linter(backend=args.backend)
    header = "| corpus | violating / clean | " + " | ".join(CATEGORIES) + " | clean items flagged |"
    print(header)
    print("|" + "---|" * (len(CATEGORIES) + 3))
    results = {}
    for name, paths in corpora().items():
        items = load_corpus(paths)
        results[name] = (items, score(linter, items))
        print(row(name, items, results[name][1]))
    print("\n(precision / recall (support) per category: a category counts as found when an error or warning of it is reported)")
    if args.misses:
        _, result = results["realworld dev" if args.misses == "dev" else "own corpus"]
        for miss in result.misses:
            print(f"MISS {miss['missed']}: {miss['text']}  (found: {', '.join(miss['predicted']) or '-'})")
        for alarm in result.false_alarms:
            extra = sorted(set(alarm["predicted"]) - set(alarm["expected"]))
            print(f"FALSE ALARM {', '.join(extra)}: {alarm['text']}  (expected: {', '.join(alarm['expected']) or 'clean'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
