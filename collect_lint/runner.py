"""Running the linter over inputs: sources → items → diagnostics, counting as it goes."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from .linter import Linter
from .models import Diagnostic, InputError, Item, Severity
from .sources import READERS, InputProblem, Source, discover

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
    """Streams diagnostics for a list of paths; input errors are collected, never raised."""

    def __init__(self, linter: Linter, warn: Callable[[str], None]) -> None:
        self.linter = linter
        self.warn = warn
        self.summary = Summary()

    def run(self, paths: list[str], kind: str = "auto") -> Iterator[Diagnostic]:
        for entry in discover(paths, kind):
            if isinstance(entry, InputError):
                self._input_error(entry)
                continue
            yield from self.run_source(entry)

    def run_source(self, source: Source) -> Iterator[Diagnostic]:
        self.summary.files += 1
        reader = READERS.get(source.kind)
        if reader is None:
            self._input_error(InputError(source.path, f"no reader for kind '{source.kind}'"))
            return
        warn = lambda message: self.warn(f"{source.path}: {message}")  # noqa: E731
        batch: list[Item] = []
        try:
            for entry in reader(source, warn):
                if isinstance(entry, InputError):
                    self._input_error(entry)
                    continue
                batch.append(entry)
                if len(batch) == BATCH_ITEMS:
                    yield from self.check_items(batch)
                    batch = []
        except InputProblem as exc:
            self._input_error(InputError(source.path, str(exc)))
        yield from self.check_items(batch)

    def check_items(self, items: Iterable[Item]) -> Iterator[Diagnostic]:
        items = list(items)
        self.summary.items += len(items)
        for diagnostics in self.linter.check_items(items):
            for diagnostic in diagnostics:
                self.summary.add(diagnostic)
                yield diagnostic

    def _input_error(self, error: InputError) -> None:
        self.summary.input_errors.append(error)
        self.warn(f"error: {error}")
