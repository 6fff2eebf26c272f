"""What every ``sitmap`` command shares: the command group, path arguments, the one-line
error handling, JSON output and the gazetteer and store they open.

Conventions: one function per command; ``--format json`` prints JSON on stdout, text
otherwise; every deliberate error (:class:`~dashboard.errors.SitmapError`) becomes one
line on stderr and exit status 2 — never a traceback.
"""

from __future__ import annotations

import json
import logging
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


class _StoreType(_PathType):
    """``--db``: a ``postgresql://`` URL (kept as text) or a file path."""

    name = "store"

    def convert(self, value, param, ctx):
        from dashboard.store.location import is_server_url

        if is_server_url(value):
            return value.strip()
        return super().convert(value, param, ctx)


STORE = _StoreType(path_type=Path)


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


def gazetteer():
    from dashboard.gazetteer import Gazetteer

    return Gazetteer()


def emit_json(obj) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False, indent=2))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="sitmap")
@click.option("-v", "--verbose", count=True, help="More detail on stderr (repeatable).")
@click.option("-q", "--quiet", is_flag=True, help="Only warnings and errors on stderr.")
def main(verbose: int, quiet: bool) -> None:
    """sitmap — news reports in, a living situation map out (offline)."""
    configure_logging(verbose, quiet)



EVENT_FORMATS = click.Choice(["geojson", "json", "csv"])


def write_events(events, fmt: str, output: Path | None, force: bool = True) -> None:
    from dashboard.export import to_csv, to_geojson, to_json

    text = {"geojson": to_geojson, "json": to_json, "csv": to_csv}[fmt](events)
    if output is None or str(output) == "-":
        click.echo(text, nl=not text.endswith("\n"))
        return
    from dashboard.util.atomic import atomic_write_text

    atomic_write_text(output, text, overwrite=force)  # temporary file + rename: never a truncated file
    log.info("wrote %d events to %s", len(events), output)


def extracted(paths, workers: int, max_bytes: int):
    """The fused events of PATHS (read → geoparse → extract → fuse), and the inputs read."""
    from dashboard.pipeline import Inputs, extract_events

    inputs = Inputs(paths, max_bytes=max_bytes)
    return extract_events(inputs, workers=workers), inputs



def open_store(db: str | Path | None):
    """The store at ``--db`` (a file path or a postgresql:// URL), default ``$SITMAP_DB``."""
    from dashboard.store import open_store as open_at

    return open_at(db)


