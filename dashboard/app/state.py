"""Cached heavy resources for the Streamlit shell (shared across sessions, never mutated)."""

from __future__ import annotations

import streamlit as st

from dashboard.gazetteer import Gazetteer


@st.cache_resource(show_spinner="Loading the gazetteer…")
def load_gazetteer() -> Gazetteer:
    return Gazetteer()
