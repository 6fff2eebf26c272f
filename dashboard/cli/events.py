"""``sitmap extract``, ``ingest``, ``events`` and ``serve``: documents to events, the store,
and the dashboard."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from dashboard.cli.common import (EVENT_FORMATS, PATH, STORE, extracted, handle_errors, log,
                                  main, open_store, write_events)
from dashboard import config
from dashboard.errors import SitmapError


def skipped(failures: list[str]) -> str:
    """The summary line's tail: how many inputs were skipped (each logged with its reason)."""
    return f"; {len(failures)} input(s) skipped (reasons above)" if failures else ""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=PATH)
@click.option("-o", "--output", type=PATH, help="Write here instead of stdout.")
@click.option("--format", "fmt", type=EVENT_FORMATS, default="geojson", show_default=True)
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64))
@click.option("--max-bytes", default=10_000_000, show_default=True, type=click.IntRange(1))
@click.option("--force/--no-force", default=True, show_default=True, help="Overwrite an existing output file.")
@handle_errors
def extract(paths, output, fmt: str, workers: int, max_bytes: int, force: bool) -> None:
    """Events in PATHS, fused across documents, without touching the store.

    GeoJSON: a FeatureCollection with one Feature per fused event (docs/events.md).
    """
    fused, inputs = extracted(paths, workers, max_bytes)
    write_events(fused, fmt, output, force)
    log.info("%d documents read, %d events%s", inputs.read, len(fused), skipped(inputs.failures))
    if inputs.failures:
        sys.exit(1)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=PATH)
@click.option("--db", type=STORE, envvar="SITMAP_DB",
              help="Store: a file (default ./.sitmap/sitmap.db) or postgresql://USER@HOST:PORT/DB.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes (local), or the local Dask cluster's workers.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Where read → geoparse → extract runs: local processes, or Dask workers.")
@click.option("--scheduler", metavar="tcp://HOST:8786",
              help="With --engine dask: an existing cluster (default: a local one of --workers workers).")
@click.option("--max-bytes", default=10_000_000, show_default=True, type=click.IntRange(1))
@handle_errors
def ingest(paths, db: Path | None, workers: int, engine: str, scheduler: str | None, max_bytes: int) -> None:
    """Add the documents in PATHS to the store (each document one transaction; documents
    already there are skipped), then re-fuse the store's events."""
    from dashboard.pipeline import ingest_into_store
    from dashboard.store import default_location

    if scheduler and engine != "dask":
        raise SitmapError(f"--scheduler {scheduler!r} needs --engine dask")
    if scheduler and not scheduler.startswith(("tcp://", "tls://", "inproc://")):
        raise SitmapError(f"--scheduler {scheduler!r}: give the scheduler's address, e.g. tcp://10.0.0.5:8786")
    report = ingest_into_store(paths, db or default_location(), workers=workers, max_bytes=max_bytes,
                               show_progress=True, engine=engine, scheduler=scheduler)
    log.info("%d documents added, %d already in the store; %d fused events%s", report["added"], report["skipped"],
             report["fused"], skipped(report["failures"]))
    if report["failures"]:
        sys.exit(1)


@main.command()
@click.option("--db", type=STORE, envvar="SITMAP_DB", help="Store: a file or postgresql://USER@HOST:PORT/DB.")
@click.option("--from", "start", help="Window start, YYYY-MM-DD.")
@click.option("--to", "end", help="Window end, YYYY-MM-DD.")
@click.option("--type", "types", multiple=True, help="Event type (repeatable).")
@click.option("--actor", "actors", multiple=True, help="Actor name or ISO country code (repeatable).")
@click.option("--min-corroboration", default=1, show_default=True, type=click.IntRange(1))
@click.option("--format", "fmt", type=EVENT_FORMATS, default="geojson", show_default=True)
@click.option("-o", "--output", type=PATH)
@handle_errors
def events(db, start, end, types, actors, min_corroboration: int, fmt: str, output) -> None:
    """Query the store's fused events: those whose dates overlap the window."""
    from dashboard.model import EVENT_TYPES

    for t in types:
        if t not in EVENT_TYPES:
            from dashboard.errors import InputError

            raise InputError(f"unknown event type {t!r}: use one of {', '.join(EVENT_TYPES)}")
    with open_store(db) as store:
        found = store.query(start=start, end=end, types=types or None, actors=actors or None,
                            min_corroboration=min_corroboration)
    write_events(found, fmt, output)


@main.command()
@click.argument("paths", nargs=-1, type=PATH)
@click.option("--port", default=8501, show_default=True, type=click.IntRange(1, 65535))
@click.option("--address", default="localhost", show_default=True, help="Interface to listen on.")
@click.option("--db", type=STORE, envvar="SITMAP_DB", help="Store: a file or postgresql://USER@HOST:PORT/DB.")
@handle_errors
def serve(paths, port: int, address: str, db: Path | None) -> None:
    """Open the dashboard on http://ADDRESS:PORT for the documents in PATHS."""
    for p in paths:
        if not p.exists():
            raise SitmapError(f"{str(p)!r} does not exist: give files or folders of articles")
    from dashboard.pipeline import ingest_ahead
    from dashboard.store import is_server_url, resolved

    app = config.PACKAGE_DIR / "app" / "main.py"
    env = dict(os.environ)
    env["SITMAP_PATHS"] = os.pathsep.join(str(p.resolve()) for p in paths)
    # resolved here: the server runs in the package's folder, not the caller's
    store = resolved(db)
    env["SITMAP_DB"] = store
    if paths:
        ingest_ahead([p.resolve() for p in paths], store if is_server_url(store) else Path(store))
    # the Streamlit server, with the page's modules imported before it listens (see launch.py)
    cmd = [sys.executable, "-m", "dashboard.app.launch", "run", str(app), "--server.port", str(port),
           "--server.address", address, "--server.headless", "true",
           "--browser.gatherUsageStats", "false", "--global.developmentMode", "false"]
    log.info("serving on http://%s:%s", address, port)
    sys.stderr.flush()
    # Become the Streamlit server (exec, not a child process): a signal sent to
    # `sitmap serve` — Ctrl-C, a service manager's SIGTERM, a test's terminate() —
    # reaches the server itself, and no orphaned server keeps the port.
    os.chdir(config.PROJECT_DIR)
    os.execve(sys.executable, cmd, env)


