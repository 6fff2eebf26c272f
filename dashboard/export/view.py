"""What to export and how it looks: :class:`ExportView` (which events: a window or an
"as of" day, filters), :func:`select_events` (ask a store for them), :func:`filter_events`
(filter a list the same way), :class:`ExportOptions` (size, title, caption, legend,
attribution), :func:`options_for` (options dated and captioned from a view) and
:func:`source_documents` (the distinct documents behind some events)."""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Iterable, Sequence

from dashboard.errors import InputError
from dashboard.model import EVENT_TYPES, Event, Source

MIN_SIDE, MAX_SIDE = 200, 8000


def _iso_day(value: str | date | None, name: str) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    raise InputError(f"{name} {value!r} is not a date: give YYYY-MM-DD")


@dataclass(frozen=True)
class ExportView:
    """Which events to export: a window ``[start, end]`` *or* everything known up to
    ``as_of``, narrowed by type, actor (name), minimum corroboration and text."""

    start: str | None = None
    end: str | None = None
    as_of: str | None = None
    types: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    min_corroboration: int = 1
    text: str | None = None
    include_undated: bool = False

    def __post_init__(self):
        object.__setattr__(self, "start", _iso_day(self.start, "window start (--from)"))
        object.__setattr__(self, "end", _iso_day(self.end, "window end (--to)"))
        object.__setattr__(self, "as_of", _iso_day(self.as_of, "as-of day (--as-of)"))
        object.__setattr__(self, "types", tuple(self.types))
        object.__setattr__(self, "actors", tuple(self.actors))
        if self.as_of and (self.start or self.end):
            raise InputError("give either a window (--from/--to) or an as-of day (--as-of), not both")
        if self.start and self.end and self.start > self.end:
            raise InputError(f"window start {self.start!r} is after its end {self.end!r}: swap them")
        bad = [t for t in self.types if t not in EVENT_TYPES]
        if bad:
            raise InputError(f"unknown event type {bad[0]!r}: use one of {', '.join(EVENT_TYPES)}")
        if isinstance(self.min_corroboration, bool) or not isinstance(self.min_corroboration, int) \
                or self.min_corroboration < 1:
            raise InputError(f"minimum corroboration {self.min_corroboration!r} is not a whole number >= 1")

    def window(self) -> tuple[str | None, str | None]:
        """The date window to query: [start, end], or everything up to the as-of day."""
        return (None, self.as_of) if self.as_of else (self.start, self.end)

    def label(self) -> str:
        """A caption for the view: "As of D", "D1 – D2", "From D", "Up to D" or "All dates"."""
        if self.as_of:
            return f"As of {self.as_of}"
        if self.start and self.end:
            return f"{self.start} – {self.end}" if self.start != self.end else self.start
        if self.start:
            return f"From {self.start}"
        if self.end:
            return f"Up to {self.end}"
        return "All dates"


def select_events(store, view: ExportView) -> list[Event]:
    """The store's fused events in ``view`` (ordered by date, undated last)."""
    start, end = view.window()
    return store.query(start=start, end=end, types=view.types or None, actors=view.actors or None,
                       min_corroboration=view.min_corroboration, text=view.text or None,
                       include_undated=view.include_undated)


def _fold(text: str | None) -> str:
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def filter_events(events: Iterable[Event], view: ExportView) -> list[Event]:
    """``events`` narrowed to ``view`` with the store's rules: dated events whose interval
    overlaps the window (undated ones only with ``include_undated``), type, actor name,
    minimum corroboration, and every text term in the summary, actor or place name (case-
    and accent-insensitive); ordered by first day, undated last."""
    start, end = view.window()
    terms = [_fold(t) for t in (view.text or "").split()]
    out = []
    for e in events:
        if terms:
            hay = " ".join(_fold(x) for x in (e.summary, e.actor.name if e.actor else "", e.place.name if e.place else ""))
            if not all(t in hay for t in terms):
                continue
        if e.date is None:
            if not view.include_undated:
                continue
        elif (start and e.date.end < start) or (end and e.date.start > end):
            continue
        if view.types and e.type not in view.types:
            continue
        if view.actors and (e.actor is None or e.actor.name not in view.actors):
            continue
        if e.corroboration < view.min_corroboration:
            continue
        out.append(e)
    return sorted(out, key=lambda e: (e.date is None, e.date.start if e.date else "", e.id))


@dataclass(frozen=True)
class ExportOptions:
    """How an export looks.

    ``width``/``height``: the PNG's size in pixels (the map is laid out at that size);
    ``title``/``caption``: an overlay at the top of the map (and the deck's title slide),
    escaped; ``as_of``: the day the deck and the file name are dated with;
    ``legend``/``controls``: show the side legend / the zoom and layer buttons;
    ``attribution``: True for the default credit line (sources, base map), a string for
    your own, False for none; ``time_slider``: the standalone HTML's date control;
    ``base_geojson``: the base map (None: the gazetteer's countries, loaded once per
    process; "" for none).
    """

    width: int = 1600
    height: int = 900
    title: str | None = None
    caption: str | None = None
    as_of: str | None = None
    legend: bool = True
    controls: bool = True
    attribution: bool | str = True
    time_slider: bool = True
    base_geojson: str | None = field(default=None, repr=False)

    def __post_init__(self):
        for name in ("width", "height"):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, int) or not MIN_SIDE <= v <= MAX_SIDE:
                raise InputError(f"{name} {v!r} is not a whole number of pixels between {MIN_SIDE} and {MAX_SIDE}")
        object.__setattr__(self, "as_of", _iso_day(self.as_of, "as-of day"))
        if self.title is not None and len(self.title) > 300:
            raise InputError("title is over 300 characters: shorten it")


def options_for(view: ExportView, events: Sequence[Event] = (), **kw) -> ExportOptions:
    """Options whose caption and date follow ``view`` (the as-of day, the window's end,
    else the latest event's end day); keyword arguments override."""
    latest = max((e.date.end for e in events if e.date is not None), default=None)
    kw.setdefault("caption", view.label())
    kw.setdefault("as_of", view.as_of or view.end or latest)
    return ExportOptions(**kw)


def source_documents(events: Iterable[Event]) -> dict[str, Source]:
    """The distinct source documents of ``events``: doc id -> its first :class:`Source`."""
    docs: dict[str, Source] = {}
    for e in events:
        for s in e.sources:
            docs.setdefault(s.doc_id, s)
    return docs


def recent_window(days: Sequence[str], *, share: float = 0.6, horizon: int = 90,
                  min_days: int = 7) -> tuple[str, str] | None:
    """The view a situation picture opens on: the window ending at the newest event's day
    that holds the densest recent activity — the shortest one (at least ``min_days``
    long) holding ``share`` of the events of the last ``horizon`` days.  Background from
    years back stays reachable, but is not what the first map shows.  ``days``: the
    events' start days (ISO); None when there are none."""
    ordered = sorted(d for d in days if d)
    if not ordered:
        return None
    newest = date.fromisoformat(ordered[-1])
    recent = [date.fromisoformat(d) for d in ordered if (newest - date.fromisoformat(d)).days <= horizon]
    need = max(1, math.ceil(share * len(recent)))
    ages = sorted((newest - d).days for d in recent)
    span = max(min_days - 1, ages[need - 1])
    return (newest - timedelta(days=span)).isoformat(), newest.isoformat()
