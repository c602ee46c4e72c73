"""Word segmentation backends (jieba), loaded lazily and only for text with candidates.

jieba cuts every maximal run of "block" characters (Han, ASCII letters and digits, ``+#&._%-``)
on its own, so segmenting only the block around a candidate gives exactly the tokens that
segmenting the whole text would give there.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from typing import Iterable, Protocol


def is_block_char(char: str) -> bool:
    """True for characters jieba keeps inside one block (its ``re_han_default``)."""
    return "\u4e00" <= char <= "\u9fd5" or (char.isascii() and (char.isalnum() or char in "+#&._%-"))


# The same characters as a regex class: ``BLOCK_RE.finditer`` lists a text's blocks.
BLOCK_RE = re.compile("[\u4e00-\u9fd5A-Za-z0-9+#&._%\\-]+")


def block_around(text: str, index: int) -> tuple[int, int]:
    """The [start, end) of the jieba block containing ``text[index]`` (empty if none)."""
    if index >= len(text) or not is_block_char(text[index]):
        return index, index
    start = index
    while start > 0 and is_block_char(text[start - 1]):
        start -= 1
    end = index + 1
    while end < len(text) and is_block_char(text[end]):
        end += 1
    return start, end


class Segmenter(Protocol):
    name: str

    def boundaries(self, block: str) -> frozenset[int]:
        """Token boundary offsets (including 0 and len) of one jieba block."""
        ...


def _words_key(words: list[str]) -> str:
    import hashlib
    from importlib.metadata import version

    digest = hashlib.sha256("\n".join(words).encode()).hexdigest()
    return f"{_DICTIONARY_VERSION}:jieba-{version('jieba')}:{digest}"


_DICTIONARY_VERSION = 1


def jieba_dictionary(words: list[str]) -> tuple[dict[str, int], int, list[tuple[str, int]]]:
    """jieba's prefix dictionary (FREQ, total) after ``add_word`` of each of ``words`` in order,
    and the frequency jieba suggested for each added word (the fast backend replays these)."""
    import jieba

    tokenizer = jieba.Tokenizer()
    # gen_pfdict rather than initialize(): no log lines and no jieba cache file in /tmp.
    tokenizer.FREQ, tokenizer.total = tokenizer.gen_pfdict(tokenizer.get_dict_file())
    tokenizer.initialized = True
    added = []
    for word in words:
        freq = tokenizer.suggest_freq(word)
        tokenizer.add_word(word, freq)
        added.append((word, freq))
    return tokenizer.FREQ, tokenizer.total, added


class JiebaSegmenter:
    """jieba 0.42 with HMM off, its own Tokenizer (the global one is left alone).

    The tokenizer is built on first use only. Its prefix dictionary with our words added is
    cached on disk keyed by the words (``normalize.load_cached``): unpickling it takes ~0.15 s
    where jieba's own marshal cache takes ~0.6 s and adding the words another ~0.1 s.
    """

    name = "jieba"

    def __init__(self, words: Iterable[str]) -> None:
        self._words = sorted(set(words))
        self._tokenizer = None
        self._lock = threading.Lock()
        self.boundaries = lru_cache(maxsize=8192)(self._boundaries)

    @property
    def loaded(self) -> bool:
        """True once the dictionary has been loaded (a run without candidates never does)."""
        return self._tokenizer is not None

    def _load(self):
        with self._lock:
            if self._tokenizer is None:
                self._tokenizer = self._build()
        return self._tokenizer

    def _build(self):
        import jieba

        from .normalize import load_cached

        words = self._words
        freq, total = load_cached("jieba-dictionary", _words_key(words), lambda: jieba_dictionary(words)[:2])
        tokenizer = jieba.Tokenizer()
        tokenizer.FREQ, tokenizer.total = freq, total
        tokenizer.initialized = True
        return tokenizer

    def cut(self, text: str) -> list[str]:
        tokenizer = self._tokenizer or self._load()
        return list(tokenizer.cut(text, HMM=False))

    def boundaries(self, block: str) -> frozenset[int]:  # replaced per instance by an LRU cache
        return self._boundaries(block)

    def _boundaries(self, block: str) -> frozenset[int]:
        edges = {0}
        position = 0
        for token in self.cut(block):
            position += len(token)
            edges.add(position)
        return frozenset(edges)


class RJiebaSegmenter(JiebaSegmenter):
    """rjieba (Rust port of jieba, same dictionary; HMM off): the fast backend.

    Words are added with the frequencies jieba's own ``add_word`` would give them (computed
    once with jieba and cached): rjieba's ``suggest_freq`` sees a different running total, and
    a different frequency can move a token boundary.
    """

    name = "rjieba"

    def _build(self):
        from .normalize import load_cached

        words = self._words
        added = load_cached("rjieba-words", _words_key(words), lambda: jieba_dictionary(words)[2])
        tokenizer = _rjieba_class()()
        for word, freq in added:
            tokenizer.add_word(word, freq, None)
        return tokenizer

    def cut(self, text: str) -> list[str]:
        tokenizer = self._tokenizer or self._load()
        return tokenizer.cut(text, False)


def _rjieba_class():
    """rjieba's ``Jieba`` class. ``import rjieba`` also builds a module-level default tokenizer
    (a second full dictionary load, ~0.1 s of cold start we never use), so the compiled module
    is loaded on its own when it can be found; else the package is imported as usual."""
    import importlib.machinery
    import importlib.util
    import os
    import sys

    name = "rjieba.rjieba"
    if name not in sys.modules:
        spec = importlib.util.find_spec("rjieba")
        for folder in (spec.submodule_search_locations or []) if spec else []:
            for suffix in importlib.machinery.EXTENSION_SUFFIXES:
                path = os.path.join(folder, "rjieba" + suffix)
                if os.path.exists(path):
                    loader = importlib.machinery.ExtensionFileLoader(name, path)
                    module = importlib.util.module_from_spec(importlib.util.spec_from_file_location(name, path, loader=loader))
                    loader.exec_module(module)
                    # Registered so a later ``import rjieba`` reuses it (PyO3 modules load once).
                    sys.modules[name] = module
                    break
            if name in sys.modules:
                break
    if name in sys.modules:
        return sys.modules[name].Jieba
    import rjieba

    return rjieba.Jieba
