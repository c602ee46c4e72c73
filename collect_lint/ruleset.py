"""Loading and selecting rules from TOML ruleset files."""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from pydantic import ValidationError

from .models import CATEGORIES, Rule, Severity


class RulesetError(Exception):
    """A ruleset file that cannot be used; the message names file, rule and field."""


def default_ruleset_dir() -> Path:
    """The shipped rulesets: inside the installed package, or ``rulesets/`` in a source tree."""
    packaged = Path(__file__).resolve().parent / "rulesets"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "rulesets"


def _format_validation_error(path: Path, rule_label: str, exc: ValidationError) -> str:
    first = exc.errors()[0]
    field_name = ".".join(str(part) for part in first["loc"]) or "(rule)"
    return f"{path}: rule {rule_label}: field '{field_name}': {first['msg']}"


def load_ruleset_file(path: Path) -> list[Rule]:
    """Parse and validate one ruleset file; raise RulesetError with one clear line."""
    return list(_load_file(Path(path))[0])


# Validated rules (and their JSON, for RuleSet.digest) by (path, SHA-256 of the file): the CLI
# loads the same files twice (selector check, then the linter).
_LOADED: dict[tuple[str, str], tuple[tuple[Rule, ...], bytes]] = {}


def _load_file(path: Path) -> tuple[tuple[Rule, ...], bytes]:
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
        label = str(entry.get("id", f"#{index}")) if isinstance(entry, dict) else f"#{index}"
        try:
            rules.append(Rule.model_validate(entry))
        except ValidationError as exc:
            raise RulesetError(_format_validation_error(path, label, exc)) from None
    loaded = (tuple(rules), b"".join(rule.model_dump_json().encode() for rule in rules))
    if len(_LOADED) < 256:
        _LOADED[(str(path), digest)] = loaded
    return loaded


def _parse_toml(path: Path, raw: bytes, digest: str) -> dict:
    """``tomllib.loads`` of the file, cached on disk by contents (the pure-Python TOML parser
    takes ~25 ms for the shipped rulesets, a large share of a cold start)."""
    from .normalize import load_cached

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

    rules: tuple[Rule, ...]
    digest: str

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
        rules: list[Rule] = []
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
        return cls(tuple(rules), digest.hexdigest()[:16])

    def __iter__(self):
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def get(self, key: str) -> Rule | None:
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
        for selector in select + ignore + list(severity or {}):
            if not any(_selector_matches(selector, rule) for rule in self.rules):
                raise RulesetError(f"unknown rule or category '{selector}'")
        chosen = []
        for rule in self.rules:
            if select and not any(_selector_matches(s, rule) for s in select):
                continue
            if any(_selector_matches(s, rule) for s in ignore):
                continue
            for selector, level in (severity or {}).items():
                if _selector_matches(selector, rule):
                    rule = rule.model_copy(update={"severity": Severity(level)})
            chosen.append(rule)
        digest = hashlib.sha256(self.digest.encode())
        for rule in chosen:
            digest.update(f"{rule.id}:{rule.severity.value};".encode())
        return RuleSet(tuple(chosen), digest.hexdigest()[:16])


def _selector_matches(selector: str, rule: Rule) -> bool:
    return matches_selector(selector, rule.id, rule.name, rule.category)


def matches_selector(selector: str, rule_id: str, name: str, category: str) -> bool:
    """Whether a selector (id, name, category or id prefix such as ``CL-T``) picks this rule."""
    if selector in (rule_id, name, category):
        return True
    return selector.upper().startswith("CL-") and rule_id.startswith(selector.upper())


def is_known_category(name: str) -> bool:
    return name in CATEGORIES
