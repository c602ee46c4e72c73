"""Turning one record's fields into a ``Call``: required fields, times, flags, speakers; each
bad field is an ``InputError`` naming the export's own field name, and the rest is still used."""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime, timezone as dt_timezone
from typing import Callable
from zoneinfo import ZoneInfo

from ...checks.contact import PolicyError, parse_timezone
from ...models import Call, InputError, Utterance
from ...personal_data import mask_personal_numbers
from ..text import fold_label, speaker_of
from .options import TranscriptOptions

CHANNELS = ("call", "sms")
_TRUE = {"true", "1", "yes", "y", "t", "是", "接通", "已接通"}
_FALSE = {"false", "0", "no", "n", "f", "否", "未接通", ""}
_EPOCH_RE = re.compile(r"^\d{9,11}(?:\.\d+)?$")  # Unix seconds written as text (CSV)


def parse_started_at(value, zone: ZoneInfo) -> datetime:
    """An aware datetime in ``zone``: ISO 8601 (naive values are read in ``zone``) or Unix seconds."""
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, str) and _EPOCH_RE.match(value.strip()):
        value = float(value)
    if isinstance(value, (int, float)):
        return datetime.fromtimestamp(value, tz=dt_timezone.utc).astimezone(zone)
    moment = datetime.fromisoformat(str(value).strip())
    if moment.tzinfo is None:
        return moment.replace(tzinfo=zone)
    return moment.astimezone(zone)


def _flag(value) -> bool | None:
    if isinstance(value, bool) or value is None:
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError


def _text_value(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    raise ValueError


class CallBuilder:
    """Turns one record's fields into a Call, reporting each bad field as an InputError."""

    def __init__(self, path: str, options: TranscriptOptions) -> None:
        self.path = path
        self.options = options
        self.zone = options.zone
        self.zones: dict[str, ZoneInfo | None] = {}
        self.speakers: dict = {}  # raw label → speaker, None when unrecognised
        self.labels = options.speaker_labels
        self.unknown: Counter = Counter()  # unrecognised labels of the call being read

    def call(self, get: Callable[[str], object], line: int, errors: list[InputError]) -> Call:
        name = self.options.names.__getitem__

        def bad(field: str, problem: str) -> None:
            errors.append(InputError(self.path, f"field '{name(field)}': {problem}", line))

        def text(field: str, required: bool = False) -> str | None:
            try:
                value = _text_value(get(field))
            except ValueError:
                bad(field, "expected a string")
                return None
            if value is None and required:
                bad(field, "missing")
            return value

        call_id = text("call_id", required=True)
        debtor_id = text("debtor_id", required=True)
        agent_id = text("agent_id")
        channel = (text("channel") or "call").lower()
        if channel not in CHANNELS:
            bad("channel", f"'{channel}' is not one of {', '.join(CHANNELS)}; contact checks skipped")
            channel = "other"
        connected = None
        try:
            connected = _flag(get("connected"))
        except ValueError:
            bad("connected", "expected true or false")
        zone = self.zone
        zone_name = text("timezone")
        if zone_name is not None:
            zone = self._zone(zone_name)
            if zone is None:
                bad("timezone", f"unknown time zone '{zone_name}'; contact checks skipped")
        started_at, started_raw = None, None
        raw = get("started_at")
        if raw is None or raw == "":
            bad("started_at", "missing")
        else:
            started_raw = str(raw)
            try:
                started_at = parse_started_at(raw, zone) if zone is not None else None
            except (ValueError, OverflowError, OSError):
                bad("started_at", f"'{raw}' is not an ISO 8601 time")
        return Call(self.path, line, call_id, debtor_id, started_at, started_raw, channel, agent_id, connected)

    def _zone(self, name: str) -> ZoneInfo | None:
        if name not in self.zones:
            try:
                self.zones[name] = parse_timezone(name)
            except PolicyError:
                self.zones[name] = None
        return self.zones[name]

    def speaker(self, value) -> str:
        """The normalised speaker of a raw value (cached: exports repeat a handful of values);
        an unrecognised one is a third party, counted in ``unknown`` for the call."""
        try:
            speaker = self.speakers[value]
        except (KeyError, TypeError):
            speaker = self._speaker(value)
            if isinstance(value, (str, type(None))) and len(self.speakers) < 1000:
                self.speakers[value] = speaker
        if speaker is None:
            self.unknown[_shown_label(value)] += 1
            return "third_party"
        return speaker

    def _speaker(self, value) -> str | None:
        if not isinstance(value, str):
            return None
        return self.labels.get(fold_label(value)) or speaker_of(value)

    def take_unknown(self) -> dict[str, int] | None:
        """The unrecognised labels counted since the last call, and forget them."""
        if not self.unknown:
            return None
        unknown = dict(self.unknown)
        self.unknown.clear()
        return unknown

    def utterance(self, speaker, text, start, index: int, line: int, errors: list[InputError]) -> Utterance | None:
        if start is None and type(text) is str:  # the common case, kept cheap
            return Utterance(self.speaker(speaker), text, index, line, None)
        name = self.options.name
        if not isinstance(text, str):
            if text is not None:
                errors.append(InputError(self.path, f"utterance {index}: field '{name('text')}': expected a string", line))
            return None
        if start is not None and start != "":
            try:
                start = float(start)
            except (TypeError, ValueError):
                errors.append(InputError(self.path, f"utterance {index}: field '{name('start')}': expected seconds", line))
                start = None
        else:
            start = None
        return Utterance(self.speaker(speaker), text, index, line, start)


def one_line(errors: list[InputError]) -> list[InputError]:
    """The input errors of one record as one line at the first one's line: a bad record is one
    error line however many of its fields are wrong."""
    if len(errors) <= 1:
        return errors
    return [InputError(errors[0].path, "; ".join(dict.fromkeys(e.message for e in errors)), errors[0].line)]


def _shown_label(value) -> str:
    """An unrecognised speaker value as reported (a warning, ``--statistics``): short, personal
    numbers masked, and what it is when not a string."""
    if value is None or value == "":
        return "(none)"
    text = mask_personal_numbers(value if isinstance(value, str) else repr(value))
    return text if len(text) <= 20 else text[:19] + "…"
