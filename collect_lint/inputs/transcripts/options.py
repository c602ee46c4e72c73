"""Transcript export field names: ours, and ``--map`` to an export's own names."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Iterable
from zoneinfo import ZoneInfo

from ...checks.contact import DEFAULT_TIMEZONE, parse_timezone

RECORD_FIELDS = ("call_id", "debtor_id", "started_at", "timezone", "channel", "agent_id", "connected", "utterances")
UTTERANCE_FIELDS = ("speaker", "text", "start")
FIELDS = RECORD_FIELDS + UTTERANCE_FIELDS
CSV_REQUIRED = ("call_id", "debtor_id", "started_at", "speaker", "text")


class MapError(ValueError):
    """A ``--map`` entry that cannot be used."""


def parse_field_map(entries: Iterable[str]) -> dict[str, str]:
    """``["speaker=role", "text=content,call_id=id"]`` → ``{"speaker": "role", ...}``."""
    mapping: dict[str, str] = {}
    for entry in entries:
        for part in entry.split(","):
            part = part.strip()
            if not part:
                continue
            ours, sep, theirs = part.partition("=")
            ours, theirs = ours.strip(), theirs.strip()
            if not sep or not ours or not theirs:
                raise MapError(f"--map entry '{part}' must look like field=column")
            if ours not in FIELDS:
                raise MapError(f"--map: unknown field '{ours}' (choose from {', '.join(FIELDS)})")
            mapping[ours] = theirs
    return mapping


@dataclass(frozen=True)
class TranscriptOptions:
    field_map: tuple[tuple[str, str], ...] = ()
    timezone: str = DEFAULT_TIMEZONE

    def name(self, field: str) -> str:
        return self.names[field] if field in FIELDS else field

    @cached_property
    def names(self) -> dict[str, str]:
        """Every field → the export's name for it."""
        mapping = dict(self.field_map)
        return {field: mapping.get(field, field) for field in FIELDS}

    @property
    def zone(self) -> ZoneInfo:
        return parse_timezone(self.timezone)
