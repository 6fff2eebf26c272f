"""The ``sitmap`` command line: a thin shell over the core modules.

Conventions: one function per command; ``--format json`` prints JSON on stdout, text
otherwise; every deliberate error (:class:`~dashboard.errors.SitmapError`) becomes one
line on stderr and exit status 2 — never a traceback.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from functools import wraps
from pathlib import Path

import click

from dashboard.errors import SitmapError
from dashboard.util.logs import configure_logging

log = logging.getLogger("sitmap")

FORMATS = click.Choice(["json", "text"])


class _PathType(click.Path):
    """``click.Path`` that refuses an empty or blank argument (pathlib would silently
    turn it into ``.``, the current folder) and one with a NUL character."""

    def convert(self, value, param, ctx):
        if isinstance(value, str) and not value.strip():
            self.fail("empty path: give a file or folder name ('.' for the current folder)", param, ctx)
        if isinstance(value, str) and "\x00" in value:
            self.fail(f"{value!r} contains a NUL character, which no file name can hold", param, ctx)
        return super().convert(value, param, ctx)


PATH = _PathType(path_type=Path)


def _fail(message: str) -> None:
    from dashboard.util.safetext import printable

    click.echo(f"sitmap: error: {printable(message, limit=2000)}", err=True)
    sys.exit(2)


def handle_errors(fn):
    """Turn the project's typed errors into a one-line message and exit code 2."""

    @wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except SitmapError as exc:
            _fail(str(exc))
        except (BrokenPipeError, KeyboardInterrupt):
            sys.exit(130 if sys.exc_info()[0] is KeyboardInterrupt else 0)

    return wrapper


def _gazetteer():
    from dashboard.gazetteer import Gazetteer

    return Gazetteer()


def _emit_json(obj) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False, indent=2))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="sitmap")
@click.option("-v", "--verbose", count=True, help="More detail on stderr (repeatable).")
@click.option("-q", "--quiet", is_flag=True, help="Only warnings and errors on stderr.")
def main(verbose: int, quiet: bool) -> None:
    """sitmap — news reports in, a living situation map out (offline)."""
    configure_logging(verbose, quiet)


@main.command()
@click.argument("name")
@click.option("--country", "-c", multiple=True, help="ISO 3166-1 alpha-2 code to restrict to (repeatable).")
@click.option("--kind", "-k", multiple=True, help="Feature kind: country, admin1, admin2, city, sea, lake, "
                                                  "river, border, region (repeatable).")
@click.option("--limit", "-n", default=10, show_default=True, type=click.IntRange(1, 1000))
@click.option("--geometry", is_flag=True, help="Include each candidate's geometry as GeoJSON.")
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
@handle_errors
def geocode(name: str, country, kind, limit: int, geometry: bool, fmt: str) -> None:
    """Ranked gazetteer candidates for NAME (accent- and case-insensitive)."""
    from dashboard.gazetteer import validate_query

    validate_query(name)  # before the gazetteer loads: bad input fails fast
    gaz = _gazetteer()
    cands = gaz.lookup(name, country=country or None, kinds=kind or None, limit=limit)
    if fmt == "json":
        out = []
        for c in cands:
            d = c.to_dict()
            if geometry:
                import shapely

                d["geometry"] = json.loads(shapely.to_geojson(gaz.geometry(c.place)))
            out.append(d)
        _emit_json(out)
        return
    if not cands:
        click.echo(f"no match for {name!r}", err=True)
        return
    for i, c in enumerate(cands, 1):
        click.echo(f"{i:>2}. {c.to_text()}")


@main.command(context_settings={"ignore_unknown_options": True})
@click.argument("lat", type=float)
@click.argument("lon", type=float)
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
@handle_errors
def reverse(lat: float, lon: float, fmt: str) -> None:
    """What lies at LAT LON: admin unit, country, sea and nearest city.

    Negative coordinates work as they are: sitmap reverse 10.49 -66.88
    """
    from dashboard.gazetteer import validate_point

    validate_point(lat, lon)
    res = _gazetteer().reverse(lat, lon)
    if fmt == "json":
        _emit_json(res.to_dict())
        return
    for line in res.to_lines():
        click.echo(line)
    if res.best is None and res.city is None:
        click.echo("nothing known at this point", err=True)


@main.command()
@click.argument("paths", nargs=-1, type=PATH)
@click.option("--jsonl", "jsonl", type=PATH,
              help="Read {id, text, published?, spans?} objects, one per line ('-' for stdin).")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes (each loads the model once).")
@click.option("--batch-size", default=16, show_default=True, type=click.IntRange(1, 1024))
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "text"]), default="json", show_default=True)
@click.option("--alternatives/--no-alternatives", default=True, show_default=True,
              help="Include each toponym's runner-up candidates.")
@click.option("--max-bytes", default=10_000_000, show_default=True, type=click.IntRange(1),
              help="Skip files larger than this.")
@handle_errors
def geoparse(paths, jsonl, workers: int, batch_size: int, fmt: str, alternatives: bool, max_bytes: int) -> None:
    """Find and resolve the places named in PATHS (files, folders, '-' for stdin).

    JSON gives, per document: doc_id, path, title, published and toponyms
    [{text, start, end, role, name, kind, country_code, lat, lon, score, ...}].
    With --jsonl, one output line per input line: {"id", "toponyms"}; given "spans"
    (oracle mode) exactly those spans are resolved, in order.
    Exit status: 0 all read, 1 some inputs skipped (reasons on stderr), 2 usage errors.
    """
    from dashboard.errors import InputError
    from dashboard.pipeline import Inputs, geoparse_records, geoparse_spans, read_jsonl_records

    if bool(paths) == bool(jsonl):
        raise InputError("give either PATHS or --jsonl FILE (not both, not neither)")
    if jsonl:
        for out in geoparse_spans(read_jsonl_records(jsonl), workers=workers, batch_size=batch_size,
                                  alternatives=alternatives):
            click.echo(json.dumps(out, ensure_ascii=False))
        return
    inputs = Inputs(paths, max_bytes=max_bytes)
    results = []
    for rec in geoparse_records(inputs, workers=workers, batch_size=batch_size, alternatives=alternatives):
        if fmt == "jsonl":
            click.echo(json.dumps(rec, ensure_ascii=False))
        elif fmt == "text":
            click.echo(f"# {rec['path'] or rec['doc_id']}  {rec['published'] or 'undated'}  {rec['title'] or ''}"
                       .rstrip())
            for t in rec["toponyms"]:
                where = f"{t['lat']:.3f}, {t['lon']:.3f}" if t["lat"] is not None else "unresolved"
                click.echo(f"  {t['start']:>6}-{t['end']:<6} {t['text']!r} -> {t['name']} [{t['kind']}] "
                           f"{t['country_code'] or ''} ({where}) {t['role']}")
        else:
            results.append(rec)
    if fmt == "json":
        _emit_json(results)
    if inputs.failures:
        sys.exit(1)


@main.command()
@click.argument("corpus", type=PATH)
@click.option("--oracle", is_flag=True, help="Resolve the gold spans (scores resolution only).")
@click.option("--limit", type=click.IntRange(1), help="Only the first N documents.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64))
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
@handle_errors
def evaluate(corpus: Path, oracle: bool, limit: int | None, workers: int, fmt: str) -> None:
    """Score the geoparser on a gold corpus in the LGL / TR-News XML format.

    Prints recognition precision/recall/F1 and, on matched toponyms, Acc@161km, mean and
    median error (km) and AUC (Gritta et al. 2019).
    """
    from dashboard.evaluate import evaluate_corpus

    res = evaluate_corpus(corpus, oracle=oracle, limit=limit, workers=workers, gazetteer=_gazetteer())
    report, area = res["report"], res["acc161_area"]
    if fmt == "json":
        _emit_json({"corpus": str(corpus), "oracle": oracle, **report.to_dict(), "acc161_area": area,
                    "realigned_spans": res["realigned_spans"]})
    else:
        click.echo(f"{corpus} ({'oracle spans' if oracle else 'end to end'})")
        click.echo(report.format_text())
        if area is not None:
            click.echo(f"{'Acc@161km area-aware':<24}{area:.3f}  (gold point inside the resolved "
                       "polygon also counts)")


EVENT_FORMATS = click.Choice(["geojson", "json", "csv"])


def _write_events(events, fmt: str, output: Path | None, force: bool = True) -> None:
    from dashboard.export import to_csv, to_geojson, to_json

    text = {"geojson": to_geojson, "json": to_json, "csv": to_csv}[fmt](events)
    if output is None or str(output) == "-":
        click.echo(text, nl=not text.endswith("\n"))
        return
    from dashboard.util.atomic import atomic_write_text

    atomic_write_text(output, text, overwrite=force)  # temporary file + rename: never a truncated file
    log.info("wrote %d events to %s", len(events), output)


def _extracted(paths, workers: int, max_bytes: int):
    """The fused events of PATHS (read → geoparse → extract → fuse), and the inputs read."""
    from dashboard.pipeline import Inputs, extract_events

    inputs = Inputs(paths, max_bytes=max_bytes)
    return extract_events(inputs, workers=workers), inputs


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
    fused, inputs = _extracted(paths, workers, max_bytes)
    _write_events(fused, fmt, output, force)
    if inputs.failures:
        sys.exit(1)


def _store(db: Path | None):
    from dashboard.store import SQLiteStore, default_db_path

    return SQLiteStore(db or default_db_path())


@main.command()
@click.argument("paths", nargs=-1, required=True, type=PATH)
@click.option("--db", type=PATH, envvar="SITMAP_DB", help="Store file (default ./.sitmap/sitmap.db).")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64))
@click.option("--max-bytes", default=10_000_000, show_default=True, type=click.IntRange(1))
@handle_errors
def ingest(paths, db: Path | None, workers: int, max_bytes: int) -> None:
    """Add the documents in PATHS to the store (each document one transaction; documents
    already there are skipped), then re-fuse the store's events."""
    from dashboard.pipeline import ingest_into_store
    from dashboard.store import default_db_path

    report = ingest_into_store(paths, db or default_db_path(), workers=workers, max_bytes=max_bytes)
    log.info("%d documents added, %d already in the store; %d fused events", report["added"], report["skipped"],
             report["fused"])
    if report["failures"]:
        sys.exit(1)


@main.command()
@click.option("--db", type=PATH, envvar="SITMAP_DB")
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
    with _store(db) as store:
        found = store.query(start=start, end=end, types=types or None, actors=actors or None,
                            min_corroboration=min_corroboration)
    _write_events(found, fmt, output)


@main.command()
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
@handle_errors
def status(fmt: str) -> None:
    """Show the gazetteer in use: file, size, inputs and feature counts."""
    stats = _gazetteer().stats()
    if fmt == "json":
        _emit_json(stats)
        return
    click.echo(f"gazetteer: {stats['path']} ({stats['size_mb']} MB, schema {stats['schema_version']})")
    click.echo("features:  " + ", ".join(f"{k} {v:,}" for k, v in stats["counts"].items()))
    for name, spec in stats["inputs"].items():
        click.echo(f"input:     {spec['requirement']}  sha256 {spec['sha256'][:12]}…")


@main.command()
@click.argument("paths", nargs=-1, type=PATH)
@click.option("--port", default=8501, show_default=True, type=click.IntRange(1, 65535))
@click.option("--address", default="localhost", show_default=True, help="Interface to listen on.")
@click.option("--db", type=PATH, envvar="SITMAP_DB", help="Event store file.")
@handle_errors
def serve(paths, port: int, address: str, db: Path | None) -> None:
    """Open the dashboard on http://ADDRESS:PORT for the documents in PATHS."""
    for p in paths:
        if not p.exists():
            raise SitmapError(f"{str(p)!r} does not exist: give files or folders of articles")
    from dashboard.pipeline import ingest_ahead
    from dashboard.store import default_db_path

    app = Path(__file__).resolve().parent / "app" / "main.py"
    env = dict(os.environ)
    env["SITMAP_PATHS"] = os.pathsep.join(str(p.resolve()) for p in paths)
    # resolved here: the server runs in the package's folder, not the caller's
    store = (db or default_db_path()).expanduser().resolve()
    env["SITMAP_DB"] = str(store)
    if paths:
        ingest_ahead([p.resolve() for p in paths], store)
    cmd = [sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(port),
           "--server.address", address, "--server.headless", "true",
           "--browser.gatherUsageStats", "false", "--global.developmentMode", "false"]
    log.info("serving on http://%s:%s", address, port)
    sys.stderr.flush()
    # Become the Streamlit server (exec, not a child process): a signal sent to
    # `sitmap serve` — Ctrl-C, a service manager's SIGTERM, a test's terminate() —
    # reaches the server itself, and no orphaned server keeps the port.
    os.chdir(Path(__file__).resolve().parent.parent)
    os.execve(sys.executable, cmd, env)


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
@click.option("--width", default=1600, show_default=True, type=click.IntRange(200, 8000), help="PNG width, px.")
@click.option("--height", default=900, show_default=True, type=click.IntRange(200, 8000), help="PNG height, px.")
@click.option("--title", help="Title over the map and on the deck's first slide.")
@click.option("--db", type=PATH, envvar="SITMAP_DB",
              help="Store to read (default ./.sitmap/sitmap.db); PATHS instead reads documents directly.")
@click.option("--force", is_flag=True, help="Overwrite an existing output file.")
@click.option("--chromium", help="Chromium executable for png/pdf/pptx (default: $SITMAP_CHROMIUM, then PATH, "
                                 "then /usr/bin/chromium).")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64))
@click.option("--max-bytes", default=10_000_000, show_default=True, type=click.IntRange(1))
@handle_errors
def export_command(paths, fmt: str, output: Path, start, end, as_of, types, actors, min_corroboration: int,
                   undated: bool, width: int, height: int, title, db, force: bool, chromium, workers: int,
                   max_bytes: int) -> None:
    """Export the events of a view: the map (PNG, standalone HTML), the data (GeoJSON,
    CSV, GeoPackage) or a briefing deck (PPTX, PDF).

    Events come from the store (--db), or from the documents in PATHS run through the
    pipeline and fused without touching the store.
    """
    from dashboard.errors import InputError
    from dashboard.export import (TEXT_FORMATS, ExportView, check_target, export, export_bytes, filter_events,
        options_for, select_events)

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
        fused, inputs = _extracted(paths, workers, max_bytes)
        events = filter_events(fused, view)
    else:
        from dashboard.store import default_db_path

        path = db or default_db_path()
        if not Path(path).is_file():
            raise InputError(f"no event store at {str(path)!r}: run `sitmap ingest PATH...` first, "
                             "or give PATH... to export documents directly")
        with _store(path) as store:
            events = select_events(store, view)
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


if __name__ == "__main__":  # pragma: no cover
    main()
