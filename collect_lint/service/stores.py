"""Contact stores for the service: an SQLite file (default) and Redis (shared by several gate
instances). Both implement ``checks.contact.ContactStore``: per debtor and debtor-local day,
connected calls and unanswered attempts; ``record`` adds one atomically and returns the day's
counts including it, so concurrent records never lose a count.

Both keep what the caps need and no more: a record drops the debtor's days that no 7-day
window ending on or after the recorded day can see, and a debtor nobody recorded for
``IDLE_SECONDS`` (8 days) is forgotten.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

from ..checks.contact import HELD_DAYS, ContactStore, Counts

IDLE_SECONDS = (HELD_DAYS + 1) * 86_400


class StoreError(Exception):
    """A state store that cannot be opened or reached; the message says which and why."""


def open_store(spec: str) -> "SQLiteStore | RedisStore":
    """``redis://host:port/db`` (or ``rediss://``, ``unix://``) → RedisStore; anything else
    is an SQLite file path."""
    if spec.startswith(("redis://", "rediss://", "unix://")):
        return RedisStore(spec)
    return SQLiteStore(spec)


class SQLiteStore(ContactStore):
    """Counts in one SQLite file in WAL mode: safe for several worker processes and threads
    (one connection per thread; a record is one ``BEGIN IMMEDIATE`` transaction)."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._local = threading.local()
        try:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            db = self._db()
            db.execute("PRAGMA journal_mode=WAL")
            with _transaction(db):
                db.execute(
                    "CREATE TABLE IF NOT EXISTS contacts (debtor TEXT NOT NULL, day INTEGER NOT NULL,"
                    " connected INTEGER NOT NULL DEFAULT 0, unanswered INTEGER NOT NULL DEFAULT 0,"
                    " touched REAL NOT NULL, PRIMARY KEY (debtor, day)) WITHOUT ROWID"
                )
                db.execute("DELETE FROM contacts WHERE touched < ?", (time.time() - IDLE_SECONDS,))
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(f"{self.path}: cannot open the state file: {exc}") from None

    def describe(self) -> str:
        return f"sqlite:{self.path}"

    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            # Autocommit mode: transactions are explicit (_transaction). A writer waits up to
            # 10 s for another worker's transaction, which takes microseconds.
            db = sqlite3.connect(self.path, timeout=10.0, isolation_level=None, check_same_thread=False)
            db.execute("PRAGMA synchronous=NORMAL")
            self._local.db = db
        return db

    def record(self, debtor_id: str, day: int, connected: bool) -> Counts:
        try:
            return self._record(self._db(), debtor_id, day, connected)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: {exc}") from None

    def counts(self, debtor_id: str, day: int) -> Counts:
        try:
            return self._counts(self._db(), debtor_id, day)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: {exc}") from None

    def _record(self, db: sqlite3.Connection, debtor_id: str, day: int, connected: bool) -> Counts:
        with _transaction(db):
            db.execute(
                "INSERT INTO contacts (debtor, day, connected, unanswered, touched) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (debtor, day) DO UPDATE SET connected = connected + excluded.connected,"
                " unanswered = unanswered + excluded.unanswered, touched = excluded.touched",
                (debtor_id, day, int(connected), int(not connected), time.time()),
            )
            db.execute("DELETE FROM contacts WHERE debtor = ? AND day <= ?", (debtor_id, day - HELD_DAYS))
            return self._counts(db, debtor_id, day)

    @staticmethod
    def _counts(db: sqlite3.Connection, debtor_id: str, day: int) -> Counts:
        rows = db.execute(
            "SELECT day, connected, unanswered FROM contacts WHERE debtor = ? AND day BETWEEN ? AND ?",
            (debtor_id, day - HELD_DAYS + 1, day),
        ).fetchall()
        connected = unanswered = week = 0
        for row_day, c, u in rows:
            week += c + u
            if row_day == day:
                connected, unanswered = c, u
        return Counts(connected, unanswered, week)

    def ping(self) -> None:
        try:
            self._db().execute("SELECT 1 FROM contacts LIMIT 1").fetchall()
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: {exc}") from None

    def close(self) -> None:
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None


class _transaction:
    """``BEGIN IMMEDIATE`` … ``COMMIT`` (``ROLLBACK`` on error): the write lock is taken
    first, so two workers' read-modify-write never interleave."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> sqlite3.Connection:
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, kind, value, traceback) -> None:
        self.db.execute("ROLLBACK" if kind is not None else "COMMIT")


# One round trip per record: count the call, drop days no window can see any more, sum the
# 7 days ending on the day, keep the debtor for IDLE_SECONDS. Redis runs a script atomically.
_RECORD = """
local key, day, field, held, idle = KEYS[1], tonumber(ARGV[1]), ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
redis.call('HINCRBY', key, field .. day, 1)
for _, name in ipairs(redis.call('HKEYS', key)) do
  if tonumber(string.sub(name, 2)) <= day - held then redis.call('HDEL', key, name) end
end
redis.call('EXPIRE', key, idle)
return redis.call('HGETALL', key)
"""


class RedisStore(ContactStore):
    """Counts in Redis, shared by every gate instance that points at it: one hash per debtor
    (``collect-lint:contacts:<debtor>``, fields ``c<day>`` / ``u<day>``), updated by one Lua
    script per record (atomic on the server)."""

    PREFIX = "collect-lint:contacts:"

    def __init__(self, url: str) -> None:
        try:
            import redis
        except ImportError:
            raise StoreError("a redis:// state needs the redis package: pip install 'collect-lint[server]'") from None
        self.url = url
        self._redis_errors = (redis.RedisError,)
        try:
            self.client = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)
            self._record = self.client.register_script(_RECORD)
            self.client.ping()
        except (redis.RedisError, ValueError) as exc:
            raise StoreError(f"{self.describe()}: cannot reach Redis: {exc}") from None

    def describe(self) -> str:
        parts = urlsplit(self.url)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
        return f"{parts.scheme}://{host}{port}{parts.path}"  # no password in logs

    def record(self, debtor_id: str, day: int, connected: bool) -> Counts:
        try:
            fields = self._record(keys=[self.PREFIX + debtor_id], args=[day, "c" if connected else "u", HELD_DAYS, IDLE_SECONDS])
        except self._redis_errors as exc:
            raise StoreError(f"{self.describe()}: {exc}") from None
        return _counts(dict(zip(fields[0::2], fields[1::2])), day)

    def counts(self, debtor_id: str, day: int) -> Counts:
        try:
            return _counts(self.client.hgetall(self.PREFIX + debtor_id), day)
        except self._redis_errors as exc:
            raise StoreError(f"{self.describe()}: {exc}") from None

    def ping(self) -> None:
        try:
            self.client.ping()
        except self._redis_errors as exc:
            raise StoreError(f"{self.describe()}: {exc}") from None

    def close(self) -> None:
        self.client.close()


def _counts(fields: dict, day: int) -> Counts:
    """Counts for ``day`` from a debtor's hash (``c<day>`` / ``u<day>`` → count)."""
    connected = unanswered = week = 0
    for name, value in fields.items():
        name = name.decode() if isinstance(name, bytes) else name
        held, n = int(name[1:]), int(value)
        if day - HELD_DAYS < held <= day:
            week += n
            if held == day:
                if name[0] == "c":
                    connected = n
                else:
                    unanswered = n
    return Counts(connected, unanswered, week)
