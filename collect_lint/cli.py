"""Command-line interface: a thin layer over ``Linter`` and ``Runner``.

Exit codes: 0 nothing at or above ``--fail-on``; 1 violations; 2 usage, config or input error.
"""

from __future__ import annotations

import json
import sys

import click

from . import __version__
from .backends import BACKENDS, BackendError
from .formats import RENDERERS
from .models import CATEGORIES, Severity
from .ruleset import RuleSet, RulesetError

EXIT_OK, EXIT_VIOLATIONS, EXIT_ERROR = 0, 1, 2
KIND_CHOICES = ("auto", "script", "sms", "template", "transcript")


def _split(values: tuple[str, ...]) -> list[str]:
    """``--select a,b --select c`` → ``[a, b, c]``."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _fail(message: str) -> None:
    click.echo(f"collect-lint: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="collect-lint")
def main() -> None:
    """Check Chinese debt-collection scripts, SMS templates and transcripts for compliance."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--kind", type=click.Choice(KIND_CHOICES), default="auto", show_default=True,
              help="How to read inputs; auto chooses by file extension.")
@click.option("--format", "output_format", type=click.Choice(sorted(RENDERERS)), default="text",
              show_default=True, help="Output format.")
@click.option("--select", multiple=True, help="Only these rules: ids, names, categories or id prefixes (comma-separated).")
@click.option("--ignore", multiple=True, help="Skip these rules: ids, names, categories or id prefixes.")
@click.option("--ruleset", "rulesets", multiple=True, type=click.Path(dir_okay=True),
              help="Extra ruleset file or directory (repeatable).")
@click.option("--fail-on", type=click.Choice([s.value for s in Severity]), default="warning",
              show_default=True, help="Lowest severity that makes the exit code 1.")
@click.option("--backend", type=click.Choice(BACKENDS), default="auto", show_default=True,
              help="Matcher/segmenter backend (fast needs collect-lint[fast]).")
@click.option("--show-matches", is_flag=True, help="Show personal data unmasked in the output.")
@click.option("--statistics", is_flag=True, help="Print counts by rule, category, agent and severity.")
def check(paths, kind, output_format, select, ignore, rulesets, fail_on, backend, show_matches, statistics):
    """Check files, directories (recursed) or - (stdin)."""
    from .linter import Linter
    from .runner import Runner

    try:
        linter = Linter(
            extra_rulesets=list(rulesets),
            select=_split(select),
            ignore=_split(ignore),
            backend=backend,
            show_matches=show_matches,
        )
    except (RulesetError, BackendError) as exc:
        _fail(str(exc))
    renderer = RENDERERS[output_format](click.echo, colour=sys.stdout.isatty(), statistics=statistics)
    runner = Runner(linter, lambda message: click.echo(f"collect-lint: {message}", err=True))
    renderer.begin(linter.rules)
    for diagnostic in runner.run(list(paths), kind):
        renderer.emit(diagnostic)
    renderer.end(runner.summary)
    summary = runner.summary
    if summary.input_errors:
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_VIOLATIONS if summary.count_at_least(Severity(fail_on)) else EXIT_OK)


def _load_rules() -> RuleSet:
    try:
        return RuleSet.load()
    except RulesetError as exc:
        _fail(str(exc))


@main.command("rules")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--category", type=click.Choice(CATEGORIES), help="Only rules of this category.")
def list_rules(output_format, category):
    """List the rules."""
    rules = [r for r in _load_rules() if category is None or r.category == category]
    if output_format == "json":
        click.echo(json.dumps([r.model_dump(mode="json") for r in rules], ensure_ascii=False, indent=2))
        return
    for rule in rules:
        click.echo(f"{rule.id}  {rule.name:<36} {rule.category:<10} {rule.severity.value:<7}  {rule.message}")


@main.command("rule")
@click.argument("key")
def show_rule(key):
    """Explain one rule (by id or name): message, reference, suggestion, examples."""
    rule = _load_rules().get(key)
    if rule is None:
        _fail(f"unknown rule '{key}' (see: collect-lint rules)")
    click.echo(f"{rule.id} {rule.name}  [{rule.severity.value}] {rule.category}")
    click.echo(f"\n{rule.message}")
    click.echo(f"\n依据 (reference): {rule.reference}")
    if rule.suggestion:
        click.echo(f"建议 (suggestion): {rule.suggestion}")
    if rule.fix:
        click.echo(f"安全替换 (safe fix): {rule.fix}")
    if rule.patterns:
        click.echo(f"\n模式 (patterns): {'、'.join(rule.patterns)}")
    if rule.examples.bad:
        click.echo("\n违规示例 (flagged):")
        for example in rule.examples.bad:
            click.echo(f"  ✗ {example}")
    if rule.examples.good:
        click.echo("合规示例 (not flagged):")
        for example in rule.examples.good:
            click.echo(f"  ✓ {example}")
