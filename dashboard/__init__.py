"""sitmap: news reports in, a living situation map out — offline.

The core is a library; the ``sitmap`` command line and the Streamlit app are thin shells
over it.  The usual entry points are importable from here (loaded on first use, so
``import dashboard`` stays cheap)::

    from dashboard import Document, extract_events, to_geojson
    events = extract_events("seeds/")                       # files/folders -> fused events
    doc = Document.from_text("Russia moved 10,000 troops to the Belgorod region on Monday.",
                             published="2026-03-04")
    print([e.summary for e in extract_events(doc)])

Stages, one subpackage each, data flowing downstream only (docs/architecture.md):
ingest → geoparse (with gazetteer) → extract → fuse → store → mapping → export / app;
``pipeline`` wires them together, ``model`` holds the types that cross stages.
"""

from __future__ import annotations

from importlib import import_module

_EXPORTS = {
    "Document": "dashboard.model", "Event": "dashboard.model", "Mention": "dashboard.model",
    "Place": "dashboard.model", "Force": "dashboard.model", "EVENT_TYPES": "dashboard.model",
    "extract_events": "dashboard.pipeline", "process": "dashboard.pipeline", "Inputs": "dashboard.pipeline",
    "DocumentStage": "dashboard.pipeline", "iter_documents": "dashboard.ingest", "load_document": "dashboard.ingest",
    "Geoparser": "dashboard.geoparse", "Gazetteer": "dashboard.gazetteer", "OfflineGeocoder": "dashboard.gazetteer",
    "fuse": "dashboard.fuse", "SQLiteStore": "dashboard.store", "to_geojson": "dashboard.export",
    "to_csv": "dashboard.export", "build_map": "dashboard.mapping",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        value = getattr(import_module(_EXPORTS[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'dashboard' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
