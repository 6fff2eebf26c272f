"""The export formats: their names, which of them are text, their MIME types and file
extensions."""

from __future__ import annotations

from dashboard.errors import InputError

FORMATS: tuple[str, ...] = ("png", "html", "geojson", "csv", "gpkg", "pptx", "pdf")
TEXT_FORMATS = frozenset({"html", "geojson", "csv"})
MIME: dict[str, str] = {
    "png": "image/png",
    "html": "text/html; charset=utf-8",
    "geojson": "application/geo+json",
    "csv": "text/csv; charset=utf-8",
    "gpkg": "application/geopackage+sqlite3",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pdf": "application/pdf",
}
EXTENSION: dict[str, str] = {f: f for f in FORMATS}


def check_format(fmt: str) -> None:
    """Refuse (:class:`InputError`) a format that is not one of :data:`FORMATS`."""
    if fmt not in FORMATS:
        raise InputError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
