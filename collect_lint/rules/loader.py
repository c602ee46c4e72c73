"""Loading and selecting rules from TOML ruleset files."""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from pydantic import ValidationError

from ..models import Severity
from .schema import CLASS_NAME_RE, RuleHeader, WordClass
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
    return list(_load_file(Path(path)).rules)


@dataclass(frozen=True)
class _File:
    rules: tuple[RuleHeader, ...]
    classes: dict[str, WordClass]
    dumped: bytes  # the validated contents as JSON, for RuleSet.digest


# Validated files by (path, SHA-256 of the file): the CLI loads the same files twice (selector
# check, then the linter).
_LOADED: dict[tuple[str, str], _File] = {}


def _load_file(path: Path) -> _File:
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
    unknown = set(data) - {"rules", "classes", "defaults"}
    if unknown:
        raise RulesetError(f"{path}: unknown top-level key '{sorted(unknown)[0]}' (expected [[rules]], [classes.NAME] or [defaults])")
    entries = data.get("rules", [])
    if not isinstance(entries, list):
        raise RulesetError(f"{path}: 'rules' must be an array of tables ([[rules]])")
    defaults = _defaults(path, data.get("defaults", {}))
    rules = []
    for index, entry in enumerate(entries, start=1):
        rules.append(_validate_rule(path, index, entry, defaults))
    classes = _validate_classes(path, data.get("classes", {}))
    dumped = b"".join(rule.model_dump_json().encode() for rule in rules)
    dumped += b"".join(f"{name}=".encode() + word_class.model_dump_json().encode() for name, word_class in classes.items())
    loaded = _File(tuple(rules), classes, dumped)
    if len(_LOADED) < 256:
        _LOADED[(str(path), digest)] = loaded
    return loaded


def _validate_classes(path: Path, table) -> dict[str, WordClass]:
    if not isinstance(table, dict):
        raise RulesetError(f"{path}: 'classes' must be a table of classes ([classes.NAME])")
    classes = {}
    for name, entry in table.items():
        if not CLASS_NAME_RE.match(name):
            raise RulesetError(f"{path}: class '{name}': the name must be kebab-case, e.g. family-member")
        if not isinstance(entry, dict):
            raise RulesetError(f"{path}: class '{name}': expected a table with words")
        try:
            classes[name] = WordClass.model_validate(entry)
        except ValidationError as exc:
            first = exc.errors()[0]
            field_name = ".".join(str(part) for part in first["loc"]) or "(class)"
            message = "not a field of word classes" if first["type"] == "extra_forbidden" else first["msg"].removeprefix("Value error, ")
            raise RulesetError(f"{path}: class '{name}': field '{field_name}': {message}") from None
    return classes


def resolve_classes(definitions: list[tuple[Path, str, WordClass]]) -> dict[str, tuple[str, ...]]:
    """Every class's words with its includes expanded, from definitions in load order (a later
    ``extend = true`` adds to an earlier one; ``exclude`` words are taken out after expansion).
    Raises RulesetError on a redefinition, an extension of nothing, an unknown include, an
    include cycle or an excluded word the class does not hold."""
    merged: dict[str, tuple[Path, list[str], list[str], list[str]]] = {}
    for path, name, word_class in definitions:
        known = merged.get(name)
        if word_class.extend:
            if known is None:
                raise RulesetError(f"{path}: class '{name}': field 'extend': no class '{name}' is defined before this file")
            known[1].extend(word_class.words)
            known[2].extend(word_class.include)
            known[3].extend(word_class.exclude)
        elif known is not None:
            raise RulesetError(f"{path}: class '{name}': already defined in {known[0]} (use extend = true to add words)")
        else:
            merged[name] = (path, list(word_class.words), list(word_class.include), list(word_class.exclude))
    resolved: dict[str, tuple[str, ...]] = {}

    def expand(name: str, trail: tuple[str, ...]) -> tuple[str, ...]:
        if name in resolved:
            return resolved[name]
        path, words, includes, excludes = merged[name]
        found = list(words)
        for included in includes:
            if included not in merged:
                raise RulesetError(f"{path}: class '{name}': field 'include': unknown word class '{included}'")
            if included in trail:
                cycle = " → ".join((*trail, included))
                raise RulesetError(f"{path}: class '{name}': field 'include': class cycle {cycle}")
            found.extend(expand(included, (*trail, included)))
        unknown = [word for word in excludes if word not in found]
        if unknown:
            raise RulesetError(f"{path}: class '{name}': field 'exclude': '{unknown[0]}' is not a word of the class (nothing to exclude)")
        dropped = set(excludes)
        resolved[name] = tuple(word for word in dict.fromkeys(found) if word not in dropped)
        return resolved[name]

    for name in merged:
        expand(name, (name,))
    return resolved


# Fields a file's [defaults] may set for its rules (each rule may set its own instead).
DEFAULT_FIELDS = ("unless", "negation", "match", "kinds", "speakers")


def _defaults(path: Path, table) -> dict:
    if not isinstance(table, dict):
        raise RulesetError(f"{path}: 'defaults' must be a table")
    for key in table:
        if key not in DEFAULT_FIELDS:
            raise RulesetError(f"{path}: defaults: unknown key '{key}' (choose from {', '.join(DEFAULT_FIELDS)})")
    return table


def _validate_rule(path: Path, index: int, entry, defaults: dict | None = None) -> RuleHeader:
    """One ``[[rules]]`` entry as the model of its ``type`` (``phrase`` when absent), with the
    file's defaults for the fields the type has and the rule does not set."""
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
    fields = rule_type.model.model_fields
    inherited = {key: value for key, value in (defaults or {}).items() if key in fields and key not in entry}
    try:
        return rule_type.model.model_validate({**inherited, **entry, "type": type_name})
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
    # word class name → its words, includes expanded (``@name`` in rules).
    classes: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False)

    @classmethod
    def load(cls, paths: Iterable[Path] | None = None, extra: Iterable[Path] = ()) -> "RuleSet":
        """Load the default rulesets (or ``paths``) plus ``extra`` files or directories."""
        files: list[Path] = []
        for source in list(paths if paths is not None else [default_ruleset_dir()]) + list(extra):
            source = Path(source)
            if source.is_dir():
                found = sorted(source.glob("*.toml"))
                if not found:
                    raise RulesetError(f"{source}: no ruleset files (*.toml) in this directory")
                files.extend(found)
            else:
                files.append(source)
        rules: list[RuleHeader] = []
        seen_ids: dict[str, Path] = {}
        seen_names: dict[str, Path] = {}
        definitions: list[tuple[Path, str, WordClass]] = []
        digest = hashlib.sha256()
        for file in files:
            loaded = _load_file(file)
            digest.update(loaded.dumped)
            definitions.extend((file, name, word_class) for name, word_class in loaded.classes.items())
            for rule in loaded.rules:
                if rule.id in seen_ids:
                    raise RulesetError(f"{file}: rule {rule.id}: field 'id': duplicate of a rule in {seen_ids[rule.id]}")
                if rule.name in seen_names:
                    raise RulesetError(f"{file}: rule {rule.id}: field 'name': '{rule.name}' already used in {seen_names[rule.name]}")
                seen_ids[rule.id] = file
                seen_names[rule.name] = file
                rules.append(rule)
        classes = resolve_classes(definitions)
        for rule in rules:
            for field_name, name in rule.class_references():
                if name not in classes:
                    raise RulesetError(f"{seen_ids[rule.id]}: rule {rule.id}: field '{field_name}': unknown word class '@{name}'")
        origins = {rule_id: str(file) for rule_id, file in seen_ids.items()}
        return cls(tuple(rules), digest.hexdigest()[:16], origins, classes)

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
        return RuleSet(tuple(chosen), digest.hexdigest()[:16], self.origins, self.classes)
