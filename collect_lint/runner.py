"""Running the linter over inputs: sources → items → diagnostics, counting as it goes."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Sequence

from .baseline import Baseline, Fingerprints
from .fixes import Candidate, Fixer
from .linter import Linter
from .models import Diagnostic, Finding, InputError, Item, Severity
from .ruleset import matches_selector
from .sources import READERS, InputProblem, Source, discover
from .suppressions import Directive, Suppressions

# Items checked together: Linter.check_items pre-filters a batch in one pass (see linter.py).
BATCH_ITEMS = 256


@dataclass
class Summary:
    files: int = 0
    items: int = 0
    severities: Counter = field(default_factory=Counter)
    rules: Counter = field(default_factory=Counter)
    categories: Counter = field(default_factory=Counter)
    agents: Counter = field(default_factory=Counter)
    input_errors: list[InputError] = field(default_factory=list)

    def add(self, diagnostic: Diagnostic) -> None:
        self.severities[diagnostic.severity.value] += 1
        self.rules[diagnostic.rule] += 1
        self.categories[diagnostic.category] += 1
        if diagnostic.agent_id is not None:
            self.agents[diagnostic.agent_id] += 1

    @property
    def problems(self) -> int:
        return sum(self.severities.values())

    def count_at_least(self, level: Severity) -> int:
        return sum(n for name, n in self.severities.items() if Severity(name).rank >= level.rank)

    def as_dict(self) -> dict:
        return {
            "files": self.files,
            "items": self.items,
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
    the ones left are reported).
    """

    def __init__(
        self,
        linter: Linter,
        warn: Callable[[str], None],
        *,
        readers: dict | None = None,
        ignores: Callable[[str], Sequence[str]] | None = None,
        baseline: Baseline | None = None,
        fixer: Fixer | None = None,
    ) -> None:
        self.linter = linter
        self.warn = warn
        self.readers = readers if readers is not None else READERS
        self.ignores = ignores
        self.baseline = baseline
        self.fixer = fixer
        self.summary = Summary()

    def run(self, paths: list[str], kind: str = "auto") -> Iterator[Diagnostic]:
        for entry in discover(paths, kind):
            if isinstance(entry, InputError):
                self._input_error(entry)
                continue
            yield from self.run_source(entry)

    def run_source(self, source: Source) -> Iterator[Diagnostic]:
        self.summary.files += 1
        reader = self.readers.get(source.kind)
        if reader is None:
            self._input_error(InputError(source.path, f"no reader for kind '{source.kind}'"))
            return
        warn = lambda message: self.warn(f"{source.path}: {message}")  # noqa: E731
        file = _FileChecks(self, source)
        fixing = self.fixer is not None and self.fixer.can_fix(source)
        held: list[Candidate] = []
        batch: list[tuple[int, Item]] = []

        def flush() -> Iterator[Diagnostic]:
            found = self.linter.findings_batch([item for _, item in batch])
            for (index, item), findings in zip(batch, found):
                for finding, diagnostic in file.check(item, findings):
                    if fixing:
                        held.append(Candidate(index, item, finding, diagnostic))
                    else:
                        yield self._count(diagnostic)
            batch.clear()

        try:
            item_index = -1
            for entry in reader(source, warn):
                if isinstance(entry, InputError):
                    self._input_error(entry)
                elif isinstance(entry, Directive):
                    note = file.suppressions.add(entry)
                    if note is not None:
                        yield self._count(note)
                else:
                    item_index += 1
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
                    yield self._count(candidate.diagnostic)
        for note in file.suppressions.unused():
            yield self._count(note)

    def check_items(self, items: Iterable[Item]) -> Iterator[Diagnostic]:
        """Diagnostics for items not read from a file (no suppressions, no fixes)."""
        file = _FileChecks(self, None)
        items = list(items)
        for item, findings in zip(items, self.linter.findings_batch(items)):
            for _, diagnostic in file.check(item, findings):
                yield self._count(diagnostic)

    def _count(self, diagnostic: Diagnostic) -> Diagnostic:
        self.summary.add(diagnostic)
        return diagnostic

    def _input_error(self, error: InputError) -> None:
        self.summary.input_errors.append(error)
        self.warn(f"error: {error}")


class _FileChecks:
    """Per-file state: suppressions, fingerprints (occurrence counts) and ignored rules."""

    def __init__(self, runner: Runner, source: Source | None) -> None:
        self.runner = runner
        self.linter = runner.linter
        self.suppressions = Suppressions(self.linter.rules)
        self.fingerprints = Fingerprints()
        path = source.path if source is not None else None
        self.ignored = tuple(runner.ignores(path)) if runner.ignores and path else ()

    def check(self, item: Item, findings: list[Finding]) -> Iterator[tuple[Finding, Diagnostic]]:
        """(finding, diagnostic) pairs of one item that survive suppressions, ignores and baseline."""
        self.runner.summary.items += 1
        for finding in findings:
            diagnostic = self.linter.diagnostic(item, finding)
            if any(matches_selector(s, diagnostic.rule, diagnostic.name, diagnostic.category) for s in self.ignored):
                continue
            if self.suppressions.suppresses(diagnostic):
                continue
            # PII is hashed in its masked form, so --show-matches does not change fingerprints.
            matched = diagnostic.fix if finding.pii else diagnostic.text
            normalized = self.linter.normalizer.normalize(matched).text
            diagnostic = diagnostic.model_copy(update={"fingerprint": self.fingerprints.next(diagnostic.rule, normalized)})
            baseline = self.runner.baseline
            if baseline is not None and baseline.contains(diagnostic):
                continue
            yield finding, diagnostic
