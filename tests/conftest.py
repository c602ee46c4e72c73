import os
import sys
import tempfile
from pathlib import Path

import pytest

# Keep test runs from reading or writing the user's cache.
# The frame around findings follows the locale (formats/i18n.py): tests expect English unless
# they ask for Chinese, whatever the developer's locale; and no colour unless they ask.
os.environ["LANG"] = "C.UTF-8"
for _name in ("LC_ALL", "LC_MESSAGES", "NO_COLOR", "FORCE_COLOR"):
    os.environ.pop(_name, None)
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


def _corpus_and_examples():
    """(text, kind) for every corpus/*.jsonl item (and labelled call utterance) and every rule example."""
    import json

    from collect_lint.rules import RuleSet

    found = []
    for path in sorted((ROOT / "corpus").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                if "utterances" in record:  # a labelled call: every utterance's text
                    found.extend((u["text"], "transcript") for u in record["utterances"])
                else:
                    found.append((record["text"], record.get("kind", "script")))
    for rule in RuleSet.load():
        if not rule.has_text_scope:
            continue
        kind = "script" if "script" in rule.kinds else rule.kinds[0]
        found.extend((example, kind) for example in rule.examples.bad + rule.examples.good)
    return found


@pytest.fixture(scope="session")
def corpus_texts():
    """Every corpus item and rule example as (text, kind): the inputs equivalence tests run on."""
    return _corpus_and_examples()
