"""Fusion: many documents' reports of one event become one fused event.

:func:`fuse` is the deterministic reduce of the data flow (see DESIGN.md): it takes the
per-document events of extraction (each carrying the sources of its own document) and
returns fused events that keep every source, count their corroboration (distinct
documents), pick main values by support and list what the sources disagree on as
:class:`~dashboard.model.Conflict`.  Pure Python, no I/O, no spaCy; the result does not
depend on the order of the input (the input is sorted canonically first).

When are two reports the same event?  (:func:`same_event_score`)
-----------------------------------------------------------------
Hard rules (any one makes the score 0 and forbids the merge):

* **type**: the same type only.  No compatibility map: CAMEO puts deployment, patrol,
  mobilization and exercise under one root, but "Venezuela recruited militia" and
  "Venezuela deployed troops" are different events, so they stay apart.
* **actor**: when both reports name an actor, the *actor key* must agree: the actor's
  ``country_code`` if it has one, else its normalised name (so "Vladimir Putin" with
  country VE and "Venezuela" share the key ``VE``).  A report without an actor may join
  a group with a known actor only when place *and* date match strongly (see below).
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

Clustering
----------
Events are sorted by a canonical key ``(evidence tier, date start or "", doc_id,
sentence start, full serialisation)`` - tier 0 for a plain date, 1 for a suspect date,
2 for no date, so weak evidence joins the groups strong evidence formed instead of
seeding them - bucketed by :func:`signature` ``(type, actor key)`` and, within
a bucket, agglomerated greedily in that order: each event joins the existing cluster
with which it is compatible with *every* member (complete linkage, so no chaining)
and has the highest mean score >= :data:`MERGE_THRESHOLD`; ties go to the older
cluster; otherwise it starts a new cluster.  Then each actorless event, in canonical
order, joins the best known-actor cluster of its type if it is compatible with every
member, matches at least one member strongly (place and date scores >= 0.9) and no
cluster of *another* actor qualifies too (ambiguous → it stays apart); the remaining
actorless events are clustered among themselves by the same greedy rule.

For a distributed run, partition by type (actorless events may join any actor of their
type); within one type partition the reduce is exact and order-independent.

Main values, conflicts, confidence, ids
---------------------------------------
* Each field (date, place, forces per unit, modality, actor, target, summary,
  attributes per key) takes the value supported by the most distinct documents.
  Dates: a document supports a date it states *or any narrower date inside it*
  ("this week" supports 2025-08-25); a suspect date gives half a vote and never wins
  against a non-suspect date with equal support; then higher precision (day > week >
  month > year), then the shorter interval, then canonical order.  Forces per unit: a
  vague report ("warships", "thousands of troops") supports every count; exact counts
  beat vague ones, non-approximate beat approximate.  Places: then specificity (city >
  admin2 > admin1/coast/waters/border > sea/country > region, +1 for a derived or
  narrowed place).  Modality ties go to the earlier entry of ``MODALITIES`` (fact
  first); actors with a country code beat those without.  Summary ties go to the
  report agreeing with most chosen main values.  Last tie-break: canonical order.
* ``conflicts`` (in the order date, place, actor, modality, forces by unit): when two
  different documents give values that cannot both be true - dates neither of which
  contains the other (a suspect date that disagrees *is* a conflict; 2025-08-25 vs
  "this week" containing it is not), places neither of which contains the other,
  different actor names, different modalities, different counts for one unit - the
  conflict lists *every* value given for the field with the sorted ids of the
  documents that gave it, best-supported first.  Value strings: dates ``2025-08-25``
  (day), ``2025-08-25..2025-08-31 (week)``, ``2025-08`` (month), ``2025`` (year), with
  `` (suspect)`` when every document giving it had it flagged; forces ``15000 troops``,
  ``~4000 troops`` (approximate), ``warships (no number)``.
* ``confidence = min(0.99, 1 - Π_d (1 - c_d))`` over distinct documents d, where c_d
  is the highest confidence of that document's reports in the cluster (a single report
  keeps its own confidence, capped at 0.99).
* ``sources``: every source of every member, deduplicated, sorted by
  ``(published or "", doc_id, start, end, sentence)``.
* ``id``: the first 16 hex digits of SHA-256 over ``["fused", type, actor key,
  sorted (doc_id, start) of the sources]``; should two fused events still share an id
  (same sentences, same type and actor, events kept apart) the serialised member
  reports are hashed in as well.  Re-fusing the same inputs gives the same ids.
* The output is sorted by ``(undated last, date start, date end, type, id)``.

Inputs are expected to be per-document events; an input that already spans several
documents is accepted (each of its documents votes for its values), events without
sources vote under the empty document id ``""``.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from typing import Iterable

from dashboard.errors import InputError
from dashboard.model import (EVENT_TYPES, MODALITIES, Actor, Conflict, ConflictValue, DateRef, Event, ForceRef,
    PlaceRef, Source)
from dashboard.util.text import normalize

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
CONFIDENCE_CAP = 0.99
SUSPECT_WEIGHT = 0.5
"""A suspect date's vote."""

WEIGHTS = {"actor": 0.25, "place": 0.30, "date": 0.30, "forces": 0.15}
UNKNOWN = 0.4  # part score when one side does not say (place, date)
WEAK = 0.5  # part score for an unknown actor, a disagreeing suspect date, forces without common unit

PRECISION_RANK = {"day": 4, "week": 3, "month": 2, "year": 1}
KIND_FAMILY = {"country": "land", "admin1": "land", "admin2": "land", "city": "land", "region": "land",
               "sea": "sea", "lake": "sea", "river": "sea", "coast": "sea", "waters": "sea", "border": "border"}
KIND_SPECIFICITY = {"city": 6, "admin2": 5, "admin1": 4, "coast": 4, "waters": 4, "border": 4, "lake": 4,
                    "river": 4, "sea": 3, "country": 2, "region": 1}
_DIRECTION_WORDS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
                    "northeast", "northwest", "southeast", "southwest", "northeastern", "northwestern",
                    "southeastern", "southwestern", "upper", "lower"}
_GENERIC_WORDS = {"the", "of", "sea", "ocean", "waters", "coast", "coastline", "region", "state", "province",
                  "territory", "basin"}
_PAREN = re.compile(r"\(([^)]*)\)")
_BORDER_WORD = re.compile(r"\b(border|borders|frontier|boundary)\b", re.I)
_PAIR_DASH = re.compile(r"\s*[–—―]\s*")  # "Colombia–Venezuela" (gazetteer form; keeps "Guinea-Bissau")
_PAIR_SPLIT = re.compile(r"\s*[‐‑‒/-]\s*|\s+and\s+")  # "Venezuela-Colombia", "Colombia/Venezuela"
_LIST_SPLIT = re.compile(r"\s*,\s*|\s+and\s+")


# --------------------------------------------------------------------------- features


@dataclass(frozen=True)
class _Date:
    start: int  # proleptic ordinals, inclusive
    end: int
    precision: str
    suspect: bool

    @property
    def key(self) -> tuple[int, int, str]:
        return (self.start, self.end, self.precision)

    def contains(self, other: "_Date") -> bool:
        return self.start <= other.start and other.end <= self.end


@dataclass(frozen=True)
class _Place:
    ref: PlaceRef
    key: tuple
    family: str
    full: str  # normalised name without the parenthetical narrowing
    core: str  # ... and without direction and generic feature words
    pair: frozenset[str] | None  # border: the two country names
    narrowed: frozenset[str]  # names in the parenthetical ("Kharkiv, Sumy")
    bbox: tuple[float, float, float, float] | None  # (min_lon, min_lat, max_lon, max_lat) of the geometry


@dataclass(frozen=True)
class _Feat:
    type: str
    actor_key: str | None
    date: _Date | None
    place: _Place | None
    forces: tuple[tuple[str, int | None], ...]  # (unit, count)


def _actor_key(actor: Actor | None) -> str | None:
    if actor is None:
        return None
    if actor.country_code:
        return "cc:" + actor.country_code.upper()
    name = normalize(actor.name or "")
    return "name:" + name if name else None


def signature(event: Event) -> tuple[str, str | None]:
    """The bucket of an event: ``(type, actor key)``; the actor key is ``"cc:XX"`` for
    an actor with a country code, ``"name:<normalised name>"`` otherwise, None without
    an actor."""
    return (event.type, _actor_key(event.actor))


def _parse_day(value: str, what: str, event: Event) -> int:
    try:
        return date.fromisoformat(value).toordinal()
    except (TypeError, ValueError):
        raise InputError(f"event {event.summary!r}: date {what} {value!r} is not an ISO date (YYYY-MM-DD); "
                         "fix the event's DateRef") from None


def _date_feat(event: Event) -> _Date | None:
    d = event.date
    if d is None:
        return None
    s, e = _parse_day(d.start, "start", event), _parse_day(d.end, "end", event)
    if e < s:
        raise InputError(f"event {event.summary!r}: date end {d.end!r} is before its start {d.start!r}; "
                         "give an inclusive interval start <= end")
    return _Date(s, e, d.precision, bool(d.suspect))


def _bbox(geometry: str | None) -> tuple[float, float, float, float] | None:
    if not geometry:
        return None
    try:
        coords = json.loads(geometry).get("coordinates")
    except (ValueError, AttributeError):
        return None
    xs: list[float] = []
    ys: list[float] = []

    def walk(c) -> None:
        if isinstance(c, (list, tuple)) and len(c) >= 2 and all(isinstance(v, (int, float)) for v in c[:2]):
            xs.append(float(c[0]))
            ys.append(float(c[1]))
        elif isinstance(c, (list, tuple)):
            for sub in c:
                walk(sub)

    walk(coords)
    return (min(xs), min(ys), max(xs), max(ys)) if xs else None


def _place_feat(p: PlaceRef | None) -> _Place | None:
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
    return _Place(p, key, family, full, core, pair, narrowed, _bbox(p.geometry))


def _feat(event: Event) -> _Feat:
    return _Feat(event.type, _actor_key(event.actor), _date_feat(event), _place_feat(event.place),
                 tuple((f.unit, f.count) for f in event.forces))


# --------------------------------------------------------------------------- part scores


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    la1, la2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def _has_point(p: PlaceRef) -> bool:
    return p.lat is not None and p.lon is not None


def _in_bbox(box: tuple[float, float, float, float] | None, p: PlaceRef, pad: float = 0.1) -> bool:
    return (box is not None and _has_point(p)
            and box[0] - pad <= p.lon <= box[2] + pad and box[1] - pad <= p.lat <= box[3] + pad)


def _directional(p: _Place) -> bool:
    return bool(p.ref.modifier) or any(w in _DIRECTION_WORDS for w in p.full.split())


def _nested(a: _Place, b: _Place) -> bool:
    """Is one place a broader or narrower version of the other (so no conflict)?"""
    if a.key == b.key:
        return True
    if a.pair is not None and b.pair is not None:
        return a.pair == b.pair and not (a.narrowed and b.narrowed and not (a.narrowed & b.narrowed))
    for outer, inner in ((a, b), (b, a)):
        if outer.pair is not None and (inner.full in outer.pair or inner.full in outer.narrowed):
            return True
        cc_o, cc_i = outer.ref.country_code, inner.ref.country_code
        if outer.ref.kind == "country" and inner.ref.kind != "country" and cc_o and cc_i \
                and cc_o.upper() == cc_i.upper():
            return True
        if _in_bbox(outer.bbox, inner.ref):
            return True
    return a.family == b.family and a.core == b.core


def _place_score(a: _Place | None, b: _Place | None) -> float | None:
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
        if other.full in border.pair or other.full in border.narrowed:
            return 0.8
    if a.family == b.family and a.core == b.core:
        return 0.85
    contained = []
    for outer, inner in ((a, b), (b, a)):
        cc_o, cc_i = outer.ref.country_code, inner.ref.country_code
        if outer.ref.kind == "country" and inner.ref.kind != "country" and cc_o and cc_i \
                and cc_o.upper() == cc_i.upper():
            contained.append(0.75)
        if _in_bbox(outer.bbox, inner.ref):
            contained.append(0.8)
    if contained:
        return max(contained)
    if _has_point(ra) and _has_point(rb):
        d = _km(ra.lat, ra.lon, rb.lat, rb.lon)
        return 0.9 - 0.3 * d / NEAR_KM if d <= NEAR_KM else None
    if ra.country_code and rb.country_code and ra.country_code.upper() == rb.country_code.upper() \
            and a.family == b.family:
        return 0.65
    return None


def _date_gap(a: _Date, b: _Date) -> int:
    return max(0, max(a.start, b.start) - min(a.end, b.end))


def _overlap(a: _Date, b: _Date) -> bool:
    return a.start <= b.end and b.start <= a.end


def _date_score(a: _Date | None, b: _Date | None) -> float | None:
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


@dataclass(frozen=True)
class _Parts:
    score: float
    place: float
    date: float


def _parts(a: _Feat, b: _Feat) -> _Parts | None:
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
    return _Parts(round(min(1.0, max(0.0, score)), 6), place, dt)


def same_event_score(a: Event, b: Event) -> float:
    """How likely two reports describe the same event, 0..1 (0: a hard rule forbids it).

    Symmetric.  See the module docstring for the rules; :data:`MERGE_THRESHOLD` is the
    merge cut-off.  Raises :class:`~dashboard.errors.InputError` for an unparseable date.
    """
    p = _parts(_feat(a), _feat(b))
    return 0.0 if p is None else p.score


# --------------------------------------------------------------------------- clustering


@dataclass
class _Member:
    event: Event
    feat: _Feat
    docs: tuple[str, ...]
    order: int = 0


@dataclass
class _Cluster:
    members: list[_Member] = field(default_factory=list)


def _canonical_key(e: Event) -> tuple:
    """(evidence tier, date start, doc_id, sentence start, serialisation): reports with a
    plain date first, then suspect-dated, then undated ones, so weak evidence attaches to
    the groups strong evidence formed instead of seeding them."""
    first = min(((s.doc_id, s.start) for s in e.sources), default=("", -1))
    serial = json.dumps(asdict(e), sort_keys=True, ensure_ascii=False, default=str)
    tier = 2 if e.date is None else 1 if e.date.suspect else 0
    return (tier, e.date.start if e.date else "", first[0], first[1], serial)


def _fits(m: _Member, c: _Cluster) -> float | None:
    """Mean score of ``m`` against every member of ``c``; None if any pair is forbidden."""
    total = 0.0
    for other in c.members:
        p = _parts(m.feat, other.feat)
        if p is None:
            return None
        total += p.score
    return total / len(c.members)


def _agglomerate(members: list[_Member]) -> list[_Cluster]:
    clusters: list[_Cluster] = []
    for m in members:
        best, best_score = None, MERGE_THRESHOLD
        for c in clusters:
            s = _fits(m, c)
            if s is not None and s >= best_score and (best is None or s > best_score):
                best, best_score = c, s
        if best is None:
            clusters.append(_Cluster([m]))
        else:
            best.members.append(m)
    return clusters


def _strong_join(m: _Member, clusters: list[_Cluster]) -> _Cluster | None:
    candidates: list[tuple[float, int, _Cluster]] = []
    for i, c in enumerate(clusters):
        s = _fits(m, c)
        if s is None or s < MERGE_THRESHOLD:
            continue
        strong = False
        for other in c.members:
            if other.feat.actor_key is None:
                continue
            p = _parts(m.feat, other.feat)
            if p is not None and p.place >= STRONG and p.date >= STRONG:
                strong = True
                break
        if strong:
            candidates.append((s, i, c))
    if not candidates:
        return None
    actors = {next(o.feat.actor_key for o in c.members if o.feat.actor_key is not None) for _, _, c in candidates}
    if len(actors) > 1:
        return None  # ambiguous: several actors fit equally well on place and date
    candidates.sort(key=lambda t: (-t[0], t[1]))
    return candidates[0][2]


def _cluster(members: list[_Member]) -> list[_Cluster]:
    buckets: dict[tuple[str, str | None], list[_Member]] = {}
    for m in members:  # canonical order is kept inside each bucket
        buckets.setdefault((m.feat.type, m.feat.actor_key), []).append(m)
    known: dict[str, list[_Cluster]] = {}
    for (typ, actor), ms in sorted(buckets.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        if actor is not None:
            known.setdefault(typ, []).extend(_agglomerate(ms))
    out: list[_Cluster] = []
    for typ in sorted({t for t, _ in buckets}):
        clusters = known.get(typ, [])
        loose = []
        for m in buckets.get((typ, None), []):
            target = _strong_join(m, clusters)
            if target is None:
                loose.append(m)
            else:
                target.members.append(m)
        out.extend(clusters)
        out.extend(_agglomerate(loose))
    return out


# --------------------------------------------------------------------------- voting


def _date_str(d: DateRef) -> str:
    if d.precision == "day" and d.start == d.end:
        return d.start
    if d.precision == "month" and d.start[:7] == d.end[:7]:
        return d.start[:7]
    if d.precision == "year" and d.start[:4] == d.end[:4]:
        return d.start[:4]
    return f"{d.start}..{d.end} ({d.precision})"


def _force_str(unit: str, count: int | None, approx: bool) -> str:
    if count is None:
        return f"{unit} (no number)"
    return f"{'~' if approx else ''}{count} {unit}"


@dataclass
class _Value:
    """One distinct value of a field with the documents that gave it."""

    key: object
    docs: set[str] = field(default_factory=set)
    members: list[_Member] = field(default_factory=list)
    support: float = 0.0


def _add(values: dict, key, m: _Member) -> _Value:
    v = values.get(key)
    if v is None:
        v = values[key] = _Value(key)
    v.docs.update(m.docs)
    if m not in v.members:
        v.members.append(m)
    return v


def _conflict(field_name: str, ranked: list[_Value], label, clash) -> Conflict | None:
    """A conflict when two values that ``clash`` come from different documents."""
    found = False
    for i, a in enumerate(ranked):
        for b in ranked[i + 1:]:
            if clash(a, b) and any(x != y for x in a.docs for y in b.docs):
                found = True
                break
        if found:
            break
    if not found:
        return None
    return Conflict(field_name, tuple(ConflictValue(label(v), tuple(sorted(v.docs))) for v in ranked))


def _first(v: _Value) -> int:
    return min(m.order for m in v.members)


def _pick_date(members: list[_Member]) -> tuple[DateRef | None, Conflict | None]:
    values: dict = {}
    for m in members:
        if m.feat.date is not None:
            _add(values, m.feat.date.key, m)
    if not values:
        return None, None
    stated: list[tuple[str, _Date]] = [(d, m.feat.date) for m in members if m.feat.date is not None for d in m.docs]
    for v in values.values():
        weight: dict[str, float] = {}
        s, e, _ = v.key
        for doc, dt in stated:
            if dt.start <= s and e <= dt.end:
                weight[doc] = max(weight.get(doc, 0.0), SUSPECT_WEIGHT if dt.suspect else 1.0)
        v.support = sum(weight.values())

    def all_suspect(v: _Value) -> bool:
        return all(m.feat.date.suspect for m in v.members)

    ranked = sorted(values.values(), key=lambda v: (-v.support, all_suspect(v), -PRECISION_RANK.get(v.key[2], 0),
                                                     v.key[1] - v.key[0], _first(v)))
    win = ranked[0]
    rep = min(win.members, key=lambda m: (m.feat.date.suspect, m.order)).event.date

    def label(v: _Value) -> str:
        ref = min(v.members, key=lambda m: m.order).event.date
        return _date_str(ref) + (" (suspect)" if all_suspect(v) else "")

    def clash(a: _Value, b: _Value) -> bool:
        da, db = a.members[0].feat.date, b.members[0].feat.date
        return not (da.contains(db) or db.contains(da))

    return rep, _conflict("date", ranked, label, clash)


def _pick_place(members: list[_Member]) -> tuple[PlaceRef | None, Conflict | None]:
    values: dict = {}
    for m in members:
        if m.feat.place is not None:
            _add(values, m.feat.place.key, m)
    if not values:
        return None, None
    for v in values.values():
        v.support = len(v.docs)

    def specificity(v: _Value) -> int:
        p = min(v.members, key=lambda m: m.order).feat.place
        derived = bool(p.narrowed) or _directional(p)
        return KIND_SPECIFICITY.get(p.ref.kind, 0) + (1 if derived else 0)

    ranked = sorted(values.values(), key=lambda v: (-v.support, -specificity(v), _first(v)))
    rep = min(ranked[0].members, key=lambda m: m.order).event.place

    def clash(a: _Value, b: _Value) -> bool:
        return not _nested(a.members[0].feat.place, b.members[0].feat.place)

    def label(v: _Value) -> str:
        return min(v.members, key=lambda m: m.order).event.place.name

    return rep, _conflict("place", ranked, label, clash)


def _pick_actor(members: list[_Member], attr: str, conflict_field: str | None) -> tuple[Actor | None, Conflict | None]:
    values: dict = {}
    for m in members:
        a = getattr(m.event, attr)
        if a is not None:
            _add(values, normalize(a.name or ""), m)
    if not values:
        return None, None
    for v in values.values():
        v.support = len(v.docs)

    def rep_of(v: _Value) -> Actor:
        best = min(v.members, key=lambda m: (getattr(m.event, attr).country_code is None, m.order))
        return getattr(best.event, attr)

    ranked = sorted(values.values(), key=lambda v: (-v.support, rep_of(v).country_code is None, _first(v)))
    conflict = None
    if conflict_field:
        conflict = _conflict(conflict_field, ranked, lambda v: rep_of(v).name, lambda a, b: a.key != b.key)
    return rep_of(ranked[0]), conflict


def _pick_modality(members: list[_Member]) -> tuple[str, Conflict | None]:
    values: dict = {}
    for m in members:
        _add(values, m.event.modality, m)
    for v in values.values():
        v.support = len(v.docs)

    def rank(mod: str) -> int:
        return MODALITIES.index(mod) if mod in MODALITIES else len(MODALITIES)

    ranked = sorted(values.values(), key=lambda v: (-v.support, rank(v.key), _first(v)))
    return ranked[0].key, _conflict("modality", ranked, lambda v: v.key, lambda a, b: a.key != b.key)


def _pick_forces(members: list[_Member]) -> tuple[tuple[ForceRef, ...], list[Conflict]]:
    by_unit: dict[str, dict] = {}
    first_seen: dict[str, int] = {}
    for m in members:
        for f in m.event.forces:
            _add(by_unit.setdefault(f.unit, {}), f.count, m)
            first_seen[f.unit] = min(first_seen.get(f.unit, m.order), m.order)
    forces: list[ForceRef] = []
    conflicts: list[Conflict] = []
    for unit in sorted(by_unit, key=lambda u: (first_seen[u], u)):
        values = by_unit[unit]
        vague = values.get(None)
        for v in values.values():
            v.support = len(v.docs | (vague.docs if vague is not None and v.key is not None else set()))

        def refs(v: _Value, unit=unit) -> list[tuple[ForceRef, int]]:
            return [(f, m.order) for m in v.members for f in m.event.forces if f.unit == unit and f.count == v.key]

        def exact(v: _Value) -> bool:
            return any(not f.approx for f, _ in refs(v))

        ranked = sorted(values.values(), key=lambda v: (-v.support, v.key is None, not exact(v), _first(v)))
        win = ranked[0]
        forces.append(min(refs(win), key=lambda t: (t[0].approx, t[1]))[0])
        c = _conflict("forces", ranked, lambda v: _force_str(unit, v.key, not exact(v)),
                      lambda a, b: a.key is not None and b.key is not None and a.key != b.key)
        if c is not None:
            conflicts.append(c)
    return tuple(forces), conflicts


def _pick_summary(members: list[_Member], main: dict) -> str:
    values: dict = {}
    for m in members:
        _add(values, m.event.summary, m)

    def agreement(m: _Member) -> int:
        e = m.event
        return sum((e.date == main["date"], e.place == main["place"], e.actor == main["actor"],
                    e.modality == main["modality"], e.forces == main["forces"]))

    ranked = sorted(values.values(), key=lambda v: (-len(v.docs), -max(agreement(m) for m in v.members), _first(v)))
    return ranked[0].key


def _pick_attributes(members: list[_Member]) -> tuple[tuple[str, str], ...]:
    by_key: dict[str, dict] = {}
    for m in members:
        for k, val in m.event.attributes:
            _add(by_key.setdefault(k, {}), val, m)
    out = []
    for k in sorted(by_key):
        ranked = sorted(by_key[k].values(), key=lambda v: (-len(v.docs), _first(v)))
        out.append((k, ranked[0].key))
    return tuple(out)


def _confidence(members: list[_Member]) -> float:
    per_doc: dict[str, float] = {}
    for m in members:
        for d in m.docs:
            per_doc[d] = max(per_doc.get(d, 0.0), min(1.0, max(0.0, m.event.confidence)))
    prod = 1.0
    for c in per_doc.values():
        prod *= 1.0 - c
    return round(min(CONFIDENCE_CAP, 1.0 - prod), 6)


def _source_key(s: Source) -> tuple:
    return (s.published or "", s.doc_id, s.start, s.end, s.sentence, s.path or "", s.title or "")


def _bucket_actor(members: list[_Member]) -> str:
    return next((m.feat.actor_key for m in members if m.feat.actor_key is not None), "") or ""


def _hash(parts: list) -> str:
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode()).hexdigest()[:16]


def _build(c: _Cluster) -> Event:
    members = sorted(c.members, key=lambda m: m.order)
    date_ref, date_c = _pick_date(members)
    place, place_c = _pick_place(members)
    actor, actor_c = _pick_actor(members, "actor", "actor")
    target, _ = _pick_actor(members, "target", None)
    modality, mod_c = _pick_modality(members)
    forces, force_cs = _pick_forces(members)
    main = {"date": date_ref, "place": place, "actor": actor, "modality": modality, "forces": forces}
    summary = _pick_summary(members, main)
    sources = tuple(sorted({s for m in members for s in m.event.sources}, key=_source_key))
    conflicts = tuple(x for x in (date_c, place_c, actor_c, mod_c, *force_cs) if x is not None)
    keys = sorted({(s.doc_id, s.start) for s in sources})
    fid = _hash(["fused", members[0].feat.type, _bucket_actor(members), [list(k) for k in keys]])
    return Event(type=members[0].feat.type, actor=actor, place=place, date=date_ref, summary=summary,
                 modality=modality, target=target, forces=forces, sources=sources,
                 confidence=_confidence(members), attributes=_pick_attributes(members),
                 conflicts=conflicts, id=fid)


def _output_key(e: Event) -> tuple:
    return (e.date is None, e.date.start if e.date else "", e.date.end if e.date else "", e.type, e.id)


def _name_forms(actors: Iterable[Actor]) -> dict[str, str]:
    """Actor name -> the corpus's canonical form of it, for actors without a country:
    a person named by surname alone takes the one full name in the corpus that ends with
    it ("Biden" -> "Joe Biden"; left alone when two full names share the surname), and
    names equal but for case or accents take their most frequent spelling (ties: the
    first in sorted order), so "Biden Administration" and "Biden administration" are one."""
    counts: dict[str, int] = {}
    kinds: dict[str, set[str]] = {}
    for a in actors:
        if a is not None and not a.country_code and a.name:
            counts[a.name] = counts.get(a.name, 0) + 1
            kinds.setdefault(a.name, set()).add(a.kind)
    spelling: dict[str, str] = {}
    for name in sorted(counts, key=lambda n: (-counts[n], n)):
        spelling.setdefault(normalize(name), name)
    full: dict[str, set[str]] = {}
    for name, ks in kinds.items():
        words = name.split()
        if "person" in ks and len(words) > 1:
            full.setdefault(normalize(words[-1]), set()).add(spelling[normalize(name)])
    out = {}
    for name, ks in kinds.items():
        canon = spelling[normalize(name)]
        if "person" in ks and len(name.split()) == 1 and len(full.get(normalize(name), ())) == 1:
            canon = next(iter(full[normalize(name)]))
        if canon != name:
            out[name] = canon
    return out


def link_actor_names(events: Iterable[Event]) -> list[Event]:
    """The events with their actors' and targets' names in the corpus's canonical forms
    (:func:`_name_forms`): a reduce over all documents, independent of their order."""
    items = list(events)
    forms = _name_forms([a for e in items for a in (e.actor, e.target)])
    if not forms:
        return items

    def fix(a: Actor | None) -> Actor | None:
        return replace(a, name=forms[a.name]) if a is not None and not a.country_code and a.name in forms else a

    return [replace(e, actor=fix(e.actor), target=fix(e.target)) if (e.actor and e.actor.name in forms)
            or (e.target and e.target.name in forms) else e for e in items]


def fuse(events: Iterable[Event]) -> list[Event]:
    """Merge per-document events into fused events (see the module docstring).

    Deterministic and independent of the input order: the same events in any order give
    equal lists (same events, same ids, same order).  Raises
    :class:`~dashboard.errors.InputError` for an unknown event type or a malformed date.
    """
    items = list(events)
    for e in items:
        if not isinstance(e, Event):
            raise InputError(f"fuse() takes Event objects, got {type(e).__name__}: {e!r}")
        if e.type not in EVENT_TYPES:
            raise InputError(f"event {e.summary!r}: unknown type {e.type!r}; use one of {', '.join(EVENT_TYPES)}")
    items = link_actor_names(items)
    keyed = sorted(((_canonical_key(e), e) for e in items), key=lambda t: t[0])
    # An exact duplicate (the same document read twice: two copies of a file, a file
    # named twice) is one report, not corroboration; it would also repeat a fused id.
    keyed = [t for i, t in enumerate(keyed) if i == 0 or t[0] != keyed[i - 1][0]]
    members = []
    for i, (key, e) in enumerate(keyed):
        docs = tuple(sorted({s.doc_id for s in e.sources})) or ("",)
        members.append(_Member(e, _feat(e), docs, i))
    clusters = _cluster(members)
    fused = [(_build(c), c) for c in clusters]
    # Disambiguate the (rare) events that share sentences, type and actor but were kept apart.
    counts: dict[str, int] = {}
    for e, _ in fused:
        counts[e.id] = counts.get(e.id, 0) + 1
    out = []
    for e, c in fused:
        if counts[e.id] > 1:
            serials = sorted(keyed[m.order][0][-1] for m in c.members)
            e = replace(e, id=_hash([e.id, serials]))
        out.append(e)
    out.sort(key=_output_key)
    return out


__all__ = ["DATE_TOLERANCE_DAYS", "MERGE_THRESHOLD", "NEAR_KM", "fuse", "link_actor_names", "same_event_score",
           "signature"]
