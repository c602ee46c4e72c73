"""Output formats: small renderers over the one Diagnostic model.

A renderer gets ``begin(rules)``, one ``emit(diagnostic)`` per finding (in order, so streaming
formats can write at once) and ``end(summary)``; it writes through ``write(str)``. With ``--reviewed``, dismissed findings go
to ``dismiss(diagnostic)`` instead of ``emit`` (renderers without it do not show them). The
report formats (html, csv, csv-agents, csv-rules, xlsx) also ``observe(runner)`` to see every
call; xlsx is ``binary`` and writes bytes, to a file only.
"""

from __future__ import annotations

from typing import Callable

from .csv import AgentCsvRenderer, CsvRenderer, RuleCsvRenderer
from .github import GithubRenderer
from .html import HtmlRenderer
from .json import JsonRenderer, JsonLinesRenderer
from .sarif import SarifRenderer
from .text import TextRenderer
from .xlsx import XlsxRenderer

RENDERERS: dict[str, Callable] = {
    "text": TextRenderer,
    "json": JsonRenderer,
    "jsonl": JsonLinesRenderer,
    "sarif": SarifRenderer,
    "github": GithubRenderer,
    "html": HtmlRenderer,
    "csv": CsvRenderer,
    "csv-agents": AgentCsvRenderer,
    "csv-rules": RuleCsvRenderer,
    "xlsx": XlsxRenderer,
}
REPORT_FORMATS = ("html", "csv", "csv-agents", "csv-rules", "xlsx")
# The formats a report file is written in, by the file name's ending (collect-lint report -o).
REPORT_SUFFIXES = {".html": "html", ".htm": "html", ".agents.csv": "csv-agents", ".rules.csv": "csv-rules", ".csv": "csv", ".xlsx": "xlsx"}
