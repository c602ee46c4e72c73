"""Rule documentation from the rule definitions: what ``collect-lint rule ID`` prints and what
``docs/rules.md`` holds (``collect-lint rules --format markdown``; a test keeps it current)."""

from __future__ import annotations

from typing import Iterable

from ..models import CATEGORIES

CATEGORY_TITLES = {
    "threat": "威胁恐吓 (threat)",
    "insult": "侮辱谩骂 (insult)",
    "privacy": "隐私与个人信息 (privacy)",
    "deception": "虚假陈述与冒充 (deception)",
    "repayment": "违规还款要求 (repayment)",
    "disclosure": "身份披露 (disclosure)",
    "hours": "联系时段 (hours)",
    "frequency": "联系频次 (frequency)",
    "suppression": "抑制注释 (suppression)",
}


def _examples(rule) -> tuple[list[str], list[str]]:
    """Bad and good examples as one line each (call examples as their utterances)."""
    def line(example) -> str:
        if isinstance(example, str):
            return example
        calls = [
            f"{call.started_at} {call.channel}" + (f" {'接通' if call.connected else '未接通'}" if call.connected is not None else "")
            + "".join(f" | {speaker}: {text}" for speaker, text in call.utterances)
            for call in example.calls
        ]
        return (f"{example.note}: " if example.note else "") + " ⟶ ".join(calls)

    return [line(e) for e in rule.examples.bad], [line(e) for e in rule.examples.good]


def rule_text(rule, classes: dict | None = None) -> list[str]:
    """Everything about one rule, as the ``rule`` command prints it."""
    lines = [f"{rule.id} {rule.name}  [{rule.severity.value}] {rule.category}  (type = {rule.type})", "", rule.message]
    if rule.description:
        lines += ["", f"为什么 (why): {rule.description}"]
    lines += ["", f"依据 (reference): {rule.reference}"]
    if rule.suggestion:
        lines.append(f"建议 (suggestion): {rule.suggestion}")
    for label, text in rule.doc_sections(classes):
        lines.append(f"{label}: {text}")
    bad, good = _examples(rule)
    if bad:
        lines += ["", "违规示例 (flagged):"] + [f"  ✗ {e}" for e in bad]
    if good:
        lines += ["合规示例 (not flagged):"] + [f"  ✓ {e}" for e in good]
    return lines


def rules_markdown(rules: Iterable, classes: dict | None = None) -> str:
    """docs/rules.md: every rule, grouped by category, in ruleset order."""
    rules = list(rules)
    out = [
        "# Rules",
        "",
        "Generated from `rulesets/*.toml` by `collect-lint rules --format markdown`; do not edit by hand",
        "(a test fails when this file is stale). `collect-lint rule ID` prints the same for one rule.",
        "",
        "| id | name | category | severity | message |",
        "|---|---|---|---|---|",
    ]
    out += [f"| [{r.id}](#{r.id.lower()}) | {r.name} | {r.category} | {r.severity.value} | {_cell(r.message)} |" for r in rules]
    for category in (*CATEGORIES, "suppression"):
        members = [r for r in rules if r.category == category]
        if not members:
            continue
        out += ["", f"## {CATEGORY_TITLES[category]}"]
        for rule in members:
            out += ["", f"### {rule.id}", "", f"`{rule.name}` · {rule.severity.value} · type `{rule.type}`", "", f"**{rule.message}**"]
            if rule.description:
                out += ["", rule.description]
            out += ["", f"- 依据 (reference): {rule.reference}"]
            if rule.suggestion:
                out.append(f"- 建议 (suggestion): {rule.suggestion}")
            out += [f"- {label}: {text}" for label, text in rule.doc_sections(classes)]
            bad, good = _examples(rule)
            if bad or good:
                out += [""] + [f"- ✗ {_cell(e)}" for e in bad] + [f"- ✓ {_cell(e)}" for e in good]
    return "\n".join(out) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
