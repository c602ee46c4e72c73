"""What the service checks with: one ``Linter`` and one ``ContactGate`` per named policy, built
from the same configuration files as the CLI. A reload builds a new ``Policies`` and swaps it
in; requests already running finish with the one they started with."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from ..checks.contact import ContactStore
from ..config import VERDICTS, LoadedConfig, ServerSettings, check_selectors, load_config
from ..contact import ContactGate
from ..engine.linter import Linter
from ..models import Diagnostic, Severity
from ..rules import RuleSet

_RANK = {verdict: rank for rank, verdict in enumerate(reversed(VERDICTS))}  # pass 0 … block 2


def verdict_of(diagnostics: Sequence[Diagnostic], verdicts: dict[Severity, str]) -> str:
    """The most restrictive verdict the diagnostics' severities map to (``pass`` if none)."""
    found = "pass"
    for diagnostic in diagnostics:
        verdict = verdicts[diagnostic.severity]
        if _RANK[verdict] > _RANK[found]:
            found = verdict
    return found


@dataclass(frozen=True)
class Policy:
    """A named rule selection: its linter, its contact gate and its verdict mapping."""

    name: str
    linter: Linter
    gate: ContactGate
    verdicts: dict[Severity, str]

    def verdict(self, diagnostics: Sequence[Diagnostic]) -> str:
        return verdict_of(diagnostics, self.verdicts)


@dataclass(frozen=True)
class Policies:
    """Every policy of one configuration, and the server settings that came with it."""

    by_name: dict[str, Policy]
    settings: ServerSettings
    config_path: Path | None

    @classmethod
    def load(cls, config_file: str | None, store: ContactStore, backend: str = "auto") -> "Policies":
        """Read the configuration (``config_file``, else found upward from the working
        directory) and build every policy's linter. Raises ConfigError, RulesetError or
        PolicyError with one line naming the file and the key."""
        loaded: LoadedConfig = load_config(None, config_file)
        config = loaded.config
        check_selectors(loaded, RuleSet.load(None, config.extra_rulesets))
        contact_policy = config.transcripts.contact_policy()
        by_name = {}
        for name, settings in config.policies().items():
            linter = Linter(**config.linter_options(settings), backend=backend).warm_up()
            gate = ContactGate(linter.rules, contact_policy, store)
            by_name[name] = Policy(name, linter, gate, config.verdicts(settings))
        return cls(by_name, config.server, loaded.path)
