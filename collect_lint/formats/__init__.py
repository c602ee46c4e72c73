"""Output formats: small renderers over the one Diagnostic model.

A renderer gets ``begin(rules)``, one ``emit(diagnostic)`` per finding (in order, so streaming
formats can write at once) and ``end(summary)``; it writes through ``write(str)``.
"""

from __future__ import annotations

from typing import Callable

from .github import GithubRenderer
from .json import JsonRenderer, JsonLinesRenderer
from .sarif import SarifRenderer
from .text import TextRenderer

RENDERERS: dict[str, Callable] = {
    "text": TextRenderer,
    "json": JsonRenderer,
    "jsonl": JsonLinesRenderer,
    "sarif": SarifRenderer,
    "github": GithubRenderer,
}
