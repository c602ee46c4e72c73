"""Transcript checks in worker processes (``--jobs N``), results back in input order.

For JSONL exports the workers decode and parse the lines and run the content checks and the
per-call contact checks (hours, disclosure); for other formats the main process parses and the
workers only turn batches of ``(text, kind, speaker)`` into findings. The frequency counts
always stay in the main process (they span the run, in input order). At most ``window``
batches are in flight, so memory stays flat however large the export is.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Iterable, Iterator, TypeVar

from .linter import Linter
from .models import Finding, InputError, Item

T = TypeVar("T")
Batch = tuple[T, list[Item]]
_LINTER: Linter | None = None  # the worker's linter (inherited when forked, else built)


def _init_worker(options: dict) -> None:
    global _LINTER
    if _LINTER is None:
        _LINTER = Linter(**options)


_BUILDERS: dict = {}


def _parse_and_check(path: str, options, policy, lines: list[tuple[int, bytes]]) -> tuple[bool, list[list]]:
    """Raw JSONL lines → (whether any line needed GB18030, per line its entries). An entry is
    an ``InputError`` or a compact call: ``(fields, utterances, hits, contact)`` with the
    call's fields (see ``call_fields``), only the utterances a finding points at, ``hits``
    (utterance index → content findings) and ``contact`` (per-call contact findings: hours,
    disclosure), as tuples of rule ids and offsets; ``hits``/``contact`` are None when empty.
    Frequency counts need every call in input order, so they stay in the main process."""
    from .contact import ContactChecker
    from .transcripts import _CallBuilder, decode_line, jsonl_entries

    key = (path, options, policy)
    if key not in _BUILDERS:
        _BUILDERS[key] = (_CallBuilder(path, options), ContactChecker(_LINTER.rules, policy))
    builder, checker = _BUILDERS[key]
    speakers = _LINTER.speakers
    legacy_seen = False
    per_line: list[list] = []
    owners: list[tuple[list, int, object, list]] = []
    items: list[Item] = []
    for number, raw in lines:
        text, legacy = decode_line(raw, number)
        legacy_seen = legacy_seen or legacy
        entries = list(jsonl_entries(builder, number, text))
        for position, entry in enumerate(entries):
            if not isinstance(entry, InputError):
                own = [u for u in entry.utterances if u.speaker in speakers]
                owners.append((entries, position, entry, own))
                items.extend(Item(u.text, "transcript", u.speaker) for u in own)
        per_line.append(entries)
    found = iter(_LINTER.findings_batch(items))
    for entries, position, call, own in owners:
        hits = {}
        for utterance in own:
            findings = next(found)
            if findings:
                hits[utterance.index] = _rows(findings)
        contact = [(hit.rule.id, hit.detail, hit.utterance.index if hit.utterance else None) for hit in checker.check_call(call)]
        wanted = set(hits) | {index for _, _, index in contact if index is not None}
        utterances = [(u.speaker, u.text, u.index, u.line) for u in call.utterances if u.index in wanted]
        entries[position] = (call_fields(call), utterances, hits or None, contact or None)
    return legacy_seen, per_line


def call_fields(call) -> tuple:
    """The fields of a Call the main process needs, as a plain tuple (cheap to send)."""
    return (call.line, call.call_id, call.debtor_id, call.started_at, call.started_raw, call.channel,
            call.agent_id, call.is_connected, len(call.utterances))


def call_from_fields(path: str, fields: tuple, utterances: list):
    from .contact import Call, Utterance

    line, call_id, debtor_id, started_at, started_raw, channel, agent_id, connected, count = fields
    return Call(path, line, call_id, debtor_id, started_at, started_raw, channel, agent_id, connected,
                [Utterance(*u) for u in utterances], None, count)


def _check(payload: list[tuple[str, str, str]]) -> list[list[tuple]]:
    items = [Item(text, kind, speaker) for text, kind, speaker in payload]
    return [_rows(found) for found in _LINTER.findings_batch(items)]


def _rows(findings: list[Finding]) -> list[tuple]:
    """Findings as plain tuples to send back (PooledFindings._findings rebuilds them)."""
    return [(f.rule.id, f.start, f.end, f.pii, f.detail) for f in findings]


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
            # str(): texts read from JSON files are str subclasses that carry file offsets.
            future = self.executor.submit(_check, [(str(i.text), i.kind, i.speaker) for i in items]) if items else None
            pending.append((tag, future))
            while len(pending) >= self.window:
                yield self._result(*pending.popleft())
        while pending:
            yield self._result(*pending.popleft())

    def parse_jsonl(self, path: str, options, policy, batches: Iterable[list[tuple[int, bytes]]]) -> Iterator[tuple[list, bool, list]]:
        """Parse and check raw JSONL lines in the workers: ``(lines, whether GB18030 was
        needed, per-line entries)`` in input order (see ``_parse_and_check``), findings as
        ``Finding`` objects."""
        pending: deque = deque()
        for lines in batches:
            pending.append((lines, self.executor.submit(_parse_and_check, path, options, policy, lines)))
            while len(pending) >= self.window:
                yield self._parsed(*pending.popleft())
        while pending:
            yield self._parsed(*pending.popleft())

    def _parsed(self, lines, future: Future):
        rules = self.rules
        legacy, per_line = future.result()
        for entries in per_line:
            for position, entry in enumerate(entries):
                if isinstance(entry, InputError):
                    continue
                fields, utterances, hits, contact = entry
                if hits is not None:
                    hits = {index: self._findings(found) for index, found in hits.items()}
                if contact is not None:
                    contact = [(rules[r], detail, index) for r, detail, index in contact]
                entries[position] = (fields, utterances, hits, contact)
        return lines, legacy, per_line

    def _result(self, tag, future: Future | None):
        if future is None:
            return tag, []
        return tag, [self._findings(found) for found in future.result()]

    def _findings(self, rows: list[tuple]) -> list[Finding]:
        """Findings sent back as ``(rule id, start, end, pii, detail)`` tuples."""
        rules = self.rules
        return [Finding(rules[rule], start, end, pii, detail) for rule, start, end, pii, detail in rows]

    def close(self) -> None:
        self.executor.shutdown(cancel_futures=True)


def findings_engine(linter: Linter, options: dict, jobs: int):
    return PooledFindings(linter, options, jobs) if jobs > 1 else LocalFindings(linter)
