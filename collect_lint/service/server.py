"""Running the service: one process, or a small supervisor over N worker processes that share
one listening socket.

Why not uvicorn's own ``--workers``: its supervisor answers SIGHUP by restarting every worker,
so each reload would drop the loaded rules and make requests wait for new processes to load
them. Here SIGHUP is passed on to the workers, and each builds its new linters while it goes on
serving with the old ones, then swaps them in (``Service.reload``). SIGTERM / SIGINT stop the
workers gracefully: they stop accepting, finish the requests in flight, then exit (code 0). A
worker that dies is started again; workers end with the supervisor however it ends (as
``--jobs`` workers do, workflow/parallel.py).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import shutil
import signal
import socket
import sys
import tempfile
import threading
from dataclasses import dataclass

# Set before prometheus_client is first imported (metrics.py): its counters then live in files
# in this directory, one per worker process, and /metrics adds them up.
MULTIPROCESS_ENV = "PROMETHEUS_MULTIPROC_DIR"
STARTUP_FAILED = 3  # a worker's exit code when it cannot load the configuration or state
GRACEFUL_SECONDS = 10  # how long shutdown waits for requests in flight

log = logging.getLogger("collect_lint.service")


@dataclass
class ServeOptions:
    """What every worker needs to build its ``Service``."""

    config_file: str | None = None
    state: str = "collect-lint-state.sqlite3"  # an SQLite file, or redis://host:port/db
    backend: str = "auto"


def configure_logging(level: str, access_log: bool) -> None:
    logging.basicConfig(level=level.upper(), stream=sys.stderr,
                        format="%(asctime)s %(process)d %(name)s %(levelname)s %(message)s")
    logging.getLogger("collect_lint.access").setLevel(logging.INFO if access_log else logging.WARNING)


def bind(host: str, port: int) -> socket.socket:
    """The listening socket, bound before any worker starts (port 0: a free port)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def serve(options, host: str, port: int, workers: int, log_level: str = "info", access_log: bool = True,
          on_error=None) -> int:
    """Serve until SIGTERM / SIGINT; returns the exit code. ``on_error(message)`` reports a
    startup failure in this process (one line, exit code 2)."""
    configure_logging(log_level, access_log)
    metrics_dir = tempfile.mkdtemp(prefix="collect-lint-metrics-")
    os.environ[MULTIPROCESS_ENV] = metrics_dir
    try:
        try:
            sock = bind(host, port)
        except OSError as exc:
            on_error(f"cannot listen on {host}:{port}: {exc.strerror or exc}")
            return 2
        log.info("listening on http://%s:%d with %d worker%s", *sock.getsockname()[:2], workers, "" if workers == 1 else "s")
        if workers == 1:
            return run_worker(options, sock, log_level, access_log, on_error)
        return Supervisor(options, sock, workers, log_level, access_log).run()
    finally:
        shutil.rmtree(metrics_dir, ignore_errors=True)


def run_worker(options, sock: socket.socket, log_level: str, access_log: bool, on_error=None) -> int:
    """One worker: load the policies and the state, then serve on ``sock`` until told to stop."""
    import uvicorn

    from ..checks.contact import PolicyError
    from ..config import ConfigError
    from ..engine.backends import BackendError
    from ..rules import RulesetError
    from .app import Service, create_app
    from .stores import StoreError

    configure_logging(log_level, access_log)
    try:
        service = Service(options)
    except (ConfigError, RulesetError, PolicyError, StoreError, BackendError) as exc:
        if on_error is not None:
            on_error(str(exc))
            return 2
        from ..personal_data import mask_personal_numbers

        print(f"collect-lint: error: {mask_personal_numbers(str(exc))}", file=sys.stderr)
        return STARTUP_FAILED
    config = uvicorn.Config(
        create_app(options, service), lifespan="on", access_log=False, log_config=None, log_level=log_level,
        timeout_graceful_shutdown=GRACEFUL_SECONDS, server_header=False,
    )
    # uvicorn stops gracefully on SIGTERM / SIGINT and then raises the signal again for the
    # handlers it found: make those no-ops, so that a stop asked for ends with exit code 0.
    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, lambda *_: None)
    uvicorn.Server(config).run(sockets=[sock])
    return 0


def _worker_main(options, sock, log_level, access_log, parent: int) -> None:
    from ..workflow.parallel import exit_with_parent

    exit_with_parent(parent)  # a worker never outlives the supervisor, even after kill -9
    sys.exit(run_worker(options, sock, log_level, access_log))


class Supervisor:
    """Starts N workers on one socket, passes SIGHUP on, restarts workers that die, and stops
    them all gracefully on SIGTERM / SIGINT."""

    def __init__(self, options, sock: socket.socket, workers: int, log_level: str, access_log: bool) -> None:
        self.args = (options, sock, log_level, access_log, os.getpid())
        self.count = workers
        self.context = multiprocessing.get_context("spawn")
        self.processes: list = []
        self.stopping = threading.Event()

    def _start(self):
        process = self.context.Process(target=_worker_main, args=self.args, daemon=False)
        process.start()
        return process

    def _signal(self, number: int) -> None:
        for process in self.processes:
            if process.pid is not None and process.is_alive():
                os.kill(process.pid, number)

    def run(self) -> int:
        signal.signal(signal.SIGHUP, lambda *_: self._signal(signal.SIGHUP))
        signal.signal(signal.SIGTERM, lambda *_: self.stopping.set())
        signal.signal(signal.SIGINT, lambda *_: self.stopping.set())
        self.processes = [self._start() for _ in range(self.count)]
        code = 0
        while not self.stopping.wait(0.25):
            for index, process in enumerate(self.processes):
                if process.is_alive():
                    continue
                if process.exitcode == STARTUP_FAILED:
                    code = 2
                    self.stopping.set()
                    break
                log.warning("worker %s exited with code %s; starting another", process.pid, process.exitcode)
                self.processes[index] = self._start()
        self._signal(signal.SIGTERM)
        for process in self.processes:
            process.join(GRACEFUL_SECONDS + 5)
            if process.is_alive():
                process.kill()
                process.join()
        return code
