"""Personal numbers: what makes a digit run a resident ID, bank card or mobile number, and how
it is shown masked. The pii rule type (checks/pii.py) finds them in checked text; every message
the linter writes about its input (input errors, warnings, diffs) masks them with the same
validators (``mask_personal_numbers``)."""

from __future__ import annotations

import re
from datetime import date

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10x98765432"
_PROVINCES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82 83".split()
)
# A run of digits (single spaces or dashes between them allowed) with an optional final X, as
# written in messages: no look-arounds, so a number glued to letters is still found.
_RUN_RE = re.compile(r"\d(?:[ \-]?\d)*(?:[ \-]?[xX])?")
_SEPARATORS = str.maketrans("", "", " -")


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


def is_personal_number(number: str) -> bool:
    """Whether ``number`` (digits, a final x or X allowed) is an ID, card or mobile number."""
    number = number.lower()
    return any(valid(number) for valid in VALIDATORS.values())


def mask_personal_numbers(text: str) -> str:
    """``text`` with every digit run masked that is a personal number: as a whole (separators
    dropped), in one of its space- or dash-separated parts, or after a +86 / 0086 prefix."""
    if not any(c.isdigit() for c in text):
        return text

    def masked(match: re.Match) -> str:
        run = match.group()
        digits = run.translate(_SEPARATORS)
        candidates = [digits, *re.split(r"[ \-]", run)]
        candidates += [digits[len(prefix):] for prefix in ("86", "0086") if digits.startswith(prefix)]
        return mask_number(run) if any(is_personal_number(c) for c in candidates) else run

    return _RUN_RE.sub(masked, text)
