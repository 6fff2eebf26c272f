"""The tabs under the map: the event table with an event's sources, the conflicts between
sources, the briefing's key facts, and the gazetteer status with a place lookup."""

from __future__ import annotations

import streamlit as st

from dashboard.app.common import forces_text, md
from dashboard.app.state import ViewState, load_gazetteer
from dashboard.errors import SitmapError
from dashboard.model import Event

def table_row(e: Event) -> dict:
    return {"date": f"{e.date.start}…{e.date.end}" if e.date and e.date.start != e.date.end
            else (e.date.start if e.date else ""), "type": e.type, "actor": e.actor.name if e.actor else "",
            "place": e.place.name if e.place else "", "summary": e.summary, "modality": e.modality,
            "forces": forces_text(e), "sources": e.corroboration, "conflicts": len(e.conflicts),
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
        st.markdown("Forces: " + md(forces_text(e)))
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


def key_facts(events: list[Event]) -> None:
    left, mid, right = st.columns(3)
    with left:
        st.subheader("Forces by side and place")
        rows = [{"side": e.actor.name if e.actor else "unknown", "place": e.place.name if e.place else "",
                 "forces": forces_text(e)} for e in events if e.forces]
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
            return
        suggestions = load_gazetteer().suggest(query)
        if suggestions:
            st.info(f"No match. Did you mean {md(', '.join(suggestions))}?")
        else:
            st.info("No match, and no place spelt like it.")
