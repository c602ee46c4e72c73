"""Rule selectors: what ``--select``, ``--ignore``, ``per-file-ignores``, severity overrides and
suppression comments name — a rule id (``CL-T001``), a name (``violence-against-person``), a
category (``threat``, or its Chinese name ``威胁``) or an id prefix (``CL-T``)."""

from __future__ import annotations

from typing import Iterable

# Chinese names of the categories, as compliance teams write them.
CATEGORY_NAMES: dict[str, str] = {
    "威胁": "threat",
    "辱骂": "insult",
    "隐私": "privacy",
    "欺诈": "deception",
    "虚假陈述": "deception",
    "还款": "repayment",
    "身份披露": "disclosure",
    "时段": "hours",
    "频次": "frequency",
}


def matches_selector(selector: str, rule_id: str, name: str, category: str) -> bool:
    """Whether ``selector`` picks the rule with this id, name and category."""
    if selector in (rule_id, name, category) or CATEGORY_NAMES.get(selector.strip()) == category:
        return True
    return selector.upper().startswith("CL-") and rule_id.startswith(selector.upper())


def selects(selector: str, rule) -> bool:
    return matches_selector(selector, rule.id, rule.name, rule.category)


def unknown_selectors(selectors: Iterable[str], rules) -> list[str]:
    """The selectors that pick no rule (a typo must not silently disable a check)."""
    rules = list(rules)
    return [s for s in selectors if not any(selects(s, rule) for rule in rules)]
