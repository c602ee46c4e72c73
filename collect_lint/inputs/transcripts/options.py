"""Transcript export field names: ours, and ``--map`` to an export's own names."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Iterable
from zoneinfo import ZoneInfo

from ...checks.contact import DEFAULT_TIMEZONE, parse_timezone
from ...models import SPEAKERS
from ..text import fold_label

RECORD_FIELDS = ("call_id", "debtor_id", "started_at", "timezone", "channel", "agent_id", "connected", "utterances")
UTTERANCE_FIELDS = ("speaker", "text", "start")
FIELDS = RECORD_FIELDS + UTTERANCE_FIELDS
CSV_REQUIRED = ("call_id", "debtor_id", "started_at", "speaker", "text")


class MapError(ValueError):
    """A ``--map`` entry that cannot be used."""


def check_map_entry(ours: str, theirs: str) -> None:
    """Raise MapError unless ``ours`` is a field or a speaker and ``theirs`` is a name."""
    if ours not in FIELDS and ours not in SPEAKERS:
        raise MapError(f"unknown field '{ours}' (choose from {', '.join(FIELDS)}; or a speaker: {', '.join(SPEAKERS)})")
    if not theirs.strip():
        raise MapError(f"'{ours}' maps to an empty name")


def parse_field_map(entries: Iterable[str]) -> dict[str, str]:
    """``["speaker=role", "text=content,call_id=id", "agent=S1"]`` → ``{"speaker": "role", …}``.
    A speaker on the left (``agent=S1``) names an export's speaker label for that speaker;
    several labels are joined with ``|`` (``agent=S1|S3``, or the entry repeated)."""
    mapping: dict[str, str] = {}
    for entry in entries:
        for part in entry.split(","):
            part = part.strip()
            if not part:
                continue
            ours, sep, theirs = part.partition("=")
            ours, theirs = ours.strip(), theirs.strip()
            if not sep or not ours or not theirs:
                raise MapError(f"--map entry '{part}' must look like field=column or agent=LABEL")
            try:
                check_map_entry(ours, theirs)
            except MapError as exc:
                raise MapError(f"--map: {exc}") from None
            if ours in SPEAKERS and ours in mapping:
                theirs = f"{mapping[ours]}|{theirs}"
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

    @cached_property
    def speaker_labels(self) -> dict[str, str]:
        """An export's own speaker labels (``--map agent=S1``), folded, → our speaker."""
        return {
            fold_label(label): ours
            for ours, theirs in self.field_map if ours in SPEAKERS
            for label in theirs.split("|") if label.strip()
        }

    @property
    def zone(self) -> ZoneInfo:
        return parse_timezone(self.timezone)
