"""What the report formats (html, csv, xlsx) show, gathered in one pass with bounded memory.

Aggregates cover every call and finding; the findings list keeps at most ``ROWS_PER_RULE``
findings per rule (the cap is stated in the report), so a report over a million calls stays
small. Everything taken from the input is masked (``mask_personal_numbers``) whatever
``--show-matches`` says: a report is a file that gets passed around.
"""

from __future__ import annotations

from collections import Counter

from ..personal_data import mask_personal_numbers
from .statistics import CONTACT_TIMING  # noqa: F401  (the report shows these apart)

# Findings listed per rule in the report's table (aggregates always count everything).
ROWS_PER_RULE = 200
# Characters of an utterance shown as context.
CONTEXT_LIMIT = 200
SPEAKER_NAMES = {"agent": "坐席", "customer": "客户", "third_party": "第三方"}
CATEGORY_NAMES = {
    "threat": "威胁恐吓", "insult": "侮辱谩骂", "privacy": "隐私泄露", "deception": "欺骗误导", "repayment": "还款方式",
    "disclosure": "身份告知", "hours": "联系时段", "frequency": "联系频次", "suppression": "抑制注释",
}
SEVERITY_NAMES = {"error": "严重", "warning": "警告", "info": "提示"}


def masked(value) -> str:
    return "" if value is None else mask_personal_numbers(str(value))


def _clip(text: str) -> str:
    return text if len(text) <= CONTEXT_LIMIT else text[: CONTEXT_LIMIT - 1] + "…"


class ReportData:
    """Fed by the runner (``call`` for every transcript call, before its findings) and the
    renderer (``add`` for every finding, ``dismiss`` for dismissed ones); ``payload(summary)``
    gives the JSON-safe dict every report format renders."""

    def __init__(self, rows_per_rule: int | None = None) -> None:
        self.rows_per_rule = ROWS_PER_RULE if rows_per_rule is None else rows_per_rule
        self.quiet_window: str | None = None
        self.hours = [0] * 24  # calls by local hour of day
        self.days: Counter = Counter()  # day → calls
        self.day_findings: Counter = Counter()  # day → findings
        self.rules: dict[str, dict] = {}
        self.agent_rules: Counter = Counter()  # (agent, rule) → findings
        self.debtor_days: Counter = Counter()  # (masked debtor, day) → frequency findings
        self.rows: list[dict] = []
        self.dismissed: list[dict] = []
        self.decisions: dict[str, dict] = {}  # every decision of --reviewed, kept in the page's export
        self._call = None
        self._utterances: dict | None = None
        self._day: str | None = None

    def observe(self, runner) -> None:
        """Receive every transcript call the runner checks."""
        runner.on_call = self.call
        self.quiet_window = runner.contact.policy.window_text
        if runner.review is not None:
            self.decisions = runner.review.decisions

    def call(self, call) -> None:
        self._call, self._utterances = call, None
        self._day = None
        if call.started_at is not None:
            self.hours[call.started_at.hour] += 1
            self._day = call.started_at.date().isoformat()
            self.days[self._day] += 1

    def _context(self, d) -> tuple[str, str, str]:
        """(before, utterance, after) of a finding in the call just checked, masked."""
        call = self._call
        if call is None or d.utterance is None or d.call_id != call.call_id or d.path != call.path:
            return "", "", ""
        if self._utterances is None:
            self._utterances = {u.index: u for u in call.utterances}

        def line(index: int) -> str:
            u = self._utterances.get(index)
            return "" if u is None else f"{SPEAKER_NAMES.get(u.speaker, u.speaker)}：{masked(_clip(u.text))}"

        return line(d.utterance - 1), line(d.utterance), line(d.utterance + 1)

    def row(self, d) -> dict:
        """One finding as the report's table and the CSV show it (every value masked)."""
        before, utterance, after = self._context(d)
        review = d.review or {}
        return {
            "id": review.get("id", ""),
            "rule": d.rule,
            "name": d.name,
            "category": d.category,
            "severity": d.severity.value,
            "agent": masked(d.agent_id),
            "call": masked(d.call_id),
            "debtor": masked(d.debtor_id),
            "day": (self._day or "") if d.call_id is not None else "",
            "path": masked(d.path),
            "line": d.line,
            "column": d.column,
            "utterance_index": d.utterance if d.utterance is not None else "",
            "speaker": SPEAKER_NAMES.get(d.speaker, "") if d.speaker else "",
            "text": masked(d.text),
            "message": masked(d.message),
            "suggestion": d.suggestion or "",
            "before": before,
            "utterance": utterance,
            "after": after,
            "state": review.get("state", ""),
            "reason": review.get("reason", ""),
        }

    def add(self, d) -> dict | None:
        """Count a reported finding; returns its table row while its rule is under the cap."""
        rule = self.rules.get(d.rule)
        if rule is None:
            rule = self.rules[d.rule] = {
                "id": d.rule, "name": d.name, "category": d.category, "severity": d.severity.value,
                "count": 0, "calls": 0, "listed": 0, "example": None, "_last": None,
            }
        rule["count"] += 1
        if d.call_id is not None and rule["_last"] != (d.path, d.call_id):
            rule["_last"] = (d.path, d.call_id)  # a call's findings arrive together
            rule["calls"] += 1
        if d.agent_id is not None:
            self.agent_rules[(d.agent_id, d.rule)] += 1
        if self._day is not None and d.call_id is not None:
            self.day_findings[self._day] += 1
            if d.category == "frequency":
                self.debtor_days[(masked(d.debtor_id), self._day)] += 1
        if rule["listed"] >= self.rows_per_rule:
            return None
        rule["listed"] += 1
        row = self.row(d)
        if rule["example"] is None:
            rule["example"] = {"text": row["text"], "utterance": row["utterance"] or row["text"], "call": row["call"]}
        self.rows.append(row)
        return row

    def dismiss(self, d) -> None:
        """A finding a reviewer dismissed: kept (id, rule, reason) so a new decisions file
        exported from the report still holds it."""
        review = d.review or {}
        self.dismissed.append({"id": review.get("id", ""), "rule": d.rule, "state": "dismissed", "reason": review.get("reason", "")})

    # -- the whole report --------------------------------------------------------------------
    def agents(self, summary) -> list[dict]:
        """Per agent: calls checked, findings by category and per 100 calls, worst rules."""
        worst: dict[str, list] = {}
        for (agent, rule), count in self.agent_rules.items():
            worst.setdefault(agent, []).append((count, rule))
        by_category: dict[str, dict] = {}
        for (agent, category), count in summary.agent_categories.items():
            by_category.setdefault(agent, {})[category] = count
        rows = []
        for agent in sorted(set(summary.agent_calls) | set(by_category)):
            calls = summary.agent_calls.get(agent, 0)
            categories = by_category.get(agent, {})
            findings = sum(categories.values())
            rows.append({
                "agent": masked(agent),
                "calls": calls,
                "findings": findings,
                "per100": rate(findings, calls),
                "categories": categories,
                "rates": {c: rate(n, calls) for c, n in categories.items()},
                "worst": [
                    {"rule": rule, "name": self._name(rule, summary), "count": count}
                    for count, rule in sorted(worst.get(agent, []), key=lambda cr: (-cr[0], cr[1]))[:3]
                ],
            })
        return rows

    def _name(self, rule: str, summary) -> str:
        return summary.rule_names.get(rule, rule)

    def payload(self, summary) -> dict:
        calls = summary.calls
        rules = []
        for rule in sorted(self.rules.values(), key=lambda r: (-r["count"], r["id"])):
            entry = {k: v for k, v in rule.items() if not k.startswith("_")}
            entry["share"] = round(100 * rule["calls"] / calls, 2) if calls else None
            rules.append(entry)
        days = sorted(set(self.days) | set(self.day_findings))
        return {
            "summary": {
                "files": summary.files,
                "calls": calls,
                "items": summary.items,
                "problems": summary.problems,
                "severities": {s: summary.severities.get(s, 0) for s in ("error", "warning", "info")},
                "categories": dict(summary.categories),
                "input_errors": len(summary.input_errors),
                "unknown_speakers": {masked(k): v for k, v in summary.unknown_speakers.most_common(20)},
                "unknown_speaker_utterances": sum(summary.unknown_speakers.values()),
                "reviews": dict(summary.reviews),
            },
            "rules": rules,
            "agents": self.agents(summary),
            "timing": {
                "quiet_window": self.quiet_window,
                "hours": self.hours,
                "days": [{"day": d, "calls": self.days.get(d, 0), "findings": self.day_findings.get(d, 0)} for d in days],
                "debtor_days": [
                    {"debtor": debtor, "day": day, "count": count}
                    for (debtor, day), count in sorted(self.debtor_days.items(), key=lambda kv: (-kv[1], kv[0]))[:200]
                ],
                "debtor_days_total": len(self.debtor_days),
            },
            "labels": {"categories": CATEGORY_NAMES, "severities": SEVERITY_NAMES},
            "rows": self.rows,
            "rows_per_rule": self.rows_per_rule,
            "dismissed": self.dismissed,
            "decisions": [dict(decision, id=key) for key, decision in sorted(self.decisions.items())],
        }


def rate(count: int, calls: int) -> float | None:
    """Findings per 100 calls (None without calls)."""
    return round(100 * count / calls, 2) if calls else None


class ReportRenderer:
    """Base of the report formats: gathers ``ReportData``; ``observe(runner)`` lets it see
    every call; dismissed findings go to ``dismiss``."""

    def __init__(self, write, colour: bool = False, statistics: bool = False, explain: bool = False) -> None:
        self.write = write
        self.data = ReportData()

    # Binary formats (xlsx) write bytes and only to a file.
    binary = False

    def observe(self, runner) -> None:
        self.data.observe(runner)

    def begin(self, rules) -> None:
        pass

    def emit(self, d) -> None:
        self.data.add(d)

    def dismiss(self, d) -> None:
        self.data.dismiss(d)
