"""Value slots of frames: spans read as a value, not matched as words — ``<night-time>``
(a clock time or time word between 22:00 and 08:00, Chinese numerals included: 夜里十一点半,
凌晨两点, 23:30, 半夜), ``<clock-time>`` (any clock time), ``<amount>`` (a sum of money: 2000元,
五百块, 3万) and ``<percent>`` (30%, 百分之五).

A value slot never anchors a frame: it is looked for only in the window next to a matched
slot, with one module-level regex per kind, so no regex is compiled per message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_NUMERAL = "[零〇一二两三四五六七八九十]"
EVENING = ("今晚", "今天晚上", "明晚", "明天晚上", "晚上", "晚间", "夜里", "夜间", "夜晚", "晚")
LATE_NIGHT = ("三更半夜", "大半夜", "后半夜", "半夜", "深夜", "午夜", "凌晨", "半夜三更")
MORNING = ("明天一早", "大清早", "明天早上", "今天早上", "早上", "早晨", "清晨", "一早", "明早", "一大早")
# Night words that need no clock time to mean 22:00–08:00.
NIGHT_WORDS = LATE_NIGHT + ("夜里", "夜间")
_QUALIFIERS = sorted(EVENING + LATE_NIGHT + MORNING, key=len, reverse=True)
_CLOCK_RE = re.compile(
    "(?:(?P<qual>" + "|".join(_QUALIFIERS) + r")\s*)?"
    r"(?P<hour>[0-2]?\d|" + _NUMERAL + "{1,3})"
    r"\s*(?:(?P<sep>点|點|时|時)(?P<min>半|[一三]刻|[0-5]?\d分?|" + _NUMERAL + r"{1,3}分?)?|[:：](?P<mm>[0-5]\d))"
)
_NIGHT_WORD_RE = re.compile("|".join(sorted(NIGHT_WORDS, key=len, reverse=True)))
_AMOUNT_RE = re.compile(
    r"(?:\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千万]+)\s*(?:多|余|几)?\s*(?:万元|千元|百元|元|块钱|块|万|千|w|k|rmb|人民币)"
)
_PERCENT_RE = re.compile(r"\d+(?:\.\d+)?\s*[%％]|百分之[零〇一二两三四五六七八九十百\d.]+")


def chinese_number(text: str) -> int | None:
    """``十一`` → 11, ``二十三`` → 23, ``两`` → 2, ``12`` → 12 (up to 99)."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        high = _DIGITS.get(tens, None) if tens else 1
        low = _DIGITS.get(ones, None) if ones else 0
        if high is None or low is None:
            return None
        return high * 10 + low
    if len(text) == 1:
        return _DIGITS.get(text)
    return None


def _minutes(text: str | None) -> int | None:
    if not text:
        return 0
    if text == "半":
        return 30
    if text.endswith("刻"):
        return 15 if text[0] == "一" else 45
    value = chinese_number(text.rstrip("分"))
    return value if value is not None and value < 60 else None


def clock_minutes(match: re.Match) -> int | None:
    """Minutes after midnight of a clock expression, qualifier applied; None if not a time."""
    hour = chinese_number(match.group("hour"))
    minutes = _minutes(match.group("min")) if match.group("sep") else int(match.group("mm"))
    if hour is None or minutes is None or hour > 24:
        return None
    qualifier = match.group("qual")
    if qualifier in EVENING:
        if 6 <= hour <= 11:
            hour += 12
        elif hour == 12:
            hour = 0
    elif qualifier in LATE_NIGHT:
        if hour == 12:
            hour = 0
    hour %= 24
    return hour * 60 + minutes


def _night_clock(match: re.Match) -> bool:
    minutes = clock_minutes(match)
    if minutes is None:
        return False
    qualified = match.group("qual") is not None
    if not qualified and match.group("sep") and minutes < 22 * 60:
        return False  # "三点" alone is more likely 3 p.m. than 3 a.m.
    return minutes >= 22 * 60 or minutes < 8 * 60


@dataclass(frozen=True)
class ValueKind:
    name: str
    finders: tuple[tuple[re.Pattern, Callable[[re.Match], bool] | None], ...]
    # Words one of which is in any text holding such a value (the batch pre-filter's condition).
    cues: tuple[str, ...]
    description: str

    def spans(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """Spans of values of this kind inside ``text[start:end]``, by start."""
        longest: dict[int, int] = {}
        for regex, valid in self.finders:
            for match in regex.finditer(text, start, end):
                if valid is None or valid(match):
                    longest[match.start()] = max(match.end(), longest.get(match.start(), 0))
        return sorted(longest.items())


VALUE_KINDS: dict[str, ValueKind] = {
    kind.name: kind
    for kind in (
        ValueKind(
            "night-time",
            ((_CLOCK_RE, _night_clock), (_NIGHT_WORD_RE, None)),
            ("点", "點", "时", "時", ":", "：", *NIGHT_WORDS),
            "22:00–08:00 的钟点（夜里十一点半、凌晨两点、23:30、早上七点）或夜间时间词（半夜、深夜、凌晨）",
        ),
        ValueKind(
            "clock-time",
            ((_CLOCK_RE, lambda m: clock_minutes(m) is not None),),
            ("点", "點", "时", "時", ":", "："),
            "任意钟点（十点半、晚上九点、14:00）",
        ),
        ValueKind(
            "amount",
            ((_AMOUNT_RE, None),),
            ("元", "块", "万", "千", "w", "k", "rmb", "人民币"),
            "金额（2000元、五百块、3万）",
        ),
        ValueKind("percent", ((_PERCENT_RE, None),), ("%", "％", "百分之"), "百分比（30%、百分之五）"),
    )
}
