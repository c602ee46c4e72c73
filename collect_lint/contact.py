"""Contact rules without a transcript: "may I contact debtor D at time T on channel C?"

>>> from collect_lint.contact import ContactGate
>>> gate = ContactGate()                                   # default rules, profile cn, in memory
>>> gate.check("D1", "2026-11-20T23:10:00+08:00").allowed  # 23:10 is in the quiet window
False
>>> counts = gate.record("D1", "2026-11-20T10:00:00+08:00", connected=True)

The quiet window is read in the debtor's zone (the policy's, or one given per call); the daily
and 7-day caps count the calls recorded in a ``ContactStore`` (in memory here; the
service keeps them in SQLite or Redis). The rules are the transcript checks' own
(``checks.contact.ContactRules``): a contact the gate allows is one the transcript check would
not flag, and the other way round.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Iterable, Literal

from .checks.contact import (
    CallFinding,
    ContactPolicy,
    ContactRules,
    ContactStore,
    Counts,
    LockedMemoryStore,
    MemoryStore,
    PolicyError,
    parse_timezone,
)
from .models import Call, Diagnostic
from .rules import RuleHeader, RuleSet

Channel = Literal["call", "sms"]
CHANNELS: tuple[str, ...] = ("call", "sms")

__all__ = [
    "CHANNELS", "ContactDecision", "ContactGate", "ContactPolicy", "ContactStore", "Counts", "LockedMemoryStore",
    "MemoryStore", "PolicyError",
]


@dataclass(frozen=True)
class ContactDecision:
    """The answer for one planned contact. ``counts`` are the debtor's counts for that local
    day before the contact (None for SMS, which no cap counts)."""

    debtor_id: str
    channel: str
    at: str  # the time as given
    local: datetime  # the time in the debtor's zone
    counts: Counts | None
    findings: tuple[CallFinding, ...]

    @property
    def allowed(self) -> bool:
        """Whether no contact rule objects."""
        return not self.findings

    def diagnostics(self) -> list[Diagnostic]:
        """The findings as diagnostics, as the transcript checks report them (on the time)."""
        from .workflow.calls import call_finding

        # A call record with no file: the finding is reported on the time, as for an export.
        call = Call(None, 1, None, self.debtor_id, self.local, self.at, channel=self.channel)
        return [Diagnostic.from_finding(*call_finding(call, hit)) for hit in self.findings]


class ContactGate:
    """Checks planned contacts against the contact rules and records the contacts made.

    ``rules``: the rules to apply (default: the built-in rulesets; only ``type = "contact"``
    rules of the policy's profile are used). ``store``: where contacts are counted (default:
    a new ``LockedMemoryStore``). Thread-safe when the store is.
    """

    def __init__(
        self,
        rules: Iterable[RuleHeader] | None = None,
        policy: ContactPolicy = ContactPolicy(),
        store: ContactStore | None = None,
    ) -> None:
        self.policy = policy
        self.rules = ContactRules(RuleSet.load().rules if rules is None else rules, policy)
        self.store = store if store is not None else LockedMemoryStore()

    def local_time(self, at: datetime | str | float, timezone: str | None = None) -> datetime:
        """``at`` in the debtor's zone (``timezone``, else the policy's): ISO 8601 text or a
        datetime (naive ones are read in that zone) or Unix seconds. Raises PolicyError."""
        from .inputs.transcripts.records import parse_started_at

        zone = parse_timezone(timezone) if timezone is not None else self.policy.zone
        if isinstance(at, datetime):
            return at.replace(tzinfo=zone) if at.tzinfo is None else at.astimezone(zone)
        try:
            return parse_started_at(at, zone)
        except (ValueError, TypeError, OverflowError, OSError):
            raise PolicyError(f"time '{at}' is not ISO 8601 (2026-11-20T10:00:00+08:00) or Unix seconds") from None

    def check(self, debtor_id: str, at: datetime | str | float, channel: Channel = "call",
              timezone: str | None = None) -> ContactDecision:
        """May ``debtor_id`` be contacted at ``at`` on ``channel``? Quiet hours, and for calls
        every cap that one more call that day would break (connected or not). Records nothing."""
        local = self.local_time(at, timezone)
        _check_channel(channel)
        findings = self.rules.quiet_hours(local, channel)
        counts = None
        if channel == "call":
            day = local.date()
            counts = self.store.counts(debtor_id, day.toordinal())
            findings += self.rules.caps(debtor_id, day, counts.plus_one(), connected=None)
        return ContactDecision(debtor_id, channel, _text(at), local, counts, tuple(findings))

    def record(self, debtor_id: str, at: datetime | str | float, channel: Channel = "call",
               connected: bool = True, timezone: str | None = None) -> Counts | None:
        """Count a contact made; returns the day's counts including it (None for SMS, which
        no cap counts)."""
        local = self.local_time(at, timezone)
        _check_channel(channel)
        if channel != "call":
            return None
        return self.store.record(debtor_id, local.date().toordinal(), connected)


def _check_channel(channel: str) -> None:
    if channel not in CHANNELS:
        raise PolicyError(f"unknown channel '{channel}' (choose from {', '.join(CHANNELS)})")


def _text(at: datetime | str | float) -> str:
    return at.isoformat() if isinstance(at, datetime) else str(at)
