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
        """Read a baseline file; anything but a well-formed one is a ``BaselineError`` (one line
        naming the file), including hostile JSON: floats such as 1e400, huge integers, deep
        nesting."""
        data = read_json_file(path, "baseline", BaselineError)
        return cls(_root_of(path), _entries(path, data))

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


def read_json_file(path: str, what: str, error: type[Exception]):
    """The parsed JSON of a file the user names (a baseline, a decisions file); anything but
    well-formed JSON raises ``error`` with one line naming the file, including hostile JSON:
    floats such as 1e400, huge integers, deep nesting."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise error(f"{path}: {what} file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"{path}: cannot read {what}: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        return json.loads(text, parse_int=_whole_number, parse_float=_not_allowed, parse_constant=_not_allowed)
    except json.JSONDecodeError as exc:
        raise error(f"{path}: cannot read {what}: invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None
    except RecursionError:
        raise error(f"{path}: not a collect-lint {what}: nested too deeply") from None
    except ValueError as exc:
        raise error(f"{path}: not a collect-lint {what}: {exc}") from None


def _whole_number(digits: str) -> int:
    if len(digits.lstrip("-")) > 18:
        raise ValueError(f"number too large ({digits[:12]}…)")
    return int(digits)


def _not_allowed(value: str):
    raise ValueError(f"unexpected number {value[:20]} (only whole numbers are allowed)")


def _entries(path: str, data) -> set[Key]:
    """The entries of a parsed baseline, each field checked."""
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise BaselineError(f"{path}: not a collect-lint baseline (expected {{\"version\": 1, \"entries\": [...]}})")
    if data.get("version") != VERSION:
        raise BaselineError(f"{path}: unsupported baseline version {str(data.get('version'))[:20]!r}")
    entries: set[Key] = set()
    for number, entry in enumerate(data["entries"]):
        if not isinstance(entry, dict):
            raise BaselineError(f"{path}: entry {number}: expected an object")
        for name in ("path", "rule", "hash"):
            if not isinstance(entry.get(name), str):
                raise BaselineError(f"{path}: entry {number}: field '{name}': expected a string")
        occurrence = entry.get("occurrence")
        if type(occurrence) is not int or occurrence < 0:
            raise BaselineError(f"{path}: entry {number}: field 'occurrence': expected a whole number ≥ 0")
        entries.add((entry["path"], entry["rule"], entry["hash"], occurrence))
    return entries


def _root_of(path: str) -> Path:
    return Path(path).resolve().parent


def _relative(path: str | None, root: Path) -> str:
    if path is None or path == "-":
        return "-"
    return Path(os.path.relpath(Path(path).resolve(), root)).as_posix()
