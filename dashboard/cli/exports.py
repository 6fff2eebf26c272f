"""``sitmap export``: the events of a view as a map, data or a briefing deck."""

from __future__ import annotations

import logging
import sys
from dataclasses import replace
from pathlib import Path

import click

from dashboard.cli.common import (PATH, STORE, extracted, handle_errors, log,
                                  main, open_store)


@main.command("export")
@click.argument("paths", nargs=-1, type=PATH)
@click.option("--format", "fmt", required=True,
              type=click.Choice(["png", "html", "geojson", "csv", "gpkg", "pptx", "pdf"]),
              help="png: the map; html: the map in one offline file; geojson/csv/gpkg: the events; "
                   "pptx/pdf: a briefing deck.")
@click.option("-o", "--output", required=True, type=PATH,
              help="File to write; '-' writes stdout (binary formats only into a pipe).")
@click.option("--from", "start", help="Window start, YYYY-MM-DD.")
@click.option("--to", "end", help="Window end, YYYY-MM-DD.")
@click.option("--as-of", "as_of", help="Everything known up to this day, YYYY-MM-DD (instead of --from/--to).")
@click.option("--type", "types", multiple=True, help="Event type (repeatable).")
@click.option("--actor", "actors", multiple=True, help="Actor name (repeatable).")
@click.option("--min-corroboration", default=1, show_default=True, type=click.IntRange(1))
@click.option("--undated", is_flag=True, help="Include undated events (drawn at their place).")
@click.option("--all-dates", is_flag=True, help="Maps and decks: every date, not the recent window they open on "
                                                "when no --from/--to/--as-of is given.")
@click.option("--width", default=1600, show_default=True, type=click.IntRange(200, 8000), help="PNG width, px.")
@click.option("--height", default=900, show_default=True, type=click.IntRange(200, 8000), help="PNG height, px.")
@click.option("--title", help="Title over the map and on the deck's first slide.")
@click.option("--db", type=STORE, envvar="SITMAP_DB",
              help="Store to read: a file (default ./.sitmap/sitmap.db) or postgresql://USER@HOST:PORT/DB; "
                   "PATHS instead reads documents directly.")
@click.option("--force", is_flag=True, help="Overwrite an existing output file.")
@click.option("--chromium", help="Chromium executable for png/pdf/pptx (default: $SITMAP_CHROMIUM, then PATH, "
                                 "then /usr/bin/chromium).")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64))
@click.option("--max-bytes", default=10_000_000, show_default=True, type=click.IntRange(1))
@handle_errors
def export_command(paths, fmt: str, output: Path, start, end, as_of, types, actors, min_corroboration: int,
                   undated: bool, all_dates: bool, width: int, height: int, title, db, force: bool, chromium,
                   workers: int, max_bytes: int) -> None:
    """Export the events of a view: the map (PNG, standalone HTML), the data (GeoJSON,
    CSV, GeoPackage) or a briefing deck (PPTX, PDF).

    Events come from the store (--db), or from the documents in PATHS run through the
    pipeline and fused without touching the store.  Maps and decks open, as the dashboard
    does, on the recent activity (the window ending at the newest event that holds most of
    the last 90 days) unless a window, an as-of day or --all-dates is given; data exports
    (GeoJSON, CSV, GeoPackage) hold every date.
    """
    from dashboard.errors import InputError
    from dashboard.export import (TEXT_FORMATS, ExportView, check_target, export, export_bytes, filter_events,
                                  options_for, recent_window, select_events)

    view = ExportView(start=start, end=end, as_of=as_of, types=types, actors=actors,
                      min_corroboration=min_corroboration, include_undated=undated)
    to_stdout = str(output) == "-"
    if to_stdout and fmt not in TEXT_FORMATS and sys.stdout.isatty():
        raise InputError(f"{fmt} is binary: give -o FILE, or pipe stdout into a file")
    if not to_stdout:
        check_target(output, force)  # before any work
    if fmt in ("png", "pdf", "pptx"):
        from dashboard.export import find_chromium

        chromium = find_chromium(chromium)  # no Chromium: say so before reading anything
    db_given = click.get_current_context().get_parameter_source("db") is not click.core.ParameterSource.ENVIRONMENT
    if paths:
        if db is not None and db_given:
            raise InputError("give either PATHS (documents) or --db FILE (a store), not both")
        fused, inputs = extracted(paths, workers, max_bytes)
        events = filter_events(fused, view)
    else:
        from dashboard.store import default_location, is_server_url

        path = db or default_location()
        if not is_server_url(path) and not Path(path).is_file():
            raise InputError(f"no event store at {str(path)!r}: run `sitmap ingest PATH...` first, "
                             "or give PATH... to export documents directly")
        with open_store(path) as store:
            events = select_events(store, view)
    if fmt in ("png", "html", "pptx", "pdf") and not (start or end or as_of or all_dates):
        window = recent_window([e.date.start for e in events if e.date is not None and e.modality in ("fact", "intent")])
        if window is not None:
            view = replace(view, start=window[0], end=window[1])
            events = filter_events(events, view)
    options = options_for(view, events, width=width, height=height, title=title)
    tty = sys.stderr.isatty()

    def progress(_fraction: float, message: str) -> None:
        log.log(logging.INFO if tty else logging.DEBUG, "%s…", message)

    if to_stdout:
        data = export_bytes(events, fmt, options, chromium=chromium, progress=progress).data
        if fmt in TEXT_FORMATS:
            text = data.decode("utf-8")
            click.echo(text, nl=not text.endswith("\n"))
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
    else:
        written = export(events, fmt, output, options, force=force, chromium=chromium, progress=progress)
        log.info("wrote %d events as %s to %s (%s bytes)", len(events), fmt, written, f"{written.stat().st_size:,}")
    if paths and inputs.failures:
        sys.exit(1)


