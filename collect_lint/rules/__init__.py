"""Rules as data: the shared header (schema.py), loading and selecting ruleset files
(loader.py), selectors (selectors.py) and rule documentation (docs.py)."""

from .loader import RuleSet, RulesetError, default_ruleset_dir, load_ruleset_file
from .schema import Examples, RuleHeader, TextRuleHeader

__all__ = ["Examples", "RuleHeader", "RuleSet", "RulesetError", "TextRuleHeader", "default_ruleset_dir", "load_ruleset_file"]
