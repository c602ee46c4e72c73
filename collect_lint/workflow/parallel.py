"""``--jobs N``: transcript calls checked in worker processes, results back in input order.

Workers run the same ``check_calls`` as the main process. For JSONL exports they also decode
and parse the lines (the main process only reads bytes); for other formats the main process
parses and sends ``Call`` records. Results are ``CheckedCall`` dataclasses; rules inside them
travel by id and are resolved to the receiving process's own rule objects (``_share_rules``).
At most ``window`` batches are in flight, so memory stays flat however large the export is.

Workers never outlive the main process, however it ends (Ctrl-C, SIGTERM, kill -9): each asks
the kernel for SIGKILL when its parent dies (Linux ``prctl(PR_SET_PDEATHSIG)``), or else
watches its parent's pid once a second. They ignore SIGINT, which a terminal sends to the whole
process group: the main process alone handles Ctrl-C (one line, exit code 130).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing.reduction import ForkingPickler
from typing import Iterable, Iterator

from ..checks.contact import ContactChecker, ContactPolicy
from ..engine.linter import Linter
from ..inputs.decode import decode_line
from ..inputs.transcripts import CallBuilder, TranscriptOptions, jsonl_entries
from ..models import Call, InputError
from .calls import CheckedCall, check_calls

_LINTER: Linter | None = None  # the worker's linter (inherited when forked, else built)
_RULES: dict = {}  # rule id → this process's rule object
_CHECKERS: dict = {}  # policy → ContactChecker (workers keep one per policy)
_BUILDERS: dict = {}  # (path, options) → CallBuilder


def _share_rules(rules) -> None:
    """Pickle rules as their id and unpickle them as this process's rule with that id: both
    sides load the same rulesets, and findings keep pointing at the main process's rules."""
    _RULES.clear()
    _RULES.update((rule.id, rule) for rule in rules)
    for cls in {type(rule) for rule in rules}:
        ForkingPickler.register(cls, _reduce_rule)


def _reduce_rule(rule):
    return _rule_by_id, (rule.id,)


def _rule_by_id(rule_id: str):
    return _RULES[rule_id]


def _init_worker(options: dict, parent: int) -> None:
    global _LINTER
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # blocked while it was forked
    exit_with_parent(parent)
    if _LINTER is None:
        _LINTER = Linter(**options)
    _share_rules(_LINTER.rules)


_PR_SET_PDEATHSIG = 1


def exit_with_parent(parent: int) -> None:
    """End this worker process when process ``parent`` is gone (see the module docstring);
    the service's workers use it too."""
    if not _parent_death_signal(signal.SIGKILL):
        threading.Thread(target=_watch_parent, args=(parent,), name="collect-lint-parent-watch", daemon=True).start()
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)


def _parent_death_signal(number: int) -> bool:
    """Ask Linux to send ``number`` to this process when its parent exits; False elsewhere."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, number, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def _checker(policy: ContactPolicy) -> ContactChecker:
    checker = _CHECKERS.get(policy)
    if checker is None:
        checker = _CHECKERS[policy] = ContactChecker(_LINTER.rules, policy)
    return checker


def _check_calls(policy: ContactPolicy, calls: list[Call]) -> list[CheckedCall]:
    return check_calls(_LINTER, _checker(policy), calls, slim=True)


def _parse_and_check(path: str, options: TranscriptOptions, policy: ContactPolicy, encoding: str, lines: list[tuple[int, bytes]]):
    """Raw JSONL lines of a file in ``encoding`` → per line its entries: input errors and
    ``CheckedCall`` records."""
    builder = _BUILDERS.get((path, options))
    if builder is None:
        builder = _BUILDERS[(path, options)] = CallBuilder(path, options)
    per_line: list[list] = []
    calls: list[Call] = []
    for number, raw in lines:
        entries = list(jsonl_entries(builder, number, decode_line(raw, number, encoding), encoding))
        calls.extend(entry for entry in entries if not isinstance(entry, InputError))
        per_line.append(entries)
    checked = iter(check_calls(_LINTER, _checker(policy), calls, slim=True))
    per_line = [[entry if isinstance(entry, InputError) else next(checked) for entry in entries] for entries in per_line]
    return per_line


class LocalCalls:
    """``--jobs 1``: calls checked in this process."""

    parses_jsonl = False

    def __init__(self, linter: Linter) -> None:
        self.linter = linter

    def map(self, checker: ContactChecker, batches: Iterable[list[Call]]) -> Iterator[tuple[list[Call], list[CheckedCall]]]:
        for calls in batches:
            yield calls, check_calls(self.linter, checker, calls)

    def close(self) -> None:
        pass

    def terminate(self) -> None:
        pass


class PooledCalls:
    """``--jobs N``: calls checked by N worker processes, yielded in submission order."""

    parses_jsonl = True

    def __init__(self, linter: Linter, options: dict, jobs: int) -> None:
        global _LINTER
        _share_rules(linter.rules)
        self.window = 2 * jobs + 2
        self.started = False  # whether the workers were forked (by the first submit)
        if "fork" in multiprocessing.get_all_start_methods():
            _LINTER = linter  # forked workers inherit the loaded linter and its caches
            context = multiprocessing.get_context("fork")
        else:
            context = multiprocessing.get_context("spawn")
        self.executor = ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_worker, initargs=(options, os.getpid()))

    def map(self, checker: ContactChecker, batches: Iterable[list[Call]]) -> Iterator[tuple[list[Call], list[CheckedCall]]]:
        """Calls parsed here, checked in the workers; each result keeps the main process's
        locator of its call (exact positions)."""
        for calls, future in self._in_order(((calls, (_check_calls, checker.policy, calls)) for calls in batches)):
            checked = future.result()
            for original, result in zip(calls, checked):
                result.call.locator = original.locator
            yield calls, checked

    def parse_jsonl(self, path: str, options: TranscriptOptions, policy: ContactPolicy, encoding: str, batches: Iterable[list[tuple[int, bytes]]]):
        """Raw JSONL lines (of a file in ``encoding``) parsed and checked in the workers:
        ``(lines, per-line entries)`` in input order."""
        for lines, future in self._in_order(((lines, (_parse_and_check, path, options, policy, encoding, lines)) for lines in batches)):
            yield lines, future.result()

    def _in_order(self, tasks) -> Iterator[tuple[object, Future]]:
        pending: deque[tuple[object, Future]] = deque()
        for tag, (function, *args) in tasks:
            pending.append((tag, self._submit(function, *args)))
            while len(pending) >= self.window:
                yield pending.popleft()
        while pending:
            yield pending.popleft()

    def _submit(self, function, *args) -> Future:
        """``executor.submit``; the first one forks the workers, with SIGINT blocked: a Ctrl-C
        that reached a child before ``_init_worker`` ignores it printed a traceback from inside
        the fork. The main process gets the signal as soon as it is unblocked."""
        if self.started:
            return self.executor.submit(function, *args)
        self.started = True
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            return self.executor.submit(function, *args)
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})

    def close(self) -> None:
        self.executor.shutdown(cancel_futures=True)

    def terminate(self) -> None:
        """Stop the workers now, without waiting for their batches (on Ctrl-C)."""
        # ``_processes`` is the executor's own table of its workers (no public accessor).
        for process in list(getattr(self.executor, "_processes", {}).values()):
            process.terminate()
        self.executor.shutdown(wait=False, cancel_futures=True)


def calls_engine(linter: Linter, options: dict, jobs: int):
    return PooledCalls(linter, options, jobs) if jobs > 1 else LocalCalls(linter)
