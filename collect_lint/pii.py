"""The pii rule type: unmasked personal numbers found by pattern + validator (+ context).

Numbers are looked for with digit look-arounds (never ``\\b``, which treats Han characters as
word characters); single spaces or dashes between digits are allowed (6222 0212 3456 7890).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Sequence

from .models import Rule

# The digit comes first (then a look-behind at the character before it) so the regex engine
# can skip quickly to digits.
_CANDIDATE_RE = re.compile(r"\d(?<![0-9a-z]\d)(?:[ \-]?\d){10,18}(?:[ \-]?x)?(?![0-9a-z])")
_PART_RE = re.compile(r"\d+x?")  # the numbers inside a run joined by spaces or dashes
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10x98765432"
_PROVINCES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82 83".split()
)
_CONTEXT_WINDOW = 10


def _valid_date(year: int, month: int, day: int) -> bool:
    try:
        born = date(year, month, day)
    except ValueError:
        return False
    return date(1900, 1, 1) <= born <= date.today()


def is_resident_id(number: str) -> bool:
    """GB 11643-1999: 18 characters with check digit, or the old 15-digit form; valid birth date."""
    if len(number) == 18:
        body, check = number[:17], number[17]
        if not body.isdigit() or body[:2] not in _PROVINCES:
            return False
        total = sum(int(d) * w for d, w in zip(body, _ID_WEIGHTS))
        return _ID_CHECK[total % 11] == check and _valid_date(int(body[6:10]), int(body[10:12]), int(body[12:14]))
    if len(number) == 15 and number.isdigit() and number[:2] in _PROVINCES:
        return _valid_date(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]))
    return False


def is_bank_card(number: str) -> bool:
    """16–19 digits, a card-network first digit, Luhn-valid."""
    if not (16 <= len(number) <= 19 and number.isdigit() and number[0] in "345689"):
        return False
    total = 0
    for position, digit in enumerate(reversed(number)):
        value = int(digit)
        if position % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def is_mobile(number: str) -> bool:
    return len(number) == 11 and number.isdigit() and number[0] == "1" and number[1] in "3456789"


VALIDATORS = {"resident_id": is_resident_id, "bank_card": is_bank_card, "mobile": is_mobile}


def mask_number(text: str) -> str:
    """Hide the middle digits, keeping separators: 13812345678 → 138****5678."""
    digits = [i for i, c in enumerate(text) if c.isalnum()]
    keep_head = 3 if len(digits) <= 11 else 4
    hidden = set(digits[keep_head:-4])
    return "".join("*" if i in hidden else c for i, c in enumerate(text))


@dataclass(frozen=True, slots=True)
class PiiHit:
    start: int
    end: int
    rule: Rule


class PiiRules:
    def __init__(self, rules: Sequence[Rule]) -> None:
        # An ID that also passes Luhn is an ID: detectors are tried in this order.
        order = {"resident_id": 0, "bank_card": 1, "mobile": 2}
        self.rules = sorted(rules, key=lambda rule: order[rule.detector])

    def candidates(self, text: str) -> list[int]:
        """Start offsets of the digit runs where ``find`` may report: a number (the run or one
        of its parts) that some rule's validator accepts, whatever the kind, speaker and context."""
        if not self.rules:
            return []
        starts = []
        for match in _CANDIDATE_RE.finditer(text):
            run = match.group()
            if self._valid(run) or any(self._valid(part) for part in _PART_RE.findall(run)):
                starts.append(match.start())
        return starts

    def _valid(self, number: str) -> bool:
        number = number.replace(" ", "").replace("-", "")
        return any(VALIDATORS[rule.detector](number) for rule in self.rules)

    def find(self, text: str, kind: str, speaker: str) -> list[PiiHit]:
        if not self.rules:
            return []
        hits: list[PiiHit] = []
        for match in _CANDIDATE_RE.finditer(text):
            hit = self._classify(text, match.start(), match.end(), kind, speaker)
            if hit is not None:
                hits.append(hit)
                continue
            # "金额 5000 13812345678": a run joined by a space may hide a number on its own.
            for part in _PART_RE.finditer(match.group()):
                start = match.start() + part.start()
                hit = self._classify(text, start, start + len(part.group()), kind, speaker)
                if hit is not None:
                    hits.append(hit)
        return hits

    def _classify(self, text: str, start: int, end: int, kind: str, speaker: str) -> PiiHit | None:
        number = text[start:end].replace(" ", "").replace("-", "")
        before = text[max(0, start - _CONTEXT_WINDOW) : start]
        for rule in self.rules:
            if kind not in rule.kinds or speaker not in rule.speakers:
                continue
            if VALIDATORS[rule.detector](number):
                if any(word in before for word in rule.not_after):
                    return None
                return PiiHit(start, end, rule)
        return None
