"""Running the linter over inputs: sources → items (or calls) → diagnostics, counting as it goes."""

from __future__ import annotations

import gc
import os
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Sequence

from ..checks.contact import ContactChecker
from ..engine.linter import Linter
from ..formats.i18n import tr
from ..inputs import InputProblem, Readers, Source, discover, read_text
from ..inputs.comments import Directive
from ..inputs.decode import decode_line
from ..inputs.transcripts import TranscriptOptions, jsonl_locator, raw_lines, read_transcripts
from ..models import Call, Diagnostic, Dialogue, Finding, InputError, Item, Severity
from ..rules.selectors import matches_selector
from .baseline import Baseline, Fingerprints
from .calls import CheckedCall, call_finding, located, utterance_item
from .fixes import Candidate, Fixer
from .parallel import LocalCalls
from .suppressions import Suppressions

# Items checked together: Linter.check_items pre-filters a batch in one pass (see linter.py).
BATCH_ITEMS = 256
# Turns of a script file that rules looking at other lines can see (memory stays flat); at
# least a batch plus the longest look-back (conditions.MAX_PREVIOUS).
DIALOGUE_WINDOW = 4096
# Transcript calls checked together (one worker task with --jobs N).
BATCH_CALLS = 128
# JSONL lines sent together to a worker that parses and checks them (--jobs N).
BATCH_LINES = 512
# Transcript files at least this large load the segmentation dictionary up front (see warm_up).
WARM_UP_BYTES = 4_000_000


@dataclass
class Summary:
    files: int = 0
    items: int = 0
    calls: int = 0
    severities: Counter = field(default_factory=Counter)
    rules: Counter = field(default_factory=Counter)
    categories: Counter = field(default_factory=Counter)
    agents: Counter = field(default_factory=Counter)
    unknown_speakers: Counter = field(default_factory=Counter)  # label → utterances read as third party
    input_errors: list[InputError] = field(default_factory=list)
    rule_names: dict[str, str] = field(default_factory=dict)
    agent_calls: Counter = field(default_factory=Counter)  # agent → calls checked
    agent_categories: Counter = field(default_factory=Counter)  # (agent, category) → findings
    reviews: Counter = field(default_factory=Counter)  # review state → findings (with --reviewed)
    fixed: int = 0  # findings --fix fixed (not counted in the problems)
    fixable: Counter = field(default_factory=Counter)  # rule → findings --fix can fix (not in transcripts or stdin)

    def add(self, diagnostic: Diagnostic) -> None:
        if diagnostic.review is not None:
            self.reviews[diagnostic.review["state"]] += 1
            if diagnostic.review["state"] == "dismissed":
                return  # hidden: not a problem of this run
        self.severities[diagnostic.severity.value] += 1
        self.rules[diagnostic.rule] += 1
        self.rule_names[diagnostic.rule] = diagnostic.name
        if diagnostic.fix is not None and diagnostic.call_id is None and diagnostic.path not in (None, "-"):
            self.fixable[diagnostic.rule] += 1
        self.categories[diagnostic.category] += 1
        if diagnostic.agent_id is not None:
            self.agents[diagnostic.agent_id] += 1
            self.agent_categories[(diagnostic.agent_id, diagnostic.category)] += 1

    def add_call(self, call: Call) -> None:
        self.calls += 1
        self.items += call.utterance_count if call.utterance_count is not None else len(call.utterances)
        if call.agent_id is not None:
            self.agent_calls[call.agent_id] += 1

    @property
    def problems(self) -> int:
        return sum(self.severities.values())

    def count_at_least(self, level: Severity) -> int:
        return sum(n for name, n in self.severities.items() if Severity(name).rank >= level.rank)

    def as_dict(self) -> dict:
        return {
            "files": self.files,
            "items": self.items,
            "calls": self.calls,
            "problems": self.problems,
            "errors": self.severities["error"],
            "warnings": self.severities["warning"],
            "info": self.severities["info"],
            "input_errors": [str(e) for e in self.input_errors],
        }


class Runner:
    """Streams diagnostics for a list of paths; input errors are collected, never raised.

    Per file, in order: inline suppressions, ``ignores(path)`` (per-file ignores), the baseline,
    then fixes (with a ``fixer``, a file's diagnostics are held back until it is fixed, and only
    the ones left are reported). Transcript exports are read call by call: ``contact`` runs the
    call-level checks (hours, frequency, disclosure; its counters span the run) and ``calls``
    runs the per-call checks, in this process or in workers (parallel.py), the same way.
    """

    def __init__(
        self,
        linter: Linter,
        warn: Callable[[str], None],
        *,
        readers: Readers | None = None,
        ignores: Callable[[str], Sequence[str]] | None = None,
        baseline: Baseline | None = None,
        fixer: Fixer | None = None,
        contact: ContactChecker | None = None,
        transcript_options: TranscriptOptions = TranscriptOptions(),
        calls=None,
        progress=None,
        freeze_gc: bool = False,
        review=None,
    ) -> None:
        self.linter = linter
        self.warn = warn
        self.readers = readers if readers is not None else Readers()
        self.ignores = ignores
        self.baseline = baseline
        self.fixer = fixer
        self.contact = contact if contact is not None else ContactChecker(linter.rules)
        self.transcript_options = transcript_options
        self.calls = calls if calls is not None else LocalCalls(linter)
        self.progress = progress
        self.freeze_gc = freeze_gc
        # workflow/review.Review: gives each diagnostic its review id and state.
        self.review = review
        # Pass suppressed and baselined findings on, marked and not counted (SARIF shows them).
        self.keep_suppressed = False
        # When a list: every suppression directive read (--list-suppressions).
        self.directives: list | None = None
        # Called with every transcript call checked, before its diagnostics (report formats).
        self.on_call: Callable[[Call], None] | None = None
        self._warm = False
        self.summary = Summary()

    def run(self, paths: list[str], kind: str = "auto") -> Iterator[Diagnostic]:
        for entry in discover(paths, kind, self.transcript_options):
            if isinstance(entry, InputError):
                self._input_error(entry)
                continue
            yield from self.run_source(entry)

    def run_source(self, source: Source) -> Iterator[Diagnostic]:
        self.summary.files += 1
        if self.baseline is not None:
            self.baseline.check_file(source.path)
        if source.kind == "transcript":
            yield from self._run_transcripts(source)
            return
        warn = lambda message: self.warn(f"{source.path}: {message}")  # noqa: E731
        file = _FileChecks(self, source)
        fixing = self.fixer is not None and self.fixer.can_fix(source)
        held: list[Candidate] = []
        batch: list[tuple[int, Item]] = []

        def flush() -> Iterator[Diagnostic]:
            found = self.linter.findings_batch([item for _, item in batch])
            for (index, item), findings in zip(batch, found):
                self.summary.items += 1
                for finding, diagnostic in file.check(item, findings):
                    if fixing and diagnostic.suppression is None:
                        held.append(Candidate(index, item, finding, diagnostic))
                    else:
                        yield self._count(diagnostic)
            batch.clear()

        # A script file is one dialogue: rules may look at earlier lines (and at the lines read
        # so far, for scope "call").
        dialogue = Dialogue(window=DIALOGUE_WINDOW) if source.kind == "script" else None
        try:
            item_index = -1
            for entry in self.readers.read(source, warn):
                if isinstance(entry, InputError):
                    self._input_error(entry)
                elif isinstance(entry, Directive):
                    if self.directives is not None:
                        self.directives.append(entry)
                    note = file.suppressions.add(entry)
                    if note is not None:
                        yield self._count(note)
                else:
                    item_index += 1
                    if dialogue is not None:
                        entry.dialogue, entry.turn = dialogue, dialogue.add(entry.speaker, entry.text)
                    batch.append((item_index, entry))
                    if len(batch) == BATCH_ITEMS:
                        yield from flush()
        except InputProblem as exc:
            self._input_error(InputError(source.path, str(exc)))
        yield from flush()
        if held:
            fixed = self.fixer.apply(source, held)
            for number, candidate in enumerate(held):
                if number not in fixed:
                    yield self._count(self.fixer.moved(candidate.diagnostic) if fixed else candidate.diagnostic)
        for note in file.suppressions.unused():
            yield self._count(note)

    def check_items(self, items: Iterable[Item]) -> Iterator[Diagnostic]:
        """Diagnostics for items not read from a file (no suppressions, no fixes)."""
        file = _FileChecks(self, None)
        items = list(items)
        for item, findings in zip(items, self.linter.findings_batch(items)):
            self.summary.items += 1
            for _, diagnostic in file.check(item, findings):
                yield self._count(diagnostic)

    # -- transcripts ------------------------------------------------------------------------------
    def _run_transcripts(self, source: Source) -> Iterator[Diagnostic]:
        if self.freeze_gc and not self._warm and _size(source.path) >= WARM_UP_BYTES:
            # A large export: load the dictionaries now, then exclude everything built so far
            # from garbage collection (it lives for the whole run). Small files stay lazy.
            self.linter.warm_up()
            gc.freeze()
            self._warm = True
        file = _FileChecks(self, source)
        warn = lambda message: self.warn(f"{source.path}: {message}")  # noqa: E731
        try:
            if self.calls.parses_jsonl and source.path.lower().endswith(".jsonl"):
                yield from self._run_jsonl_in_workers(source, file, warn)
            else:
                calls = read_transcripts(
                    source.path, self.transcript_options, warn, self.progress,
                    read_text=lambda: read_text(source, warn, self._input_error),
                )
                for _, checked in self.calls.map(self.contact, self._call_batches(calls)):
                    for entry in checked:
                        yield from self._call_diagnostics(file, entry)
        except InputProblem as exc:
            self._input_error(InputError(source.path, str(exc)))
        if file.unknown_speakers:
            warn(unknown_speakers_note(file.unknown_speakers))

    def _call_batches(self, entries: Iterable[Call | InputError]) -> Iterator[list[Call]]:
        batch: list[Call] = []
        for entry in entries:
            if isinstance(entry, InputError):
                self._input_error(entry)
                continue
            batch.append(entry)
            if len(batch) >= BATCH_CALLS:
                yield batch
                batch = []
        if batch:
            yield batch

    def _run_jsonl_in_workers(self, source: Source, file: "_FileChecks", warn) -> Iterator[Diagnostic]:
        """--jobs N on JSONL: workers decode, parse and check the lines; this process keeps
        the frequency counts, in input order, and turns the findings into diagnostics."""
        options = self.transcript_options
        encoding, lines = raw_lines(source.path, warn, self.progress)
        for lines, per_line in self.calls.parse_jsonl(source.path, options, self.contact.policy, encoding, _chunks(lines, BATCH_LINES)):
            for (number, raw), entries in zip(lines, per_line):
                for entry in entries:
                    if isinstance(entry, InputError):
                        self._input_error(entry)
                        continue
                    locate = lambda raw=raw, number=number: jsonl_locator(decode_line(raw, number, encoding) or "", number, options)  # noqa: E731
                    yield from self._call_diagnostics(file, entry, locate)

    def _count_call(self, call: Call) -> None:
        self.summary.add_call(call)
        if self.on_call is not None:
            self.on_call(call)

    def _call_diagnostics(self, file: "_FileChecks", checked: CheckedCall, locate=None) -> Iterator[Diagnostic]:
        """Diagnostics of one checked call, after counting it for the frequency rules;
        ``locate()`` gives the call's locator when it was parsed elsewhere."""
        call = checked.call
        counts = self.contact.check_counts(call)
        self._count_call(call)
        if call.unknown_speakers:
            file.unknown_speakers.update(call.unknown_speakers)
            self.summary.unknown_speakers.update(call.unknown_speakers)
        if checked.clean and not counts:
            return
        if locate is not None:
            call.locator = locate()
        pairs = [call_finding(call, hit) for hit in checked.contact + counts]
        by_index = {u.index: u for u in call.utterances}
        for index, findings in checked.content:
            item = located(utterance_item(call, by_index[index]), call.locator.utterance(index) if call.locator else None)
            pairs.extend((item, finding) for finding in findings)
        diagnostics = [d for item, finding in pairs for _, d in file.check(item, [finding])]
        diagnostics.sort(key=lambda d: (d.line, d.column, d.utterance if d.utterance is not None else -1, d.rule))
        for diagnostic in diagnostics:
            yield self._count(diagnostic)

    def _count(self, diagnostic: Diagnostic) -> Diagnostic:
        if diagnostic.suppression is not None:
            return diagnostic  # shown apart (SARIF), not a problem of this run
        if self.review is not None:
            diagnostic = self.review.mark(diagnostic)
        self.summary.add(diagnostic)
        return diagnostic

    def _input_error(self, error: InputError) -> None:
        self.summary.input_errors.append(error)
        self.warn(f"{tr('error_prefix')}{error}")


def unknown_speakers_note(labels: Counter, shown: int = 5) -> str:
    """The one line per file about utterances whose speaker label was not recognised."""
    total = sum(labels.values())
    listed = ", ".join(f"'{label}' ×{count}" for label, count in labels.most_common(shown))
    more = f" and {len(labels) - shown} more" if len(labels) > shown else ""
    return (
        f"{total} utterance(s) with an unrecognised speaker label ({listed}{more}) were read as a third party, "
        "so content rules skipped them; name the labels with --map agent=LABEL or --map customer=LABEL"
    )


def _size(path: str) -> int:
    try:
        return os.path.getsize(path) if path != "-" else 0
    except OSError:
        return 0


def _chunks(entries: Iterable, size: int) -> Iterator[list]:
    chunk: list = []
    for entry in entries:
        chunk.append(entry)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class _FileChecks:
    """Per-file state: suppressions, fingerprints (occurrence counts) and ignored rules."""

    def __init__(self, runner: Runner, source: Source | None) -> None:
        self.runner = runner
        self.linter = runner.linter
        self.suppressions = Suppressions(self.linter.rules)
        self.fingerprints = Fingerprints()
        path = source.path if source is not None else None
        self.ignored = tuple(runner.ignores(path)) if runner.ignores and path else ()
        self.unknown_speakers: Counter = Counter()  # unrecognised speaker label → utterances

    def check(self, item: Item, findings: list[Finding]) -> Iterator[tuple[Finding, Diagnostic]]:
        """(finding, diagnostic) pairs of one item that survive suppressions, ignores and baseline."""
        for finding in findings:
            diagnostic = self.linter.diagnostic(item, finding)
            if any(matches_selector(s, diagnostic.rule, diagnostic.name, diagnostic.category) for s in self.ignored):
                continue
            directive = self.suppressions.suppresses(diagnostic)
            if directive is not None:
                if self.runner.keep_suppressed:
                    yield finding, diagnostic.model_copy(update={"suppression": {
                        "kind": "inSource", "justification": directive.reason, "baselined": False}})
                continue
            # PII is hashed in its masked form, so --show-matches does not change fingerprints.
            matched = finding.mask if finding.mask is not None else diagnostic.text
            normalized = self.linter.normalizer.normalize(matched).text
            diagnostic = diagnostic.model_copy(update={"fingerprint": self.fingerprints.next(diagnostic.rule, normalized)})
            baseline = self.runner.baseline
            if baseline is not None and baseline.contains(diagnostic):
                if self.runner.keep_suppressed:
                    yield finding, diagnostic.model_copy(update={"suppression": {
                        "kind": "external", "justification": "accepted in the baseline", "baselined": True}})
                continue
            yield finding, diagnostic
