"""Review (复核): a reviewer marks findings confirmed or dismissed, with a reason, in a decisions
file; ``--reviewed FILE`` applies it on later runs.

A finding's review id is built from its fingerprint (workflow/baseline.py: rule + hash of the
normalised matched text) and, for a finding in a call, the call id and the occurrence among
equal hashes *in that call*, so the id survives reruns, a new export holding the same calls in
another order, and calls added around it. A finding outside a call (script, SMS, template)
keeps the fingerprint's occurrence in its file and the file's name.

Decisions file (JSON, written by the HTML report's 导出复核结果 button)::

    {"version": 1, "decisions": [
        {"id": "CL-T001-3fa9c2d18e07", "rule": "CL-T001", "state": "dismissed", "reason": "客户原话转述"}
    ]}

``state`` is ``confirmed`` or ``dismissed``; a dismissal needs a reason. Dismissed findings are
hidden from the findings and counts, and kept, with their reason, as SARIF suppressions and in
JSON's ``dismissed`` list.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import PurePath
from typing import Literal, get_args

from ..models import Diagnostic
from ..personal_data import mask_personal_numbers
from .baseline import read_json_file

VERSION = 1
ReviewState = Literal["confirmed", "dismissed"]
REVIEW_STATES: tuple[str, ...] = get_args(ReviewState)
UNREVIEWED = "unreviewed"
# Longest reason kept; longer ones are cut (a decisions file is user input).
REASON_LIMIT = 500


class ReviewError(Exception):
    """A decisions file that cannot be used; the message is one line naming it."""


def review_id(rule: str, scope: str, digest: str, occurrence: int) -> str:
    """``<rule>-<12 hex>``: readable by rule, stable for the same finding."""
    key = "\0".join((rule, scope, digest, str(occurrence)))
    return f"{rule}-{hashlib.sha256(key.encode()).hexdigest()[:12]}"


class FindingIds:
    """Gives diagnostics, in output order, their review ids. A call's diagnostics arrive
    together (workflow/runner.py), so occurrences are counted per call with O(1) memory."""

    def __init__(self) -> None:
        self._call: tuple[str | None, str | None] | None = None
        self._seen: Counter = Counter()

    def id_of(self, d: Diagnostic) -> str:
        digest, _, file_occurrence = (d.fingerprint or "").partition(":")
        if d.call_id is None:
            scope = PurePath(d.path).name if d.path else "-"
            return review_id(d.rule, f"file:{scope}", digest, int(file_occurrence or 0))
        call = (d.path, d.call_id)
        if call != self._call:
            self._call = call
            self._seen.clear()
        occurrence = self._seen[(d.rule, digest)]
        self._seen[(d.rule, digest)] += 1
        return review_id(d.rule, f"call:{d.call_id}", digest, occurrence)


class Review:
    """Decisions by review id; ``mark`` gives each diagnostic its id and review state."""

    def __init__(self, decisions: dict[str, dict] | None = None) -> None:
        self.decisions = decisions or {}
        self.ids = FindingIds()

    @classmethod
    def load(cls, path: str) -> "Review":
        return cls(_decisions(path, read_json_file(path, "decisions", ReviewError)))

    def mark(self, d: Diagnostic) -> Diagnostic:
        finding_id = self.ids.id_of(d)
        decision = self.decisions.get(finding_id)
        review = {"id": finding_id, "state": UNREVIEWED}
        if decision is not None:
            review = {"id": finding_id, "state": decision["state"]}
            if decision.get("reason"):
                review["reason"] = decision["reason"]
        return d.model_copy(update={"review": review})


def is_dismissed(d: Diagnostic) -> bool:
    return d.review is not None and d.review["state"] == "dismissed"


def review_state(d: Diagnostic) -> str:
    return d.review["state"] if d.review is not None else UNREVIEWED


def _decisions(path: str, data) -> dict[str, dict]:
    if not isinstance(data, dict) or not isinstance(data.get("decisions"), list):
        raise ReviewError(f"{path}: not a collect-lint decisions file (expected {{\"version\": 1, \"decisions\": [...]}})")
    if data.get("version") != VERSION:
        raise ReviewError(f"{path}: unsupported decisions file version {str(data.get('version'))[:20]!r}")
    decisions: dict[str, dict] = {}
    for number, entry in enumerate(data["decisions"]):
        if not isinstance(entry, dict):
            raise ReviewError(f"{path}: decision {number}: expected an object")
        if not isinstance(entry.get("id"), str) or not entry["id"]:
            raise ReviewError(f"{path}: decision {number}: field 'id': expected a string")
        if entry.get("state") not in REVIEW_STATES:
            raise ReviewError(f"{path}: decision {number}: field 'state': expected one of {', '.join(REVIEW_STATES)}")
        reason = entry.get("reason", "")
        if not isinstance(reason, str):
            raise ReviewError(f"{path}: decision {number}: field 'reason': expected a string")
        if entry["state"] == "dismissed" and not reason.strip():
            raise ReviewError(f"{path}: decision {number}: a dismissal needs a reason")
        rule = entry.get("rule") if isinstance(entry.get("rule"), str) else ""
        decisions[entry["id"][:100]] = {
            "rule": rule[:40], "state": entry["state"], "reason": mask_personal_numbers(reason.strip()[:REASON_LIMIT]),
        }
    return decisions
