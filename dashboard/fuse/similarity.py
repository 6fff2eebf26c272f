"""Are two reports the same event?  The hard rules and the score (:func:`same_event_score`).

Hard rules (any one makes the score 0 and forbids the merge):

* **type**: the same type only.  No compatibility map: CAMEO puts deployment, patrol,
  mobilization and exercise under one root, but "Venezuela recruited militia" and
  "Venezuela deployed troops" are different events, so they stay apart.
* **actor**: when both reports name an actor, the *actor key* must agree: the actor's
  ``country_code`` if it has one, else its normalised name (so "Vladimir Putin" with
  country VE and "Venezuela" share the key ``VE``).  A report without an actor may join
  a group with a known actor only when place *and* date match strongly (see
  :mod:`dashboard.fuse.cluster`).
* **place**: compatible places (when both are given): the same ``place_id``; border
  lines with the same country pair (narrowing such as "(Kharkiv, Sumy)" ignored); the
  same name; one containing the other (a country and a place with its
  ``country_code``; a border and a country of its pair or a state named in its
  narrowing; a point inside the other's GeoJSON bounding box; the same *core* name in
  the same kind family, e.g. "southern Caribbean" ~ "Caribbean Sea"); or near each
  other (great-circle distance of their points <= :data:`NEAR_KM`).  When either side
  has no coordinates, the same ``country_code`` and the same kind family
  (land / sea / border) suffice.  When both have coordinates and none of the
  containment rules holds, the distance decides: Texas and Maine are not one place.
* **date**: compatible dates (when both are given): the gap between the two day
  intervals is at most :data:`DATE_TOLERANCE_DAYS`, whatever their precision (a week,
  month or year interval is its own tolerance: any overlap is compatible).  A date
  flagged ``suspect`` (it contradicts its own document's publication date) never
  forbids a merge: a disagreeing suspect date only weakens the score.

Forces never forbid a merge: the same unit with counts within ±25 % (or either count
vague) supports it; different counts only weaken it and become a conflict.  Modality
and target are not compared (a fact and its denial are one event with a conflict).

The score is ``0.25·actor + 0.30·place + 0.30·date + 0.15·forces`` with each part in
0..1 (1 = same, 0.4-0.5 = unknown or weak, see the ``_*_score`` helpers), rounded to
6 places; two reports merge when every hard rule holds and the score reaches
:data:`MERGE_THRESHOLD`.

:func:`places_nested` (one place a broader or narrower version of the other) is the
place relation that voting uses to tell a conflict from a mere difference in detail.
"""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.fuse.features import DateSpan, Features, PlaceFeature, features_of
from dashboard.model import Event, PlaceRef
from dashboard.util.geo import haversine_km

MERGE_THRESHOLD = 0.6
"""Minimum :func:`same_event_score` (mean over a cluster's members) for a merge."""
STRONG = 0.9
"""Place and date part scores an actorless report needs to join a known actor's group."""
NEAR_KM = 300.0
"""Places whose points are at most this far apart are compatible."""
DATE_TOLERANCE_DAYS = 3
"""Largest gap in days between two compatible date intervals."""
FORCE_TOLERANCE = 0.25
"""Counts of one unit within this relative difference support a merge."""

WEIGHTS = {"actor": 0.25, "place": 0.30, "date": 0.30, "forces": 0.15}
UNKNOWN = 0.6  # part score when one side does not say (place, date): silence contradicts nothing
WEAK = 0.5  # part score for an unknown actor, a disagreeing suspect date, forces without common unit


# --------------------------------------------------------------------------- places


def _has_point(p: PlaceRef) -> bool:
    return p.lat is not None and p.lon is not None


def _in_bbox(box: tuple[float, float, float, float] | None, p: PlaceRef, pad: float = 0.1) -> bool:
    return (box is not None and _has_point(p)
            and box[0] - pad <= p.lon <= box[2] + pad and box[1] - pad <= p.lat <= box[3] + pad)


def _names_in_border(border: PlaceFeature, other: PlaceFeature) -> bool:
    """Is ``other`` one of the countries of ``border``'s pair or a name in its narrowing?"""
    return other.full in border.pair or other.full in border.narrowed


def _country_contains(outer: PlaceFeature, inner: PlaceFeature) -> bool:
    """Is ``outer`` the country of ``inner`` (a non-country place with its country code)?"""
    cc_o, cc_i = outer.ref.country_code, inner.ref.country_code
    return bool(outer.ref.kind == "country" and inner.ref.kind != "country" and cc_o and cc_i
                and cc_o.upper() == cc_i.upper())


def places_nested(a: PlaceFeature, b: PlaceFeature) -> bool:
    """Is one place a broader or narrower version of the other (so no conflict)?"""
    if a.key == b.key:
        return True
    if a.pair is not None and b.pair is not None:
        return a.pair == b.pair and not (a.narrowed and b.narrowed and not (a.narrowed & b.narrowed))
    for outer, inner in ((a, b), (b, a)):
        if outer.pair is not None and _names_in_border(outer, inner):
            return True
        if _country_contains(outer, inner):
            return True
        if _in_bbox(outer.bbox, inner.ref):
            return True
    return a.family == b.family and a.core == b.core


def _place_score(a: PlaceFeature | None, b: PlaceFeature | None) -> float | None:
    """1 same place, 0.75-0.95 one contains the other or same name, 0.6-0.9 near,
    0.65 same country and family without coordinates, 0.4 unknown, None incompatible."""
    if a is None or b is None:
        return UNKNOWN
    ra, rb = a.ref, b.ref
    if ra.place_id is not None and ra.place_id == rb.place_id:
        return 1.0
    if a.pair is not None and b.pair is not None:
        return 1.0 if a.pair == b.pair else None
    if a.key == b.key:
        return 1.0
    if a.full == b.full and a.family == b.family:
        return 0.95
    if a.pair is not None or b.pair is not None:
        border, other = (a, b) if a.pair is not None else (b, a)
        if _names_in_border(border, other):
            return 0.8
    if a.family == b.family and a.core == b.core:
        return 0.85
    contained = []
    for outer, inner in ((a, b), (b, a)):
        if _country_contains(outer, inner):
            contained.append(0.75)
        if _in_bbox(outer.bbox, inner.ref):
            contained.append(0.8)
    if contained:
        return max(contained)
    if _has_point(ra) and _has_point(rb):
        d = haversine_km(ra.lat, ra.lon, rb.lat, rb.lon)
        return 0.9 - 0.3 * d / NEAR_KM if d <= NEAR_KM else None
    if ra.country_code and rb.country_code and ra.country_code.upper() == rb.country_code.upper() \
            and a.family == b.family:
        return 0.65
    return None


# --------------------------------------------------------------------------- dates and forces


def _date_gap(a: DateSpan, b: DateSpan) -> int:
    return max(0, max(a.start, b.start) - min(a.end, b.end))


def _overlap(a: DateSpan, b: DateSpan) -> bool:
    return a.start <= b.end and b.start <= a.end


def _date_score(a: DateSpan | None, b: DateSpan | None) -> float | None:
    """1 same day, 0.9 overlapping, 0.85-0.05·gap within tolerance, 0.5 a disagreeing
    suspect date, 0.4 unknown, None incompatible."""
    if a is None or b is None:
        return UNKNOWN
    if _overlap(a, b):
        return 1.0 if a.key == b.key and a.precision == "day" else 0.9
    gap = _date_gap(a, b)
    if gap <= DATE_TOLERANCE_DAYS:
        return 0.85 - 0.05 * gap
    if a.suspect or b.suspect:
        return WEAK
    return None


def _count_close(x: int, y: int) -> bool:
    return abs(x - y) <= FORCE_TOLERANCE * max(abs(x), abs(y))


def _forces_score(a: tuple[tuple[str, int | None], ...], b: tuple[tuple[str, int | None], ...]) -> float:
    """Mean over common units: 1 counts within ±25 %, 0.7 a vague count, 0.2 different
    counts; 0.5 when no unit is common."""
    units = sorted({u for u, _ in a} & {u for u, _ in b})
    if not units:
        return WEAK
    parts = []
    for u in units:
        ca = [c for uu, c in a if uu == u]
        cb = [c for uu, c in b if uu == u]
        exact_a, exact_b = [c for c in ca if c is not None], [c for c in cb if c is not None]
        if not exact_a or not exact_b:
            parts.append(0.7)
        elif any(_count_close(x, y) for x in exact_a for y in exact_b):
            parts.append(1.0)
        else:
            parts.append(0.2)
    return sum(parts) / len(parts)


# --------------------------------------------------------------------------- the score


@dataclass(frozen=True)
class PartScores:
    """The score of a compatible pair with the place and date parts it was made of."""

    score: float
    place: float
    date: float
    forces: float = 0.0


def part_scores(a: Features, b: Features) -> PartScores | None:
    """The score of two reports and its place and date parts; None when a hard rule
    forbids the merge."""
    if a.type != b.type:
        return None
    if a.actor_key is not None and b.actor_key is not None:
        if a.actor_key != b.actor_key:
            return None
        actor = 1.0
    else:
        actor = WEAK
    place = _place_score(a.place, b.place)
    if place is None:
        return None
    dt = _date_score(a.date, b.date)
    if dt is None:
        return None
    forces = _forces_score(a.forces, b.forces)
    w = WEIGHTS
    score = w["actor"] * actor + w["place"] * place + w["date"] * dt + w["forces"] * forces
    return PartScores(round(min(1.0, max(0.0, score)), 6), place, dt, forces)


def same_event_score(a: Event, b: Event) -> float:
    """How likely two reports describe the same event, 0..1 (0: a hard rule forbids it).

    Symmetric.  See the module docstring for the rules; :data:`MERGE_THRESHOLD` is the
    merge cut-off.  Raises :class:`~dashboard.errors.InputError` for an unparseable date.
    """
    p = part_scores(features_of(a), features_of(b))
    return 0.0 if p is None else p.score
