"""``collect-lint rules`` and ``collect-lint rule ID``: the rules and their documentation."""

from __future__ import annotations

import json

import click

from ..models import CATEGORIES
from ..rules import RuleSet, RulesetError
from ..rules.docs import rule_text, rules_markdown
from . import fail, main


def _load_rules() -> RuleSet:
    try:
        return RuleSet.load()
    except RulesetError as exc:
        fail(str(exc))


@main.command("rules")
@click.option("--format", "output_format", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True,
              help="markdown: the rule reference (docs/rules.md).")
@click.option("--category", type=click.Choice(CATEGORIES), help="Only rules of this category.")
def list_rules(output_format, category):
    """List the rules."""
    ruleset = _load_rules()
    rules = [r for r in ruleset if category is None or r.category == category]
    if output_format == "json":
        click.echo(json.dumps([r.model_dump(mode="json") for r in rules], ensure_ascii=False, indent=2))
    elif output_format == "markdown":
        click.echo(rules_markdown(rules, ruleset.classes), nl=False)
    else:
        for rule in rules:
            click.echo(f"{rule.id}  {rule.name:<36} {rule.category:<11} {rule.severity.value:<7}  {rule.message}")


@main.command("rule")
@click.argument("key")
def show_rule(key):
    """Explain one rule (by id or name): why, how it decides, scope, fix safety, examples."""
    ruleset = _load_rules()
    rule = ruleset.get(key)
    if rule is None:
        fail(f"unknown rule '{key}' (see: collect-lint rules)")
    for line in rule_text(rule, ruleset.classes):
        click.echo(line)
