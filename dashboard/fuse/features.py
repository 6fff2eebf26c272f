"""The comparable features of one event: its type, actor key, date as a day interval,
place (normalised names, border pair, narrowing, bounding box) and forces, parsed once
per report so that scoring and voting never re-read the raw :class:`~dashboard.model.Event`.

Raises :class:`~dashboard.errors.InputError` for a date that is not an ISO day or whose
end precedes its start.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from datetime import date
from importlib.resources import files

from dashboard.errors import InputError
from dashboard.model import Actor, Event, PlaceRef
from dashboard.util.text import normalize

KIND_FAMILY = {"country": "land", "admin1": "land", "admin2": "land", "city": "land", "region": "land",
               "sea": "sea", "lake": "sea", "river": "sea", "coast": "sea", "waters": "sea", "border": "border"}
"""Place kind -> kind family (land / sea / border); places compare only within a family."""

_WORDS = json.loads((files("dashboard.fuse") / "place_words.json").read_text(encoding="utf-8"))
_DIRECTION_WORDS = frozenset(_WORDS["direction"])
_GENERIC_WORDS = frozenset(_WORDS["generic"])
_PAREN = re.compile(r"\(([^)]*)\)")
_BORDER_WORD = re.compile(r"\b(border|borders|frontier|boundary)\b", re.I)
_PAIR_DASH = re.compile(r"\s*[–—―]\s*")  # "Colombia–Venezuela" (gazetteer form; keeps "Guinea-Bissau")
_PAIR_SPLIT = re.compile(r"\s*[‐‑‒/-]\s*|\s+and\s+")  # "Venezuela-Colombia", "Colombia/Venezuela"
_LIST_SPLIT = re.compile(r"\s*,\s*|\s+and\s+")


@dataclass(frozen=True)
class DateSpan:
    """A report's date as an inclusive interval of proleptic day ordinals."""

    start: int  # proleptic ordinals, inclusive
    end: int
    precision: str
    suspect: bool

    @property
    def key(self) -> tuple[int, int, str]:
        return (self.start, self.end, self.precision)

    def contains(self, other: "DateSpan") -> bool:
        return self.start <= other.start and other.end <= self.end


@dataclass(frozen=True)
class PlaceFeature:
    """A report's place with the name forms and geometry the place rules compare."""

    ref: PlaceRef
    key: tuple
    family: str
    full: str  # normalised name without the parenthetical narrowing
    core: str  # ... and without direction and generic feature words
    pair: frozenset[str] | None  # border: the two country names
    narrowed: frozenset[str]  # names in the parenthetical ("Kharkiv, Sumy")
    bbox: tuple[float, float, float, float] | None  # (min_lon, min_lat, max_lon, max_lat) of the geometry


@dataclass(frozen=True)
class Features:
    """Everything :func:`~dashboard.fuse.similarity.part_scores` compares of one report."""

    type: str
    actor_key: str | None
    date: DateSpan | None
    place: PlaceFeature | None
    forces: tuple[tuple[str, int | None], ...]  # (unit, count)


def actor_key(actor: Actor | None) -> str | None:
    """``"cc:XX"`` for an actor with a country code, ``"name:<normalised name>"``
    otherwise, None without an actor (or without a name, or an unnamed one)."""
    if actor is None or not actor.named:
        return None  # "armed men" in one report and "pirates" in another may be one party
    if actor.country_code:
        return "cc:" + actor.country_code.upper()
    name = normalize(actor.name or "")
    return "name:" + name if name else None


def _parse_day(value: str, what: str, event: Event) -> int:
    try:
        return date.fromisoformat(value).toordinal()
    except (TypeError, ValueError):
        raise InputError(f"event {event.summary!r}: date {what} {value!r} is not an ISO date (YYYY-MM-DD); "
                         "fix the event's DateRef") from None


def _date_feat(event: Event) -> DateSpan | None:
    """The event's stated interval; None when the text gave none (the week before
    publication stands in, ``DateRef.text`` None): an unstated date contradicts nothing."""
    d = event.date
    if d is None:
        return None
    s, e = _parse_day(d.start, "start", event), _parse_day(d.end, "end", event)
    if e < s:
        raise InputError(f"event {event.summary!r}: date end {d.end!r} is before its start {d.start!r}; "
                         "give an inclusive interval start <= end")
    if d.text is None and d.precision == "week":
        return None
    return DateSpan(s, e, d.precision, bool(d.suspect))


def _walk(c, xs: list[float], ys: list[float]) -> None:
    """Collect the positions of GeoJSON coordinates (any nesting) into xs and ys."""
    if isinstance(c, (list, tuple)) and len(c) >= 2 and all(isinstance(v, (int, float)) for v in c[:2]):
        xs.append(float(c[0]))
        ys.append(float(c[1]))
    elif isinstance(c, (list, tuple)):
        for sub in c:
            _walk(sub, xs, ys)


@lru_cache(maxsize=4096)
def _bbox(geometry: str | None) -> tuple[float, float, float, float] | None:
    """The bounding box of a GeoJSON geometry string (cached: reports of one region or
    border repeat its geometry; a module-level walker, since a recursive closure is a
    reference cycle that kept every geometry's coordinates until the next collection)."""
    if not geometry:
        return None
    try:
        coords = json.loads(geometry).get("coordinates")
    except (ValueError, AttributeError):
        return None
    xs: list[float] = []
    ys: list[float] = []
    _walk(coords, xs, ys)
    return (min(xs), min(ys), max(xs), max(ys)) if xs else None


def _place_feat(p: PlaceRef | None) -> PlaceFeature | None:
    if p is None:
        return None
    name = p.name or ""
    narrowed = frozenset(normalize(x) for m in _PAREN.findall(name) for x in _LIST_SPLIT.split(m) if normalize(x))
    bare = _PAREN.sub(" ", name).strip()
    full = normalize(bare)
    core = " ".join(w for w in full.split() if w not in _DIRECTION_WORDS and w not in _GENERIC_WORDS) or full
    pair = None
    if p.kind == "border":
        stem = _BORDER_WORD.sub(" ", bare).strip()
        split = _PAIR_DASH if _PAIR_DASH.search(stem) else _PAIR_SPLIT
        parts = [re.sub(r"^(between|with) ", "", normalize(x)) for x in split.split(stem) if normalize(x)]
        pair = frozenset(parts) if parts else None
    family = KIND_FAMILY.get(p.kind, p.kind)
    # a derived place ("southern Caribbean Sea", "… border (Kharkiv, Sumy)") carries its base
    # feature's id: it is a different value from the base, keyed by its modifier and name
    derived = p.modifier not in (None, "capital", "actor") or bool(narrowed)
    key = ("id", p.place_id) if p.place_id is not None and not derived else ("name", normalize(name), family)
    return PlaceFeature(p, key, family, full, core, pair, narrowed, _bbox(p.geometry))


def is_directional(p: PlaceFeature) -> bool:
    """Is the place a directional part of another ("southern Caribbean", a modifier)?"""
    return bool(p.ref.modifier) or any(w in _DIRECTION_WORDS for w in p.full.split())


def features_of(event: Event) -> Features:
    """The comparable features of ``event``; raises InputError for a malformed date."""
    return Features(event.type, actor_key(event.actor), _date_feat(event), _place_feat(event.place),
                    tuple((f.unit, f.count) for f in event.forces))
