"""collect_lint: compliance linter for Chinese debt-collection communications.

>>> from collect_lint import Linter
>>> linter = Linter()                      # loads rules once; thread-safe
>>> diagnostics = linter.check("……", kind="sms")
>>> from collect_lint import ContactGate   # may I call or text debtor D at time T?
"""

from __future__ import annotations

import sys

__all__ = ["ContactGate", "Diagnostic", "Item", "Linter", "Rule", "RuleSet", "RulesetError", "Severity"]
__version__ = "0.1.0"

# The public names, imported on first use: the command line starts from this package too
# (``cli_main``), and must be able to answer Ctrl-C before the engine is imported.
_EXPORTS = {
    "ContactGate": ("contact", "ContactGate"),
    "Linter": ("engine.linter", "Linter"),
    "Diagnostic": ("models", "Diagnostic"),
    "Item": ("models", "Item"),
    "Severity": ("models", "Severity"),
    "Rule": ("rules", "RuleHeader"),
    "RuleSet": ("rules", "RuleSet"),
    "RulesetError": ("rules", "RulesetError"),
}


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module 'collect_lint' has no attribute {name!r}")
    from importlib import import_module

    module, attribute = _EXPORTS[name]
    value = getattr(import_module(f".{module}", __name__), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(list(globals()) + list(_EXPORTS))


def cli_main() -> None:
    """The ``collect-lint`` command. Ctrl-C is one line and exit code 130 from the very start,
    while the command line is still being imported too."""
    try:
        from .cli import main

        main()
    except KeyboardInterrupt:
        sys.stderr.write("collect-lint: interrupted\n")
        _exit_interrupted()
    except SystemExit as exc:
        if exc.code == 130:  # cli.EXIT_INTERRUPTED: the subcommand reported the interrupt
            _exit_interrupted()
        raise


def _exit_interrupted() -> None:
    # Exit at once: CPython marks an interrupt that passed through exec()'d code (dataclass
    # and namedtuple creation) as unhandled, even once caught, and would end the process by
    # SIGINT instead of exit code 130. Workers end with this process (workflow/parallel.py).
    import os

    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(130)
