"""``html``: one self-contained report file (inline CSS, JS and SVG; nothing is fetched, and a
Content-Security-Policy forbids fetching) with a Chinese UI: summary, per agent, per rule,
contact timing, and a filterable findings table where a reviewer marks findings confirmed or
dismissed and exports a decisions file (workflow/review.py). The data is one JSON document in
the page (``ReportData.payload``), drawn by the page's script."""

from __future__ import annotations

import json
from importlib.resources import files

from .report_data import ReportRenderer

_PLACEHOLDER = "/*DATA*/"


def page(payload: dict) -> str:
    """The report page with ``payload`` embedded (safe inside a script element)."""
    data = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    # "</script>" or "<!--" in a value must not end or confuse the script element.
    data = data.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    template = files(__package__).joinpath("report.html").read_text(encoding="utf-8")
    return template.replace(_PLACEHOLDER, data, 1)


class HtmlRenderer(ReportRenderer):
    def end(self, summary) -> None:
        self.write(page(self.data.payload(summary)))
