"""The HTTP API of ``collect-lint serve`` (FastAPI): ``POST /v1/check``, ``POST /v1/contact``,
``POST /v1/contact/record``, ``/healthz``, ``/readyz``, ``/metrics`` and the OpenAPI schema.

Every error is a JSON object ``{"error": code, "message": one line, "details": [...]}``: 400 for
a body that is not JSON, 413 for a body over the size limit, 415 for a body not sent as
``application/json``, 422 for wrong fields, types or
limits (too many items, a text too long, an unknown policy), 404/405 for unknown routes and
methods, 503 when the state store cannot be reached. Errors never echo the request's text.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import signal
import threading
import time
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any, Literal

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field, create_model, field_validator
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..checks.contact import PolicyError
from ..config import ConfigError
from ..models import Diagnostic, Speaker
from ..rules import RulesetError
from . import metrics
from .policies import Policies, Policy
from .server import ServeOptions
from .stores import StoreError, open_store

log = logging.getLogger("collect_lint.service")
access_log = logging.getLogger("collect_lint.access")

_SURROGATE = re.compile("[\ud800-\udfff]")
MAX_ITEMS_CEILING = 10_000  # the schema's bound; the configured max-items applies below it


# -- request and response bodies -----------------------------------------------------------------
class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CheckItem(_Body):
    id: str = Field(min_length=1, max_length=256, description="The caller's id for this text, returned as is.")
    text: str = Field(description="The message; at most max-text-chars characters (default 10,000).")
    kind: Literal["sms", "template", "script", "transcript"] = Field(
        "sms", description="sms/template: one message; script: one utterance per line with optional speaker labels; "
        "transcript: one utterance of a call.")
    speaker: Speaker = Field("agent", description="Who says it (sms/template/transcript).")

    @field_validator("text")
    @classmethod
    def _unicode(cls, value: str) -> str:
        if _SURROGATE.search(value):
            raise ValueError("text holds an unpaired surrogate (not valid Unicode)")
        return value


class CheckRequest(_Body):
    items: list[CheckItem] = Field(min_length=1, max_length=MAX_ITEMS_CEILING,
                                   description="At most max-items items (default 100).")
    policy: str = Field("default", description="A policy named in the configuration.")


DiagnosticObject = create_model(
    "DiagnosticObject",
    __doc__="A finding, exactly as `collect-lint check --format json` writes it.",
    **{name: (Diagnostic.model_fields[name].annotation, ...) for name in Diagnostic.JSON_FIELDS},
)

Verdict = Literal["block", "review", "pass"]


class CheckResult(BaseModel):
    id: str
    verdict: Verdict
    diagnostics: list[DiagnosticObject]  # type: ignore[valid-type]


class CheckResponse(BaseModel):
    results: list[CheckResult]


class ContactRequest(_Body):
    debtor_id: str = Field(min_length=1, max_length=256)
    at: str = Field(min_length=1, max_length=64, description="ISO 8601; without an offset it is read in the debtor's zone.")
    channel: Literal["call", "sms"] = "call"
    timezone: str | None = Field(None, max_length=64, description="The debtor's IANA zone (default: the configured one).")
    policy: str = "default"


class ContactCounts(BaseModel):
    connected: int = Field(description="Connected calls that debtor-local day")
    unanswered: int = Field(description="Unanswered attempts that debtor-local day")
    calls_7_days: int = Field(description="Calls in the 7 days ending that day")


class ContactResponse(BaseModel):
    allowed: bool
    verdict: Verdict
    diagnostics: list[DiagnosticObject]  # type: ignore[valid-type]
    local_time: datetime
    counts: ContactCounts | None = Field(description="Before this contact; null for SMS (no cap counts them)")


class RecordRequest(ContactRequest):
    outcome: Literal["connected", "unanswered"] | None = Field(None, description="Required for calls.")


class RecordResponse(BaseModel):
    recorded: bool = Field(description="False for SMS: no cap counts them")
    counts: ContactCounts | None = Field(description="The day's counts including this contact")


class ErrorResponse(BaseModel):
    error: str
    message: str
    details: list[dict[str, Any]] = []


# -- errors -----------------------------------------------------------------------------------------
class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, details: list | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.details = status, code, message, details or []


def _error(status: int, code: str, message: str, details: list | None = None) -> Response:
    body = {"error": code, "message": message, "details": details or []}
    return Response(json.dumps(body, ensure_ascii=False), status_code=status, media_type="application/json")


def _where(loc) -> str:
    return ".".join(str(part) for part in loc if part != "body") or "body"


async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
    errors = exc.errors()
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if request.method == "POST" and media != "application/json" and not media.endswith("+json"):
        return _error(415, "unsupported_media_type", "send the body as JSON with Content-Type: application/json")
    if any(e["type"] in ("json_invalid", "json_type") for e in errors):
        return _error(400, "invalid_json", "the request body is not valid JSON")
    # Only where and what: never the input, which may be message text or personal data.
    details = [{"loc": [str(p) for p in e["loc"] if p != "body"], "msg": e["msg"].removeprefix("Value error, "), "type": e["type"]}
               for e in errors]
    first = details[0]
    return _error(422, "invalid_request", f"{_where(first['loc'])}: {first['msg']}", details)


async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
    if exc.status_code == 400:  # FastAPI could not parse the body (e.g. nested too deep)
        return _error(400, "invalid_json", "the request body is not valid JSON")
    codes = {404: "not_found", 405: "method_not_allowed"}
    return _error(exc.status_code, codes.get(exc.status_code, "http_error"), str(exc.detail))


async def _api_error(request: Request, exc: ApiError) -> Response:
    return _error(exc.status, exc.code, exc.message, exc.details)


async def _store_error(request: Request, exc: StoreError) -> Response:
    log.error("state store error: %s", exc)
    return _error(503, "state_unavailable", "the contact state store cannot be reached")


async def _internal_error(request: Request, exc: Exception) -> Response:
    log.exception("internal error on %s", request.url.path)
    return _error(500, "internal_error", "internal error (see the server log)")


def _json(body: dict) -> Response:
    return Response(json.dumps(body, ensure_ascii=False, separators=(",", ":")), media_type="application/json")


# -- the service ------------------------------------------------------------------------------------
class Service:
    """The running service's state: the store and the current policies (swapped on reload)."""

    def __init__(self, options: ServeOptions) -> None:
        self.options = options
        self.store = open_store(options.state)
        self.policies = Policies.load(options.config_file, self.store, options.backend)
        self._reload_lock = threading.Lock()

    def reload(self) -> None:
        """Build new policies from the configuration and swap them in; on any error keep the
        current ones and log one line. Runs in a thread: requests go on meanwhile."""
        with self._reload_lock:
            started = time.perf_counter()
            try:
                policies = Policies.load(self.options.config_file, self.store, self.options.backend)
            except (ConfigError, RulesetError, PolicyError) as exc:
                metrics.child(metrics.RELOADS, "failed").inc()
                log.error("reload failed, keeping the current rules: %s", exc)
                return
            except Exception:  # a reload must never take the worker down
                metrics.child(metrics.RELOADS, "failed").inc()
                log.exception("reload failed, keeping the current rules")
                return
            self.policies = policies
            metrics.child(metrics.RELOADS, "ok").inc()
            log.info("reloaded %d polic%s in %.2f s", len(policies.by_name), "y" if len(policies.by_name) == 1 else "ies",
                     time.perf_counter() - started)

    def policy(self, policies: Policies, name: str) -> Policy:
        found = policies.by_name.get(name)
        if found is None:
            known = ", ".join(sorted(policies.by_name))
            raise ApiError(422, "unknown_policy", f"policy: unknown policy '{name}' (configured: {known})",
                           [{"loc": ["policy"], "msg": "unknown policy", "type": "unknown_policy"}])
        return found


def create_app(options: ServeOptions, service: Service | None = None) -> FastAPI:
    """The ASGI application. ``service`` is built here unless given (tests build it once)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        nonlocal service
        if service is None:
            service = Service(options)
        app.state.service = service
        loop = asyncio.get_running_loop()

        def on_hangup() -> None:
            log.info("SIGHUP: reloading rulesets and configuration")
            loop.run_in_executor(None, service.reload)

        try:
            loop.add_signal_handler(signal.SIGHUP, on_hangup)
        except (NotImplementedError, RuntimeError, ValueError):  # not the main thread (tests)
            pass
        log.info("ready: %d polic%s, state %s", len(service.policies.by_name),
                 "y" if len(service.policies.by_name) == 1 else "ies", service.store.describe())
        yield
        service.store.close()

    app = FastAPI(
        title="collect-lint", version=__version__, lifespan=lifespan,
        description="Pre-send compliance gate for Chinese debt-collection messages and contacts.",
        responses={code: {"model": ErrorResponse} for code in (400, 413, 415, 422, 503)},
    )
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(StoreError, _store_error)
    app.add_exception_handler(Exception, _internal_error)

    @app.post("/v1/check", response_model=CheckResponse)
    async def check(body: CheckRequest, request: Request) -> Response:
        """Check up to max-items messages under a policy: a verdict and the diagnostics for each."""
        policies = request.app.state.service.policies
        policy = request.app.state.service.policy(policies, body.policy)
        limits = policies.settings
        request.state.items = len(body.items)
        if len(body.items) > limits.max_items:
            raise ApiError(422, "too_many_items", f"items: at most {limits.max_items} items per request, got {len(body.items)}",
                           [{"loc": ["items"], "msg": f"at most {limits.max_items} items", "type": "too_long"}])
        for number, item in enumerate(body.items):
            if len(item.text) > limits.max_text_chars:
                raise ApiError(422, "text_too_long", f"items.{number}.text: at most {limits.max_text_chars} characters, got {len(item.text)}",
                               [{"loc": ["items", str(number), "text"], "msg": f"at most {limits.max_text_chars} characters", "type": "string_too_long"}])
        found = policy.linter.check_many([(item.text, item.kind, item.speaker) for item in body.items])
        results = []
        for item, diagnostics in zip(body.items, found):
            verdict = policy.verdict(diagnostics)
            results.append({"id": item.id, "verdict": verdict, "diagnostics": [d.to_json_dict() for d in diagnostics]})
        _count(policy, [r["verdict"] for r in results], [d for diagnostics in found for d in diagnostics])
        return _json({"results": results})

    @app.post("/v1/contact", response_model=ContactResponse)
    def contact(body: ContactRequest, request: Request) -> Response:
        """May this debtor be contacted at this time on this channel? Quiet hours in the debtor's
        zone and the daily / 7-day caps over the contacts recorded. Records nothing."""
        service = request.app.state.service
        policy = service.policy(service.policies, body.policy)
        try:
            decision = policy.gate.check(body.debtor_id, body.at, body.channel, body.timezone)
        except PolicyError as exc:
            raise ApiError(422, "invalid_request", str(exc)) from None
        diagnostics = decision.diagnostics()
        verdict = policy.verdict(diagnostics)
        _count(policy, [], diagnostics)
        metrics.child(metrics.CONTACT_CHECKS, policy.name, verdict).inc()
        return _json({
            "allowed": verdict == "pass", "verdict": verdict,
            "diagnostics": [d.to_json_dict() for d in diagnostics],
            "local_time": decision.local.isoformat(), "counts": _counts(decision.counts),
        })

    @app.post("/v1/contact/record", response_model=RecordResponse)
    def record(body: RecordRequest, request: Request) -> Response:
        """Count a contact made (calls: connected or unanswered). Returns the day's counts."""
        service = request.app.state.service
        policy = service.policy(service.policies, body.policy)
        if body.channel == "call" and body.outcome is None:
            raise ApiError(422, "invalid_request", "outcome: required for calls (connected or unanswered)",
                           [{"loc": ["outcome"], "msg": "Field required", "type": "missing"}])
        try:
            counts = policy.gate.record(body.debtor_id, body.at, body.channel, body.outcome == "connected", body.timezone)
        except PolicyError as exc:
            raise ApiError(422, "invalid_request", str(exc)) from None
        metrics.child(metrics.CONTACT_RECORDS, body.channel, body.outcome or "sent").inc()
        return _json({"recorded": counts is not None, "counts": _counts(counts)})

    @app.get("/healthz")
    async def healthz() -> dict:
        """The process is up."""
        return {"status": "ok"}

    @app.get("/readyz")
    def readyz(request: Request) -> Response:
        """Rules are loaded and the state store answers."""
        service = getattr(request.app.state, "service", None)
        if service is None:
            return _error(503, "not_ready", "starting")
        service.store.ping()
        return _json({"status": "ready", "policies": sorted(service.policies.by_name)})

    @app.get("/metrics")
    def prometheus() -> Response:
        """Prometheus text format, summed over every worker process."""
        body, content_type = metrics.exposition()
        return Response(body, media_type=content_type)

    return AccessLog(app)


def _count(policy: Policy, verdicts: list[str], diagnostics: list[Diagnostic]) -> None:
    """Add a request's items by verdict and findings by rule to the metrics: one increment
    per distinct label set (an increment is a locked write to the worker's metrics file)."""
    tally: dict[tuple, int] = {}
    for verdict in verdicts:
        tally[(metrics.ITEMS, policy.name, verdict)] = tally.get((metrics.ITEMS, policy.name, verdict), 0) + 1
    for d in diagnostics:
        key = (metrics.FINDINGS, policy.name, d.rule, policy.verdicts[d.severity])
        tally[key] = tally.get(key, 0) + 1
    for (metric, *labels), n in tally.items():
        metrics.child(metric, *labels).inc(n)


def _counts(counts) -> dict | None:
    if counts is None:
        return None
    return {"connected": counts.connected, "unanswered": counts.unanswered, "calls_7_days": counts.week}


class AccessLog:
    """ASGI middleware: the body size limit (413), protocol upgrades refused (400), request
    metrics and one access-log line per request (method, route, status, milliseconds, item
    count; never text or debtor ids)."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app

    def __getattr__(self, name):  # app.state, app.openapi … for callers holding the wrapper
        return getattr(self.app, name)

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500
        limit = _body_limit(self.app)

        async def send_wrapper(message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        received = 0

        async def receive_wrapper():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _TooLarge
            return message

        try:
            if _content_length(scope) > limit:
                raise _TooLarge
            if _upgrade(scope):
                status = 400
                await _drain(receive)
                await _error(400, "upgrade_not_supported", UPGRADE_MESSAGE)(scope, receive, send)
                return
            await self.app(scope, receive_wrapper, send_wrapper)
        except _TooLarge:
            status = 413
            await _drain(receive)
            response = _error(413, "body_too_large", f"the request body is over {limit} bytes")
            await response(scope, receive, send)
        finally:
            elapsed = time.perf_counter() - started
            route = metrics.route_label(scope["path"])
            metrics.child(metrics.REQUESTS, route, str(status)).inc()
            metrics.child(metrics.LATENCY, route).observe(elapsed)
            if access_log.isEnabledFor(logging.INFO):
                state = scope.get("state") or {}
                access_log.info(json.dumps({
                    "method": scope["method"], "route": route, "status": status,
                    "ms": round(elapsed * 1000, 3), "items": state.get("items"),
                }))


class _TooLarge(Exception):
    pass


DRAIN_BYTES = 64 << 20


async def _drain(receive) -> None:
    """Read (and drop) the rest of a refused body, up to DRAIN_BYTES, so that a client still
    sending it reads the 413 instead of a reset connection."""
    drained = 0
    while drained < DRAIN_BYTES:
        message = await receive()
        if message["type"] != "http.request":
            return
        drained += len(message.get("body", b""))
        if not message.get("more_body", False):
            return


# Java's HttpClient (HTTP/2 by default) offers "Upgrade: h2c" on plain http://, and uvicorn's
# httptools parser stops reading a request at such a header, so its body would be lost and
# the request misread as empty. Refuse it plainly instead.
UPGRADE_MESSAGE = ("protocol upgrade (h2c) is not supported: send HTTP/1.1 "
                   "(Java: HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1))")


def _upgrade(scope) -> bool:
    return any(name == b"upgrade" for name, _ in scope["headers"])


def _content_length(scope) -> int:
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return 0
    return 0


def _body_limit(app: FastAPI) -> int:
    """Bytes a request body may have: max-items texts of max-text-chars characters, each
    written as \\uXXXX escapes (6 bytes), plus room for the other fields."""
    service = getattr(app.state, "service", None)
    if service is None:
        return 1 << 20
    settings = service.policies.settings
    return settings.max_items * (settings.max_text_chars * 6 + 2048) + 4096
