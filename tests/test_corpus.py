"""Quality on the labelled corpus (corpus/*.jsonl): per-category precision and recall ≥ 0.9."""

from pathlib import Path

import pytest

from collect_lint.evaluation import load_corpus, score

CORPUS = sorted((Path(__file__).resolve().parent.parent / "corpus").glob("*.jsonl"))
TEXT_CORPUS = [p for p in CORPUS if p.stem != "transcripts"]


@pytest.fixture(scope="module")
def result(linter):
    return score(linter, load_corpus(TEXT_CORPUS))


def test_corpus_is_large_and_half_compliant():
    items = load_corpus(TEXT_CORPUS)
    assert len(items) >= 200 and sum(not i["expected"] for i in items) >= len(items) / 2


@pytest.mark.parametrize("category", ["threat", "insult", "privacy", "deception", "repayment", "disclosure", "hours"])
def test_precision_and_recall_per_category(result, category):
    cell = result.categories[category]
    misses = [m["text"] for m in result.misses if m["missed"] == category]
    alarms = [m["text"] for m in result.false_alarms if category in m["predicted"] and category not in m["expected"]]
    assert (cell.precision >= 0.9, cell.recall >= 0.9) == (True, True), (misses, alarms)


def test_no_compliant_item_gets_an_error_or_warning(result):
    assert [(i["id"], i["text"], i["predicted"]) for i in result.compliant_flagged] == []
