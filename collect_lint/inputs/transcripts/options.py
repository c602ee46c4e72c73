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
# Column names vendors use for the required fields (lower case), for the --map hint.
_COLUMN_SYNONYMS = {
    "call_id": ("call", "callid", "call_no", "session_id", "session", "record_id", "conversation_id", "通话id", "通话编号"),
    "debtor_id": ("debtor", "customer_id", "client_id", "borrower_id", "account_id", "user_id", "客户id", "客户编号"),
    "started_at": ("start_time", "call_time", "begin_time", "timestamp", "time", "datetime", "date", "开始时间", "通话时间"),
    "speaker": ("role", "speaker_role", "party", "channel_role", "who", "说话人", "角色"),
    "text": ("content", "utterance", "sentence", "transcript", "asr_text", "message", "内容", "文本"),
}


def transcript_map_hint(columns: list[str]) -> str | None:
    """For a CSV read as templates that has no template column: when its columns look like a
    transcript export under other names, the ``--kind transcript --map`` to try, else None."""
    import difflib

    lowered = [c.strip().lower() for c in columns]
    found: dict[str, str] = {}
    for field in CSV_REQUIRED:
        if field in lowered:
            found[field] = field
            continue
        known = [c for c in lowered if c in _COLUMN_SYNONYMS[field]]
        close = known or difflib.get_close_matches(field, [c for c in lowered if c not in found.values()], n=1, cutoff=0.6)
        if close:
            found[field] = close[0]
    if len(found) < 3 or not ({"speaker", "text"} & set(found)):
        return None
    mapping = ",".join(f"{field}={column}" for field, column in found.items() if field != column)
    return "looks like a transcript export: try --kind transcript" + (f" --map {mapping}" if mapping else "")


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
