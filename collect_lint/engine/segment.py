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


# Blocks a segmenter cuts from the on-disk dictionary before it loads its own: a block costs
# ~0.3 ms there, loading costs ~0.1 s (rjieba) to ~0.4 s (importing jieba, unpickling).
DISK_BLOCKS = 64


class DiskDictionary:
    """jieba's prefix dictionary with our words added (what ``JiebaSegmenter`` loads), as an
    SQLite file in the cache directory, and jieba's own cutting of one block (HMM off) over it.

    jieba decides a block's tokens from the frequencies of the block's substrings and the total
    alone, so fetching just those gives exactly the tokens the whole dictionary gives (a test
    compares them on the corpus). A missing, stale or corrupt file is rebuilt; when it cannot
    be built or read, ``cut`` returns None and the caller loads the dictionary as usual.
    """

    def __init__(self, words: list[str]) -> None:
        self._words = words
        self._lock = threading.Lock()
        self._db = None
        self._total = 0
        self._longest = 0
        self._failed = False

    @property
    def used(self) -> bool:
        return self._db is not None

    def cut(self, block: str) -> list[str] | None:
        with self._lock:
            if self._db is None and not self._failed:
                self._open()
            if self._db is None:
                return None
            try:
                freq = self._fetch(block)
            except Exception:  # e.g. the file was damaged after it was opened
                self._failed, self._db = True, None
                return None
        return cut_block(block, freq, self._total)

    def _fetch(self, block: str) -> dict[str, int]:
        n = len(block)
        wanted = list({block[i:j] for i in range(n) for j in range(i + 1, min(n, i + self._longest) + 1)})
        freq: dict[str, int] = {}
        for chunk in range(0, len(wanted), 500):
            part = wanted[chunk : chunk + 500]
            query = f"SELECT word, n FROM freq WHERE word IN ({','.join('?' * len(part))})"
            freq.update(self._db.execute(query, part).fetchall())
        return freq

    def _open(self) -> None:
        from .cache import cache_path, mark_used

        key = _words_key(self._words)
        path = cache_path("jieba-dictionary", key, ".sqlite3")
        for attempt in range(2):
            try:
                import sqlite3

                db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True, check_same_thread=False)
                try:
                    meta = dict(db.execute("SELECT name, value FROM meta").fetchall())
                    if meta.get("key") == key:
                        self._db, self._total, self._longest = db, int(meta["total"]), int(meta["longest"])
                        mark_used(path)
                        return
                except sqlite3.Error:
                    pass
                db.close()
            except Exception:  # no sqlite3 module, unreadable file
                pass
            if attempt == 0 and not self._write(path, key):
                break
        self._failed = True

    def _write(self, path, key: str) -> bool:
        import os
        import sqlite3

        from .cache import load_cached, prune

        words = self._words
        freq, total = load_cached("jieba-dictionary", key, lambda: jieba_dictionary(words)[:2])
        tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(tmp)
            try:
                db.execute("CREATE TABLE freq (word TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID")
                db.execute("CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
                db.executemany("INSERT INTO freq VALUES (?, ?)", freq.items())
                longest = max(map(len, freq), default=0)
                db.executemany("INSERT INTO meta VALUES (?, ?)", [("key", key), ("total", str(total)), ("longest", str(longest))])
                db.commit()
            finally:
                db.close()
            os.replace(tmp, path)
            prune("jieba-dictionary", ".sqlite3")
            return True
        except (OSError, sqlite3.Error):  # a read-only cache directory only costs speed
            try:
                os.unlink(tmp)
            except OSError:
                pass
            return False


_ENGLISH_RE = re.compile("[a-zA-Z0-9]")


def cut_block(block: str, freq: dict[str, int], total: int) -> list[str]:
    """jieba 0.42.1's ``Tokenizer.cut(block, HMM=False)`` for one block (``get_DAG``, ``calc``,
    ``__cut_DAG_NO_HMM``), given the dictionary entries of the block's substrings."""
    from math import log

    n = len(block)
    dag = []
    for k in range(n):
        ends = []
        i = k
        fragment = block[k]
        while i < n and fragment in freq:
            if freq[fragment]:
                ends.append(i)
            i += 1
            fragment = block[k : i + 1]
        dag.append(ends or [k])
    route: list[tuple[float, int]] = [(0, 0)] * (n + 1)
    log_total = log(total)
    for index in range(n - 1, -1, -1):
        route[index] = max(
            (log(freq.get(block[index : x + 1]) or 1) - log_total + route[x + 1][0], x) for x in dag[index]
        )
    tokens: list[str] = []
    pending = ""  # single letters and digits in a row are one token
    x = 0
    while x < n:
        y = route[x][1] + 1
        word = block[x:y]
        if len(word) == 1 and _ENGLISH_RE.match(word):
            pending += word
        else:
            if pending:
                tokens.append(pending)
                pending = ""
            tokens.append(word)
        x = y
    if pending:
        tokens.append(pending)
    return tokens


class JiebaSegmenter:
    """jieba 0.42 with HMM off, its own Tokenizer (the global one is left alone).

    The tokenizer is built only once more than ``DISK_BLOCKS`` blocks need cutting; the first
    ones are cut from the same dictionary on disk (``DiskDictionary``), so a small input never
    loads it. Its prefix dictionary with our words added is cached on disk keyed by the words
    (``normalize.load_cached``): unpickling it takes ~0.15 s where jieba's own marshal cache
    takes ~0.6 s and adding the words another ~0.1 s.
    """

    name = "jieba"

    def __init__(self, words: Iterable[str]) -> None:
        self._words = sorted(set(words))
        self._tokenizer = None
        self._lock = threading.Lock()
        self.boundaries = lru_cache(maxsize=8192)(self._boundaries)
        self.disk = DiskDictionary(self._words)
        self._disk_blocks_left = DISK_BLOCKS

    @property
    def loaded(self) -> bool:
        """True once the dictionary has been loaded (a run without candidates never does)."""
        return self._tokenizer is not None

    def load(self) -> None:
        """Load the dictionary now rather than when more than ``DISK_BLOCKS`` blocks need it."""
        self._load()

    def _load(self):
        with self._lock:
            if self._tokenizer is None:
                self._tokenizer = self._build()
        return self._tokenizer

    def _build(self):
        import jieba

        from .cache import load_cached

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
        tokens = None
        if self._tokenizer is None and self._disk_blocks_left > 0:
            self._disk_blocks_left -= 1
            tokens = self.disk.cut(block)  # None when the disk dictionary cannot be used
        if tokens is None:
            tokens = self.cut(block)
        edges = {0}
        position = 0
        for token in tokens:
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
        from .cache import load_cached

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
