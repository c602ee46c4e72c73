"""The on-disk cache of costly derived data (character tables, compiled rule tables, jieba
dictionaries, parsed rulesets): pickles under ``cache_dir()``, each stored with the key it was
built for, so a stale or corrupt entry is simply rebuilt."""

from __future__ import annotations

import hashlib
import os
import pickle
import threading
from pathlib import Path


def cache_dir() -> Path:
    """Where costly derived data is cached (``COLLECT_LINT_CACHE_DIR`` overrides)."""
    override = os.environ.get("COLLECT_LINT_CACHE_DIR")
    if override:
        return Path(override)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "collect_lint"


def load_cached(name: str, key: str, build):
    """Return ``build()``, cached on disk under ``name`` for ``key``; a bad cache is rebuilt."""
    path = cache_dir() / f"{name}.pickle"
    try:
        with open(path, "rb") as handle:
            stored_key, value = pickle.load(handle)
        if stored_key == key:
            return value
    except Exception:  # missing, stale or corrupt: rebuild silently
        pass
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
        with open(tmp, "wb") as handle:
            pickle.dump((key, value), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:  # a read-only home must not break linting
        pass
    return value


def short_digest(values) -> str:
    """16 hex digits of SHA-256 over ``values`` joined by newlines (cache keys, slot names)."""
    return hashlib.sha256("\n".join(values).encode()).hexdigest()[:16]
