"""Scoring a linter against the labelled corpus: per-category precision and recall.

Corpus items are JSONL objects ``{"id", "kind", "text", "expected": [categories]}``. A category
counts as predicted for an item when any error or warning of that category is found (info
findings are advice, not violations).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .models import CATEGORIES, Severity


@dataclass
class CategoryScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class Score:
    categories: dict[str, CategoryScore] = field(default_factory=lambda: {c: CategoryScore() for c in CATEGORIES})
    items: int = 0
    compliant_flagged: list[dict] = field(default_factory=list)
    misses: list[dict] = field(default_factory=list)
    false_alarms: list[dict] = field(default_factory=list)

    def table(self) -> list[str]:
        rows = [f"{'category':<11} {'support':>7} {'precision':>9} {'recall':>7}"]
        for name, s in self.categories.items():
            if s.tp + s.fn + s.fp:
                rows.append(f"{name:<11} {s.tp + s.fn:>7} {s.precision:>9.3f} {s.recall:>7.3f}")
        return rows


def load_corpus(paths: Iterable[Path]) -> list[dict]:
    items = []
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    items.append(json.loads(line))
    return items


def predicted_categories(linter, item: dict) -> set[str]:
    diagnostics = linter.check(item["text"], kind=item.get("kind", "script"))
    return {d.category for d in diagnostics if d.severity is not Severity.info}


def score(linter, items: Iterable[dict], predicted_for=None) -> Score:
    """Score ``items``; ``predicted_for(item)`` gives the predicted categories (default: check
    the item's text with ``linter``)."""
    result = Score()
    for item in items:
        result.items += 1
        expected = set(item["expected"])
        predicted = predicted_for(item) if predicted_for is not None else predicted_categories(linter, item)
        for category in expected | predicted:
            cell = result.categories.setdefault(category, CategoryScore())
            if category in expected and category in predicted:
                cell.tp += 1
            elif category in predicted:
                cell.fp += 1
                result.false_alarms.append({**item, "predicted": sorted(predicted)})
            else:
                cell.fn += 1
                result.misses.append({**item, "predicted": sorted(predicted), "missed": category})
        if not expected and predicted:
            result.compliant_flagged.append({**item, "predicted": sorted(predicted)})
    return result


def category_counts(items: Iterable[dict]) -> Counter:
    return Counter(c for item in items for c in item["expected"])


def score_transcripts(linter, path: Path, policy=None) -> Score:
    """Score a labelled transcript export: each record is a call with ``expected`` categories;
    a category is predicted when any error or warning of the call has it (contact rules
    included; counts span the file, as in a run)."""
    from .checks.contact import ContactChecker, ContactPolicy
    from .workflow.runner import Runner

    runner = Runner(linter, lambda message: None, contact=ContactChecker(linter.rules, policy or ContactPolicy()))
    predicted: dict[str, set[str]] = {}
    for diagnostic in runner.run([str(path)], "transcript"):
        if diagnostic.severity is not Severity.info:
            predicted.setdefault(diagnostic.call_id, set()).add(diagnostic.category)
    items = [{**item, "text": item["call_id"]} for item in load_corpus([path])]
    return score(linter, items, lambda item: predicted.get(item["call_id"], set()))
