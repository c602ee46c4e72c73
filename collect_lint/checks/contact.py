"""Checks over whole calls and send logs: contact hours, contact frequency, identity disclosure.

These look at more than one sentence, so they run on ``Call`` records (transcripts.py). Hours
and disclosure need only the call (``check_call``, also run in --jobs workers); the frequency
counts (``check_counts``) span every file of one run and run in the main process, in input order. Rules of
``type = "contact"`` (rulesets/contact.toml) say which checks run and how findings read; the
limits and the quiet window come from ``ContactPolicy``. ``ContactRules`` is the one
implementation of quiet hours and caps: the transcript checks use it here, and
``collect_lint.contact.ContactGate`` uses it before a contact, with counts kept in a
``ContactStore`` (``MemoryStore`` for a run; the service's SQLite and Redis stores).
"""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass
from datetime import date, datetime, time
from threading import Lock
from typing import Iterable, Literal, NamedTuple, Protocol, get_args
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict

from ..models import PROFILES, Call, Profile, Speaker, Utterance
from ..rules.schema import RuleHeader

DEFAULT_TIMEZONE = "Asia/Shanghai"
# Quiet windows per profile (start inclusive, end exclusive, debtor-local time).
DEFAULT_QUIET_HOURS: dict[Profile, str] = {"cn": "22:00-08:00", "us": "21:00-08:00"}
LimitKey = Literal["connected-calls-per-day", "attempts-per-day", "calls-per-7-days"]
LIMIT_KEYS: tuple[str, ...] = get_args(LimitKey)
DEFAULT_LIMITS: dict[str, int] = dict(zip(LIMIT_KEYS, (3, 6, 7)))
Detector = Literal[
    "quiet_hours", "connected_calls_per_day", "attempts_per_day", "calls_per_7_days",
    "institution_disclosure", "agent_identifier",
]
_QUIET_RE = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$")
DISCLOSURE_WINDOW = 3  # the first N agent utterances must name the institution


class PolicyError(ValueError):
    """A transcript setting that cannot be used (bad time zone, window or limit)."""


def parse_timezone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise PolicyError(f"unknown time zone '{name}' (use an IANA name such as Asia/Shanghai)") from None


def parse_quiet_hours(value: str) -> tuple[time, time]:
    match = _QUIET_RE.match(value.strip())
    if match is None:
        raise PolicyError(f"quiet hours '{value}' must look like 22:00-08:00")
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    if (h1, m1) == (h2, m2):
        raise PolicyError(f"quiet hours '{value}' start and end at the same time")
    return time(h1, m1), time(h2, m2)


@dataclass(frozen=True)
class ContactPolicy:
    """Transcript settings: whose clock, which quiet window, which caps."""

    timezone: str = DEFAULT_TIMEZONE
    profile: Profile = "cn"
    quiet_hours: str | None = None  # None: the profile's default window
    limits: tuple[tuple[str, int], ...] = ()

    def __post_init__(self) -> None:
        parse_timezone(self.timezone)
        if self.profile not in PROFILES:
            raise PolicyError(f"unknown profile '{self.profile}' (choose from {', '.join(PROFILES)})")
        parse_quiet_hours(self.window_text)
        for key, value in self.limits:
            if key not in DEFAULT_LIMITS:
                raise PolicyError(f"unknown limit '{key}' (choose from {', '.join(DEFAULT_LIMITS)})")
            if value < 1:
                raise PolicyError(f"limit '{key}' must be at least 1")

    @property
    def zone(self) -> ZoneInfo:
        return parse_timezone(self.timezone)

    @property
    def window_text(self) -> str:
        return self.quiet_hours or DEFAULT_QUIET_HOURS[self.profile]

    @property
    def window(self) -> tuple[time, time]:
        return parse_quiet_hours(self.window_text)

    def limit(self, key: str) -> int:
        return dict(self.limits).get(key, DEFAULT_LIMITS[key])


def in_quiet_hours(local: time, window: tuple[time, time]) -> bool:
    """Whether ``local`` falls in ``window`` (start inclusive, end exclusive; may wrap midnight)."""
    start, end = window
    if start > end:
        return local >= start or local < end
    return start <= local < end


# -- identity disclosure -------------------------------------------------------------------------
_ORG_SUFFIX = r"(?:银行|信用卡中心|金融|消费金融|消金|小贷|公司|中心|平台|集团|律师事务所|事务所)"
_NAME = r"[\u4e00-\u9fffA-Za-z0-9（）()·]{2,16}?"
# "这里是/我是/来自 <name><suffix>" or "<name><suffix>(的)客服/工作人员…".
_INSTITUTION_RE = re.compile(
    r"(?:这里是|这边是|我这边是|我这里是|我们这边是|我们是|我是|来自|代表)\s*(?P<a>" + _NAME + _ORG_SUFFIX + r")"
    r"|(?P<b>" + _NAME + _ORG_SUFFIX + r")(?:的)?(?:客服|工作人员|专员|坐席|催收员|贷后|法务|客户经理|委托)"
)
# Words that make "…银行" unnamed: 我是银行的, 我们公司, 你们平台 ….
_GENERIC_NAME = re.compile(
    r"^(?:我们|你们|咱们|他们|我|是|这里|这边|来自|代表|贵|本|这个?|那个?|这家|那家|某个?|一家|有关|相关|合作|贷款|借款|的)*$"
)
_ROLE_WORDS = ("客服", "专员", "坐席", "工作人员", "催收员", "客户经理", "经理", "主管", "法务", "贷后", "同事")
_IDENTIFIER_RE = re.compile(
    r"工号\s*(?:是|为|:|：)?\s*[A-Za-z0-9]{2,}"
    r"|编号\s*(?:是|为|:|：)?\s*[A-Za-z0-9]{3,}"
    r"|我(?:叫|姓)[\u4e00-\u9fff]"
    r"|(?:客服|专员|坐席|工作人员|催收员|客户经理|经理|主管)(?P<name>[小老]?[\u4e00-\u9fff]{1,2}?)(?=[，,。.！!；;、\s]|$|工号)"
)
_PRONOUN_START = tuple("他她你您我谁哪这那的是")


_ORG_GATE = re.compile(_ORG_SUFFIX)


def names_institution(text: str) -> bool:
    """Whether an utterance names the institution the agent works for."""
    if _ORG_GATE.search(text) is None:
        return False
    for match in _INSTITUTION_RE.finditer(text):
        named = match.group("a") or match.group("b")
        stem = re.sub(_ORG_SUFFIX + r"$", "", named)
        if not _GENERIC_NAME.match(stem):
            return True
    return False


def names_agent(text: str) -> bool:
    """Whether an utterance gives the agent's own name or 工号."""
    for match in _IDENTIFIER_RE.finditer(text):
        name = match.group("name")
        if name is None:
            return True
        if name not in _ROLE_WORDS and not name.startswith(_PRONOUN_START):
            return True
    return False


# -- calls ---------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class CallFinding:
    """A contact-rule hit on a call: at its start time (``utterance is None``) or on an utterance."""

    rule: ContactRule
    detail: str
    utterance: Utterance | None = None


class ExampleCall(BaseModel):
    """One call of a contact rule's example: when, how, and what was said (speaker, text)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    started_at: datetime  # ISO 8601; without an offset it is read in the policy's time zone
    debtor_id: str = "D1"
    channel: Literal["call", "sms"] = "call"
    connected: bool | None = None
    utterances: tuple[tuple[Speaker, str], ...] = ()


class CallExample(BaseModel):
    """Calls checked in order; the rule must fire on one of them (bad) or on none (good)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    calls: tuple[ExampleCall, ...]
    note: str | None = None


class CallExamples(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    bad: tuple[CallExample, ...] = ()
    good: tuple[CallExample, ...] = ()


_DETECTOR_DOCS = {
    "quiet_hours": "通话或短信的开始时间（债务人当地时间）落在禁止时段内；时段由 --profile / --quiet-hours 决定",
    "connected_calls_per_day": "同一债务人同一当地自然日内接通的电话数超过上限（--limit connected-calls-per-day）",
    "attempts_per_day": "同一债务人同一当地自然日内未接通的拨打次数超过上限（--limit attempts-per-day）",
    "calls_per_7_days": "同一债务人截至当日的7天内拨打次数超过上限（--limit calls-per-7-days）",
    "institution_disclosure": f"坐席前{DISCLOSURE_WINDOW}句话中没有说出所属机构名称（如“这里是XX银行信用卡中心”）",
    "agent_identifier": f"坐席前{DISCLOSURE_WINDOW}句话说明了机构，但没有说出本人姓名或工号",
}


class ContactRule(RuleHeader):
    """A check over whole calls and send logs: local start time, counts per debtor, what the
    agent says first. Limits and the quiet window come from the ``ContactPolicy``."""

    type: Literal["contact"]
    detector: Detector
    # The transcript profiles (--profile) under which the rule applies.
    profiles: tuple[Profile, ...] = PROFILES
    examples: CallExamples = CallExamples()

    def doc_sections(self, classes: dict | None = None) -> list[tuple[str, str]]:
        return [
            ("检查 (check)", f"{self.detector}：{_DETECTOR_DOCS[self.detector]}"),
            ("适用范围 (scope)", f"整通通话/整条发送记录（转写导出）；规则配置 {', '.join(self.profiles)}"),
            ("自动修复 (fix)", "无：属于通话时间与频次层面的问题"),
        ]


HELD_DAYS = 7  # days of counts kept per debtor: the longest window a rule looks at


class Counts(NamedTuple):
    """A debtor's contacts as the caps see them, for one debtor-local day."""

    connected: int = 0  # connected calls that day
    unanswered: int = 0  # unanswered call attempts that day
    week: int = 0  # calls in the 7 days ending that day

    def plus_one(self) -> "Counts":
        """The counts if one more call were made that day (whatever its outcome)."""
        return Counts(self.connected + 1, self.unanswered + 1, self.week + 1)


_new_tuple = tuple.__new__


class ContactStore(Protocol):
    """Where contacts are counted: per debtor and debtor-local day (``date.toordinal()``).
    ``record`` must be atomic: concurrent records never lose a count, and the counts it
    returns include the recorded call and every call recorded before it."""

    def record(self, debtor_id: str, day: int, connected: bool) -> Counts:
        """Count one call; returns the counts of that day including it."""
        ...

    def counts(self, debtor_id: str, day: int) -> Counts:
        """The counts of that day, changing nothing."""
        ...


class MemoryStore:
    """Counts in this process, for one thread: what a transcript run counts in
    (``LockedMemoryStore`` may be shared between threads).

    Each debtor keeps, for the days within a week of its newest call seen, ``day ordinal,
    connected calls, unanswered attempts, calls`` in one flat integer array (about 150 bytes,
    and nothing for the garbage collector to walk); older days are dropped, so memory grows
    with debtors only and counts are exact for calls recorded in time order, as exports are
    written."""

    def __init__(self) -> None:
        self.debtors: dict[str, array] = {}

    def record(self, debtor_id: str, day: int, connected: bool) -> Counts:
        held = self.debtors.get(debtor_id)
        if held is None:
            held = self.debtors[debtor_id] = array("q")
        for at in range(0, len(held), 4):
            if held[at] == day:
                break
        else:
            if len(held) >= 4 * HELD_DAYS:
                newest = max(max(held[0::4]), day)
                kept = [held[i : i + 4] for i in range(0, len(held), 4) if held[i] > newest - HELD_DAYS]
                held = self.debtors[debtor_id] = array("q", [v for quad in kept for v in quad])
            at = len(held)
            held.extend((day, 0, 0, 0))
        held[at + (1 if connected else 2)] += 1
        held[at + 3] += 1
        week = sum(held[i + 3] for i in range(0, len(held), 4) if day - 6 <= held[i] <= day)
        return _new_tuple(Counts, (held[at + 1], held[at + 2], week))  # once per call of an export: the fast way

    def counts(self, debtor_id: str, day: int) -> Counts:
        held = self.debtors.get(debtor_id)
        if held is None:
            return Counts()
        connected = unanswered = week = 0
        for i in range(0, len(held), 4):
            if day - 6 <= held[i] <= day:
                week += held[i + 3]
                if held[i] == day:
                    connected, unanswered = held[i + 1], held[i + 2]
        return Counts(connected, unanswered, week)


class LockedMemoryStore(MemoryStore):
    """A ``MemoryStore`` that threads may share (the contact gate's default)."""

    def __init__(self) -> None:
        super().__init__()
        self._lock = Lock()

    def record(self, debtor_id: str, day: int, connected: bool) -> Counts:
        with self._lock:
            return super().record(debtor_id, day, connected)

    def counts(self, debtor_id: str, day: int) -> Counts:
        with self._lock:
            return super().counts(debtor_id, day)


class ContactRules:
    """The contact rules of a ruleset under a policy: the one implementation of quiet hours
    and caps, used over transcripts (``ContactChecker``) and before a contact
    (``collect_lint.contact.ContactGate``)."""

    def __init__(self, rules: Iterable[RuleHeader], policy: ContactPolicy = ContactPolicy()) -> None:
        self.policy = policy
        self.window = policy.window
        self.by_detector = {
            r.detector: r for r in rules if r.type == "contact" and policy.profile in r.profiles
        }

    def __bool__(self) -> bool:
        return bool(self.by_detector)

    def quiet_hours(self, local: datetime, channel: str) -> list[CallFinding]:
        """A finding when ``local`` (debtor-local) lies in the quiet window."""
        rule = self.by_detector.get("quiet_hours")
        if rule is None or not in_quiet_hours(local.time(), self.window):
            return []
        what = "发送信息" if channel == "sms" else "拨打电话"
        return [CallFinding(rule, f"{what}时间为当地 {local:%Y-%m-%d %H:%M:%S}（{zone_text(local)}），禁止时段 {self.policy.window_text}")]

    def caps(self, debtor: str, day: date, counts: Counts, connected: bool | None) -> list[CallFinding]:
        """Findings for a call whose day's ``counts`` include it. ``connected`` is its outcome,
        or None before the call (``counts`` then hold it once as connected and once as
        unanswered, ``Counts.plus_one``): every cap the call would break, whatever happens."""
        found: list[CallFinding] = []
        ahead = connected is None  # asked before the call: say what the call would make it
        policy = self.policy
        if connected is not False:
            rule, cap, n = self.by_detector.get("connected_calls_per_day"), policy.limit("connected-calls-per-day"), counts.connected
            if rule is not None and n > cap:
                said = f"已接通{n - 1}次，若再接通将是第{n}次" if ahead else f"的第{n}次接通"
                found.append(CallFinding(rule, f"债务人 {debtor} 在 {day} {said}，上限{cap}次"))
        if connected is not True:
            rule, cap, n = self.by_detector.get("attempts_per_day"), policy.limit("attempts-per-day"), counts.unanswered
            if rule is not None and n > cap:
                said = f"已有{n - 1}次未接通拨打，若再未接通将是第{n}次" if ahead else f"的第{n}次未接通拨打"
                found.append(CallFinding(rule, f"债务人 {debtor} 在 {day} {said}，上限{cap}次"))
        rule, cap, n = self.by_detector.get("calls_per_7_days"), policy.limit("calls-per-7-days"), counts.week
        if rule is not None and n > cap:
            said = f"已拨打{n - 1}次，再拨打将是第{n}次" if ahead else f"第{n}次拨打"
            found.append(CallFinding(rule, f"债务人 {debtor} 截至 {day} 的7天内{said}，上限{cap}次"))
        return found


class ContactChecker:
    """Runs the contact rules of a ruleset over calls, in input order, counting in ``store``
    (by default in memory, for one run)."""

    def __init__(self, rules: Iterable[RuleHeader], policy: ContactPolicy = ContactPolicy(),
                 store: ContactStore | None = None) -> None:
        self.policy = policy
        self.contact_rules = ContactRules(rules, policy)
        self.rules = self.contact_rules.by_detector
        self.store = store if store is not None else MemoryStore()

    def __bool__(self) -> bool:
        return bool(self.rules)

    def check(self, call: Call) -> list[CallFinding]:
        """All contact findings of a call, in input order (updates the per-debtor counts)."""
        return self.check_call(call) + self.check_counts(call)

    def check_call(self, call: Call) -> list[CallFinding]:
        """The checks that need only the call itself (hours, disclosure): safe in any process."""
        found: list[CallFinding] = []
        if call.started_at is not None and call.channel in ("call", "sms"):
            found.extend(self.contact_rules.quiet_hours(call.started_at, call.channel))
        if call.channel == "call":
            self._disclosure(call, found)
        return found

    def check_counts(self, call: Call) -> list[CallFinding]:
        """The frequency checks: must see every call of the run once, in input order."""
        if call.started_at is None or call.debtor_id is None or call.channel != "call":
            return []
        day = call.started_at.date()
        counts = self.store.record(call.debtor_id, day.toordinal(), call.is_connected)
        return self.contact_rules.caps(call.debtor_id, day, counts, call.is_connected)

    def _disclosure(self, call: Call, found: list[CallFinding]) -> None:
        institution = self.rules.get("institution_disclosure")
        identifier = self.rules.get("agent_identifier")
        if institution is None and identifier is None:
            return
        opening = [u for u in call.utterances if u.speaker == "agent"][:DISCLOSURE_WINDOW]
        if not opening:
            return
        if not any(names_institution(u.text) for u in opening):
            if institution is not None:
                found.append(CallFinding(institution, f"{_opening_text(len(opening))}未说明机构名称", opening[0]))
        elif identifier is not None and not any(names_agent(u.text) for u in opening):
            found.append(CallFinding(identifier, f"{_opening_text(len(opening))}未说明姓名或工号", opening[0]))


def _opening_text(count: int) -> str:
    """坐席的第1句 / 坐席的前3句都 — the opening the disclosure checks looked at."""
    return "坐席唯一的一句话" if count == 1 else f"坐席的前{count}句话都"


def zone_text(moment) -> str:
    """``Asia/Shanghai，UTC+08:00``: the zone's name and offset, never an ambiguous
    abbreviation (``CST`` is China Standard Time and US Central Standard Time)."""
    offset = moment.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    key = getattr(moment.tzinfo, "key", None)
    return f"{key}，UTC{sign}{hours:02d}:{rest:02d}" if key else f"UTC{sign}{hours:02d}:{rest:02d}"


def example_fires(rule: ContactRule, example: CallExample) -> bool:
    """Whether ``rule`` fires on any call of ``example``, checked in order under the rule's
    first profile with the default limits (how tests check the rules' own examples)."""
    policy = ContactPolicy(profile=rule.profiles[0])
    checker = ContactChecker([rule], policy)
    for number, shown in enumerate(example.calls, start=1):
        started = shown.started_at
        started = started.replace(tzinfo=policy.zone) if started.tzinfo is None else started.astimezone(policy.zone)
        utterances = [Utterance(speaker, text, index, number) for index, (speaker, text) in enumerate(shown.utterances)]
        call = Call("example", number, f"example-{number}", shown.debtor_id, started, started.isoformat(),
                    channel=shown.channel, connected=shown.connected, utterances=utterances)
        if checker.check(call):
            return True
    return False

