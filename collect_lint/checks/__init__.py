"""Rule types: one module each (its rule model and, for text rules, its check), listed here.

To add a rule type, write its module and add one line to ``RULE_TYPES`` (docs/architecture.md).
"""

from __future__ import annotations

from .base import Batch, CallCheck, Environment, Prepared, RuleType, Scope, TextCheck
from .contact import ContactRule
from .frame import FrameCheck, FrameRule
from .phrase import PhraseCheck, PhraseRule
from .pii import PiiCheck, PiiRule
from .placeholder import PlaceholderCheck, PlaceholderRule
from .suppression import SuppressionRule

RULE_TYPES: dict[str, RuleType] = {
    rule_type.name: rule_type
    for rule_type in (
        RuleType("phrase", PhraseRule, PhraseCheck),
        RuleType("frame", FrameRule, FrameCheck),
        RuleType("pii", PiiRule, PiiCheck),
        RuleType("placeholder", PlaceholderRule, PlaceholderCheck),
        RuleType("contact", ContactRule, level="call"),
        RuleType("suppression", SuppressionRule, level="meta"),
    )
}
DEFAULT_TYPE = "phrase"  # a rule without ``type``

__all__ = [
    "Batch", "CallCheck", "DEFAULT_TYPE", "Environment", "Prepared", "RULE_TYPES", "RuleType", "Scope", "TextCheck",
]
