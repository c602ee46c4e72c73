"""Backend selection: which matcher and segmenter implementations the linter uses.

``default`` is pyahocorasick + jieba, as specified. ``auto`` picks ``fast`` when its optional
packages are importable, else ``default``.
"""

from __future__ import annotations

import importlib.util

from .matcher import PyAhoCorasickMatcher
from .segment import JiebaSegmenter

BACKENDS = ("auto", "default", "fast")
_FAST_MODULES = ("rjieba", "ahocorasick_rs")


class BackendError(ValueError):
    pass


def fast_available() -> bool:
    return all(importlib.util.find_spec(name) is not None for name in _FAST_MODULES)


def resolve(name: str) -> str:
    """The concrete backend for ``name`` (``auto`` → ``fast`` or ``default``)."""
    if name not in BACKENDS:
        raise BackendError(f"unknown backend '{name}' (choose from {', '.join(BACKENDS)})")
    if name == "auto":
        return "fast" if fast_available() else "default"
    if name == "fast" and not fast_available():
        raise BackendError('backend "fast" needs: pip install "collect-lint[fast]"')
    return name


def matcher_factory(backend: str):
    if backend == "fast":
        from .matcher import AhoCorasickRsMatcher

        return AhoCorasickRsMatcher
    return PyAhoCorasickMatcher


def scanner_factory(backend: str):
    """Builds the scanner that pre-filters batches."""
    if backend == "fast":
        from .matcher import AhoCorasickRsScanner

        return AhoCorasickRsScanner
    from .matcher import PyAhoCorasickScanner

    return PyAhoCorasickScanner


def segmenter_factory(backend: str):
    if backend == "fast":
        from .segment import RJiebaSegmenter

        return RJiebaSegmenter
    return JiebaSegmenter
