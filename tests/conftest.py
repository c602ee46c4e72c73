import os
import sys
import tempfile
from pathlib import Path

import pytest

# Keep test runs from reading or writing the user's cache.
os.environ.setdefault("COLLECT_LINT_CACHE_DIR", os.path.join(tempfile.gettempdir(), "collect-lint-test-cache"))

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def linter():
    from collect_lint import Linter

    return Linter(backend="default")


@pytest.fixture(scope="session")
def codes(linter):
    """codes(text, kind="script") → the rule ids found, in order."""

    def run(text, kind="script", **kwargs):
        return [d.rule for d in linter.check(text, kind=kind, **kwargs)]

    return run


@pytest.fixture(scope="session")
def categories(linter):
    def run(text, kind="script", **kwargs):
        return {d.category for d in linter.check(text, kind=kind, **kwargs)}

    return run


@pytest.fixture
def cli():
    """Run the CLI in-process with click's runner: cli(args, input=None) → result."""
    from click.testing import CliRunner

    from collect_lint.cli import main

    def run(args, input=None):
        return CliRunner().invoke(main, args, input=input, catch_exceptions=False)

    return run
