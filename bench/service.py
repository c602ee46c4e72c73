"""Load test of ``collect-lint serve`` on loopback: throughput and latency of POST /v1/check.

    python bench/service.py                  # workers 1 and 2 × 1, 8, 32 clients × 1 and 100 items
    python bench/service.py --seconds 2      # shorter cells
    python bench/service.py --smoke          # one short cell (seconds)

Each cell starts from a running, warmed server (``--workers N``, SQLite state in a temporary
directory, access log on and written to a file) and runs C clients for a fixed time, each a
keep-alive connection sending one request at a time (an asyncio client speaking HTTP/1.1
directly, so the client costs little of the shared CPU). Requests carry 1 or 100 messages:
bench/run.py's benign messages with 5 % rule examples that hold a violation (--hit-share). Latency is per request, from writing it
to reading the last byte. Every request goes to 127.0.0.1 and the run stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def messages(count: int = 20_000, hit_share: float = 0.05) -> tuple[list[str], str]:
    """Outgoing messages as a sending service sees them: mostly compliant (bench/run.py's
    benign set: the shared benign datasets when present, else generated), and ``hit_share``
    of them rule examples with a violation, spread evenly."""
    from bench.run import benign_messages, hit_messages

    benign, source = benign_messages(count)
    hits = hit_messages(max(1, int(count * hit_share)))
    step = max(1, round(1 / hit_share)) if hit_share else 0
    mixed = list(benign)
    for n, hit in enumerate(hits):
        if step:
            mixed[(n * step) % count] = hit
    return mixed, source


def payloads(texts: list[str], size: int, count: int = 200) -> list[bytes]:
    bodies = []
    for n in range(count):
        items = [{"id": str(i), "text": texts[(n * size + i) % len(texts)], "kind": "sms"} for i in range(size)]
        bodies.append(json.dumps({"items": items}, ensure_ascii=False).encode("utf-8"))
    return bodies


class Server:
    def __init__(self, workers: int, folder: Path) -> None:
        self.log_path = folder / f"server-{workers}.log"
        self.log = open(self.log_path, "w", encoding="utf-8")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "collect_lint", "serve", "--port", "0", "--workers", str(workers),
             "--state", str(folder / f"state-{workers}.db")],
            cwd=folder, stdout=subprocess.DEVNULL, stderr=self.log,
        )
        deadline = time.monotonic() + 120
        self.port = None
        while time.monotonic() < deadline and self.port is None:
            match = re.search(r"listening on http://127\.0\.0\.1:(\d+)", self.log_path.read_text(encoding="utf-8"))
            if match:
                self.port = int(match.group(1))
            time.sleep(0.1)
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/readyz", timeout=2):
                    return
            except OSError:
                time.sleep(0.1)
        raise SystemExit(f"server did not start; see {self.log_path}")

    def cpu_seconds(self) -> float:
        """CPU time used so far by the server process and its workers (Linux /proc)."""
        pids = [self.process.pid]
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                pids.append(int(stat.parent.name))
        ticks = 0
        for pid in pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            ticks += int(fields[11]) + int(fields[12])  # utime + stime
        return ticks / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(60)
        self.log.close()


async def _client(port: int, bodies: list[bytes], offset: int, start: float, stop: float, latencies: list[float], errors: list[int]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    head = b"POST /v1/check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n"
    n = offset
    try:
        while True:
            body = bodies[n % len(bodies)]
            n += 1
            began = time.perf_counter()
            if began >= stop:
                return
            writer.write(head % len(body) + body)
            status = await reader.readline()
            length = 0
            while True:
                line = await reader.readline()
                if line in (b"\r\n", b""):
                    break
                if line[:15].lower() == b"content-length:":
                    length = int(line[15:])
            await reader.readexactly(length)
            if began >= start:  # the first second warms connections and caches
                latencies.append(time.perf_counter() - began)
                if not status.startswith(b"HTTP/1.1 200"):
                    errors.append(1)
    finally:
        writer.close()


def run_cell(port: int, bodies: list[bytes], clients: int, seconds: float) -> dict:
    latencies: list[float] = []
    errors: list[int] = []

    async def main() -> float:
        start = time.perf_counter() + 1.0
        stop = start + seconds
        await asyncio.gather(*(_client(port, bodies, 7 * c, start, stop, latencies, errors) for c in range(clients)))
        return stop - start

    try:
        import uvloop

        elapsed = uvloop.run(main())
    except ImportError:
        elapsed = asyncio.run(main())
    latencies.sort()
    count = len(latencies)
    return {
        "requests_per_s": count / elapsed,
        "p50_ms": 1000 * latencies[count // 2] if count else float("nan"),
        "p99_ms": 1000 * latencies[min(count - 1, int(count * 0.99))] if count else float("nan"),
        "requests": count,
        "errors": len(errors),
    }


def measure_overhead(texts: list[str], sizes: list[int], rounds: int = 3) -> list[dict]:
    """In one process, no network: the ASGI app's time per request against the library's
    ``check_many`` on the same messages (best of ``rounds``). What the service adds over the
    library, and what the library itself costs, without the machine's other load in between
    the client and the server."""
    os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", tempfile.mkdtemp(prefix="collect-lint-bench-metrics-"))
    from collect_lint.service.app import Service, create_app
    from collect_lint.service.server import ServeOptions

    with tempfile.TemporaryDirectory(prefix="collect-lint-bench-") as folder:
        options = ServeOptions(state=str(Path(folder) / "state.db"))
        service = Service(options)
        app = create_app(options, service)
        app.state.service = service
        linter = service.policies.by_name["default"].linter
        rows = []
        for size in sizes:
            count = max(20, 2000 // size)
            batches = [[texts[(k * size + i) % len(texts)] for i in range(size)] for k in range(count)]
            bodies = [json.dumps({"items": [{"id": str(i), "text": t} for i, t in enumerate(b)]}, ensure_ascii=False).encode()
                      for b in batches]

            async def through_app() -> None:
                for body in bodies:
                    await _asgi_post(app, "/v1/check", body)

            best_app = best_library = float("inf")
            for _ in range(rounds):
                began = time.perf_counter()
                asyncio.run(through_app())
                best_app = min(best_app, (time.perf_counter() - began) / count)
                began = time.perf_counter()
                for batch in batches:
                    linter.check_many([(t, "sms", "agent") for t in batch])
                best_library = min(best_library, (time.perf_counter() - began) / count)
            rows.append({"items": size, "app_ms": best_app * 1000, "library_ms": best_library * 1000,
                         "overhead_ms": (best_app - best_library) * 1000})
        service.store.close()
    return rows


async def _asgi_post(app, path: str, body: bytes) -> None:
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
        "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "", "state": {},
        "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 2),
    }

    async def receive() -> dict:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict) -> None:
        if message["type"] == "http.response.start" and message["status"] != 200:
            raise SystemExit(f"the app answered {message['status']}")

    await app(scope, receive, send)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=4.0, help="measured seconds per cell (after 1 s warm-up)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--items", type=int, nargs="+", default=[1, 100])
    parser.add_argument("--hit-share", type=float, default=0.05, help="share of messages with a violation")
    parser.add_argument("--smoke", action="store_true", help="one short cell, to see that it runs")
    parser.add_argument("--json", action="store_true", help="print the raw figures as JSON too")
    args = parser.parse_args()
    if args.smoke:
        args.seconds, args.workers, args.clients, args.items = 0.5, [1], [2], [1]
    sys.path.insert(0, str(ROOT))
    texts, source = messages(hit_share=args.hit_share)
    print(f"messages: {source}, {args.hit_share:.0%} with a violation", file=sys.stderr)
    rows = []
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="collect-lint-bench-") as folder:
        for workers in args.workers:
            server = Server(workers, Path(folder))
            try:
                for items in args.items:
                    bodies = payloads(texts, items)
                    for clients in args.clients:
                        cpu = server.cpu_seconds()
                        cell = run_cell(server.port, bodies, clients, args.seconds)
                        # Per request measured, including the warm-up second's share (rough).
                        cpu_ms = 1000 * (server.cpu_seconds() - cpu) / max(1, cell["requests"]) * args.seconds / (args.seconds + 1)
                        cell.update(workers=workers, clients=clients, items=items, items_per_s=cell["requests_per_s"] * items,
                                    server_cpu_ms=cpu_ms)
                        rows.append(cell)
                        print(f"workers {workers}  clients {clients:2d}  items {items:3d}: {cell['requests_per_s']:8.0f} req/s "
                              f"{cell['items_per_s']:9.0f} items/s  p50 {cell['p50_ms']:6.2f} ms  p99 {cell['p99_ms']:6.2f} ms"
                              f"  server CPU {cell['server_cpu_ms']:.2f} ms/request  errors {cell['errors']}", file=sys.stderr, flush=True)
            finally:
                server.stop()
    overhead = measure_overhead(texts, args.items)
    load_after = os.getloadavg()
    print("| workers | clients | items/request | requests/s | items/s | p50 (ms) | p99 (ms) | server CPU/request (ms) | errors |")
    print("|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    for r in rows:
        print(f"| {r['workers']} | {r['clients']} | {r['items']} | {r['requests_per_s']:,.0f} | {r['items_per_s']:,.0f} | "
              f"{r['p50_ms']:.2f} | {r['p99_ms']:.2f} | {r['server_cpu_ms']:.2f} | {r['errors']} |")
    print("\nIn one process, no network (best of 3):\n")
    print("| items/request | app (ms/request) | library check_many (ms) | service overhead (ms/request) | library (µs/item) |")
    print("|--:|--:|--:|--:|--:|")
    for r in overhead:
        print(f"| {r['items']} | {r['app_ms']:.3f} | {r['library_ms']:.3f} | {r['overhead_ms']:.3f} | {1000 * r['library_ms'] / r['items']:.1f} |")
    print(f"\nmessages: {source}, {args.hit_share:.0%} with a violation")
    print(f"load average before {load_before[0]:.2f}, after {load_after[0]:.2f} (1 min; {os.cpu_count()} cores)")
    if args.json:
        print(json.dumps({"cells": rows, "in_process": overhead}, indent=2))


if __name__ == "__main__":
    main()
