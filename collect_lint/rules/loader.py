"""Loading and selecting rules from TOML ruleset files."""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from pydantic import ValidationError

from ..models import Severity
from .schema import RuleHeader
from .selectors import selects, unknown_selectors


class RulesetError(Exception):
    """A ruleset file that cannot be used; the message names file, rule and field."""


def default_ruleset_dir() -> Path:
    """The shipped rulesets: inside the installed package, or ``rulesets/`` in a source tree."""
    package = Path(__file__).resolve().parent.parent
    packaged = package / "rulesets"
    if packaged.is_dir():
        return packaged
    return package.parent / "rulesets"


def _format_validation_error(path: Path, rule_label: str, type_name: str, exc: ValidationError) -> str:
    first = exc.errors()[0]
    field_name = ".".join(str(part) for part in first["loc"]) or "(rule)"
    message = first["msg"].removeprefix("Value error, ")
    if first["type"] == "extra_forbidden":
        message = f"not a field of {type_name} rules"
    elif first["type"] == "missing":
        message = f"required for {type_name} rules"
    return f"{path}: rule {rule_label}: field '{field_name}': {message}"


def load_ruleset_file(path: Path) -> list[RuleHeader]:
    """Parse and validate one ruleset file; raise RulesetError with one clear line."""
    return list(_load_file(Path(path))[0])


# Validated rules (and their JSON, for RuleSet.digest) by (path, SHA-256 of the file): the CLI
# loads the same files twice (selector check, then the linter).
_LOADED: dict[tuple[str, str], tuple[tuple[RuleHeader, ...], bytes]] = {}


def _load_file(path: Path) -> tuple[tuple[RuleHeader, ...], bytes]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise RulesetError(f"{path}: ruleset file not found") from None
    except OSError as exc:
        raise RulesetError(f"{path}: cannot read ruleset: {exc.strerror}") from None
    digest = hashlib.sha256(raw).hexdigest()
    loaded = _LOADED.get((str(path), digest))
    if loaded is not None:
        return loaded
    data = _parse_toml(path, raw, digest)
    unknown = set(data) - {"rules"}
    if unknown:
        raise RulesetError(f"{path}: unknown top-level key '{sorted(unknown)[0]}' (expected [[rules]])")
    entries = data.get("rules", [])
    if not isinstance(entries, list):
        raise RulesetError(f"{path}: 'rules' must be an array of tables ([[rules]])")
    rules = []
    for index, entry in enumerate(entries, start=1):
        rules.append(_validate_rule(path, index, entry))
    loaded = (tuple(rules), b"".join(rule.model_dump_json().encode() for rule in rules))
    if len(_LOADED) < 256:
        _LOADED[(str(path), digest)] = loaded
    return loaded


def _validate_rule(path: Path, index: int, entry) -> RuleHeader:
    """One ``[[rules]]`` entry as the model of its ``type`` (``phrase`` when absent)."""
    from ..checks import DEFAULT_TYPE, RULE_TYPES

    if not isinstance(entry, dict):
        raise RulesetError(f"{path}: rule #{index}: expected a table ([[rules]])")
    label = str(entry.get("id", f"#{index}"))
    type_name = entry.get("type", DEFAULT_TYPE)
    rule_type = RULE_TYPES.get(type_name) if isinstance(type_name, str) else None
    if rule_type is None:
        raise RulesetError(
            f"{path}: rule {label}: field 'type': unknown rule type {type_name!r} (choose from {', '.join(RULE_TYPES)})"
        )
    try:
        return rule_type.model.model_validate({**entry, "type": type_name})
    except ValidationError as exc:
        raise RulesetError(_format_validation_error(path, label, type_name, exc)) from None


def _parse_toml(path: Path, raw: bytes, digest: str) -> dict:
    """``tomllib.loads`` of the file, cached on disk by contents (the pure-Python TOML parser
    takes ~25 ms for the shipped rulesets, a large share of a cold start)."""
    from ..engine.cache import load_cached

    def parse() -> dict:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise RulesetError(f"{path}: ruleset file is not UTF-8") from None
        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise RulesetError(f"{path}: invalid TOML: {exc}") from None

    slot = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:16]
    return load_cached(f"ruleset-{slot}", f"{_TOML_CACHE_VERSION}:{digest}", parse)


_TOML_CACHE_VERSION = 1


@dataclass(frozen=True)
class RuleSet:
    """An ordered, validated collection of rules with unique ids and names."""

    rules: tuple[RuleHeader, ...]
    digest: str
    # rule id → the file it was loaded from (for messages about a rule).
    origins: dict[str, str] = field(default_factory=dict, compare=False)

    @classmethod
    def load(cls, paths: Iterable[Path] | None = None, extra: Iterable[Path] = ()) -> "RuleSet":
        """Load the default rulesets (or ``paths``) plus ``extra`` files or directories."""
        files: list[Path] = []
        for source in list(paths if paths is not None else [default_ruleset_dir()]) + list(extra):
            source = Path(source)
            if source.is_dir():
                files.extend(sorted(source.glob("*.toml")))
            else:
                files.append(source)
        rules: list[RuleHeader] = []
        seen_ids: dict[str, Path] = {}
        seen_names: dict[str, Path] = {}
        digest = hashlib.sha256()
        for file in files:
            rules_in_file, dumped = _load_file(file)
            digest.update(dumped)
            for rule in rules_in_file:
                if rule.id in seen_ids:
                    raise RulesetError(f"{file}: rule {rule.id}: field 'id': duplicate of a rule in {seen_ids[rule.id]}")
                if rule.name in seen_names:
                    raise RulesetError(f"{file}: rule {rule.id}: field 'name': '{rule.name}' already used in {seen_names[rule.name]}")
                seen_ids[rule.id] = file
                seen_names[rule.name] = file
                rules.append(rule)
        return cls(tuple(rules), digest.hexdigest()[:16], {rule_id: str(file) for rule_id, file in seen_ids.items()})

    def __iter__(self):
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def origin(self, rule_id: str) -> str:
        """The file a rule came from ("rulesets" when unknown)."""
        return self.origins.get(rule_id, "rulesets")

    def get(self, key: str) -> RuleHeader | None:
        for rule in self.rules:
            if key in (rule.id, rule.name):
                return rule
        return None

    def select(
        self,
        select: Iterable[str] = (),
        ignore: Iterable[str] = (),
        severity: dict[str, Severity] | None = None,
    ) -> "RuleSet":
        """Keep rules matching ``select`` (all when empty) minus ``ignore``.

        Selectors are rule ids, names, categories, or id prefixes (``CL-T``); unknown selectors
        raise RulesetError so that typos do not silently disable checks.
        """
        select, ignore = list(select), list(ignore)
        unknown = unknown_selectors(select + ignore + list(severity or {}), self.rules)
        if unknown:
            raise RulesetError(f"unknown rule or category '{unknown[0]}'")
        chosen = []
        for rule in self.rules:
            if select and not any(selects(s, rule) for s in select):
                continue
            if any(selects(s, rule) for s in ignore):
                continue
            for selector, level in (severity or {}).items():
                if selects(selector, rule):
                    rule = rule.model_copy(update={"severity": Severity(level)})
            chosen.append(rule)
        digest = hashlib.sha256(self.digest.encode())
        for rule in chosen:
            digest.update(f"{rule.id}:{rule.severity.value};".encode())
        return RuleSet(tuple(chosen), digest.hexdigest()[:16], self.origins)
