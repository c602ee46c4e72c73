"""``--statistics``: counts by rule, category, agent and severity, and the transcript speaker
labels that were not recognised (utterances read as a third party)."""

from __future__ import annotations


def render_statistics(summary) -> list[str]:
    rows = []
    for title, counter in (
        ("rule", summary.rules),
        ("category", summary.categories),
        ("agent_id", summary.agents),
        ("severity", summary.severities),
        ("unrecognised speaker label", summary.unknown_speakers),
    ):
        if not counter:
            continue
        rows.append(f"By {title}:")
        for key, count in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])):
            rows.append(f"  {count:>8}  {key}")
    return rows


def statistics_dict(summary) -> dict:
    return {
        "by_rule": dict(summary.rules),
        "by_category": dict(summary.categories),
        "by_agent": dict(summary.agents),
        "by_severity": dict(summary.severities),
        "unrecognised_speakers": dict(summary.unknown_speakers),
    }
