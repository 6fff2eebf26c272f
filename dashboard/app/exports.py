"""The export tab: the current view as PNG, standalone HTML, deck, GeoJSON, CSV or
GeoPackage, made on the server and offered for download."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from dashboard.app.state import ViewState
from dashboard.errors import SitmapError
from dashboard.export import ExportView, Renderer, export_bytes, options_for
from dashboard.model import Event

@st.cache_resource(show_spinner="Starting the headless browser for exports…")
def export_renderer():
    """One Chromium for every export of this server (shared by sessions; calls queue)."""
    return Renderer()


EXPORT_LABELS = {"png": "PNG image of the map", "html": "Standalone HTML map (opens offline)",
                 "pptx": "Briefing deck (PowerPoint)", "pdf": "Briefing deck (PDF)", "geojson": "GeoJSON",
                 "csv": "CSV (one row per event)", "gpkg": "GeoPackage (events, places, sources)"}


BROWSER_FORMATS = {"png", "pptx", "pdf"}


def export_panel(view: ViewState, events: list[Event]) -> None:
    """Exports of the current view: prepared on request (with progress), then downloaded."""
    st.caption(f"{len(events)} events in the current view (window, filters"
               f"{', undated' if view.undated else ''}).")
    c1, c2, c3 = st.columns([2, 1, 2])
    fmt = c1.selectbox("Format", list(EXPORT_LABELS), format_func=EXPORT_LABELS.get, key="export_fmt")
    size = c2.selectbox("Image size", ["1920×1080", "1280×720", "3840×2160"], key="export_size",
                        disabled=fmt not in BROWSER_FORMATS)
    title = c3.text_input("Title (optional)", max_chars=120, key="export_title")
    if not st.button("Prepare the export", disabled=not events):
        return
    width, height = (int(v) for v in size.split("×"))
    try:
        ev = ExportView(as_of=view.as_of) if view.as_of else ExportView(start=view.start, end=view.end)
        ev = replace(ev, types=view.types, actors=view.actors, min_corroboration=view.min_corroboration,
                     text=view.text or None, include_undated=view.undated)
        opts = options_for(ev, events, width=width, height=height, title=title or None)
        with st.status(f"Preparing {EXPORT_LABELS[fmt]}…", expanded=False) as status:
            bar = st.progress(0.0)
            renderer = export_renderer() if fmt in BROWSER_FORMATS else None
            data, mime, filename = export_bytes(events, fmt, opts, renderer=renderer,
                                                progress=lambda frac, msg: bar.progress(min(max(frac, 0.0), 1.0),
                                                                                         text=msg))
            status.update(label=f"Ready: {filename} ({len(data) / 1e6:.1f} MB)", state="complete")
    except SitmapError as exc:
        st.error(str(exc))
        return
    st.download_button(f"Download {filename}", data, file_name=filename, mime=mime, key="export_download")
