"""The contact API (collect_lint.contact): may debtor D be contacted at time T on channel C?
Quiet hours in the debtor's zone and caps over the contacts recorded in a store; the same rules
as the transcript checks."""

import json
from concurrent.futures import ThreadPoolExecutor

import pytest

from collect_lint import Linter
from collect_lint.checks.contact import ContactChecker, Counts, LockedMemoryStore
from collect_lint.contact import ContactGate, ContactPolicy, PolicyError
from collect_lint.service.stores import SQLiteStore


@pytest.fixture(scope="module")
def rules():
    from collect_lint import RuleSet

    return RuleSet.load().rules


def test_call_in_the_quiet_window_is_not_allowed(rules):
    decision = ContactGate(rules).check("D1", "2026-11-20T23:10:00+08:00")
    assert [d.rule for d in decision.diagnostics()] == ["CL-H101"]


def test_call_in_the_day_is_allowed(rules):
    assert ContactGate(rules).check("D1", "2026-11-20T10:00:00+08:00").allowed


def test_sms_in_the_quiet_window_is_not_allowed(rules):
    assert not ContactGate(rules).check("D1", "2026-11-20T07:30:00+08:00", channel="sms").allowed


def test_quiet_hours_are_read_in_the_debtors_zone(rules):
    # 10:00 in Shanghai is 03:00 in Berlin.
    decision = ContactGate(rules).check("D1", "2026-11-20T10:00:00+08:00", timezone="Europe/Berlin")
    assert [d.rule for d in decision.diagnostics()] == ["CL-H101"]


def test_naive_time_is_read_in_the_policy_zone(rules):
    gate = ContactGate(rules, ContactPolicy(timezone="America/New_York"))
    assert gate.local_time("2026-11-20T23:10:00").utcoffset().total_seconds() == -5 * 3600


def test_fourth_connected_call_of_a_day_is_flagged_before_it_is_made(rules):
    gate = ContactGate(rules)
    for hour in (9, 10, 11):
        gate.record("D1", f"2026-11-20T{hour:02d}:00:00+08:00", connected=True)
    decision = gate.check("D1", "2026-11-20T15:00:00+08:00")
    assert [d.rule for d in decision.diagnostics()] == ["CL-F101"]


def test_third_connected_call_is_still_allowed(rules):
    gate = ContactGate(rules)
    for hour in (9, 10):
        gate.record("D1", f"2026-11-20T{hour:02d}:00:00+08:00", connected=True)
    assert gate.check("D1", "2026-11-20T15:00:00+08:00").allowed


def test_caps_count_per_debtor_local_day(rules):
    gate = ContactGate(rules)
    for hour in (9, 10, 11):
        gate.record("D1", f"2026-11-20T{hour:02d}:00:00+08:00", connected=True)
    assert gate.check("D1", "2026-11-21T09:00:00+08:00").allowed


def test_seventh_unanswered_attempt_is_flagged(rules):
    gate = ContactGate(rules)
    for minute in range(6):
        gate.record("D2", f"2026-11-20T10:{minute:02d}:00+08:00", connected=False)
    decision = gate.check("D2", "2026-11-20T11:00:00+08:00")
    assert [d.rule for d in decision.diagnostics()] == ["CL-F102"]


def test_us_profile_flags_the_eighth_call_in_seven_days(rules):
    gate = ContactGate(rules, ContactPolicy(profile="us"))
    for day in range(14, 21):
        gate.record("D3", f"2026-11-{day}T10:00:00+08:00", connected=False)
    decision = gate.check("D3", "2026-11-20T15:00:00+08:00")
    assert [d.rule for d in decision.diagnostics()] == ["CL-F103"]


def test_sms_is_not_counted(rules):
    gate = ContactGate(rules)
    assert gate.record("D1", "2026-11-20T10:00:00+08:00", channel="sms") is None


def test_check_records_nothing(rules):
    gate = ContactGate(rules)
    gate.check("D1", "2026-11-20T10:00:00+08:00")
    assert gate.check("D1", "2026-11-20T10:00:00+08:00").counts == Counts()


def test_configured_limit_replaces_the_default(rules):
    gate = ContactGate(rules, ContactPolicy(limits=(("connected-calls-per-day", 1),)))
    gate.record("D1", "2026-11-20T09:00:00+08:00", connected=True)
    assert not gate.check("D1", "2026-11-20T10:00:00+08:00").allowed


def test_bad_time_is_a_policy_error(rules):
    with pytest.raises(PolicyError, match="not ISO 8601"):
        ContactGate(rules).check("D1", "明天上午")


def test_unknown_zone_is_a_policy_error(rules):
    with pytest.raises(PolicyError, match="unknown time zone"):
        ContactGate(rules).check("D1", "2026-11-20T10:00:00", timezone="Mars/Base")


def test_unknown_channel_is_a_policy_error(rules):
    with pytest.raises(PolicyError, match="unknown channel 'email'"):
        ContactGate(rules).check("D1", "2026-11-20T10:00:00", channel="email")


def test_gate_diagnostic_is_the_transcript_diagnostic_on_the_time(rules):
    diagnostic = ContactGate(rules).check("D1", "2026-11-20T23:10:00+08:00").diagnostics()[0]
    assert (diagnostic.text, diagnostic.debtor_id, diagnostic.severity.value) == ("2026-11-20T23:10:00+08:00", "D1", "error")


def test_gate_blocks_exactly_the_calls_the_transcript_check_flags(rules):
    """Replaying an export through the gate (check, then record) flags the calls the CLI flags."""
    linter = Linter(backend="default")
    calls = [("D1", f"2026-11-20T{9 + n:02d}:00:00+08:00", n % 3 != 0) for n in range(12)]
    calls += [("D1", f"2026-11-20T{22}:{n:02d}:00+08:00", False) for n in range(2)]
    checker = ContactChecker(linter.rules)
    gate = ContactGate(linter.rules)
    from collect_lint.models import Call

    for debtor, at, connected in calls:
        local = gate.local_time(at)
        call = Call("x", 1, None, debtor, local, at, connected=connected)
        transcript = {hit.rule.id for hit in checker.check(call) if hit.rule.category in ("hours", "frequency")}
        ahead = {d.rule for d in gate.check(debtor, at).diagnostics()}
        wanted = {"CL-F101" if connected else "CL-F102"} | ({"CL-H101"} if local.hour >= 22 else set())
        assert transcript == ahead & wanted
        gate.record(debtor, at, connected=connected)


def test_locked_memory_store_counts_concurrent_records_exactly():
    store = LockedMemoryStore()
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda n: store.record("D1", 740_000, n % 2 == 0), range(400)))
    assert store.counts("D1", 740_000) == Counts(200, 200, 400)


def test_sqlite_store_counts_concurrent_records_exactly(tmp_path):
    store = SQLiteStore(tmp_path / "state.db")
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda n: store.record("D1", 740_000, n % 2 == 0), range(200)))
    assert store.counts("D1", 740_000) == Counts(100, 100, 200)


def test_sqlite_store_week_spans_seven_days(tmp_path):
    store = SQLiteStore(tmp_path / "state.db")
    for day in range(740_000, 740_010):
        store.record("D1", day, False)
    assert store.counts("D1", 740_009) == Counts(0, 1, 7)


def test_sqlite_store_keeps_counts_when_reopened(tmp_path):
    SQLiteStore(tmp_path / "state.db").record("D1", 740_000, True)
    assert SQLiteStore(tmp_path / "state.db").counts("D1", 740_000) == Counts(1, 0, 1)


def test_diagnostic_json_dict_is_the_cli_json_object(cli, tmp_path):
    path = tmp_path / "t.sms"
    path.write_text("你这个老赖\n", encoding="utf-8")
    shown = json.loads(cli(["check", "--format", "json", str(path)]).stdout)["diagnostics"][0]
    [diagnostic] = Linter(backend="default").check("你这个老赖", kind="sms")
    assert list(diagnostic.to_json_dict()) == list(shown)
