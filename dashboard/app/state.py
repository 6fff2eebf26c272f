"""Cached heavy resources and the view state for the Streamlit shell.

Heavy things (gazetteer, the ingest of the corpus named at start-up) are cached with
``st.cache_resource``; query results with ``st.cache_data``.  Nothing cached is mutated.
The view state lives in one small dataclass mirrored in ``st.query_params`` so a link
reproduces the view.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date
from dataclasses import dataclass, field, replace
from pathlib import Path

import streamlit as st

from dashboard import config
from dashboard.gazetteer import Gazetteer, default_path


@st.cache_resource(show_spinner="Loading the gazetteer…")
def load_gazetteer() -> Gazetteer:
    return Gazetteer()


def db_location() -> str:
    """The store the app shows: ``$SITMAP_DB`` (a file path or a postgresql:// URL, as
    ``sitmap serve`` sets it), else ``./.sitmap/sitmap.db``."""
    from dashboard.store import resolved

    return resolved(None)


@st.cache_resource(show_spinner=False)
def shared_store(db: str):
    """A server store stays open for the server process's life: its connection pool is
    shared by every session and rerun (a file store is opened per use instead)."""
    from dashboard.store import open_store

    return open_store(db)


@contextmanager
def store_at(db: str):
    """The store at ``db`` for one use."""
    from dashboard.store import is_server_url, open_store

    if is_server_url(db):
        yield shared_store(db)
    else:
        with open_store(db) as store:
            yield store


def stamp(db: str) -> str:
    """The store's change stamp: the cache key of every query (cheap: no store is
    opened for a file, one row is read from a server)."""
    from dashboard.store import is_server_url
    from dashboard.store.sqlite.store import file_stamp

    return shared_store(db).changed() if is_server_url(db) else file_stamp(db)


def store_label(db: str) -> str:
    """The store as the page names it (a URL without its password)."""
    from dashboard.store import is_server_url

    return shared_store(db).location if is_server_url(db) else db


def uploads_dir(db: str) -> Path:
    """Where uploaded and pasted articles are kept: beside a file store, else in the cache folder."""
    from dashboard.store import is_server_url

    return config.cache_dir() / "uploads" if is_server_url(db) else Path(db).parent / "uploads"


@st.cache_resource(show_spinner="Reading the corpus (first start only)…")
def ingest_startup_corpus(paths: tuple[str, ...], db: str) -> dict:
    """Ingest the documents ``sitmap serve`` was started with (idempotent: documents
    already in the store are skipped), then re-fuse.  Runs once per server process."""
    from dashboard.pipeline import ingest_into_store

    return ingest_into_store([Path(p) for p in paths], db)


@st.cache_data(show_spinner=False, max_entries=64)
def query_events(db: str, stamp: str, start: str | None, end: str | None, types: tuple = (), actors: tuple = (),
                 min_corroboration: int = 1, text: str = "", include_undated: bool = True, modalities: tuple = (),
                 docs: tuple = ()) -> list[dict]:
    """Events as dicts (cacheable); ``stamp`` (:func:`stamp`) invalidates the cache.
    Empty filter tuples mean "no filter"."""
    with store_at(db) as store:
        evs = store.query(start=start, end=end, types=types or None, actors=actors or None,
                          modality=modalities or None, doc_ids=docs or None, min_corroboration=min_corroboration,
                          text=text or None, include_undated=include_undated)
    return [e.to_dict() for e in evs]


@st.cache_data(show_spinner=False, max_entries=8)
def store_bounds(db: str, stamp: str) -> list[list[float]] | None:
    """The map's initial extent: around every event in the store, whatever the filters,
    so the map keeps one extent (and stays mounted) while the view changes."""
    from dashboard.mapping import bounds_of
    from dashboard.model import Event

    return bounds_of(Event.from_dict(d) for d in query_events(db, stamp, None, None))


def add_documents(paths: list[Path], db: str, on_progress=None) -> dict:
    """Read, geoparse and extract ``paths`` into the store, then re-fuse.  Calls
    ``on_progress(done, total, name)`` after each document (``total``: the files given;
    a JSON Lines file may hold more documents).  Returns counts and the failures (one
    line each)."""
    total = len(paths)
    from dashboard.pipeline import ingest_into_store

    return ingest_into_store(list(paths), db, None if on_progress is None else (
        lambda done, name: on_progress(done, max(total, done), name)))


@st.cache_data(show_spinner=False)
def store_facets(db: str, stamp: str) -> dict:
    with store_at(db) as store:
        f = store.facets()
        f["span"] = store.span()
    return f


@st.cache_resource(show_spinner=False)
def base_map_geojson() -> str:
    from dashboard.mapping import base_countries

    return base_countries(str(default_path()))


@dataclass(frozen=True)
class ViewState:
    """Everything that defines the view; mirrored in the URL query parameters."""

    start: str | None = None
    end: str | None = None
    types: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    min_corroboration: int = 1
    text: str = ""
    undated: bool = False
    as_of: str | None = None  # "as of" mode: everything known up to this day (start/end ignored)
    mode: str = "analyst"  # analyst | briefing
    modalities: tuple[str, ...] = ()
    docs: tuple[str, ...] = ()  # source documents (doc ids)
    selected: str | None = None  # the selected event's id
    reading: str | None = None  # the document open in the document view
    evidence: tuple[int, int] | None = None  # a sentence of it to show highlighted (from a map popup)
    extra: dict = field(default_factory=dict, compare=False)

    @classmethod
    def from_query(cls, q) -> "ViewState":
        def many(key):
            v = q.get_all(key) if hasattr(q, "get_all") else q.get(key, [])
            return tuple(x for x in (v if isinstance(v, list) else [v]) if x)

        try:
            minc = max(1, int(q.get("min", 1)))
        except (TypeError, ValueError):
            minc = 1
        return cls(start=q.get("from") or None, end=q.get("to") or None, types=many("type"), actors=many("actor"),
                   min_corroboration=minc, text=(q.get("q") or "")[:200], undated=q.get("undated") == "1",
                   as_of=q.get("asof") or None, mode="briefing" if q.get("mode") == "briefing" else "analyst",
                   modalities=many("modality"), docs=many("doc"), selected=(q.get("sel") or None),
                   reading=(q.get("read") or None), evidence=_span(q.get("hl")))

    def to_query(self) -> dict:
        out: dict = {}
        if self.start:
            out["from"] = self.start
        if self.end:
            out["to"] = self.end
        if self.types:
            out["type"] = list(self.types)
        if self.actors:
            out["actor"] = list(self.actors)
        if self.min_corroboration > 1:
            out["min"] = str(self.min_corroboration)
        if self.text:
            out["q"] = self.text
        if self.undated:
            out["undated"] = "1"
        if self.as_of:
            out["asof"] = self.as_of
        if self.mode == "briefing":
            out["mode"] = "briefing"
        if self.modalities:
            out["modality"] = list(self.modalities)
        if self.docs:
            out["doc"] = list(self.docs)
        if self.selected:
            out["sel"] = self.selected
        if self.reading:
            out["read"] = self.reading
        if self.reading and self.evidence:
            out["hl"] = f"{self.evidence[0]}-{self.evidence[1]}"
        return out

    def with_(self, **kw) -> "ViewState":
        """A copy with ``kw`` changed."""
        return replace(self, **kw)

    def window(self) -> tuple[str | None, str | None]:
        """The date window to query: [start, end], or everything up to the as-of day."""
        return (None, self.as_of) if self.as_of else (self.start, self.end)


def next_play_day(as_of: str, days_with_news: list[str], span_end: str) -> str:
    """The next day playback shows: the following day, but across a stretch with nothing
    new it jumps to the day before the next event starts (a corpus may reach back years)."""
    from bisect import bisect_right
    from datetime import timedelta

    nxt = date.fromisoformat(as_of) + timedelta(days=1)
    i = bisect_right(days_with_news, as_of)
    if i < len(days_with_news):
        upcoming = date.fromisoformat(days_with_news[i])
        if upcoming - nxt > timedelta(days=1):
            nxt = upcoming - timedelta(days=1)
    return min(nxt.isoformat(), span_end)


def startup_paths() -> tuple[str, ...]:
    return config.startup_paths()


def _span(value) -> tuple[int, int] | None:
    """``"120-245"`` as (120, 245); None for anything else (a hand-edited URL)."""
    start, sep, end = str(value or "").partition("-")
    if not sep or not start.isdigit() or not end.isdigit() or len(start) > 9 or len(end) > 9:
        return None
    return (int(start), int(end)) if int(start) < int(end) else None
