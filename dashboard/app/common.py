"""What every page of the dashboard shares: text made safe for Markdown and the widget ↔
URL binding."""

from __future__ import annotations

import html
import re

import streamlit as st

from dashboard.app.state import ViewState
from dashboard.model import Event

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>$:])")


def md(value) -> str:
    """Document text safe inside st.markdown: HTML escaped and Markdown syntax neutralised
    (no links, images or emphasis made from an article's characters)."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape("" if value is None else str(value), quote=False))


def bind(key: str, url_value) -> None:
    """Give widget ``key`` its value from the URL on a session's first run (a shared
    link) and after code changed the URL itself (the timeline brush, playback: see
    :func:`push_url`); otherwise the widget keeps the user's value.

    Widgets are keyed and never passed a ``value``/``default``: a changing default gives a
    widget a new identity on every change, which remounts it and can drop the user's next
    move; and comparing with the URL would undo a move whose run was interrupted before
    it wrote the URL."""
    if key not in st.session_state or st.session_state.get("push_url"):
        st.session_state[key] = url_value


def push_url(view: ViewState) -> None:
    """Set the URL from code and rerun; the next run moves the widgets to it."""
    st.query_params.from_dict(view.to_query())
    st.session_state["push_url"] = True
    st.rerun()


def doc_label(d: dict) -> str:
    title = (d.get("title") or d["doc_id"])[:70]
    return f"{d['published'] or 'undated'} · {title}" + (f" · {d['file']}" if d.get("file") else "")


def forces_text(e: Event) -> str:
    return ", ".join(f"{f.count:,} {f.unit}" if f.count else f.unit for f in e.forces)
