"""The sidebar: the time window or "as of" day with playback, the filters, and the panel
that adds documents (uploads, pasted text) to the store."""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard.app.common import bind, doc_label, md
from dashboard.app.state import ViewState, add_documents, uploads_dir
from dashboard.errors import SitmapError
from dashboard.export import recent_window
from dashboard.ingest import save_pasted, save_uploads
from dashboard.model import EVENT_TYPES, MODALITIES

def _clamp(d: date, lo: date, hi: date) -> date:
    return max(lo, min(d, hi))


def sidebar(view: ViewState, facets: dict, span_start, span_end, db) -> ViewState:
    sb = st.sidebar
    sb.header("Time")
    if span_start and span_end:
        lo, hi = date.fromisoformat(span_start), date.fromisoformat(span_end)
        bind("time_mode", "As of" if view.as_of else "Window")
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
            bind("asof", _clamp(date.fromisoformat(view.as_of) if view.as_of else hi, lo, hi))
            day = sb.slider("Everything known up to", min_value=lo, max_value=hi, key="asof", format="YYYY-MM-DD")
            view = view.with_(as_of=day.isoformat())
        else:
            view = view.with_(as_of=None)
            if lo < hi:
                # no window in the URL: open on the recent activity, not on the oldest background
                recent = recent_window(facets.get("days", ())) if not (view.start or view.end) else None
                first, last = (date.fromisoformat(recent[0]), date.fromisoformat(recent[1])) if recent else (lo, hi)
                cur = (_clamp(date.fromisoformat(view.start), lo, hi) if view.start else _clamp(first, lo, hi),
                       _clamp(date.fromisoformat(view.end), lo, hi) if view.end else _clamp(last, lo, hi))
                bind("window", (min(cur), max(cur)))
                start, end = sb.slider("Time window", min_value=lo, max_value=hi, key="window", format="YYYY-MM-DD")
                view = view.with_(start=start.isoformat(), end=end.isoformat())
    view = _filters(sb, view, facets)
    add_documents_panel(sb, db)
    return view


def _filters(sb, view: ViewState, facets: dict) -> ViewState:
    sb.header("Filters")
    actors_known = facets.get("actors", [])
    docs = {d["doc_id"]: d for d in facets.get("documents", [])}
    bind("f_types", [t for t in view.types if t in EVENT_TYPES])
    types = sb.multiselect("Event type", options=list(EVENT_TYPES), key="f_types",
                           format_func=lambda t: t.replace("_", " "))
    bind("f_actors", [a for a in view.actors if a in actors_known])
    actors = sb.multiselect("Actor / side", options=actors_known, key="f_actors")
    bind("f_modalities", [m for m in view.modalities if m in MODALITIES])
    modalities = sb.multiselect("Modality", options=list(MODALITIES), key="f_modalities",
                                help="fact, intent, consideration, denial, threat, claim")
    bind("f_docs", [d for d in view.docs if d in docs])
    chosen = sb.multiselect("Source document", options=list(docs), key="f_docs",
                            format_func=lambda i: doc_label(docs[i]))
    bind("f_min", view.min_corroboration)
    minc = sb.number_input("Minimum corroboration", min_value=1, max_value=50, key="f_min",
                           help="How many documents must report an event")
    bind("f_text", view.text)
    text = sb.text_input("Search", max_chars=200, key="f_text", help="Words in the summary, actor or place")
    bind("f_undated", view.undated)
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
        data_dir = uploads_dir(db)
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
            result = add_documents(paths, db, progress)
        except SitmapError as exc:
            st.error(str(exc))
            return
        for f in result["failures"]:
            st.warning("Skipped " + md(f))
        bar.progress(1.0, text=f"{result['added']} added, {result['skipped']} already in the store")
        st.success(f"{result['added']} document(s) added")
