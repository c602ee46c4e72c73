"""Homophone variants of short insult/threat patterns (沙比, 煞笔 → 傻逼).

Variants are enumerated once per ruleset from GB 2312 characters with the same
toneless pinyin, minus common words, and cached on disk: pypinyin is far too slow to run over
every message.

A common word is one with a frequency of at least ``COMMON_WORD_FREQUENCY`` in jieba's
dictionary (杀掉, 屈死, 老莱子). Rarer dictionary entries stay variants: the dictionary also lists
the evasions themselves (沙比 6, 煞笔 3), so excluding every dictionary word would drop exactly
the spellings collectors use. ``ORDINARY_WORDS`` names the few rare entries that are ordinary
words all the same. The threshold and the list were checked against the benign corpora
(``bench/false_positives.py`` reports lines flagged only because of a homophone variant).
"""

from __future__ import annotations

import itertools
from functools import lru_cache

MAX_VARIANTS_PER_PATTERN = 600
# At most this many variants over all patterns of rules with ``homophones = true``: each is a
# matcher key that costs load time and memory (10,000 patterns at up to 600 variants each took
# 45 s and 2.6 GB to load; 300,000 variants, about 550 patterns, take a few seconds and a few
# hundred MB once, then come from the cache). The shipped rules have about 19,000. A ruleset
# beyond the limit is refused when it is loaded (``TooManyVariants``), never loaded slowly or
# cut short silently.
MAX_VARIANTS = 300_000
_ALGORITHM = 3  # bump when the enumeration changes
# Dictionary words at least this frequent are never variants. jieba's dict.txt also holds the
# evasions themselves (煞笔 3, 傻屄 3, 沙比 6); the shipped rules' variants reach dictionary
# words of frequency 3–8 and then 33 (屈死), 257 (老莱子), 392 (杀掉): 20 sits in the gap.
COMMON_WORD_FREQUENCY = 20
# Ordinary words the threshold misses (rare in, or absent from, jieba's dictionary): never
# variants, whatever their pattern. 老来 fired on benign reviews (她们就老来收你的碗); the others
# are rare dictionary entries (frequency 3–8) that are ordinary nouns.
ORDINARY_WORDS = frozenset(
    (
        "老来",  # "in old age" / "keeps coming" (老来得子, 老来收碗), sounds like 老赖
        "沙茶",  # satay (沙茶酱), sounds like 傻叉
        "沙雕",  # sand sculpture, sounds like 傻屌
        "萨比",  # transliterated names (萨比娜 Sabina), sounds like 撒比
    )
)
# Part of the cache key of variant tables: changing the algorithm, the threshold, the cap or the
# word list rebuilds cached tables.
VERSION = f"{_ALGORITHM}:{COMMON_WORD_FREQUENCY}:{MAX_VARIANTS_PER_PATTERN}:{'/'.join(sorted(ORDINARY_WORDS))}"


@lru_cache(maxsize=1)
def _reading_index() -> dict[str, tuple[str, ...]]:
    from pypinyin import Style, lazy_pinyin

    index: dict[str, list[str]] = {}
    for high in range(0xB0, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                char = bytes((high, low)).decode("gb2312")
            except UnicodeDecodeError:
                continue
            reading = lazy_pinyin(char, style=Style.NORMAL)[0]
            index.setdefault(reading, []).append(char)
    return {reading: tuple(chars) for reading, chars in index.items()}


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    """Words of 2–4 characters that are common in jieba's dictionary, and ``ORDINARY_WORDS``."""
    import os

    import jieba

    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    words = set(ORDINARY_WORDS)
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            fields = line.split(" ", 2)
            if len(fields) >= 2 and len(fields[0]) <= 4 and int(fields[1]) >= COMMON_WORD_FREQUENCY:
                words.add(fields[0])
    return frozenset(words)


def variants(pattern: str) -> list[str]:
    """Same-sounding spellings of ``pattern`` (2–4 Han characters), excluding common words."""
    from pypinyin import Style, lazy_pinyin

    if not 2 <= len(pattern) <= 4 or not all("\u4e00" <= c <= "\u9fff" for c in pattern):
        return []
    index = _reading_index()
    readings = lazy_pinyin(pattern, style=Style.NORMAL)
    if len(readings) != len(pattern):
        return []
    choices = [tuple(dict.fromkeys((char,) + index.get(reading, ()))) for char, reading in zip(pattern, readings)]
    words = _common_words()
    result = []
    for combo in itertools.islice(itertools.product(*choices), MAX_VARIANTS_PER_PATTERN):
        variant = "".join(combo)
        if variant != pattern and variant not in words:
            result.append(variant)
    return result


class TooManyVariants(Exception):
    """The patterns would have more than ``MAX_VARIANTS`` homophone variants; ``group`` is the
    index of the group of patterns (a rule's) that went past the limit."""

    def __init__(self, group: int, limit: int) -> None:
        super().__init__(f"more than {limit:,} homophone variants")
        self.group = group


def variant_table(groups: list[list[str]]) -> dict[str, list[str]]:
    """``{pattern: variants(pattern)}`` over groups of patterns (one per rule, in rule order);
    raises ``TooManyVariants`` as soon as the variants pass ``MAX_VARIANTS`` in all, so the
    cost stays bounded whatever the rules ask for."""
    limit = MAX_VARIANTS
    table: dict[str, list[str]] = {}
    total = 0
    for number, patterns in enumerate(groups):
        for pattern in patterns:
            if pattern in table:
                continue
            table[pattern] = found = variants(pattern)
            total += len(found)
            if total > limit:
                raise TooManyVariants(number, limit)
    return table
