"""Prometheus metrics of the service. With several worker processes every worker writes its
counts to files in one directory (prometheus_client's multiprocess mode, set up by
``collect-lint serve`` through ``PROMETHEUS_MULTIPROC_DIR`` before this module is imported),
and ``/metrics`` adds them up, so any worker answers for all of them."""

from __future__ import annotations

import os
from functools import lru_cache

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client import multiprocess

from .server import MULTIPROCESS_ENV

# Routes reported by name; anything else is "other" (a scan of random paths adds no series).
ROUTES = ("/v1/check", "/v1/contact", "/v1/contact/record", "/healthz", "/readyz", "/metrics",
          "/openapi.json", "/docs")

REQUESTS = Counter("collect_lint_requests", "HTTP requests by route and status", ["route", "status"])
LATENCY = Histogram(
    "collect_lint_request_duration_seconds", "Time from request to the last response byte", ["route"],
    buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5),
)
ITEMS = Counter("collect_lint_items", "Checked items by policy and verdict", ["policy", "verdict"])
FINDINGS = Counter("collect_lint_findings", "Diagnostics by policy, rule and the verdict the rule's severity maps to",
                   ["policy", "rule", "verdict"])
CONTACT_CHECKS = Counter("collect_lint_contact_checks", "Contact checks by policy and verdict", ["policy", "verdict"])
CONTACT_RECORDS = Counter("collect_lint_contact_records", "Contacts recorded by channel and outcome", ["channel", "outcome"])
RELOADS = Counter("collect_lint_reloads", "Reloads of rulesets and configuration by result", ["result"])


@lru_cache(maxsize=4096)
def child(metric, *labels: str):
    """``metric.labels(*labels)``, kept: prometheus_client builds the label key under a lock on
    every call, which costs more than the increment itself."""
    return metric.labels(*labels)


def route_label(path: str) -> str:
    return path if path in ROUTES else "other"


def exposition() -> tuple[bytes, str]:
    """The metrics of every worker in Prometheus' text format, and its content type."""
    if os.environ.get(MULTIPROCESS_ENV):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    from prometheus_client import REGISTRY

    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
