"""Baselines: accept today's findings, report only new ones.

An entry is (path, template id, rule, hash of the normalised matched text, occurrence index
among equal hashes in that template — in that file when it has no template ids). No line numbers
and no timestamps, and entries are sorted, so moving a line or re-running does not change the
file. Paths are relative to the baseline file.

Keying by template id keeps templates apart: a new 老赖 in one template is not taken for an
accepted one in another template of the same file. Renames: an entry with a template id whose
file no longer exists matches the same template id (rule, text, occurrence) in any file, so
``git mv`` of a template file keeps its accepted findings; entries without a template id (scripts)
follow their path, so after renaming such a file run ``--write-baseline`` again. "No longer
occurs" notes are given only for files checked in this run (pre-commit passes only the changed
files). Version 1 files (no template ids) are still read and matched by file occurrence.
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

VERSION = 2
READABLE_VERSIONS = (1, 2)


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


# (path, rule, hash, occurrence, template id or None); version 1 entries have template id
# LEGACY and the occurrence in the whole file.
Key = tuple[str, str, str, int, "str | None"]
LEGACY = "\0v1"


class _Occurrences:
    """Numbers equal findings (rule and hash) per file and template id, in file order."""

    def __init__(self) -> None:
        self.seen: Counter = Counter()

    def key(self, d: Diagnostic, path: str) -> Key:
        digest = (d.fingerprint or ":0").rsplit(":", 1)[0]
        counted = (path, d.template_id, d.rule, digest)
        occurrence = self.seen[counted]
        self.seen[counted] += 1
        return (path, d.rule, digest, occurrence, d.template_id)


@dataclass
class Baseline:
    """Known findings keyed by (path, rule, hash, occurrence, template id)."""

    root: Path
    entries: set[Key] = field(default_factory=set)
    matched: set[Key] = field(default_factory=set)
    checked: set[str] = field(default_factory=set)
    occurrences: _Occurrences = field(default_factory=_Occurrences)

    def check_file(self, path: str | None) -> None:
        """Note that ``path`` is checked in this run (its entries may be reported as gone)."""
        self.checked.add(_relative(path, self.root))

    def contains(self, d: Diagnostic) -> bool:
        """Whether ``d`` is known (and remember that it still occurs)."""
        path = _relative(d.path, self.root)
        key = self.occurrences.key(d, path)
        found = key if key in self.entries else self._legacy(d, path) or self._renamed(key)
        if found is None:
            return False
        self.matched.add(found)
        return True

    def _legacy(self, d: Diagnostic, path: str) -> Key | None:
        digest, occurrence = (d.fingerprint or ":0").rsplit(":", 1)
        key = (path, d.rule, digest, int(occurrence), LEGACY)
        return key if key in self.entries else None

    def _renamed(self, key: Key) -> Key | None:
        """An unmatched entry for the same template id whose file no longer exists."""
        _, rule, digest, occurrence, template_id = key
        if template_id is None:
            return None
        for entry in sorted(self.entries - self.matched):
            if entry[1:] == (rule, digest, occurrence, template_id) and not (self.root / entry[0]).exists():
                return entry
        return None

    @staticmethod
    def describe(key: Key) -> str:
        """``path [template id]: rule (hash:occurrence)`` for notes."""
        path, rule, digest, occurrence, template_id = key
        where = path if template_id in (None, LEGACY) else f"{path} [{template_id}]"
        return f"{where}: {rule} ({digest}:{occurrence})"

    def gone(self) -> list[Key]:
        """Entries of files checked in this run that did not occur, sorted."""
        return sorted((e for e in self.entries - self.matched if e[0] in self.checked), key=_sort_key)

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
        occurrences = _Occurrences()
        keys = sorted({occurrences.key(d, _relative(d.path, self.root)) for d in diagnostics}, key=_sort_key)
        entries = [{"path": p, **({"template_id": t} if t is not None else {}), "rule": r, "hash": h, "occurrence": o}
                   for p, r, h, o, t in keys]
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
    if data.get("version") not in READABLE_VERSIONS:
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
        template_id = entry.get("template_id")
        if template_id is not None and not isinstance(template_id, str):
            raise BaselineError(f"{path}: entry {number}: field 'template_id': expected a string")
        entries.add((entry["path"], entry["rule"], entry["hash"], occurrence,
                     LEGACY if data["version"] == 1 else template_id))
    return entries


def _sort_key(key: Key) -> tuple:
    path, rule, digest, occurrence, template_id = key
    return (path, template_id or "", rule, digest, occurrence)


def _root_of(path: str) -> Path:
    return Path(path).resolve().parent


def _relative(path: str | None, root: Path) -> str:
    if path is None or path == "-":
        return "-"
    return Path(os.path.relpath(Path(path).resolve(), root)).as_posix()
