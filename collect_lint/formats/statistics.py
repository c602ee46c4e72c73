"""``--statistics``: counts by rule (with its name), category, agent and severity, rates per 100
calls checked, each agent's findings by category, review states (``--reviewed``) and the
transcript speaker labels that were not recognised (utterances read as a third party).
Contact-timing findings (hours, frequency: when and how often a debtor was called) are counted
apart from what agents said."""

from __future__ import annotations

from ..personal_data import mask_personal_numbers
from .i18n import tr

# Categories about when and how often a debtor was contacted, not about what was said.
CONTACT_TIMING = ("hours", "frequency")


def _rate(count: int, calls: int) -> str:
    return tr("per_100_calls", rate=100 * count / calls) if calls else ""


def _per100(count: int, calls: int) -> float | None:
    return round(100 * count / calls, 2) if calls else None


def _agent_categories(summary) -> dict[str, dict[str, int]]:
    by_agent: dict[str, dict[str, int]] = {}
    for (agent, category), count in sorted(summary.agent_categories.items()):
        by_agent.setdefault(agent, {})[category] = count
    return by_agent


def render_statistics(summary) -> list[str]:
    calls = summary.calls
    rows = []
    colon = tr("colon")

    def section(title: str, entries) -> None:
        entries = list(entries)
        if entries:
            rows.append(f"{title}{colon}")
            rows.extend(entries)

    def counted(counter, label=lambda key: key):
        for key, count in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])):
            rate = _rate(count, calls)
            yield f"  {count:>8}  {label(key)}" + (f"  ({rate})" if rate else "")

    said = {k: v for k, v in summary.categories.items() if k not in CONTACT_TIMING}
    timing = {k: v for k, v in summary.categories.items() if k in CONTACT_TIMING}
    fixable = summary.fixable
    section(tr("by_rule"), counted(
        summary.rules, lambda rule: f"{rule} {'[*] ' if fixable.get(rule) else ''}{summary.rule_names.get(rule, '')}".rstrip()))
    section(tr("by_category_said"), counted(said))
    section(tr("contact_timing"), counted(timing))
    agent_categories = _agent_categories(summary)
    section(tr("by_agent"), (
        f"  {summary.agents.get(agent, 0):>8}  {mask_personal_numbers(agent)}"
        + (f"  ({tr('agent_calls', n=summary.agent_calls[agent])}{tr('separator')}{_rate(summary.agents.get(agent, 0), summary.agent_calls[agent])})"
           if summary.agent_calls.get(agent) else "")
        + (" — " + ", ".join(f"{c} {n}" for c, n in agent_categories.get(agent, {}).items()) if agent in agent_categories else "")
        for agent in sorted(set(summary.agents) | set(summary.agent_calls), key=lambda a: (-summary.agents.get(a, 0), a))
    ))
    section(tr("by_severity"), (f"  {count:>8}  {tr(key)}" for key, count in sorted(summary.severities.items(), key=lambda kv: (-kv[1], kv[0]))))
    section(tr("by_review"), (f"  {count:>8}  {key}" for key, count in sorted(summary.reviews.items())))
    unknown = summary.unknown_speakers
    section(
        tr("unknown_speakers", n=sum(unknown.values())) if unknown else "",
        (f"  {count:>8}  {mask_personal_numbers(key)}" for key, count in sorted(unknown.items(), key=lambda kv: (-kv[1], kv[0]))),
    )
    if fixable:
        rows.append(tr("fixable_note", n=sum(fixable.values())))
    return rows


def statistics_dict(summary) -> dict:
    calls = summary.calls
    agent_categories = _agent_categories(summary)
    return {
        "by_rule": dict(summary.rules),
        "rule_names": {rule: summary.rule_names.get(rule, rule) for rule in summary.rules},
        "fixable": {rule: summary.fixable.get(rule, 0) for rule in summary.rules},
        "by_category": dict(summary.categories),
        "contact_timing": {k: v for k, v in summary.categories.items() if k in CONTACT_TIMING},
        "by_agent": dict(summary.agents),
        "agents": {
            mask_personal_numbers(agent): {
                "calls": summary.agent_calls.get(agent, 0),
                "findings": summary.agents.get(agent, 0),
                "per_100_calls": _per100(summary.agents.get(agent, 0), summary.agent_calls.get(agent, 0)),
                "by_category": agent_categories.get(agent, {}),
            }
            for agent in sorted(set(summary.agents) | set(summary.agent_calls))
        },
        "by_severity": dict(summary.severities),
        "per_100_calls": {
            "all": _per100(summary.problems, calls),
            "by_rule": {rule: _per100(n, calls) for rule, n in summary.rules.items()},
            "by_category": {category: _per100(n, calls) for category, n in summary.categories.items()},
        },
        "by_review_state": dict(summary.reviews),
        "unrecognised_speakers": dict(summary.unknown_speakers),
        "unrecognised_speaker_utterances": sum(summary.unknown_speakers.values()),
    }
