"""``collect-lint serve``: the pre-send gate as an HTTP service (needs ``collect-lint[server]``)."""

from __future__ import annotations

import sys

import click

from ..engine.backends import BACKENDS
from . import fail, main


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (loopback unless told otherwise; 0.0.0.0 for every interface).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port (0: any free port).")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes sharing the port and the state.")
@click.option("--state", default=None,
              help="Contact state: an SQLite file [default: collect-lint-state.sqlite3 in the working directory] "
                   "or redis://HOST:PORT/DB (shared by several gate instances).")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), default=None,
              help="Config file [default: found upward from the working directory, as for check].")
@click.option("--backend", type=click.Choice(BACKENDS), default="auto", show_default=True,
              help="Matcher/segmenter backend (fast needs collect-lint[fast]).")
@click.option("--log-level", type=click.Choice(["debug", "info", "warning", "error"]), default="info", show_default=True)
@click.option("--access-log/--no-access-log", default=True, show_default=True,
              help="One line per request: method, route, status, milliseconds, item count (never text).")
def serve(host, port, workers, state, config_file, backend, log_level, access_log):
    """Serve POST /v1/check, /v1/contact and /v1/contact/record until SIGTERM; SIGHUP reloads
    rulesets, allowed words and policies without dropping requests."""
    from importlib.util import find_spec

    # Found, not imported: prometheus_client must first be imported after serve() sets up its
    # multiprocess directory.
    missing = [name for name in ("fastapi", "uvicorn", "prometheus_client") if find_spec(name) is None]
    if missing:
        fail(f"collect-lint serve needs the server extra ({missing[0]} is missing): pip install 'collect-lint[server]'")
    from ..service.server import ServeOptions
    from ..service.server import serve as run

    options = ServeOptions(config_file=config_file, backend=backend)
    if state is not None:
        options.state = state
    if workers > 1:
        _preflight(options)
    sys.exit(run(options, host, port, workers, log_level, access_log, on_error=fail))


def _preflight(options) -> None:
    """Check the configuration and the state once, before starting workers that would each
    report the same problem."""
    from ..checks.contact import PolicyError
    from ..config import ConfigError, check_selectors, load_config
    from ..rules import RuleSet, RulesetError
    from ..service.stores import StoreError, open_store

    try:
        loaded = load_config(None, options.config_file)
        check_selectors(loaded, RuleSet.load(None, loaded.config.extra_rulesets))
        loaded.config.transcripts.contact_policy()
        open_store(options.state).close()
    except (ConfigError, RulesetError, PolicyError, StoreError) as exc:
        fail(str(exc))
