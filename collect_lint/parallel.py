"""Content checks in worker processes (``--jobs N``), results back in input order.

The main process reads records and runs the contact checks (their counters span the run); the
workers only turn batches of ``(text, kind, speaker)`` into findings. At most ``window``
batches are in flight, so memory stays flat however large the export is.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Iterable, Iterator, TypeVar

from .linter import Linter
from .models import Finding, Item

T = TypeVar("T")
Batch = tuple[T, list[Item]]
_LINTER: Linter | None = None  # the worker's linter (inherited when forked, else built)


def _init_worker(options: dict) -> None:
    global _LINTER
    if _LINTER is None:
        _LINTER = Linter(**options)


def _check(payload: list[tuple[str, str, str]]) -> list[list[tuple]]:
    items = [Item(text, kind, speaker) for text, kind, speaker in payload]
    return [
        [(f.rule.id, f.start, f.end, f.pii, f.detail) for f in found]
        for found in _LINTER.findings_batch(items)
    ]


class LocalFindings:
    """``--jobs 1``: findings computed in this process."""

    def __init__(self, linter: Linter) -> None:
        self.linter = linter

    def map(self, batches: Iterable[Batch]) -> Iterator[tuple[T, list[list[Finding]]]]:
        for tag, items in batches:
            yield tag, self.linter.findings_batch(items) if items else []

    def close(self) -> None:
        pass


class PooledFindings:
    """``--jobs N``: findings computed by N worker processes, yielded in submission order."""

    def __init__(self, linter: Linter, options: dict, jobs: int) -> None:
        global _LINTER
        self.rules = {rule.id: rule for rule in linter.rules}
        self.window = 2 * jobs + 2
        methods = multiprocessing.get_all_start_methods()
        if "fork" in methods:
            _LINTER = linter  # forked workers inherit the loaded linter and its caches
            context = multiprocessing.get_context("fork")
        else:
            context = multiprocessing.get_context("spawn")
        self.executor = ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_worker, initargs=(options,))

    def map(self, batches: Iterable[Batch]) -> Iterator[tuple[T, list[list[Finding]]]]:
        pending: deque[tuple[T, Future | None]] = deque()
        for tag, items in batches:
            future = self.executor.submit(_check, [(i.text, i.kind, i.speaker) for i in items]) if items else None
            pending.append((tag, future))
            while len(pending) >= self.window:
                yield self._result(*pending.popleft())
        while pending:
            yield self._result(*pending.popleft())

    def _result(self, tag, future: Future | None):
        if future is None:
            return tag, []
        rules = self.rules
        return tag, [
            [Finding(rules[rule], start, end, pii, detail) for rule, start, end, pii, detail in found]
            for found in future.result()
        ]

    def close(self) -> None:
        self.executor.shutdown(cancel_futures=True)


def findings_engine(linter: Linter, options: dict, jobs: int):
    return PooledFindings(linter, options, jobs) if jobs > 1 else LocalFindings(linter)
