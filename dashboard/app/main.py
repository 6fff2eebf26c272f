"""sitmap dashboard entry point (``sitmap serve``): the situation map.

A thin shell: the data comes from the store (:mod:`dashboard.store`), the map from
:mod:`dashboard.mapping`; this script only lays out widgets and passes their values on.
The view state (window, filters, mode, selection) lives in the URL query parameters.

The map stays mounted: the base map (assets, countries, the extent of the whole store)
is the same on every rerun, and the events travel as streamlit-folium feature groups
that replace the previous ones in the live map, keeping its zoom and centre.
"""

from __future__ import annotations

import html
from datetime import date

import folium
import streamlit as st
from streamlit_folium import st_folium

from dashboard.app.common import md
from dashboard.app.documents import document_view, evidence_view
from dashboard.app.exports import export_panel
from dashboard.app.panels import conflicts, event_table, gazetteer_status, key_facts, table_row
from dashboard.app.sidebar import sidebar
from dashboard.app.state import (ViewState, base_map_geojson, db_location, ingest_startup_corpus, query_events,
                                 stamp, startup_paths, store_bounds, store_facets, store_label)
from dashboard.app.timeline import play_step, timeline
from dashboard.errors import SitmapError
from dashboard.export import recent_window
from dashboard.mapping import base_map, event_groups
from dashboard.model import Event

def main() -> None:
    st.set_page_config(page_title="sitmap", page_icon=":world_map:", layout="wide")
    view = ViewState.from_query(st.query_params)
    db = db_location()
    try:
        if startup_paths():
            report = ingest_startup_corpus(startup_paths(), db)
            for f in report["failures"]:
                st.sidebar.warning("Skipped " + md(f))
        facets = store_facets(db, stamp(db))
    except SitmapError as exc:
        st.error(str(exc))
        return
    span_start, span_end = facets.get("span") or (None, None)
    briefing = view.mode == "briefing"

    if not briefing:
        view = sidebar(view, facets, span_start, span_end, db)
    st.session_state["push_url"] = False
    if briefing and not (view.start or view.end or view.as_of):
        recent = recent_window(facets.get("days", ()))  # a shared screen shows the situation, not its history
        if recent:
            view = view.with_(start=recent[0], end=recent[1])
    start, end = view.window()
    filters = dict(types=view.types, actors=view.actors, min_corroboration=view.min_corroboration, text=view.text,
                   modalities=view.modalities, docs=view.docs)
    rows = query_events(db, stamp(db), start, end, include_undated=view.undated or not briefing, **filters)
    events = [Event.from_dict(r) for r in rows]
    dated = [e for e in events if e.date is not None]
    undated = [e for e in events if e.date is None]

    as_of = view.as_of or view.end or span_end or date.today().isoformat()
    if briefing:  # a shared screen: big type, no sidebar, no toolbar
        st.html("<style>[data-testid='stSidebar'],[data-testid='stSidebarCollapsedControl'],"
                "[data-testid='stToolbar']{display:none}.stMainBlockContainer{padding-top:1.2rem}"
                ".stMarkdown p,.stMarkdown li{font-size:1.35rem}h3{font-size:1.8rem!important}</style>")
        st.markdown(f"<h1 style='font-size:2.8rem;margin-bottom:0'>Situation at {html.escape(as_of)}</h1>",
                    unsafe_allow_html=True)
    else:
        st.title("sitmap — situation map")
        st.caption(f"{len(dated)} dated events in the window · {len(undated)} undated"
                   + (" (shown on the map)" if view.undated else "") + f" · store {md(store_label(db))}")

    picked = getattr(getattr(st.session_state.get("events"), "selection", None), "rows", None)
    if picked and picked[0] < len(dated):  # the table's selection, before the table is drawn
        view = view.with_(selected=dated[picked[0]].id)
    situation_map(dated + (undated if view.undated else []), db, height=760 if briefing else 560,
                  selected=view.selected)
    if briefing:
        key_facts(dated)
        return
    view = evidence_view(view, db)  # a popup's "open in the document"
    view = timeline(view, db, filters, span_start, span_end)
    play_step(view, db, filters, span_end)
    st.query_params.from_dict(view.to_query())

    tabs = st.tabs(["Events", "Conflicts", "Documents", "Undated", "Export", "Gazetteer"])
    with tabs[0]:
        view = event_table(view, dated)
        st.query_params.from_dict(view.to_query())
    with tabs[1]:
        conflicts(dated)
    with tabs[2]:
        view = document_view(view, facets, db)
        st.query_params.from_dict(view.to_query())
    with tabs[3]:
        st.dataframe([table_row(e) for e in undated], hide_index=True, width="stretch")
    with tabs[4]:
        export_panel(view, dated + (undated if view.undated else []))
    with tabs[5]:
        gazetteer_status()


def situation_map(events: list[Event], db, *, height: int, selected: str | None = None) -> None:
    m = base_map(base_geojson=base_map_geojson(), bounds=store_bounds(db, stamp(db)))
    st_folium(m, key="situation-map", height=height, use_container_width=True, returned_objects=[],
              feature_group_to_add=event_groups(events, selected=selected), layer_control=folium.LayerControl(collapsed=True))


main()
