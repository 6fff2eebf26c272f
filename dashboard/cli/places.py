"""``sitmap geocode``, ``reverse`` and ``status``: the gazetteer from the command line."""

from __future__ import annotations

import json

import click

from dashboard.cli import common
from dashboard.cli.common import (FORMATS, emit_json, handle_errors, main)


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
    gaz = common.gazetteer()
    cands = gaz.lookup(name, country=country or None, kinds=kind or None, limit=limit)
    if not cands:
        click.echo(f"sitmap: {no_match_message(name, gaz.suggest(name))}", err=True)
    if fmt == "json":
        out = []
        for c in cands:
            d = c.to_dict()
            if geometry:
                import shapely

                d["geometry"] = json.loads(shapely.to_geojson(gaz.geometry(c.place)))
            out.append(d)
        emit_json(out)
        return
    for i, c in enumerate(cands, 1):
        click.echo(f"{i:>2}. {c.to_text()}")


def no_match_message(name: str, suggestions: list[str]) -> str:
    """One line: nothing found for NAME, and the gazetteer names spelt like it."""
    from dashboard.util.safetext import printable

    shown = printable(name, limit=200)
    if suggestions:
        return f"no place named '{shown}' in the gazetteer; did you mean {', '.join(suggestions)}?"
    return f"no place named '{shown}' in the gazetteer, nor one spelt like it; check the spelling"


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
    res = common.gazetteer().reverse(lat, lon)
    if fmt == "json":
        emit_json(res.to_dict())
        return
    for line in res.to_lines():
        click.echo(line)
    if res.best is None and res.city is None:
        click.echo("nothing known at this point", err=True)


@main.command()
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
@handle_errors
def status(fmt: str) -> None:
    """Show the gazetteer in use: file, size, inputs and feature counts."""
    stats = common.gazetteer().stats()
    if fmt == "json":
        emit_json(stats)
        return
    click.echo(f"gazetteer: {stats['path']} ({stats['size_mb']} MB, schema {stats['schema_version']})")
    click.echo("features:  " + ", ".join(f"{k} {v:,}" for k, v in stats["counts"].items()))
    for name, spec in stats["inputs"].items():
        click.echo(f"input:     {spec['requirement']}  sha256 {spec['sha256'][:12]}…")


