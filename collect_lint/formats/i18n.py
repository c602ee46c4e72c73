"""The words around the findings, in the users' language: severity words, summary lines,
statistics headings, the prefix of errors and notes, progress. Rule messages and suggestions are
Chinese already and stay as they are; machine formats (JSON, SARIF, …) keep English keys.

The language is ``--lang zh|en`` when given, else Chinese when ``LC_ALL``, ``LC_MESSAGES`` or
``LANG`` (the first one set, as gettext reads them) starts with ``zh``, else English.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Mapping

LANGUAGES = ("en", "zh")

# The catalogue is data: messages.toml beside this module, one table per key with en and zh.
MESSAGES: dict[str, dict[str, str]] = tomllib.loads((Path(__file__).with_name("messages.toml")).read_text(encoding="utf-8"))

_chosen: str | None = None


def detect_language(option: str | None = None, environ: Mapping[str, str] = os.environ) -> str:
    """``option`` when given, else by the locale variables (see the module docstring)."""
    if option:
        return option
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def set_language(language: str | None) -> None:
    """Use ``language`` for this command (None: detect from the environment again)."""
    global _chosen
    _chosen = language


def language() -> str:
    return _chosen if _chosen is not None else detect_language()


def tr(key: str, **values) -> str:
    """The message ``key`` in the current language, formatted with ``values``. English
    ``singular|plural`` entries choose by ``n``."""
    text = MESSAGES[key][language()]
    if "|" in text:
        singular, plural = text.split("|")
        text = singular if values.get("n") == 1 else plural
    return text.format(**values)
