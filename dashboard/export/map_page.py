"""The map as an export: the dashboard's map (:func:`dashboard.mapping.build_map`) as one
HTML page with every asset inlined, which opens offline from a ``file://`` URL
(:func:`standalone_html`, with a date-range control), or that page drawn to a PNG by
headless Chromium (:func:`render_png`).  The title/caption overlay and the credit line
are escaped here; the map's own builders escape theirs.

folium, and :mod:`dashboard.mapping` and :mod:`dashboard.gazetteer` with it, are imported
when a map is drawn, not with this module: they take about a second, which the data
exports (``sitmap events``) need not pay."""

from __future__ import annotations

import html
import json
from importlib.resources import files
from typing import Any, Sequence

from dashboard.errors import DataError
from dashboard.export.browser import Renderer, renderer_for
from dashboard.export.view import ExportOptions, source_documents
from dashboard.model import Event

BASE_MAP_CREDIT = "Base map: Natural Earth (public domain)"

#: The export page's own styles (overlay, credit line, time control).
_EXPORT_CSS = (files("dashboard.export") / "map_export.css").read_text(encoding="utf-8")
#: The export's own script (a Jinja macro body: ``{{ this.… }}`` are filled in by
#: :func:`_export_element`), placed after every layer of the map: exposes the map for
#: tests (``window.sitmapExport``), sets ``window.sitmapReady`` once Leaflet has drawn,
#: and (interactive pages) adds a date-range control that shows only the events whose
#: date interval overlaps the chosen days.  Dates come from the features' ``start``/
#: ``end`` properties, else from the table of event ids written here.  Text is set with
#: textContent only.
_EXPORT_JS = (files("dashboard.export") / "map_export.js").read_text(encoding="utf-8")


def escape_html(value: Any) -> str:
    """``value`` as HTML text (``None`` as nothing), quotes escaped too."""
    return html.escape("" if value is None else str(value), quote=True)


def _js_json(obj: Any) -> str:
    """JSON that is safe inside a <script> element."""
    return (json.dumps(obj, separators=(",", ":"), ensure_ascii=True)
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def _base_geojson(options: ExportOptions) -> str | None:
    if options.base_geojson is not None:
        return options.base_geojson or None
    from dashboard.gazetteer import default_path
    from dashboard.mapping import base_countries

    return base_countries(str(default_path()))


def _credit(events: Sequence[Event], options: ExportOptions) -> str | None:
    if options.attribution is False or options.attribution is None:
        return None
    if isinstance(options.attribution, str):
        return options.attribution
    n = len(source_documents(events))
    return (f"{len(events)} event{'s' if len(events) != 1 else ''} from {n} source document"
            f"{'s' if n != 1 else ''} · {BASE_MAP_CREDIT} · sitmap")


def _export_element(events: Sequence[Event], slider: bool):
    from branca.element import MacroElement
    from folium.template import Template

    class ExportRuntime(MacroElement):
        _template = Template("{% macro script(this, kwargs) %}" + _EXPORT_JS + "{% endmacro %}")

        def __init__(self):
            super().__init__()
            self._name = "SitmapExport"
            self.dates = _js_json({e.id: [e.date.start, e.date.end] if e.date else None for e in events})
            self.slider = "true" if slider else "false"

    return ExportRuntime()


def map_html(events: Sequence[Event], options: ExportOptions | None = None, *, interactive: bool = True) -> str:
    """The dashboard's map of ``events`` as one self-contained HTML page: every script,
    style, font and image inlined, nothing fetched from anywhere, so it opens from a
    ``file://`` URL offline.  With ``interactive``, a date-range control filters the
    events (the standalone export); without, the page is laid out for a screenshot."""
    import folium

    from dashboard.mapping import build_map, find_remote_links, inline_assets

    options = options or ExportOptions()
    events = list(events)
    m = build_map(events, base_geojson=_base_geojson(options))
    root = m.get_root()
    page_title = options.title or (f"sitmap — {options.caption}" if options.caption else "sitmap — situation map")
    root.header.add_child(folium.Element(f"<title>{escape_html(page_title)}</title>"), name="sitmap_export_title")
    css = _EXPORT_CSS
    if not options.legend:
        css += "#sitmap-legend,.sitmap-legend{display:none!important}"
    if not options.controls:
        css += ".leaflet-control-zoom,.leaflet-control-layers{display:none!important}"
    root.header.add_child(folium.Element(f"<style>{css}</style>"), name="sitmap_export_css")
    overlay = ""
    if options.title or options.caption:
        overlay += ("<div class='sitmap-export-head'>" + (escape_html(options.title) if options.title else "")
                    + (f"<div class='cap'>{escape_html(options.caption)}</div>" if options.caption else "") + "</div>")
    credit = _credit(events, options)
    if credit:
        overlay += f"<div class='sitmap-export-credit'>{escape_html(credit)}</div>"
    if not interactive:  # a still picture: no zoom/fade animations to wait for
        overlay += ("<script>if(window.L){L.Map.mergeOptions({zoomAnimation:false,fadeAnimation:false,"
                    "markerZoomAnimation:false});}</script>")
    if overlay:
        root.html.add_child(folium.Element(overlay), name="sitmap_export_overlay")
    m.add_child(_export_element(events, interactive and options.time_slider), name="sitmap_export")
    page = inline_assets(root.render())
    remote = find_remote_links(page)
    if remote:
        raise DataError(f"the exported map would load {remote[0]!r} from the network: "
                        "vendor that asset (python -m dashboard.mapping.assets) before exporting")
    return page


def standalone_html(events: Sequence[Event], options: ExportOptions | None = None) -> str:
    """The standalone HTML export: the map with its layers, popups and a time control,
    in one file that works offline in any browser."""
    return map_html(events, options, interactive=True)


def render_png(events: Sequence[Event], options: ExportOptions | None = None, *,
               renderer: Renderer | None = None, chromium: str | None = None) -> bytes:
    """The map as a PNG of exactly ``options.width``×``options.height`` pixels, drawn by
    headless Chromium from :func:`map_html` (with the title/caption/attribution overlay)."""
    options = options or ExportOptions()
    page = map_html(events, options, interactive=False)
    r, owned = renderer_for(renderer, chromium)
    try:
        return r.screenshot(page, options.width, options.height)
    finally:
        if owned:
            r.close()

