"""Exports: the events of a view in; files out — vector data (GeoJSON, CSV, GeoPackage),
the map as a standalone offline HTML page or a PNG drawn by headless Chromium, and
briefing decks (PPTX, PDF).  Every writer returns bytes or text, so the app can offer
them for download; :func:`export` writes a file atomically, keeping an existing one
unless ``force``.  Document text is escaped wherever it goes into HTML; in the PPTX it
is plain text runs.

Modules: :mod:`.view` (which events, how they look), :mod:`.formats` (names, MIME
types), :mod:`.files` (file names, target checks, writing), :mod:`.vector` (GeoJSON,
JSON, CSV, GeoPackage), :mod:`.browser` (headless Chromium), :mod:`.map_page` (the map
as HTML and PNG), :mod:`.deck` (the briefing deck), :mod:`.api` (one entry point).

May import: :mod:`dashboard.mapping`, :mod:`dashboard.gazetteer`, :mod:`dashboard.model`,
:mod:`dashboard.errors`, :mod:`dashboard.config`, :mod:`dashboard.util`.
"""

from dashboard.export.api import ExportResult, export, export_bytes
from dashboard.export.browser import Renderer, find_chromium
from dashboard.export.deck import deck_html, deck_pdf, deck_pptx, deck_slides
from dashboard.export.files import check_target, default_filename
from dashboard.export.formats import FORMATS, TEXT_FORMATS
from dashboard.export.map_page import map_html, render_png, standalone_html
from dashboard.export.vector import CSV_COLUMNS, flat_row, to_csv, to_geojson, to_gpkg, to_json
from dashboard.export.view import (ExportOptions, ExportView, filter_events, options_for, recent_window,
                                   select_events)

__all__ = [
    "FORMATS", "TEXT_FORMATS", "check_target", "deck_html", "deck_pdf", "deck_pptx", "deck_slides",
    "default_filename", "export", "export_bytes", "ExportOptions", "ExportResult", "ExportView",
    "filter_events", "find_chromium", "map_html", "options_for", "render_png", "Renderer",
    "select_events", "recent_window", "standalone_html", "to_gpkg", "CSV_COLUMNS", "flat_row", "to_csv",
    "to_geojson", "to_json",
]
