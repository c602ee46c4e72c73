"""``sarif``: one SARIF 2.1.0 log for GitHub code scanning and other SARIF viewers.

Rules go to ``tool.driver.rules`` (with ``help.markdown``, and ``helpUri`` when the
configuration's ``docs-url`` says where the team hosts docs/rules.md); each result has
``ruleId``, ``level``, a region with 1-based line/column counted in Unicode code points, and
``partialFingerprints`` (no line numbers, so a moved line keeps its identity; every result,
the linter's notes on suppression comments included). Findings an inline comment suppressed
are results with ``suppressions: [{"kind": "inSource", "justification": <the written
reason>}]``; with a baseline, every result has ``baselineState`` (``new``, or ``unchanged`` for
an accepted finding, which also carries an ``external`` suppression). Regulators can see what
was exempted and why.
"""

from __future__ import annotations

import json
from pathlib import PurePath
from urllib.parse import quote

from collections import Counter

from .. import __version__
from .message import finding_message

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
_LEVELS = {"error": "error", "warning": "warning", "info": "note"}
def help_uri(docs_url: str | None, rule_id: str) -> dict:
    """``{"helpUri": …}`` for a rule: its section of the rules reference at ``docs-url`` (the
    configured address of docs/rules.md where the team hosts it), or nothing when none is set —
    the rule's full help is in ``help`` either way, and a made-up address would be a dead link."""
    return {"helpUri": f"{docs_url}#{rule_id.lower()}"} if docs_url else {}


def _markdown(text: str) -> str:
    """Text safe inside Markdown (no emphasis, links or HTML by accident)."""
    return "".join("\\" + c if c in "\\`*_[]<>#|" else c for c in text)


def rule_descriptor(rule, docs_url: str | None = None) -> dict:
    """A reportingDescriptor for a Rule."""
    help_lines = [rule.message]
    if rule.suggestion:
        help_lines.append(f"建议: {rule.suggestion}")
    if getattr(rule, "fix", None):
        help_lines.append(f"安全替换: {rule.fix}")
    help_lines.append(f"依据: {rule.reference}")
    markdown = [f"**{_markdown(rule.message)}**", ""]
    if rule.suggestion:
        markdown.append(f"- 建议：{_markdown(rule.suggestion)}")
    if getattr(rule, "fix", None):
        markdown.append(f"- 安全替换（`--fix`）：{_markdown(rule.fix)}")
    markdown.append(f"- 依据：{_markdown(rule.reference)}")
    markdown.append(f"- 类别：{rule.category}；规则名：`{rule.name}`")
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.message},
        "fullDescription": {"text": f"{rule.category}: {rule.message}（依据：{rule.reference}）"},
        "help": {"text": "\n".join(help_lines), "markdown": "\n".join(markdown)},
        **help_uri(docs_url, rule.id),
        "defaultConfiguration": {"level": _LEVELS[rule.severity.value]},
        "properties": {"category": rule.category, "tags": [rule.category]},
    }


def _descriptor_from(d, docs_url: str | None = None) -> dict:
    """For diagnostics whose rule is not in the ruleset (the linter's own suppression notes)."""
    return {
        "id": d.rule,
        "name": d.name,
        "shortDescription": {"text": d.name},
        "fullDescription": {"text": d.message},
        "help": {"text": d.message, "markdown": _markdown(d.message)},
        **help_uri(docs_url, d.rule),
        "defaultConfiguration": {"level": _LEVELS[d.severity.value]},
        "properties": {"category": d.category, "tags": [d.category]},
    }


def artifact_uri(path: str | None) -> str:
    if not path or path == "-":
        return "stdin"
    return quote(PurePath(path).as_posix())


class SarifRenderer:
    def __init__(self, write, colour: bool = False, statistics: bool = False, explain: bool = False) -> None:
        self.write = write
        self.rules: list[dict] = []
        self.rule_index: dict[str, int] = {}
        self.results: list[dict] = []
        self.baseline = False  # set when the run uses a baseline: results get baselineState
        self.seen: Counter = Counter()  # fingerprints made here, per (path, rule, hash)
        self.docs_url: str | None = None  # config docs-url: helpUri/informationUri when set

    def begin(self, rules) -> None:
        for rule in rules:
            self._add_rule(rule_descriptor(rule, self.docs_url))

    def _add_rule(self, descriptor: dict) -> int:
        if descriptor["id"] not in self.rule_index:
            self.rule_index[descriptor["id"]] = len(self.rules)
            self.rules.append(descriptor)
        return self.rule_index[descriptor["id"]]

    def emit(self, d) -> dict:
        index = self.rule_index.get(d.rule)
        if index is None:
            index = self._add_rule(_descriptor_from(d, self.docs_url))
        message = finding_message(d)
        result = {
            "ruleId": d.rule,
            "ruleIndex": index,
            "level": _LEVELS[d.severity.value],
            "message": {"text": message},
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": {"uri": artifact_uri(d.path)},
                    "region": {
                        "startLine": d.line,
                        "startColumn": d.column,
                        "endLine": d.end_line,
                        "endColumn": d.end_column,
                        "snippet": {"text": d.text},
                    },
                }
            }],
        }
        result["partialFingerprints"] = {"collectLint/v1": f"{d.rule}:{d.fingerprint or self._fingerprint(d)}"}
        if self.baseline:
            baselined = d.suppression is not None and d.suppression.get("baselined")
            result["baselineState"] = "unchanged" if baselined else "new"
        properties = {k: v for k, v in (
            ("category", d.category), ("templateId", d.template_id), ("callId", d.call_id), ("fix", d.fix),
            ("explanation", d.explanation),
        ) if v is not None}
        if d.review is not None:
            properties["reviewId"] = d.review["id"]
            properties["reviewState"] = d.review["state"]
        if properties:
            result["properties"] = properties
        self.results.append(result)
        return result

    def _fingerprint(self, d) -> str:
        """For results without one (suppression notes, suppressed findings): the same form,
        the hash of rule and text and its occurrence among equal ones in the file."""
        from ..workflow.baseline import text_hash

        digest = text_hash(d.rule, d.text)
        key = (d.path, d.call_id, digest)
        occurrence = self.seen[key]
        self.seen[key] += 1
        return f"{digest}:{occurrence}"

    def suppressed(self, d) -> None:
        """A finding an inline comment (``inSource``, with its written reason) or the baseline
        (``external``) suppressed."""
        result = self.emit(d)
        result["suppressions"] = [{"kind": d.suppression["kind"], "status": "accepted",
                                   "justification": d.suppression["justification"]}]

    def dismiss(self, d) -> None:
        """A finding a reviewer dismissed (--reviewed): a result with an external suppression."""
        result = self.emit(d)
        result["suppressions"] = [{"kind": "external", "status": "accepted", "justification": d.review.get("reason", "")}]

    def end(self, summary) -> None:
        log = {
            "$schema": SCHEMA,
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {
                    "name": "collect-lint",
                    "version": __version__,
                    **({"informationUri": self.docs_url} if self.docs_url else {}),
                    "rules": self.rules,
                }},
                "columnKind": "unicodeCodePoints",
                "results": self.results,
                "invocations": [{
                    "executionSuccessful": not summary.input_errors,
                    "toolExecutionNotifications": [
                        {"level": "error", "message": {"text": str(error)}} for error in summary.input_errors
                    ],
                }],
            }],
        }
        self.write(json.dumps(log, ensure_ascii=False, indent=2))
