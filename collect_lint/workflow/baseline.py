"""Baselines: accept today's findings, report only new ones.

An entry is (path, rule, hash of the normalised matched text, occurrence index among equal
hashes in that file). No line numbers and no timestamps, and entries are sorted, so moving a
line or re-running does not change the file. Paths are relative to the baseline file.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..models import Diagnostic
from .outputs import write_atomically

VERSION = 1


class BaselineError(Exception):
    """A baseline file that cannot be read; the message is one line naming it."""


def text_hash(rule: str, normalized: str) -> str:
    return hashlib.sha256(f"{rule}\0{normalized}".encode()).hexdigest()[:16]


class Fingerprints:
    """Gives each diagnostic of one file ``<hash>:<occurrence>``, counting in file order."""

    def __init__(self) -> None:
        self.seen: Counter = Counter()

    def next(self, rule: str, normalized: str) -> str:
        digest = text_hash(rule, normalized)
        occurrence = self.seen[digest]
        self.seen[digest] += 1
        return f"{digest}:{occurrence}"


Key = tuple[str, str, str, int]


@dataclass
class Baseline:
    """Known findings keyed by (path, rule, hash, occurrence)."""

    root: Path
    entries: set[Key] = field(default_factory=set)
    matched: set[Key] = field(default_factory=set)

    def key(self, d: Diagnostic) -> Key:
        digest, occurrence = (d.fingerprint or ":0").rsplit(":", 1)
        return (_relative(d.path, self.root), d.rule, digest, int(occurrence))

    def contains(self, d: Diagnostic) -> bool:
        """Whether ``d`` is known (and remember that it still occurs)."""
        key = self.key(d)
        if key in self.entries:
            self.matched.add(key)
            return True
        return False

    def gone(self) -> list[Key]:
        """Entries that did not occur in this run, sorted."""
        return sorted(self.entries - self.matched)

    @classmethod
    def load(cls, path: str) -> "Baseline":
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            if data.get("version") != VERSION:
                raise BaselineError(f"{path}: unsupported baseline version {data.get('version')!r}")
            entries = {(e["path"], e["rule"], e["hash"], int(e["occurrence"])) for e in data["entries"]}
        except FileNotFoundError:
            raise BaselineError(f"{path}: baseline file not found") from None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise BaselineError(f"{path}: cannot read baseline: {exc}") from None
        except (AttributeError, KeyError, TypeError, ValueError):
            raise BaselineError(f"{path}: not a collect-lint baseline (expected {{\"version\": 1, \"entries\": [...]}})") from None
        return cls(_root_of(path), entries)

    @classmethod
    def empty(cls, path: str) -> "Baseline":
        return cls(_root_of(path))

    def write(self, path: str, diagnostics: list[Diagnostic]) -> int:
        """Write the baseline for ``diagnostics``; returns the number of entries."""
        keys = sorted({self.key(d) for d in diagnostics})
        entries = [{"path": p, "rule": r, "hash": h, "occurrence": o} for p, r, h, o in keys]
        body = json.dumps({"version": VERSION, "entries": entries}, ensure_ascii=False, indent=2)
        write_atomically(path, (body + "\n").encode("utf-8"))
        return len(entries)


def _root_of(path: str) -> Path:
    return Path(path).resolve().parent


def _relative(path: str | None, root: Path) -> str:
    if path is None or path == "-":
        return "-"
    return Path(os.path.relpath(Path(path).resolve(), root)).as_posix()
