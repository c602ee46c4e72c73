"""Robustness to how real text is written: recall and clean items flagged under label-preserving
perturbations (ASR-style text without punctuation, fillers, 你/您 swaps, traditional characters,
full-width forms, spaced-out characters, polite wrappers), against the unperturbed text.

    python bench/robustness.py                  # realworld dev split and the own corpus
    python bench/robustness.py --test           # also the test split's aggregate rows (report only)

Every perturbation keeps the label: a threat stays a threat without its commas, and a clean
script stays clean with 嗯 and 那个 in it. A drop in recall means the linter depends on the form
of the text rather than its wording; a rise in clean items flagged means it reads noise as
violations. The test split may be scored (aggregate rows only, never item lists): tune on dev.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from collect_lint import Linter  # noqa: E402
from collect_lint.evaluation import load_corpus, score  # noqa: E402

CATEGORIES = ("threat", "insult", "privacy", "deception", "repayment", "disclosure", "hours")
REALWORLD = ROOT / "corpus" / "realworld"

# Punctuation that ASR output drops (sentence and clause marks, quotes, brackets).
_PUNCT = "。！？!?；;，,、：:“”‘’「」『』\"'（）()《》【】…—~～"
_PUNCT_RE = re.compile("[" + re.escape(_PUNCT) + "]+")
# Clause starts: after a punctuation mark, or at the start of the text.
_CLAUSE_START_RE = re.compile("(^|[。！？!?；;，,])(?=\\S)")
FILLERS = ("嗯", "啊", "那个", "就是说", "对吧")
# A speaker label at the start of a record (客服：, 催收员：, customer:).
_LABEL_RE = re.compile(r"^[^，。！？,!?：:\s]{1,12}[：:]\s*")


def no_punctuation(text: str) -> str:
    """ASR transcripts: punctuation removed, line breaks kept as the only separator."""
    return _PUNCT_RE.sub("", text)


def punctuation_to_spaces(text: str) -> str:
    return _PUNCT_RE.sub(" ", text).strip()


def _after_label(perturb: Callable[[str], str]) -> Callable[[str], str]:
    """Apply ``perturb`` to what follows a leading speaker label (客服：, 催收员：), which is
    part of the record's form rather than of what is said."""

    def apply(text: str) -> str:
        label = _LABEL_RE.match(text)
        cut = label.end() if label else 0
        return text[:cut] + perturb(text[cut:])

    apply.__doc__ = perturb.__doc__
    return apply


def fillers(text: str) -> str:
    """A filler at every clause start, in turn 嗯, 啊, 那个, 就是说, 对吧."""
    count = iter(range(10_000))

    def add(match: re.Match) -> str:
        return match.group(1) + FILLERS[next(count) % len(FILLERS)]

    return _CLAUSE_START_RE.sub(add, text)


def polite_pronouns(text: str) -> str:
    """你 ↔ 您 and 我们 ↔ 我司, both ways at once."""
    text = text.replace("你", "\0").replace("您", "你").replace("\0", "您")
    return text.replace("我们", "\0").replace("我司", "我们").replace("\0", "我司")


def traditional(text: str) -> str:
    import opencc  # a dependency of the project (normalisation)

    return _converter(opencc).convert(text)


_CONVERTERS: dict[str, object] = {}


def _converter(opencc):
    if "s2t" not in _CONVERTERS:
        _CONVERTERS["s2t"] = opencc.OpenCC("s2t")
    return _CONVERTERS["s2t"]


def width_swap(text: str) -> str:
    """Half-width ASCII digits and letters to full width and full-width ones to half width."""
    out = []
    for char in text:
        code = ord(char)
        if char.isascii() and char.isalnum():
            out.append(chr(code + 0xFEE0))
        elif 0xFF10 <= code <= 0xFF5A and chr(code - 0xFEE0).isalnum():
            out.append(chr(code - 0xFEE0))
        else:
            out.append(char)
    return "".join(out)


def spaced(text: str) -> str:
    """One space between every two characters (copied from a chat app, or evasion)."""
    return " ".join(text)


def polite_wrap(text: str) -> str:
    return "您好，" + text + "谢谢"


# Each applies to what follows a leading speaker label.
PERTURBATIONS: dict[str, Callable[[str], str]] = {
    name: _after_label(perturb)
    for name, perturb in {
        "none": lambda text: text,
        "no punctuation (ASR)": no_punctuation,
        "punctuation → spaces": punctuation_to_spaces,
        "fillers at clause starts": fillers,
        "你↔您, 我们↔我司": polite_pronouns,
        "simplified → traditional": traditional,
        "full ↔ half width": width_swap,
        "space between characters": spaced,
        "polite prefix/suffix": polite_wrap,
    }.items()
}


def corpora(test: bool) -> dict[str, list[Path]]:
    own = [p for p in sorted((ROOT / "corpus").glob("*.jsonl")) if p.stem != "transcripts"]
    found = {"realworld dev": [REALWORLD / "dev.jsonl"], "own corpus": own}
    if test:
        found["realworld test"] = [REALWORLD / "test.jsonl"]
    return found


def row(corpus: str, name: str, items: list[dict], result, base) -> str:
    cells = []
    for category in CATEGORIES:
        cell = result.categories.get(category)
        support = cell.tp + cell.fn if cell else 0
        if not support:
            cells.append("—")
            continue
        delta = cell.recall - base.categories[category].recall
        cells.append(f"{cell.recall:.2f}" + (f" ({delta:+.2f})" if name != "none" and abs(delta) >= 0.005 else ""))
    flagged = len(result.compliant_flagged)
    base_flagged = len(base.compliant_flagged)
    extra = f" ({flagged - base_flagged:+d})" if name != "none" and flagged != base_flagged else ""
    return f"| {corpus} | {name} | " + " | ".join(cells) + f" | {flagged}{extra} |"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--test", action="store_true", help="also print the test split's aggregate rows (no items)")
    parser.add_argument("--only", action="append", help="run only the perturbations whose name contains this")
    parser.add_argument("--misses", metavar="PERTURBATION", help="list the items of the dev split and the own corpus that a perturbation breaks (never the test split)")
    parser.add_argument("--backend", default="auto")
    args = parser.parse_args(argv)
    linter = Linter(backend=args.backend)
    chosen = {name: f for name, f in PERTURBATIONS.items() if name == "none" or not args.only or any(o in name for o in args.only)}
    print("| corpus | perturbation | " + " | ".join(CATEGORIES) + " | clean items flagged |")
    print("|" + "---|" * (len(CATEGORIES) + 3))
    for corpus, paths in corpora(args.test).items():
        items = load_corpus(paths)
        base = None
        for name, perturb in chosen.items():
            perturbed = [{**item, "text": perturb(item["text"])} for item in items]
            result = score(linter, perturbed)
            base = base or result
            print(row(corpus, name, perturbed, result, base), flush=True)
            if args.misses and corpus != "realworld test" and args.misses in name and name != "none":
                _list_broken(items, perturbed, base, result)
    print("\n(recall per category, change against the unperturbed text in brackets; clean items flagged)")
    return 0


def _list_broken(items, perturbed, base, result) -> None:
    base_missed = {(m["id"], m["missed"]) for m in base.misses}
    base_flagged = {m["id"] for m in base.compliant_flagged}
    for miss in result.misses:
        if (miss["id"], miss["missed"]) not in base_missed:
            print(f"LOST {miss['missed']}: {miss['text']}")
    for alarm in result.compliant_flagged:
        if alarm["id"] not in base_flagged:
            print(f"NEW ALARM {', '.join(alarm['predicted'])}: {alarm['text']}")


if __name__ == "__main__":
    sys.exit(main())
