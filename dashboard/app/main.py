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
import re
from datetime import date, datetime, timezone
from pathlib import Path

import streamlit as st

from dashboard.app.state import (ViewState, add_documents, base_map_geojson, db_path, ingest_startup_corpus,
    load_gazetteer, next_play_day, query_events, startup_paths, store_bounds, store_facets)
from dashboard.errors import SitmapError
from dashboard.model import EVENT_TYPES, MODALITIES, Event


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>$:])")


def md(value) -> str:
    """Document text safe inside st.markdown: HTML escaped and Markdown syntax neutralised
    (no links, images or emphasis made from an article's characters)."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape("" if value is None else str(value), quote=False))


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
                st.sidebar.warning("Skipped " + md(f))
        facets = store_facets(str(db), _stamp(db))
    except SitmapError as exc:
        st.error(str(exc))
        return
    span_start, span_end = facets.get("span") or (None, None)
    briefing = view.mode == "briefing"

    if not briefing:
        view = sidebar(view, facets, span_start, span_end, db)
    st.session_state["_push_url"] = False
    start, end = view.window()
    filters = dict(types=view.types, actors=view.actors, min_corroboration=view.min_corroboration, text=view.text,
                   modalities=view.modalities, docs=view.docs)
    rows = query_events(str(db), _stamp(db), start, end, include_undated=view.undated or not briefing, **filters)
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
                   + (" (shown on the map)" if view.undated else "") + f" · store {db}")

    picked = getattr(getattr(st.session_state.get("events"), "selection", None), "rows", None)
    if picked and picked[0] < len(dated):  # the table's selection, before the table is drawn
        view = view.with_(selected=dated[picked[0]].id)
    situation_map(dated + (undated if view.undated else []), db, height=760 if briefing else 560,
                  selected=view.selected)
    if briefing:
        key_facts(dated)
        return
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
    import folium
    from streamlit_folium import st_folium

    from dashboard.mapping import base_map, event_groups

    m = base_map(base_geojson=base_map_geojson(), bounds=store_bounds(str(db), _stamp(db)))
    st_folium(m, key="situation-map", height=height, use_container_width=True, returned_objects=[],
              feature_group_to_add=event_groups(events, selected=selected), layer_control=folium.LayerControl(collapsed=True))


# -- sidebar -----------------------------------------------------------------------------

def _bind(key: str, url_value) -> None:
    """Give widget ``key`` its value from the URL on a session's first run (a shared
    link) and after code changed the URL itself (the timeline brush, playback: see
    :func:`_push_url`); otherwise the widget keeps the user's value.

    Widgets are keyed and never passed a ``value``/``default``: a changing default gives a
    widget a new identity on every change, which remounts it and can drop the user's next
    move; and comparing with the URL would undo a move whose run was interrupted before
    it wrote the URL."""
    if key not in st.session_state or st.session_state.get("_push_url"):
        st.session_state[key] = url_value


def _push_url(view: ViewState) -> None:
    """Set the URL from code and rerun; the next run moves the widgets to it."""
    st.query_params.from_dict(view.to_query())
    st.session_state["_push_url"] = True
    st.rerun()


def _clamp(d: date, lo: date, hi: date) -> date:
    return max(lo, min(d, hi))


def sidebar(view: ViewState, facets: dict, span_start, span_end, db) -> ViewState:
    sb = st.sidebar
    sb.header("Time")
    if span_start and span_end:
        lo, hi = date.fromisoformat(span_start), date.fromisoformat(span_end)
        _bind("time_mode", "As of" if view.as_of else "Window")
        mode = sb.radio("Time", ["Window", "As of"], horizontal=True, key="time_mode", label_visibility="collapsed")
        if mode == "As of" and lo < hi:
            c1, c2 = sb.columns(2)
            if c1.button("▶ Play", help="Step day by day to the end of the corpus"):
                st.session_state["playing"] = True
                if view.as_of and view.as_of >= span_end:  # play again from the beginning
                    view = view.with_(as_of=span_start)
                    st.session_state["asof"] = lo
            if c2.button("■ Stop"):
                st.session_state["playing"] = False
            _bind("asof", _clamp(date.fromisoformat(view.as_of) if view.as_of else hi, lo, hi))
            day = sb.slider("Everything known up to", min_value=lo, max_value=hi, key="asof", format="YYYY-MM-DD")
            view = view.with_(as_of=day.isoformat())
        else:
            view = view.with_(as_of=None)
            if lo < hi:
                cur = (_clamp(date.fromisoformat(view.start), lo, hi) if view.start else lo,
                       _clamp(date.fromisoformat(view.end), lo, hi) if view.end else hi)
                _bind("window", (min(cur), max(cur)))
                start, end = sb.slider("Time window", min_value=lo, max_value=hi, key="window", format="YYYY-MM-DD")
                view = view.with_(start=start.isoformat(), end=end.isoformat())
    view = _filters(sb, view, facets)
    add_documents_panel(sb, db)
    return view


def _doc_label(d: dict) -> str:
    title = (d.get("title") or d["doc_id"])[:70]
    return f"{d['published'] or 'undated'} · {title}" + (f" · {d['file']}" if d.get("file") else "")


def _filters(sb, view: ViewState, facets: dict) -> ViewState:
    sb.header("Filters")
    actors_known = facets.get("actors", [])
    docs = {d["doc_id"]: d for d in facets.get("documents", [])}
    _bind("f_types", [t for t in view.types if t in EVENT_TYPES])
    types = sb.multiselect("Event type", options=list(EVENT_TYPES), key="f_types",
                           format_func=lambda t: t.replace("_", " "))
    _bind("f_actors", [a for a in view.actors if a in actors_known])
    actors = sb.multiselect("Actor / side", options=actors_known, key="f_actors")
    _bind("f_modalities", [m for m in view.modalities if m in MODALITIES])
    modalities = sb.multiselect("Modality", options=list(MODALITIES), key="f_modalities",
                                help="fact, intent, consideration, denial, threat, claim")
    _bind("f_docs", [d for d in view.docs if d in docs])
    chosen = sb.multiselect("Source document", options=list(docs), key="f_docs",
                            format_func=lambda i: _doc_label(docs[i]))
    _bind("f_min", view.min_corroboration)
    minc = sb.number_input("Minimum corroboration", min_value=1, max_value=50, key="f_min",
                           help="How many documents must report an event")
    _bind("f_text", view.text)
    text = sb.text_input("Search", max_chars=200, key="f_text", help="Words in the summary, actor or place")
    _bind("f_undated", view.undated)
    undated = sb.toggle("Show undated events on the map", key="f_undated")
    return view.with_(types=tuple(types), actors=tuple(actors), modalities=tuple(modalities), docs=tuple(chosen),
                      min_corroboration=int(minc), text=text, undated=undated)


def add_documents_panel(sb, db) -> None:
    """Upload files or paste text; they are saved under the store's folder, read into the
    store (so they survive a restart) with a progress bar."""
    with sb.expander("Add documents"):
        files = st.file_uploader("Articles", accept_multiple_files=True,
                                 type=["txt", "md", "html", "htm", "json", "jsonl"], key="uploads")
        pasted = st.text_area("…or paste an article", max_chars=1_000_000, height=120, key="pasted",
                              placeholder="Published: 2025-08-29\n\nText of the article…")
        title = st.text_input("Title of the pasted article (optional)", max_chars=300, key="pasted_title")
        if not st.button("Read into the store", disabled=not (files or pasted.strip())):
            return
        from dashboard.ingest import save_pasted, save_uploads

        data_dir = db.parent / "uploads"
        paths, rejected = [], []
        try:
            if files:
                report = save_uploads(((f.name, f.getvalue()) for f in files), data_dir)
                paths += list(report.saved)
                rejected += [f"{name}: {why}" for name, why in report.rejected]
            if pasted.strip():
                paths.append(save_pasted(pasted, data_dir, title=title or None))
        except SitmapError as exc:
            st.error(str(exc))
            return
        for r in rejected:
            st.warning("Not added: " + md(r))
        if not paths:
            return
        bar = st.progress(0.0, text="Reading…")

        def progress(done: int, total: int, name: str) -> None:
            bar.progress(done / max(total, 1), text=f"{done}/{total} · {name[:60]}")

        try:
            result = add_documents(paths, str(db), progress)
        except SitmapError as exc:
            st.error(str(exc))
            return
        for f in result["failures"]:
            st.warning("Skipped " + md(f))
        bar.progress(1.0, text=f"{result['added']} added, {result['skipped']} already in the store")
        st.success(f"{result['added']} document(s) added")


# -- time --------------------------------------------------------------------------------

def _ms_to_day(v) -> str:
    if isinstance(v, (int, float)):
        return datetime.fromtimestamp(v / 1000, tz=timezone.utc).date().isoformat()
    return str(v)[:10]


def timeline(view: ViewState, db, filters: dict, span_start, span_end) -> ViewState:
    """Events per day by type over the corpus span (filters applied, not the window),
    with the window shaded; brushing the chart sets the window."""
    import altair as alt
    import pandas as pd

    if not span_start or not span_end:
        return view
    rows = query_events(str(db), _stamp(db), None, None, include_undated=False, **filters)
    if not rows:
        return view
    df = pd.DataFrame({"day": pd.to_datetime([r["date"]["start"] for r in rows]),
                       "type": [r["type"].replace("_", " ") for r in rows]})
    counts = df.groupby(["day", "type"]).size().reset_index(name="events")
    start, end = view.window()
    shade = pd.DataFrame({"start": [pd.to_datetime(start or span_start)],
                          "end": [pd.to_datetime(end or span_end) + pd.Timedelta(hours=23)]})
    x_scale = alt.Scale(domain=[pd.to_datetime(span_start) - pd.Timedelta(days=1),
                                pd.to_datetime(span_end) + pd.Timedelta(days=1)])
    brush = alt.selection_interval(encodings=["x"], name="brush")
    window = alt.Chart(shade).mark_rect(opacity=0.12, color="#1f77b4").encode(
        x=alt.X("start:T", scale=x_scale, title=None), x2="end:T")
    bars = alt.Chart(counts).mark_bar(size=6).encode(
        x=alt.X("day:T", scale=x_scale, title=None), y=alt.Y("events:Q", title="events / day"),
        color=alt.Color("type:N", legend=alt.Legend(orient="right", title=None)),
        tooltip=[alt.Tooltip("day:T", format="%Y-%m-%d"), "type:N", "events:Q"]).add_params(brush)
    chart = (window + bars).properties(height=150)
    state = st.altair_chart(chart, on_select="rerun", selection_mode="brush", key="timeline",
                            width="stretch")
    sel = (state.selection or {}).get("brush") if state else None
    picked = tuple(_ms_to_day(v) for v in (sel or {}).get("day", ())[:2]) if sel else ()
    if picked and picked != st.session_state.get("_brush"):
        st.session_state["_brush"] = picked
        _push_url(view.with_(as_of=None, start=min(picked), end=max(picked)))
    st.session_state["_brush"] = picked
    return view


def play_step(view: ViewState, db, filters: dict, span_end: str | None) -> None:
    """While playing, advance the as-of day and rerun, until the corpus ends."""
    import time

    if not st.session_state.get("playing") or not view.as_of or not span_end:
        return
    if view.as_of >= span_end:
        st.session_state["playing"] = False
        return
    rows = query_events(str(db), _stamp(db), None, None, include_undated=False, **filters)
    days = sorted({r["date"]["start"] for r in rows})
    time.sleep(0.8)
    _push_url(view.with_(as_of=next_play_day(view.as_of, days, span_end)))


# -- panels ------------------------------------------------------------------------------

def _forces(e: Event) -> str:
    return ", ".join(f"{f.count:,} {f.unit}" if f.count else f.unit for f in e.forces)


def table_row(e: Event) -> dict:
    return {"date": f"{e.date.start}…{e.date.end}" if e.date and e.date.start != e.date.end
            else (e.date.start if e.date else ""), "type": e.type, "actor": e.actor.name if e.actor else "",
            "place": e.place.name if e.place else "", "summary": e.summary, "modality": e.modality,
            "forces": _forces(e), "sources": e.corroboration, "conflicts": len(e.conflicts),
            "confidence": e.confidence}


def event_table(view: ViewState, events: list[Event]) -> ViewState:
    """The sortable event table; selecting a row shows the event with every source."""
    if not events:
        st.info("No events in this window with these filters.")
        return view
    state = st.dataframe([table_row(e) for e in events], hide_index=True, width="stretch", key="events",
                         on_select="rerun", selection_mode="single-row")
    rows = state.selection.rows if state and state.selection else []
    if rows:
        view = view.with_(selected=events[rows[0]].id)
    chosen = next((e for e in events if e.id == view.selected), None)
    if chosen is not None:
        event_detail(chosen)
    return view


def event_detail(e: Event) -> None:
    st.subheader(md(e.summary))
    when = "undated" if e.date is None else (
        f"{e.date.start}" if e.date.start == e.date.end else f"{e.date.start} – {e.date.end}") + (
        f" ({e.date.precision})" if e.date else "")
    st.markdown(f"**{md(e.type.replace('_', ' '))}** · CAMEO {md(e.cameo)} · {md(e.modality)} · {md(when)} · "
                f"{md(e.place.name if e.place else 'no place')} · reported by {e.corroboration} document(s)")
    if e.forces:
        st.markdown("Forces: " + md(_forces(e)))
    for c in e.conflicts:
        st.warning(md(f"{c.field} disputed: " + "; ".join(f"{v.value} ({len(v.doc_ids)} doc)" for v in c.values)))
    for s in e.sources:
        st.markdown(f"> {md(s.sentence)}\n\n— *{md(s.title or s.path or s.doc_id)}*"
                    f"{' · ' + md(s.published) if s.published else ''}")


def conflicts(events: list[Event]) -> None:
    found = False
    for e in events:
        for c in e.conflicts:
            found = True
            st.markdown(f"**{md(e.summary)}** — {md(c.field)} disputed")
            st.dataframe([{"value": v.value, "documents": ", ".join(v.doc_ids)} for v in c.values], hide_index=True)
    if not found:
        st.info("No disagreements between sources in this window.")


HIGHLIGHT = {"place": "#ffe08a", "actor": "#f7c6a3", "date": "#b9e3c6", "force": "#c9d7f5"}


def highlighted(text: str, spans: list[tuple[int, int, str, str]]) -> str:
    """``text`` as HTML with ``spans`` (start, end, kind, title) marked; every piece of the
    document is escaped, overlapping spans keep the first (longest at a start)."""
    out, pos = [], 0
    for start, end, kind, title in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        if start < pos or end <= start or end > len(text):
            continue
        out.append(html.escape(text[pos:start]))
        out.append(f"<mark style='background:{HIGHLIGHT.get(kind, '#eee')}' title='{html.escape(title, quote=True)}'>"
                   f"{html.escape(text[start:end])}</mark>")
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out)


def document_view(view: ViewState, facets: dict, db) -> ViewState:
    """An article with its places, dates and forces highlighted."""
    from dashboard.extract import find_forces
    from dashboard.store import SQLiteStore
    from dashboard.extract import find_timexes

    docs = {d["doc_id"]: d for d in facets.get("documents", [])}
    with SQLiteStore(str(db)) as store:
        for d in store.documents():
            docs[d.doc_id] = {"doc_id": d.doc_id, "title": d.title, "published": d.published,
                              "file": Path(d.path).name if d.path else None}
        if not docs:
            st.info("No documents in the store yet.")
            return view
        ids = list(docs)
        index = ids.index(view.reading) if view.reading in docs else 0
        doc_id = st.selectbox("Document", ids, index=index, format_func=lambda i: _doc_label(docs[i]))
        doc = store.document(doc_id)
        mentions = store.mentions(doc_id) if doc else []
    if doc is None:
        st.info("This document's text is not in the store.")
        return view.with_(reading=doc_id if view.reading or doc_id != ids[0] else None)
    text = doc.text or ""
    spans = [(m["start"], m["end"], "actor" if m["role"] == "actor" else "place",
              f"{m['name'] or 'unresolved'} ({m['kind'] or '?'}, {m['role']})") for m in mentions
             if m["start"] is not None]
    spans += [(t.start, t.end, "date", t.interval.to_dict()["start"] + "…" + t.interval.to_dict()["end"]
               if t.interval else (t.reason or "unresolved")) for t in find_timexes(text, doc.published)]
    spans += [(f.start, f.end, "force", f"{f.count if f.count is not None else '?'} {f.unit}")
              for f in find_forces(text)]
    # st.html, not st.markdown: the article must not be read as Markdown (links, images)
    st.html("<div style='font:14px sans-serif'>" + " ".join(
        f"<mark style='background:{c}'>{k}</mark>" for k, c in HIGHLIGHT.items())
        + f" · {html.escape(doc.path or '')} · published {html.escape(doc.published or 'unknown')}</div>"
        "<div class='sitmap-document' style='white-space:pre-wrap;font:15px/1.6 sans-serif;max-height:520px;"
        "overflow:auto;border:1px solid #ddd;padding:10px;border-radius:4px'>" + highlighted(text, spans) + "</div>")
    return view.with_(reading=doc_id if view.reading or doc_id != ids[0] else None)


def key_facts(events: list[Event]) -> None:
    left, mid, right = st.columns(3)
    with left:
        st.subheader("Forces by side and place")
        rows = [{"side": e.actor.name if e.actor else "unknown", "place": e.place.name if e.place else "",
                 "forces": _forces(e)} for e in events if e.forces]
        st.dataframe(rows, hide_index=True, width="stretch")
    with mid:
        st.subheader("Latest events")
        for e in sorted(events, key=lambda e: e.date.end if e.date else "", reverse=True)[:6]:
            st.markdown(f"- {md(e.date.end if e.date else '')}: {md(e.summary)}")
    with right:
        st.subheader("Open conflicts")
        n = 0
        for e in events:
            for c in e.conflicts:
                n += 1
                st.markdown(f"- {md(e.summary)} — {md(c.field)}")
        if not n:
            st.markdown("None")


@st.cache_resource(show_spinner="Starting the headless browser for exports…")
def export_renderer():
    """One Chromium for every export of this server (shared by sessions; calls queue)."""
    from dashboard.export import Renderer

    return Renderer()


EXPORT_LABELS = {"png": "PNG image of the map", "html": "Standalone HTML map (opens offline)",
                 "pptx": "Briefing deck (PowerPoint)", "pdf": "Briefing deck (PDF)", "geojson": "GeoJSON",
                 "csv": "CSV (one row per event)", "gpkg": "GeoPackage (events, places, sources)"}
BROWSER_FORMATS = {"png", "pptx", "pdf"}


def export_panel(view: ViewState, events: list[Event]) -> None:
    """Exports of the current view: prepared on request (with progress), then downloaded."""
    from dataclasses import replace

    from dashboard.export import ExportView, export_bytes, options_for

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
