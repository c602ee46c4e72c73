"""How common a word is in ordinary Chinese text, estimated from jieba's dictionary.

The pre-filter of frame rules starts from the rarest of a frame's word sets: the rarer the
words that make an item worth a closer look, the fewer items get one. A word matches inside
other words (到 in 得到, 到底), so its estimate is how often it occurs as a substring of the
dictionary's words, weighted by their frequencies (the corpus counts jieba ships). A word that
is in no dictionary word (你这个, 到你家: it spans two words) gets a share of its rarest
character's count instead.

Only built when rule tables are compiled (their cache keeps the result): reading the
dictionary takes ~0.3 s.
"""

from __future__ import annotations

import importlib.util
import os
from typing import Iterable

# A word found in no dictionary word is assumed this many times rarer than its rarest character.
_SPANNING_WORD_SHARE = 100


def _dictionary_file() -> str | None:
    """jieba's dict.txt, found without importing jieba (its import alone takes ~0.1 s)."""
    spec = importlib.util.find_spec("jieba")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = os.path.join(folder, "dict.txt")
        if os.path.exists(path):
            return path
    return None


def substring_frequencies(words: Iterable[str]) -> dict[str, float]:
    """``{word: estimated count}`` for each of ``words`` (all 1.0 when jieba's dictionary
    cannot be read: then every word looks alike and callers fall back to their own order)."""
    import ahocorasick

    words = sorted(set(w for w in words if w))
    path = _dictionary_file()
    if not words or path is None:
        return dict.fromkeys(words, 1.0)
    keys = set(words) | {char for word in words for char in word}
    automaton = ahocorasick.Automaton()
    for key in keys:
        automaton.add_word(key, key)
    automaton.make_automaton()
    counts = dict.fromkeys(keys, 0)
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            parts = line.split(" ", 2)
            if len(parts) < 2 or not parts[1].isdigit():
                continue
            weight = int(parts[1])
            for _, key in automaton.iter(parts[0]):
                counts[key] += weight
    return {
        word: float(counts[word]) if counts[word] or len(word) == 1 else min(counts[c] for c in word) / _SPANNING_WORD_SHARE
        for word in words
    }
