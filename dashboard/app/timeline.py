"""Time on the page: the timeline of events per day (brush it to set the window) and the
playback step of the "as of" mode."""

from __future__ import annotations

import time
from datetime import datetime, timezone

import altair as alt
import pandas as pd
import streamlit as st

from dashboard.app.common import push_url
from dashboard.app.state import ViewState, next_play_day, query_events, stamp

def _ms_to_day(v) -> str:
    if isinstance(v, (int, float)):
        return datetime.fromtimestamp(v / 1000, tz=timezone.utc).date().isoformat()
    return str(v)[:10]


def timeline(view: ViewState, db, filters: dict, span_start, span_end) -> ViewState:
    """Events per day by type over the corpus span (filters applied, not the window),
    with the window shaded; brushing the chart sets the window."""
    if not span_start or not span_end:
        return view
    rows = query_events(db, stamp(db), None, None, include_undated=False, **filters)
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
        push_url(view.with_(as_of=None, start=min(picked), end=max(picked)))
    st.session_state["_brush"] = picked
    return view


def play_step(view: ViewState, db, filters: dict, span_end: str | None) -> None:
    """While playing, advance the as-of day and rerun, until the corpus ends."""
    if not st.session_state.get("playing") or not view.as_of or not span_end:
        return
    if view.as_of >= span_end:
        st.session_state["playing"] = False
        return
    rows = query_events(db, stamp(db), None, None, include_undated=False, **filters)
    days = sorted({r["date"]["start"] for r in rows})
    time.sleep(0.8)
    push_url(view.with_(as_of=next_play_day(view.as_of, days, span_end)))
