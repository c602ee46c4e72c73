"""Snapshot every diagnostic the linter gives on the project's own inputs, to compare two commits.

    python bench/snapshot.py > before.json          # on the old commit
    python bench/snapshot.py --compare before.json  # on the new one: lists every difference

Covers the labelled corpus and the real-world splits (``corpus/realworld/``; each text item
checked alone, and all of them as one batch), every rule example, the labelled calls (``corpus/transcripts.jsonl``, with
``--jobs 1`` and ``--jobs 2``) and ``examples/`` through the CLI's JSON output. Explanations
(which words filled which slot) are compared too. Uses only the public API and the CLI, so it
runs unchanged across refactors.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _texts() -> list[tuple[str, str]]:
    from collect_lint import RuleSet

    found = []
    for path in sorted([*(ROOT / "corpus").glob("*.jsonl"), *(ROOT / "corpus" / "realworld").glob("*.jsonl")]):
        if path.stem == "transcripts":
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                found.append((record["text"], record.get("kind", "script")))
    for rule in RuleSet.load():
        kinds = getattr(rule, "kinds", ("script",))
        kind = "script" if "script" in kinds else kinds[0]
        examples = getattr(rule, "examples", None)
        for example in (examples.bad + examples.good) if examples is not None else ():
            if isinstance(example, str):
                found.append((example, kind))
    return found


def _diagnostic(d) -> dict:
    data = d.model_dump(mode="json")
    return {key: data.get(key) for key in sorted(data) if key not in ("masked", "fingerprint")}


def _cli(*args: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "collect_lint", "check", "--format", "json", "--no-progress", *args],
        cwd=ROOT, capture_output=True, text=True,
    )
    document = json.loads(done.stdout)
    return {
        "exit": done.returncode,
        "diagnostics": document["diagnostics"],
        "summary": document["summary"],
    }


def snapshot() -> dict:
    from collect_lint import Item, Linter

    result: dict = {}
    for backend in ("default", "fast"):
        try:
            linter = Linter(backend=backend)
        except Exception:
            continue
        texts = _texts()
        result[f"{backend}/texts"] = {f"{kind}|{text}": [_diagnostic(d) for d in linter.check(text, kind=kind)] for text, kind in texts}
        # The same texts as one batch (the pre-filter decides which items get the full check).
        items = [Item(text, "sms" if kind == "script" else kind) for text, kind in texts]
        batch = linter.check_items(items)
        result[f"{backend}/batch"] = {f"{item.kind}|{item.text}": [_diagnostic(d) for d in found] for item, found in zip(items, batch)}
    result["cli/examples"] = _cli("examples/")
    for jobs in ("1", "2"):
        result[f"cli/transcripts/jobs{jobs}"] = _cli("--kind", "transcript", "--jobs", jobs, "corpus/transcripts.jsonl")
    return result


def compare(before: dict, after: dict) -> list[str]:
    problems = []
    for key in sorted(set(before) | set(after)):
        if key not in before or key not in after:
            problems.append(f"{key}: only in {'after' if key in after else 'before'}")
            continue
        old, new = before[key], after[key]
        if old == new:
            continue
        if isinstance(old, dict) and isinstance(new, dict) and "diagnostics" not in old:
            for text in sorted(set(old) & set(new)):
                if old[text] != new[text]:
                    problems.append(f"{key}[{text}]: {json.dumps(old[text], ensure_ascii=False)} != {json.dumps(new[text], ensure_ascii=False)}")
            added = sorted(set(new) - set(old))
            if added:
                print(f"{key}: {len(added)} text(s) only after (new examples), {len(set(old) - set(new))} only before")
        else:
            problems.append(f"{key}: {json.dumps(old, ensure_ascii=False)[:2000]} != {json.dumps(new, ensure_ascii=False)[:2000]}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--compare", type=Path, help="a snapshot written earlier: print the differences")
    args = parser.parse_args()
    current = snapshot()
    if args.compare is None:
        json.dump(current, sys.stdout, ensure_ascii=False, indent=1)
        return 0
    problems = compare(json.loads(args.compare.read_text(encoding="utf-8")), current)
    for line in problems:
        print(line)
    print(f"{len(problems)} difference(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
