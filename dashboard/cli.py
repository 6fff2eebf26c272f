"""The ``sitmap`` command line: a thin shell over the core modules.

Conventions: one function per command; ``--format json`` prints JSON on stdout, text
otherwise; every deliberate error (:class:`~dashboard.errors.SitmapError`) becomes one
line on stderr and exit status 2 — never a traceback.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from functools import wraps
from pathlib import Path

import click

from .errors import SitmapError

FORMATS = click.Choice(["json", "text"])


def _fail(message: str) -> None:
    click.echo(f"sitmap: error: {message}", err=True)
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
    from .gazetteer import Gazetteer

    return Gazetteer()


def _emit_json(obj) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False, indent=2))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="sitmap")
def main() -> None:
    """sitmap — news reports in, a living situation map out (offline)."""


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
    from .gazetteer import validate_query

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
        p = c.place
        where = ", ".join(x for x in (p.admin1_name if p.admin1_name != p.name else None,
                                      p.country_code or "/".join(p.countries)) if x)
        pop = f" pop {p.population:,}" if p.population else ""
        click.echo(f"{i:>2}. {p.name} [{p.kind}{'/' + p.subtype if p.subtype else ''}] {where} "
                   f"({p.lat:.4f}, {p.lon:.4f}){pop}  score {c.score:.3f}")


@main.command(context_settings={"ignore_unknown_options": True})
@click.argument("lat", type=float)
@click.argument("lon", type=float)
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
@handle_errors
def reverse(lat: float, lon: float, fmt: str) -> None:
    """What lies at LAT LON: admin unit, country, sea and nearest city.

    Negative coordinates work as they are: sitmap reverse 10.49 -66.88
    """
    from .gazetteer import _validate_point

    _validate_point(lat, lon)
    res = _gazetteer().reverse(lat, lon)
    if fmt == "json":
        _emit_json(res.to_dict())
        return
    for label, p in (("admin1", res.admin1), ("country", res.country), ("sea", res.sea), ("city", res.city)):
        if p is not None:
            extra = f" ({res.city_km:.1f} km)" if label == "city" and res.city_km is not None else ""
            click.echo(f"{label:>8}: {p.name}{' [' + p.iso_code + ']' if p.iso_code else ''}{extra}")
    if res.best is None and res.city is None:
        click.echo("nothing known at this point", err=True)


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
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--port", default=8501, show_default=True, type=click.IntRange(1, 65535))
@click.option("--address", default="localhost", show_default=True, help="Interface to listen on.")
@click.option("--db", type=click.Path(path_type=Path), envvar="SITMAP_DB", help="Event store file.")
@handle_errors
def serve(paths, port: int, address: str, db: Path | None) -> None:
    """Open the dashboard on http://ADDRESS:PORT for the documents in PATHS."""
    for p in paths:
        if not p.exists():
            raise SitmapError(f"{str(p)!r} does not exist: give files or folders of articles")
    app = Path(__file__).resolve().parent / "app" / "main.py"
    env = dict(os.environ)
    env["SITMAP_PATHS"] = os.pathsep.join(str(p.resolve()) for p in paths)
    if db is not None:
        env["SITMAP_DB"] = str(db.resolve())
    cmd = [sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(port),
           "--server.address", address, "--server.headless", "true",
           "--browser.gatherUsageStats", "false", "--global.developmentMode", "false"]
    click.echo(f"sitmap: serving on http://{address}:{port}", err=True)
    try:
        sys.exit(subprocess.call(cmd, env=env, cwd=str(Path(__file__).resolve().parent.parent)))
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":  # pragma: no cover
    main()
