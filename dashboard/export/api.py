"""One entry point for every export format.

In: the events of a view, a format name (:data:`~dashboard.export.formats.FORMATS`) and
:class:`~dashboard.export.view.ExportOptions`.  Out: :func:`export_bytes` gives
``(data, mime, filename)`` — what a download button needs; :func:`export` writes a file
(atomically; an existing file is kept unless ``force``).  The browser formats (PNG,
PPTX, PDF) share one :class:`~dashboard.export.browser.Renderer` per export unless the
caller passes its own.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, NamedTuple, Sequence

from dashboard.export.browser import Renderer, renderer_for
from dashboard.export.deck import deck_map_png, deck_pdf, deck_pptx
from dashboard.export.files import check_target, default_filename, write_export
from dashboard.export.formats import MIME, check_format
from dashboard.export.map_page import render_png, standalone_html
from dashboard.export.vector import gpkg_bytes, to_csv, to_geojson, to_gpkg
from dashboard.export.view import ExportOptions
from dashboard.model import Event


class ExportResult(NamedTuple):
    """An export in memory: its bytes, MIME type and default file name."""

    data: bytes
    mime: str
    filename: str


def export_bytes(events: Sequence[Event], fmt: str, options: ExportOptions | None = None, *,
                 renderer: Renderer | None = None, chromium: str | None = None,
                 progress: Callable[[float, str], None] | None = None) -> ExportResult:
    """Any export as ``(data, mime, filename)``: what a download button needs.

    ``renderer``: a :class:`Renderer` to reuse (PNG, PDF, PPTX); without one, a browser is
    launched for this export and closed after.  ``progress(fraction, message)`` is called
    as the work advances."""
    check_format(fmt)
    options = options or ExportOptions()
    events = list(events)
    say = progress or (lambda _f, _m: None)
    say(0.0, f"exporting {len(events)} events as {fmt.upper()}")
    if fmt == "geojson":
        data = to_geojson(events).encode("utf-8")
    elif fmt == "csv":
        data = to_csv(events).encode("utf-8")
    elif fmt == "gpkg":
        data = gpkg_bytes(events)
    elif fmt == "html":
        data = standalone_html(events, options).encode("utf-8")
    else:
        r, owned = renderer_for(renderer, chromium)
        try:
            say(0.1, "drawing the map")
            if fmt == "png":
                data = render_png(events, options, renderer=r)
            else:
                png = deck_map_png(events, options, r, None)
                say(0.6, "building the deck")
                data = (deck_pptx(events, options, map_png=png) if fmt == "pptx"
                        else deck_pdf(events, options, renderer=r, map_png=png))
        finally:
            if owned:
                r.close()
    say(1.0, "done")
    return ExportResult(data, MIME[fmt], default_filename(fmt, options))


def export(events: Sequence[Event], fmt: str, path: str | os.PathLike, options: ExportOptions | None = None, *,
           force: bool = False, renderer: Renderer | None = None, chromium: str | None = None,
           progress: Callable[[float, str], None] | None = None) -> Path:
    """Write one export to ``path`` atomically; an existing file is kept unless ``force``
    (checked before any work is done, and again when the file is put in place)."""
    check_format(fmt)
    path = Path(path)
    check_target(path, force)
    if fmt == "gpkg":
        return to_gpkg(events, path, force=force)
    data = export_bytes(events, fmt, options, renderer=renderer, chromium=chromium, progress=progress).data
    return write_export(path, data, force=force)
