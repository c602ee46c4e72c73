"""The naive baseline the benchmark compares against: segment every sentence of every message
with jieba (HMM off), then match, and decide token alignment from that full segmentation.

It runs the shipped pipeline with one change: the per-block, candidate-gated segmentation is
replaced by a segmentation of the whole text done up front. Tests use it to show that gating
changes nothing but the cost.
"""

from __future__ import annotations

import re

from collect_lint import Linter
from collect_lint.checks.context import TextFacts
from collect_lint.inputs.text import text_items
from collect_lint.models import Diagnostic, Item

_SENTENCE_RE = re.compile(r"[^。！？!?；;\n]*[。！？!?；;\n]?")


class WholeTextSegmentation:
    """Token boundaries of a whole text, cut sentence by sentence; remembers the last text."""

    def __init__(self, segmenter) -> None:
        self.segmenter = segmenter
        self._last: tuple[str, frozenset[int]] | None = None

    def boundaries_of(self, text: str) -> frozenset[int]:
        if self._last is not None and self._last[0] == text:
            return self._last[1]
        edges = {0}
        for sentence in _SENTENCE_RE.finditer(text):
            position = sentence.start()
            for token in self.segmenter.cut(sentence.group()):
                position += len(token)
                edges.add(position)
        result = frozenset(edges)
        self._last = (text, result)
        return result


class NaiveLinter:
    """Same rules and refinements as ``Linter(backend="default")``; segments everything."""

    def __init__(self, **options) -> None:
        self.linter = Linter(backend="default", **options)
        environment = self.linter.environment
        segmentation = self.segmentation = WholeTextSegmentation(environment.segmenter)

        class WholeTextFacts(TextFacts):  # the baseline swaps the segmentation the checks see
            def block_boundaries(self, start: int, end: int) -> frozenset[int]:
                whole = segmentation.boundaries_of(self.text)
                return frozenset(p - start for p in whole if start <= p <= end)

        environment.facts_class = WholeTextFacts

    def check(self, text: str, kind: str = "sms", speaker: str = "agent") -> list[Diagnostic]:
        items = text_items(text, "script") if kind == "script" else [Item(text, kind, speaker)]
        return [d for item in items for d in self.check_item(item)]

    def check_item(self, item: Item) -> list[Diagnostic]:
        # Segment first, whatever the text holds: that is what the gated engine avoids.
        self.segmentation.boundaries_of(self.linter.normalizer.normalize(item.text).text)
        return self.linter.check_item(item)
