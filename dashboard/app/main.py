"""sitmap dashboard entry point (``sitmap serve``): the situation map.

A thin shell: the data comes from the store (:mod:`dashboard.store`), the map from
:mod:`dashboard.mapping`; this script only lays out widgets and passes their values on.
The view state (window, filters, mode) lives in the URL query parameters.
"""

from __future__ import annotations

import html
from datetime import date

import streamlit as st

from dashboard.app.state import (ViewState, base_map_geojson, db_path, ingest_startup_corpus, load_gazetteer,
                                 query_events, startup_paths, store_facets)
from dashboard.errors import SitmapError
from dashboard.model import EVENT_TYPES, Event


def _stamp(path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def main() -> None:
    st.set_page_config(page_title="sitmap", page_icon=":world_map:", layout="wide")
    view = ViewState.from_query(st.query_params)
    db = db_path()
    try:
        if startup_paths():
            report = ingest_startup_corpus(startup_paths(), str(db))
            for f in report["failures"]:
                st.sidebar.warning(f"Skipped {f}")
        facets = store_facets(str(db), _stamp(db))
    except SitmapError as exc:
        st.error(str(exc))
        return
    span_start, span_end = facets.get("span") or (None, None)
    briefing = view.mode == "briefing"

    if not briefing:
        view = sidebar(view, facets, span_start, span_end)
        st.query_params.from_dict(view.to_query())
    start, end = view.window()
    rows = query_events(str(db), _stamp(db), start, end, view.types, view.actors,
                        view.min_corroboration, view.text, view.undated)
    events = [Event.from_dict(r) for r in rows]
    dated = [e for e in events if e.date is not None]
    undated = [e for e in events if e.date is None]

    as_of = view.as_of or view.end or span_end or date.today().isoformat()
    if briefing:
        st.markdown(f"<h1 style='font-size:2.6rem'>Situation at {html.escape(as_of)}</h1>", unsafe_allow_html=True)
    else:
        st.title("sitmap — situation map")
        st.caption(f"{len(dated)} dated events in the window"
                   + (f", {len(undated)} undated shown" if view.undated else "")
                   + f" · store {db}")

    from streamlit_folium import st_folium

    from dashboard.mapping import build_map

    m = build_map(dated + (undated if view.undated else []), base_geojson=base_map_geojson())
    st_folium(m, key="situation-map", height=720 if briefing else 560, use_container_width=True,
              returned_objects=[])
    if not briefing:
        timeline(dated)
        play_step(view, span_end)

    if briefing:
        key_facts(dated)
        return
    tab_events, tab_conflicts, tab_undated, tab_status = st.tabs(["Events", "Conflicts", "Undated", "Gazetteer"])
    with tab_events:
        st.dataframe([table_row(e) for e in dated], hide_index=True, width="stretch")
    with tab_conflicts:
        conflicts(dated)
    with tab_undated:
        st.dataframe([table_row(e) for e in undated], hide_index=True, width="stretch")
    with tab_status:
        gazetteer_status()


def sidebar(view: ViewState, facets: dict, span_start, span_end) -> ViewState:
    sb = st.sidebar
    sb.header("Filters")
    if span_start and span_end:
        lo, hi = date.fromisoformat(span_start), date.fromisoformat(span_end)
        mode = sb.radio("Time", ["Window", "As of"], index=1 if view.as_of else 0, horizontal=True)
        if mode == "As of" and lo < hi:
            cur = date.fromisoformat(view.as_of) if view.as_of else hi
            day = sb.slider("Everything known up to", min_value=lo, max_value=hi, value=max(lo, min(cur, hi)),
                            format="YYYY-MM-DD")
            c1, c2 = sb.columns(2)
            if c1.button("▶ Play", help="Step day by day to the end of the corpus"):
                st.session_state["playing"] = True
            if c2.button("■ Stop"):
                st.session_state["playing"] = False
            return _filters(sb, view.with_(as_of=day.isoformat()), facets)
        view = view.with_(as_of=None)
        if lo < hi:
            cur = (date.fromisoformat(view.start) if view.start else lo, date.fromisoformat(view.end) if view.end else hi)
            cur = (max(lo, min(cur[0], hi)), max(lo, min(cur[1], hi)))
            start, end = sb.slider("Time window", min_value=lo, max_value=hi, value=cur, format="YYYY-MM-DD")
            view = view.with_(start=start.isoformat(), end=end.isoformat())
    return _filters(sb, view, facets)


def _filters(sb, view: ViewState, facets: dict) -> ViewState:
    types = sb.multiselect("Event type", options=list(EVENT_TYPES), default=[t for t in view.types if t in EVENT_TYPES])
    actors = sb.multiselect("Actor", options=facets.get("actors", []),
                            default=[a for a in view.actors if a in facets.get("actors", [])])
    minc = sb.number_input("Minimum corroboration", min_value=1, max_value=50, value=view.min_corroboration)
    text = sb.text_input("Search", value=view.text, max_chars=200)
    undated = sb.toggle("Show undated events on the map", value=view.undated)
    return view.with_(types=tuple(types), actors=tuple(actors), min_corroboration=int(minc), text=text,
                      undated=undated)


def timeline(events: list[Event]) -> None:
    """Events per day by type in the current window (by each event's first day)."""
    import pandas as pd

    if not events:
        return
    df = pd.DataFrame({"day": [e.date.start for e in events], "type": [e.type for e in events]})
    counts = df.groupby(["day", "type"]).size().unstack(fill_value=0)
    counts.index = pd.to_datetime(counts.index)
    st.bar_chart(counts, height=180)


def play_step(view: ViewState, span_end: str | None) -> None:
    """While playing, advance the as-of day by one and rerun, until the corpus ends."""
    import time
    from datetime import timedelta

    if not st.session_state.get("playing") or not view.as_of or not span_end:
        return
    if view.as_of >= span_end:
        st.session_state["playing"] = False
        return
    time.sleep(0.8)
    nxt = (date.fromisoformat(view.as_of) + timedelta(days=1)).isoformat()
    st.query_params["asof"] = nxt
    st.rerun()


def table_row(e: Event) -> dict:
    return {"date": f"{e.date.start}…{e.date.end}" if e.date and e.date.start != e.date.end
            else (e.date.start if e.date else ""), "type": e.type, "actor": e.actor.name if e.actor else "",
            "place": e.place.name if e.place else "", "summary": e.summary, "modality": e.modality,
            "forces": ", ".join(f"{f.count:,} {f.unit}" if f.count else f.unit for f in e.forces),
            "sources": e.corroboration, "conflicts": len(e.conflicts), "confidence": e.confidence}


def conflicts(events: list[Event]) -> None:
    found = False
    for e in events:
        for c in e.conflicts:
            found = True
            st.markdown(f"**{html.escape(e.summary)}** — {html.escape(c.field)} disputed")
            st.dataframe([{"value": v.value, "documents": ", ".join(v.doc_ids)} for v in c.values], hide_index=True)
    if not found:
        st.info("No disagreements between sources in this window.")


def key_facts(events: list[Event]) -> None:
    left, mid, right = st.columns(3)
    with left:
        st.subheader("Forces by side and place")
        rows = [{"side": e.actor.name if e.actor else "unknown", "place": e.place.name if e.place else "",
                 "forces": ", ".join(f"{f.count:,} {f.unit}" if f.count else f.unit for f in e.forces)}
                for e in events if e.forces]
        st.dataframe(rows, hide_index=True, width="stretch")
    with mid:
        st.subheader("Latest events")
        for e in sorted(events, key=lambda e: e.date.end if e.date else "", reverse=True)[:6]:
            st.markdown(f"- {html.escape(e.date.end if e.date else '')}: {html.escape(e.summary)}")
    with right:
        st.subheader("Open conflicts")
        n = 0
        for e in events:
            for c in e.conflicts:
                n += 1
                st.markdown(f"- {html.escape(e.summary)} — {html.escape(c.field)}")
        if not n:
            st.markdown("None")


def gazetteer_status() -> None:
    stats = load_gazetteer().stats()
    cols = st.columns(len(stats["counts"]))
    for col, (kind, n) in zip(cols, stats["counts"].items()):
        col.metric(kind, f"{n:,}")
    st.write(f"Gazetteer file `{stats['path']}` — {stats['size_mb']} MB, schema {stats['schema_version']}.")
    st.dataframe([{"input": k, "requirement": v["requirement"], "sha256": v["sha256"]}
                  for k, v in stats["inputs"].items()], hide_index=True)
    query = st.text_input("Look up a place", value="", max_chars=1000, placeholder="e.g. São Paulo")
    if query.strip():
        try:
            cands = load_gazetteer().lookup(query, limit=10)
        except SitmapError as exc:
            st.error(str(exc))
            return
        if cands:
            st.dataframe([c.to_dict() for c in cands], hide_index=True)
        else:
            st.info("No match.")


main()
