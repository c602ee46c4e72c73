"""The on-disk cache of costly derived data (character tables, compiled rule tables, jieba
dictionaries, parsed rulesets): files under ``cache_dir()``, one per (name, key) and each
storing the key it was built for, so a stale or corrupt entry is simply rebuilt.

Each name keeps a few versions, least recently used removed first (``prune``): switching
between rulesets or configurations finds each one's tables built instead of rebuilding them
on every run."""

from __future__ import annotations

import hashlib
import os
import pickle
import threading
from contextlib import suppress
from pathlib import Path

# Versions kept per name, and bytes: the least recently used go first, the newest always stays.
VERSIONS_PER_NAME = 4
BYTES_PER_NAME = 256 * 1024 * 1024


def cache_dir() -> Path:
    """Where costly derived data is cached (``COLLECT_LINT_CACHE_DIR`` overrides)."""
    override = os.environ.get("COLLECT_LINT_CACHE_DIR")
    if override:
        return Path(override)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "collect_lint"


def cache_path(name: str, key: str, suffix: str = ".pickle") -> Path:
    """The file of version ``key`` of cache ``name``."""
    return cache_dir() / f"{name}.{short_digest([key])}{suffix}"


def load_cached(name: str, key: str, build):
    """Return ``build()``, cached on disk under ``name`` for ``key``; a bad cache is rebuilt."""
    path = cache_path(name, key)
    try:
        with open(path, "rb") as handle:
            stored_key, value = pickle.load(handle)
        if stored_key == key:
            mark_used(path)
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
        prune(name)
    except OSError:  # a read-only home must not break linting
        pass
    return value


def mark_used(path: Path) -> None:
    """Record that a cache file was used now (its modification time orders the versions)."""
    with suppress(OSError):
        os.utime(path)


def prune(name: str, suffix: str = ".pickle") -> None:
    """Remove the least recently used versions of ``name`` beyond ``VERSIONS_PER_NAME`` or
    ``BYTES_PER_NAME`` (the most recent one always stays)."""
    versions = []
    for path in cache_dir().glob(f"{name}.*{suffix}"):
        with suppress(OSError):
            info = path.stat()
            versions.append((info.st_mtime_ns, info.st_size, path))
    versions.sort(reverse=True)
    kept_bytes = 0
    for number, (_, size, path) in enumerate(versions):
        kept_bytes += size
        if number and (number >= VERSIONS_PER_NAME or kept_bytes > BYTES_PER_NAME):
            with suppress(OSError):
                path.unlink()


def short_digest(values) -> str:
    """16 hex digits of SHA-256 over ``values`` joined by newlines (cache keys, slot names)."""
    return hashlib.sha256("\n".join(values).encode()).hexdigest()[:16]
