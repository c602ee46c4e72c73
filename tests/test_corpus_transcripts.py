"""Quality on labelled calls (corpus/transcripts.jsonl): contact and content rules together."""

from pathlib import Path

import pytest

from collect_lint.evaluation import load_corpus, score_transcripts

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "transcripts.jsonl"


@pytest.fixture(scope="module")
def result(linter):
    return score_transcripts(linter, CORPUS)


def test_transcript_corpus_covers_the_call_level_categories():
    expected = {c for item in load_corpus([CORPUS]) for c in item["expected"]}
    assert {"hours", "frequency", "disclosure", "threat", "insult"} <= expected


@pytest.mark.parametrize("category", ["hours", "frequency", "disclosure", "threat", "insult", "deception", "repayment", "privacy"])
def test_precision_and_recall_per_category_on_calls(result, category):
    cell = result.categories[category]
    misses = [m["call_id"] for m in result.misses if m["missed"] == category]
    alarms = [m["call_id"] for m in result.false_alarms if category in m["predicted"] and category not in m["expected"]]
    assert (cell.precision >= 0.9, cell.recall >= 0.9) == (True, True), (misses, alarms)


def test_no_compliant_call_gets_an_error_or_warning(result):
    assert [(i["call_id"], i["predicted"]) for i in result.compliant_flagged] == []
