"""Add gathered real-world items to the corpus, each to dev or test by a salted hash of its text.

    python corpus/realworld/add.py --batch NAME gathered.jsonl [more.jsonl …]

Each input line is ``{"text", "kind", "expected", "source", "source_title", "note"}``. An item
whose text (whitespace removed) is already in dev or test is skipped. The split is decided here,
before anyone writes rules from the items, by the hash alone: about half go to test, which is
scored but never tuned on.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SALT = "collect-lint realworld split"
CATEGORIES = {"threat", "insult", "privacy", "deception", "repayment", "disclosure", "hours"}


def key(text: str) -> str:
    return "".join(text.split())


def split_of(text: str) -> str:
    digest = hashlib.sha256(f"{SALT}:{key(text)}".encode()).digest()
    return "test" if digest[0] % 2 else "dev"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", required=True, help="name recorded in each item's batch field")
    parser.add_argument("files", nargs="+", type=Path)
    args = parser.parse_args(argv)
    known = {key(json.loads(line)["text"]) for name in ("dev", "test") for line in (HERE / f"{name}.jsonl").open(encoding="utf-8") if line.strip()}
    added = {"dev": [], "test": []}
    for path in args.files:
        for number, line in enumerate(path.open(encoding="utf-8"), 1):
            if not line.strip():
                continue
            item = json.loads(line)
            text = item["text"].strip()
            bad = set(item["expected"]) - CATEGORIES
            if bad or item.get("kind") not in ("script", "sms") or not item.get("source"):
                print(f"{path}:{number}: skipped (kind, categories or source): {text[:30]}", file=sys.stderr)
                continue
            if key(text) in known:
                continue
            known.add(key(text))
            record = {
                "id": "rw-" + hashlib.sha256(key(text).encode()).hexdigest()[:8],
                "kind": item["kind"], "text": text, "expected": sorted(item["expected"]),
                "source": item["source"], "source_title": item.get("source_title", ""),
                "note": item.get("note", ""), "batch": args.batch,
            }
            added[split_of(text)].append(record)
    for name, records in added.items():
        with (HERE / f"{name}.jsonl").open("a", encoding="utf-8") as handle:
            for record in records:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        print(f"{name}: +{len(records)} ({sum(1 for r in records if r['expected'])} violating)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
