"""Homophone variants of short insult/threat patterns (沙比, 煞笔 → 傻逼).

Variants are enumerated once per ruleset from GB 2312 characters with the same
toneless pinyin, minus anything that is a real word in jieba's dictionary, and cached on disk:
pypinyin is far too slow to run over every message.
"""

from __future__ import annotations

import itertools
from functools import lru_cache

MAX_VARIANTS_PER_PATTERN = 600
VERSION = 2  # bump when the variant algorithm changes: cached tables are then rebuilt


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
def _dictionary_words() -> frozenset[str]:
    import os

    import jieba

    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    with open(path, encoding="utf-8") as handle:
        return frozenset(line.split(" ", 1)[0] for line in handle if len(line.split(" ", 1)[0]) <= 4)


def variants(pattern: str) -> list[str]:
    """Same-sounding spellings of ``pattern`` (2–4 Han characters), excluding real words."""
    from pypinyin import Style, lazy_pinyin

    if not 2 <= len(pattern) <= 4 or not all("\u4e00" <= c <= "\u9fff" for c in pattern):
        return []
    index = _reading_index()
    readings = lazy_pinyin(pattern, style=Style.NORMAL)
    if len(readings) != len(pattern):
        return []
    choices = [tuple(dict.fromkeys((char,) + index.get(reading, ()))) for char, reading in zip(pattern, readings)]
    words = _dictionary_words()
    result = []
    for combo in itertools.islice(itertools.product(*choices), MAX_VARIANTS_PER_PATTERN):
        variant = "".join(combo)
        if variant != pattern and variant not in words:
            result.append(variant)
    return result
