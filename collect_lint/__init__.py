"""collect_lint: compliance linter for Chinese debt-collection communications.

>>> from collect_lint import Linter
>>> linter = Linter()                      # loads rules once; thread-safe
>>> diagnostics = linter.check("……", kind="sms")
"""

from .engine.linter import Linter
from .models import Diagnostic, Item, Severity
from .rules import RuleHeader as Rule
from .rules import RuleSet, RulesetError

__all__ = ["Diagnostic", "Item", "Linter", "Rule", "RuleSet", "RulesetError", "Severity"]
__version__ = "0.1.0"
