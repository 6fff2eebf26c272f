"""Exports: the events of a view in; files out — vector data (GeoJSON, CSV, GeoPackage),
the map as a standalone offline HTML page or a PNG drawn by headless Chromium, and
briefing decks (PPTX, PDF).
May import: :mod:`dashboard.mapping`, :mod:`dashboard.gazetteer`, :mod:`dashboard.model`,
:mod:`dashboard.errors`, :mod:`dashboard.config`, :mod:`dashboard.util`.
"""

from .exporter import (FORMATS, TEXT_FORMATS, check_target, deck_html, deck_pdf, deck_pptx, deck_slides,
    default_filename, export, export_bytes, ExportOptions, ExportResult, ExportView, filter_events,
    find_chromium, map_html, options_for, render_png, Renderer, select_events, standalone_html, to_gpkg)
from .eventio import CSV_COLUMNS, flat_row, to_csv, to_geojson, to_json

__all__ = [
    "FORMATS", "TEXT_FORMATS", "check_target", "deck_html", "deck_pdf", "deck_pptx", "deck_slides",
    "default_filename", "export", "export_bytes", "ExportOptions", "ExportResult", "ExportView",
    "filter_events", "find_chromium", "map_html", "options_for", "render_png", "Renderer",
    "select_events", "standalone_html", "to_gpkg", "CSV_COLUMNS", "flat_row", "to_csv",
    "to_geojson", "to_json",
]
