"""Command-line interface: a thin layer over ``Linter`` and ``Runner``.

Exit codes: 0 nothing at or above ``--fail-on``; 1 violations; 2 usage, config or input error;
130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import sys

import click

from .. import __version__
from ..personal_data import mask_personal_numbers

EXIT_OK, EXIT_VIOLATIONS, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 2, 130


class _Commands(click.Group):
    """The subcommands; Ctrl-C anywhere in one is one line on stderr and exit code 130."""

    def invoke(self, ctx: click.Context):
        from ..formats.i18n import set_language

        set_language(None)  # each command reads --lang or the locale afresh
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo("collect-lint: interrupted", err=True)
            sys.exit(EXIT_INTERRUPTED)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="collect-lint")
def main() -> None:
    """Check Chinese debt-collection scripts, SMS templates and transcripts for compliance."""


def fail(message: str) -> None:
    """One line on stderr, exit code 2 (usage, configuration or input error)."""
    from ..formats.i18n import tr

    warn(f"{tr('error_prefix')}{message}")
    sys.exit(EXIT_ERROR)


def warn(message: str) -> None:
    """One line on stderr; personal numbers in it are masked (input errors arrive masked and
    cut short already, see ``models.InputError``)."""
    click.echo(f"collect-lint: {mask_personal_numbers(message)}", err=True)


def split_values(values: tuple[str, ...]) -> list[str]:
    """``--select a,b --select c`` → ``[a, b, c]``."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


from . import check, configuration, report, rules, serve  # noqa: E402,F401  (register the subcommands)
