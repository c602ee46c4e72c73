"""A small client for ``collect-lint serve`` (standard library only: needs no extra).

>>> from collect_lint.service.client import Client
>>> gate = Client("http://127.0.0.1:8000", timeout=1.0)
>>> gate.check_text("你这个老赖再不还钱就等着坐牢")["verdict"]           # doctest: +SKIP
'block'
>>> gate.contact("D1", "2026-11-20T23:10:00+08:00")["allowed"]       # doctest: +SKIP
False

One keep-alive connection per thread; a dropped connection is opened again once. Errors from
the service raise ``ServiceError`` with its status, code and message.
"""

from __future__ import annotations

import http.client
import json
import threading
from typing import Any, Iterable
from urllib.parse import urlsplit


class ServiceError(Exception):
    """The service answered with an error (4xx / 5xx)."""

    def __init__(self, status: int, code: str, message: str, details: list | None = None) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status, self.code, self.message, self.details = status, code, message, details or []


class Client:
    def __init__(self, base_url: str = "http://127.0.0.1:8000", timeout: float = 1.0) -> None:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"base URL '{base_url}' must look like http://127.0.0.1:8000")
        self._https = parts.scheme == "https"
        self._host, self._port = parts.hostname, parts.port
        self._prefix = parts.path.rstrip("/")
        self.timeout = timeout
        self._local = threading.local()

    # -- API ---------------------------------------------------------------------------------------
    def check(self, items: Iterable[dict[str, Any]], policy: str = "default") -> list[dict]:
        """``items``: dicts with ``id``, ``text`` and optionally ``kind`` / ``speaker``; at most
        the service's max-items (100). Returns the results in order, each with ``id``,
        ``verdict`` (block / review / pass) and ``diagnostics``."""
        return self.post("/v1/check", {"items": list(items), "policy": policy})["results"]

    def check_text(self, text: str, kind: str = "sms", speaker: str = "agent", policy: str = "default",
                   id: str = "1") -> dict:
        """One message's result."""
        return self.check([{"id": id, "text": text, "kind": kind, "speaker": speaker}], policy)[0]

    def contact(self, debtor_id: str, at: str, channel: str = "call", timezone: str | None = None,
                policy: str = "default") -> dict:
        """May ``debtor_id`` be contacted at ``at`` (ISO 8601) on ``channel``? ``allowed``,
        ``verdict``, ``diagnostics``, ``local_time``, ``counts``."""
        return self.post("/v1/contact", _contact(debtor_id, at, channel, timezone, policy))

    def record(self, debtor_id: str, at: str, channel: str = "call", outcome: str | None = None,
               timezone: str | None = None, policy: str = "default") -> dict:
        """Count a contact made (``outcome``: connected / unanswered, required for calls)."""
        body = _contact(debtor_id, at, channel, timezone, policy)
        if outcome is not None:
            body["outcome"] = outcome
        return self.post("/v1/contact/record", body)

    # -- transport ---------------------------------------------------------------------------------
    def post(self, path: str, body: dict) -> dict:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        return self.request("POST", path, data)

    def request(self, method: str, path: str, data: bytes | None = None) -> dict:
        headers = {"Content-Type": "application/json"} if data is not None else {}
        for attempt in (1, 2):
            connection = self._connection()
            try:
                connection.request(method, self._prefix + path, body=data, headers=headers)
                response = connection.getresponse()
                raw = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.close()  # the server closed an idle keep-alive connection: open another once
                if attempt == 2:
                    raise
        payload = json.loads(raw) if raw else {}
        if response.status >= 400:
            raise ServiceError(response.status, payload.get("error", "error"), payload.get("message", ""), payload.get("details"))
        return payload

    def _connection(self) -> http.client.HTTPConnection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            kind = http.client.HTTPSConnection if self._https else http.client.HTTPConnection
            connection = self._local.connection = kind(self._host, self._port, timeout=self.timeout)
        return connection

    def close(self) -> None:
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            connection.close()
            self._local.connection = None


def _contact(debtor_id: str, at: str, channel: str, timezone: str | None, policy: str) -> dict:
    body = {"debtor_id": debtor_id, "at": at, "channel": channel, "policy": policy}
    if timezone is not None:
        body["timezone"] = timezone
    return body
