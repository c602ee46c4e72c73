"""Project configuration: ``[tool.collect-lint]`` in ``pyproject.toml``, or ``collect-lint.toml`` /
``.collect-lint.toml``, found upward from the checked path. Command-line flags win.

Keys are kebab-case (see README, "Configuration"). An unknown key or a bad value raises
ConfigError with one line naming the file and the key.
"""

from __future__ import annotations

import functools
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .checks.contact import DEFAULT_TIMEZONE, LIMIT_KEYS, ContactPolicy, parse_quiet_hours, parse_timezone
from .engine.placeholders import DEFAULT_PLACEHOLDER_PATTERNS, Placeholders
from .inputs.templates import DEFAULT_ID_FIELDS, DEFAULT_TEXT_FIELDS, TemplateOptions
from .models import Profile, Severity
from .rules.selectors import unknown_selectors

CONFIG_FILES = (".collect-lint.toml", "collect-lint.toml", "pyproject.toml")
_SECTIONS = ("transcripts", "server")  # sub-tables shown and traced key by key


class ConfigError(Exception):
    """A configuration that cannot be used; the message names the file and the key."""


def _kebab(name: str) -> str:
    return name.replace("_", "-")


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", alias_generator=_kebab, populate_by_name=True, frozen=True)


class TranscriptSettings(_Section):
    """``[tool.collect-lint.transcripts]``: validated here, used by the transcript checks."""

    timezone: str | None = None
    quiet_hours: str | None = None  # "22:00-08:00", debtor-local time
    profile: Profile | None = None
    connected_calls_per_day: int | None = Field(default=None, ge=1)
    attempts_per_day: int | None = Field(default=None, ge=1)
    calls_per_7_days: int | None = Field(default=None, ge=1)
    # Export field names: our field → the export's column/key (as --map speaker=role); a
    # speaker → the export's labels for it (as --map agent=S1|S3).
    map: dict[str, str] = {}

    @field_validator("map")
    @classmethod
    def _check_map(cls, value: dict[str, str]) -> dict[str, str]:
        from .inputs.transcripts.options import check_map_entry

        for ours, theirs in value.items():
            check_map_entry(ours, theirs)  # MapError is a ValueError: reported with file and key
        return value

    def limits(self) -> dict[str, int]:
        """The configured frequency caps, by --limit key."""
        values = {key: getattr(self, key.replace("-", "_")) for key in LIMIT_KEYS}
        return {key: value for key, value in values.items() if value is not None}

    def contact_policy(self, timezone: str | None = None, profile: str | None = None,
                       quiet_hours: str | None = None, limits: dict[str, int] | None = None) -> ContactPolicy:
        """The contact policy of these settings; given values (command line) win."""
        caps = self.limits()
        caps.update(limits or {})
        return ContactPolicy(
            timezone=timezone or self.timezone or DEFAULT_TIMEZONE,
            profile=profile or self.profile or "cn",
            quiet_hours=quiet_hours or self.quiet_hours,
            limits=tuple(sorted(caps.items())),
        )

    @field_validator("timezone")
    @classmethod
    def _check_timezone(cls, value: str | None) -> str | None:
        if value is not None:
            parse_timezone(value)  # PolicyError is a ValueError: reported with file and key
        return value

    @field_validator("quiet_hours")
    @classmethod
    def _check_quiet_hours(cls, value: str | None) -> str | None:
        if value is not None:
            parse_quiet_hours(value)
        return value


Verdict = Literal["block", "review", "pass"]
VERDICTS: tuple[str, ...] = get_args(Verdict)  # most restrictive first
DEFAULT_VERDICTS: dict[Severity, Verdict] = {Severity.error: "block", Severity.warning: "review", Severity.info: "pass"}


class PolicySettings(_Section):
    """``[tool.collect-lint.server.policies.NAME]``: a named rule selection for the service.
    Keys given here replace the top-level ones (``severity`` is merged over them)."""

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    severity: dict[str, Severity] = {}
    verdicts: dict[Severity, Verdict] = {}


class ServerSettings(_Section):
    """``[tool.collect-lint.server]``: limits, verdict mapping and policies of ``collect-lint serve``."""

    max_items: int = Field(default=100, ge=1, le=10_000)  # items per /v1/check request
    max_text_chars: int = Field(default=10_000, ge=1, le=1_000_000)  # characters per text
    verdicts: dict[Severity, Verdict] = {}  # merged over DEFAULT_VERDICTS
    policies: dict[str, PolicySettings] = {}

    @field_validator("policies")
    @classmethod
    def _check_names(cls, value: dict[str, PolicySettings]) -> dict[str, PolicySettings]:
        for name in value:
            if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}", name):
                raise ValueError(f"policy name '{name}' must be letters, digits, '-', '_' or '.' (at most 64)")
        return value


class Config(_Section):
    """The effective settings for a run (defaults, then config file, then command line)."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    per_file_ignores: dict[str, tuple[str, ...]] = {}
    extra_rulesets: tuple[str, ...] = ()
    baseline: str | None = None
    # Where the team hosts docs/rules.md (http/https): SARIF rules link their section there.
    docs_url: str | None = None
    severity: dict[str, Severity] = {}
    fail_on: Severity = Severity.warning
    allowed_words: tuple[str, ...] = ()
    placeholder_patterns: tuple[str, ...] = DEFAULT_PLACEHOLDER_PATTERNS
    template_fields: tuple[str, ...] = Field(default=DEFAULT_TEXT_FIELDS, min_length=1)
    template_id_fields: tuple[str, ...] = DEFAULT_ID_FIELDS
    transcripts: TranscriptSettings = TranscriptSettings()
    server: ServerSettings = ServerSettings()

    @field_validator("per_file_ignores")
    @classmethod
    def _check_globs(cls, value: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        for pattern in value:
            problem = glob_problem(pattern)
            if problem is not None:
                raise ValueError(f"pattern {pattern!r}: {problem}")
        return value

    @field_validator("docs_url")
    @classmethod
    def _check_docs_url(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"https?://[^\s#]+", value):
            raise ValueError(f"{value!r} must be an http(s) address of docs/rules.md, without a #fragment")
        return value

    @field_validator("placeholder_patterns")
    @classmethod
    def _check_patterns(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        Placeholders(value)  # LinearRegexError (a ValueError): invalid, or not linear-time
        return value

    def linter_options(self, policy: PolicySettings | None = None) -> dict[str, Any]:
        """``Linter`` keyword arguments for these settings, or for a named policy of them."""
        select, extend, ignore = self.select, self.extend_select, self.ignore
        severity = dict(self.severity)
        if policy is not None:
            select = policy.select if policy.select is not None else select
            extend = policy.extend_select if policy.extend_select is not None else extend
            ignore = policy.ignore if policy.ignore is not None else ignore
            severity.update(policy.severity)
        return dict(
            extra_rulesets=list(self.extra_rulesets),
            select=select + extend if select else (),  # empty select: every rule
            ignore=ignore,
            severity=severity,
            allowed_words=self.allowed_words,
            placeholder_patterns=self.placeholder_patterns,
        )

    def policies(self) -> dict[str, PolicySettings]:
        """The service's policies by name; ``default`` is the top-level selection unless the
        config defines it."""
        return {"default": PolicySettings(), **self.server.policies}

    def verdicts(self, policy: PolicySettings | None = None) -> dict[Severity, str]:
        """Severity → verdict for a policy: the defaults, then the server's, then the policy's."""
        mapping = dict(DEFAULT_VERDICTS)
        mapping.update(self.server.verdicts)
        if policy is not None:
            mapping.update(policy.verdicts)
        return mapping

    def template_options(self) -> TemplateOptions:
        return TemplateOptions(tuple(f.lower() for f in self.template_fields), tuple(f.lower() for f in self.template_id_fields))


@dataclass
class LoadedConfig:
    """A Config and where each value came from."""

    config: Config
    path: Path | None = None  # the config file, None when only defaults apply
    origins: dict[str, str] = field(default_factory=dict)

    @property
    def root(self) -> Path:
        return self.path.parent if self.path else Path.cwd()

    def origin(self, key: str) -> str:
        return self.origins.get(key, "default")

    def with_overrides(self, overrides: dict[str, Any]) -> "LoadedConfig":
        """Command-line values (those not None) replace config values."""
        given = {k: v for k, v in overrides.items() if v is not None}
        data = self.config.model_dump(by_alias=False)
        data.update(given)
        try:
            config = Config.model_validate(data)
        except ValidationError as exc:
            raise ConfigError(_describe(exc, "command line")) from None
        origins = dict(self.origins)
        origins.update({_kebab(k): "command line" for k in given})
        return LoadedConfig(config, self.path, origins)

    def baseline_path(self) -> str | None:
        """The ``baseline`` file, relative to the config file's directory (None when unset)."""
        if not self.config.baseline:
            return None
        return str(self.root / self.config.baseline)

    def ignores_for(self, path: str) -> tuple[str, ...]:
        """Rule selectors that ``per-file-ignores`` switches off for ``path``."""
        if not self.config.per_file_ignores:
            return ()
        resolved = Path(path).resolve()
        try:
            relative = resolved.relative_to(self.root.resolve()).as_posix()
        except ValueError:
            relative = Path(os.path.relpath(resolved, self.root.resolve())).as_posix()
        selectors: list[str] = []
        for pattern, codes in self.config.per_file_ignores.items():
            if _compiled_glob(pattern).match_file(relative):
                selectors.extend(codes)
        return tuple(selectors)


@functools.lru_cache(maxsize=256)
def _compiled_glob(pattern: str):
    """A ``per-file-ignores`` glob with gitignore semantics (as ruff's globset): ``*`` stays
    inside one directory, ``**/`` matches zero or more directories, and a pattern without ``/``
    matches the file name in any directory."""
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines([pattern])


def glob_problem(pattern: str) -> str | None:
    """Why a ``per-file-ignores`` glob can never match what its writer meant, or None.
    gitignore globs accept almost any string (an unclosed ``[`` silently matches nothing), so a
    typo would silently ignore nothing."""
    if not pattern.strip():
        return "empty pattern"
    if pattern.startswith("/") or (len(pattern) > 1 and pattern[1] == ":"):
        return "absolute paths never match: write the glob relative to the config file's directory"
    if "\\" in pattern:
        return "use / between directories (a backslash is matched literally)"
    index = 0
    while index < len(pattern):
        if pattern[index] == "[":
            close = index + 1
            if close < len(pattern) and pattern[close] in "!^":
                close += 1
            if close < len(pattern) and pattern[close] == "]":
                close += 1
            close = pattern.find("]", close)
            if close < 0:
                return f"unclosed '[' at position {index + 1}"
            index = close
        index += 1
    if pattern.startswith("!"):
        return "negated patterns are not supported here: list the files to ignore rules in"
    try:
        _compiled_glob(pattern)
    except (ValueError, TypeError) as exc:
        return str(exc)
    return None


def find_config(start: Path) -> tuple[Path, dict] | None:
    """The nearest config file at or above ``start`` and its collect-lint table."""
    directory = start.resolve()
    if not directory.is_dir():
        directory = directory.parent
    for folder in (directory, *directory.parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            if not candidate.is_file():
                continue
            data = _read_toml(candidate)
            if name == "pyproject.toml":
                table = data.get("tool", {}).get("collect-lint")
                if table is None:
                    continue
                return candidate, table
            return candidate, data
    return None


def _read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config: {exc}") from None


def load_config(paths: list[str] | None = None, explicit: str | None = None) -> LoadedConfig:
    """Load ``explicit`` or the config found upward from the first checked path (or the cwd)."""
    if explicit is not None:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigError(f"{explicit}: config file not found")
        data = _read_toml(path)
        table = data.get("tool", {}).get("collect-lint", {}) if path.name == "pyproject.toml" else data
        return _validate(path, table)
    first = next((p for p in (paths or []) if p != "-"), None)
    found = find_config(Path(first) if first else Path.cwd())
    if found is None:
        return LoadedConfig(Config())
    return _validate(*found)


def _validate(path: Path, table: dict) -> LoadedConfig:
    where = f"{path} [tool.collect-lint]" if path.name == "pyproject.toml" else str(path)
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: expected a table of settings")
    try:
        config = Config.model_validate(table)
    except ValidationError as exc:
        raise ConfigError(_describe(exc, where)) from None
    # Relative ruleset paths are relative to the config file, not to the working directory.
    rulesets = tuple(str((path.parent / p).resolve()) for p in config.extra_rulesets)
    config = config.model_copy(update={"extra_rulesets": rulesets})
    origins = {key: where for key in table if key not in _SECTIONS}
    for section in _SECTIONS:
        origins.update({f"{section}.{key}": where for key in table.get(section, {}) or {}})
    return LoadedConfig(config, path, origins)


def _describe(exc: ValidationError, where: str) -> str:
    error = exc.errors()[0]
    key = ".".join(str(part) for part in error["loc"])
    if error["type"] == "extra_forbidden":
        return f"{where}: unknown key '{key}'"
    message = error["msg"].removeprefix("Value error, ")
    return f"{where}: key '{key}': {message}"


def describe_config(loaded: LoadedConfig) -> list[str]:
    """``key = value    # origin`` lines for ``collect-lint config``."""
    lines = [f"# config file: {loaded.path if loaded.path else '(none found; defaults)'}"]
    data = loaded.config.model_dump(mode="json", by_alias=True)
    sections = {section: data.pop(section) for section in _SECTIONS}
    for key, value in data.items():
        lines.append(f"{key} = {_toml_value(value)}    # {loaded.origin(key)}")
    for section, values in sections.items():
        lines.append(f"[{section}]")
        for key, value in values.items():
            lines.append(f"{key} = {_toml_value(value)}    # {loaded.origin(f'{section}.{key}')}")
    return lines


def _toml_value(value: Any) -> str:
    import json

    if value is None:
        return "(unset)"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{json.dumps(k, ensure_ascii=False)} = {_toml_value(v)}" for k, v in value.items()) + " }"
    return json.dumps(value, ensure_ascii=False)


def check_selectors(loaded: LoadedConfig, rules) -> None:
    """Reject rule selectors in the config that match no rule (a typo must not disable a check)."""
    config = loaded.config
    keyed = {
        "select": config.select,
        "ignore": config.ignore,
        "extend-select": config.extend_select,
        "severity": tuple(config.severity),
        "per-file-ignores": tuple(s for codes in config.per_file_ignores.values() for s in codes),
    }
    for name, policy in config.server.policies.items():
        for key in ("select", "ignore", "extend-select", "severity"):
            value = getattr(policy, key.replace("-", "_"))
            keyed[f"server.policies.{name}.{key}"] = tuple(value or ())
    for key, selectors in keyed.items():
        unknown = unknown_selectors(selectors, rules)
        if unknown:
            where = loaded.origin("server.policies" if key.startswith("server.") else key)
            raise ConfigError(f"{where}: key '{key}': unknown rule or category '{unknown[0]}'")
