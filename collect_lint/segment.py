"""Word segmentation backends (jieba), loaded lazily and only for text with candidates.

jieba cuts every maximal run of "block" characters (Han, ASCII letters and digits, ``+#&._%-``)
on its own, so segmenting only the block around a candidate gives exactly the tokens that
segmenting the whole text would give there.
"""

from __future__ import annotations

import logging
import threading
from functools import lru_cache
from typing import Iterable, Protocol


def is_block_char(char: str) -> bool:
    """True for characters jieba keeps inside one block (its ``re_han_default``)."""
    return "\u4e00" <= char <= "\u9fd5" or (char.isascii() and (char.isalnum() or char in "+#&._%-"))


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


class JiebaSegmenter:
    """jieba 0.42 with HMM off, its own Tokenizer (the global one is left alone)."""

    name = "jieba"

    def __init__(self, words: Iterable[str]) -> None:
        self._words = sorted(set(words))
        self._tokenizer = None
        self._lock = threading.Lock()
        self.boundaries = lru_cache(maxsize=8192)(self._boundaries)

    def _load(self):
        with self._lock:
            if self._tokenizer is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                tokenizer = jieba.Tokenizer()
                tokenizer.initialize()
                for word in self._words:
                    tokenizer.add_word(word)
                self._tokenizer = tokenizer
        return self._tokenizer

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
    """rjieba (Rust port of jieba, same dictionary; HMM off): the fast backend."""

    name = "rjieba"

    def _load(self):
        with self._lock:
            if self._tokenizer is None:
                import rjieba

                tokenizer = rjieba.Jieba()
                for word in self._words:
                    tokenizer.add_word(word, tokenizer.suggest_freq(word), None)
                self._tokenizer = tokenizer
        return self._tokenizer

    def cut(self, text: str) -> list[str]:
        tokenizer = self._tokenizer or self._load()
        return tokenizer.cut(text, False)
