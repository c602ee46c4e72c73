"""``collect-lint config``: the effective configuration and where each value came from."""

from __future__ import annotations

import click

from ..rules import RuleSet, RulesetError
from . import fail, main


@main.command("config")
@click.argument("path", required=False, default=".")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), default=None,
              help="Show this config file instead of the one found upward from PATH.")
def show_config(path, config_file):
    """Print the effective configuration for PATH and where each value came from."""
    from ..config import ConfigError, check_selectors, describe_config, load_config

    try:
        loaded = load_config([path], config_file)
        check_selectors(loaded, RuleSet.load(None, loaded.config.extra_rulesets))
    except (ConfigError, RulesetError) as exc:
        fail(str(exc))
    for line in describe_config(loaded):
        click.echo(line)
