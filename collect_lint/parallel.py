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


_BUILDERS: dict = {}


def _parse_and_check(path: str, options, policy, lines: list[tuple[int, str | None]]) -> list[list[tuple]]:
    """JSONL lines → per line, its entries: ``(InputError, None, None)`` or ``(call, hits,
    contact)``: ``hits`` maps utterance index → content findings, ``contact`` holds the
    per-call contact findings (hours, disclosure) — all as tuples of rule ids and offsets. A
    call comes back with only the utterances the main process needs (the opening agent lines
    and those with findings); the frequency counts stay in the main process."""
    from .contact import DISCLOSURE_WINDOW, Call, ContactChecker
    from .transcripts import _CallBuilder, jsonl_entries

    key = (path, options, policy)
    if key not in _BUILDERS:
        _BUILDERS[key] = (_CallBuilder(path, options), ContactChecker(_LINTER.rules, policy))
    builder, checker = _BUILDERS[key]
    speakers = _LINTER.speakers
    per_line: list[list] = []
    owners: list[tuple[Call, list]] = []
    items: list[Item] = []
    for number, line in lines:
        entries = list(jsonl_entries(builder, number, line))
        per_line.append(entries)
        for entry in entries:
            if isinstance(entry, Call):
                own = [u for u in entry.utterances if u.speaker in speakers]
                owners.append((entry, own))
                items.extend(Item(u.text, "transcript", u.speaker) for u in own)
    found = iter(_LINTER.findings_batch(items))
    hits_of: dict[int, tuple] = {}
    for call, own in owners:
        contact = [(hit.rule.id, hit.detail, hit.utterance.index if hit.utterance else None) for hit in checker.check_call(call)]
        hits = {}
        for utterance in own:
            findings = next(found)
            if findings:
                hits[utterance.index] = [(f.rule.id, f.start, f.end, f.pii, f.detail) for f in findings]
        opening = [u.index for u in call.utterances if u.speaker == "agent"][:DISCLOSURE_WINDOW]
        call.connected = call.is_connected
        call.utterance_count = len(call.utterances)
        call.utterances = [u for u in call.utterances if u.index in hits or u.index in opening]
        call.locator = None
        hits_of[id(call)] = (hits, contact)
    return [[(entry, *hits_of.get(id(entry), (None, None))) for entry in entries] for entries in per_line]


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

    def parse_jsonl(self, path: str, options, policy, batches: Iterable[list[tuple[int, str | None]]]) -> Iterator[tuple[list, list]]:
        """Parse and check JSONL lines in the workers: (lines, per-line entries) in order, each
        entry ``(InputError, None, None)`` or ``(call, {utterance index: [Finding]}, [CallFinding])``
        (the contact findings that need only the call: hours and disclosure)."""
        pending: deque = deque()
        for lines in batches:
            pending.append((lines, self.executor.submit(_parse_and_check, path, options, policy, lines)))
            while len(pending) >= self.window:
                yield self._parsed(*pending.popleft())
        while pending:
            yield self._parsed(*pending.popleft())

    def _parsed(self, lines, future: Future):
        from .contact import CallFinding

        rules = self.rules
        result = []
        for entries in future.result():
            row = []
            for entry, hits, contact in entries:
                if hits is not None:
                    hits = {index: [Finding(rules[r], start, end, pii, detail) for r, start, end, pii, detail in found]
                            for index, found in hits.items()}
                    by_index = {u.index: u for u in entry.utterances}
                    contact = [CallFinding(rules[r], detail, by_index.get(index) if index is not None else None)
                               for r, detail, index in contact]
                row.append((entry, hits, contact))
            result.append(row)
        return lines, result

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
