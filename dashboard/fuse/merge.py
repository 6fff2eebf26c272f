"""Building the fused event of one cluster: main values by support, conflicts,
confidence, sources and id (:func:`build_event`).

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
  (same sentences, same type and actor, events kept apart), :func:`~dashboard.fuse.api.fuse`
  hashes the serialised member reports in as well.  Re-fusing the same inputs gives the
  same ids.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from dashboard.fuse.cluster import Cluster, Member
from dashboard.fuse.features import is_directional
from dashboard.fuse.similarity import places_nested
from dashboard.model import MODALITIES, Actor, Conflict, ConflictValue, DateRef, Event, ForceRef, PlaceRef, Source
from dashboard.util.text import normalize

CONFIDENCE_CAP = 0.99
SUSPECT_WEIGHT = 0.5
"""A suspect date's vote."""

PRECISION_RANK = {"day": 4, "week": 3, "month": 2, "year": 1}
KIND_SPECIFICITY = {"city": 6, "admin2": 5, "admin1": 4, "coast": 4, "waters": 4, "border": 4, "lake": 4,
                    "river": 4, "sea": 3, "country": 2, "region": 1}


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


# --------------------------------------------------------------------------- voting


@dataclass
class _Value:
    """One distinct value of a field with the documents that gave it."""

    key: object
    docs: set[str] = field(default_factory=set)
    members: list[Member] = field(default_factory=list)
    support: float = 0.0


def _add(values: dict, key, m: Member) -> _Value:
    v = values.get(key)
    if v is None:
        v = values[key] = _Value(key)
    v.docs.update(m.docs)
    if m not in v.members:
        v.members.append(m)
    return v


def _tally(members: list[Member], value_of, key_of) -> dict:
    """The distinct values of one field: ``key_of(value_of(m))`` -> its :class:`_Value`,
    skipping the members whose ``value_of`` is None (they do not say)."""
    values: dict = {}
    for m in members:
        x = value_of(m)
        if x is not None:
            _add(values, key_of(x), m)
    return values


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


# --------------------------------------------------------------------------- main values


def _pick_date(members: list[Member]) -> tuple[DateRef | None, Conflict | None]:
    values = _tally(members, lambda m: m.feat.date, lambda d: d.key)
    if not values:  # no report states a date: the first report's stand-in (the week before publication)
        first = min(members, key=lambda m: m.order).event.date
        return first, None
    stated = [(d, m.feat.date) for m in members if m.feat.date is not None for d in m.docs]
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


def _pick_place(members: list[Member]) -> tuple[PlaceRef | None, Conflict | None]:
    values = _tally(members, lambda m: m.feat.place, lambda p: p.key)
    if not values:
        return None, None
    # a report naming the wider place supports the narrower one it contains ("the
    # Caribbean" and "the southern Caribbean"): support counts the documents that agree
    stated = [(d, m.feat.place) for m in members if m.feat.place is not None for d in m.docs]
    for v in values.values():
        mine = v.members[0].feat.place
        v.support = len({d for d, p in stated if p.key == mine.key or places_nested(p, mine)})

    def specificity(v: _Value) -> int:
        p = min(v.members, key=lambda m: m.order).feat.place
        derived = bool(p.narrowed) or is_directional(p)
        return KIND_SPECIFICITY.get(p.ref.kind, 0) + (1 if derived else 0)

    ranked = sorted(values.values(), key=lambda v: (-v.support, -specificity(v), _first(v)))
    rep = min(ranked[0].members, key=lambda m: m.order).event.place

    def clash(a: _Value, b: _Value) -> bool:
        return not places_nested(a.members[0].feat.place, b.members[0].feat.place)

    def label(v: _Value) -> str:
        return min(v.members, key=lambda m: m.order).event.place.name

    return rep, _conflict("place", ranked, label, clash)


def _pick_actor(members: list[Member], attr: str, conflict_field: str | None) -> tuple[Actor | None, Conflict | None]:
    values = _tally(members, lambda m: getattr(m.event, attr), lambda a: normalize(a.name or ""))
    if not values:
        return None, None
    named = {k: v for k, v in values.items() if getattr(v.members[0].event, attr).named}
    if named:
        values = named  # a party a report names beats the others' descriptions ("armed men")
    for v in values.values():
        v.support = len(v.docs)

    def rep_of(v: _Value) -> Actor:
        best = min(v.members, key=lambda m: (getattr(m.event, attr).country_code is None, m.order))
        return getattr(best.event, attr)

    ranked = sorted(values.values(), key=lambda v: (-v.support, rep_of(v).country_code is None, _first(v)))
    conflict = None
    if conflict_field and named:  # differing descriptions of an unnamed party contradict nothing
        conflict = _conflict(conflict_field, ranked, lambda v: rep_of(v).name, lambda a, b: a.key != b.key)
    return rep_of(ranked[0]), conflict


def _pick_modality(members: list[Member]) -> tuple[str, Conflict | None]:
    values: dict = {}
    for m in members:
        _add(values, m.event.modality, m)
    for v in values.values():
        v.support = len(v.docs)

    def rank(mod: str) -> int:
        return MODALITIES.index(mod) if mod in MODALITIES else len(MODALITIES)

    ranked = sorted(values.values(), key=lambda v: (-v.support, rank(v.key), _first(v)))
    return ranked[0].key, _conflict("modality", ranked, lambda v: v.key, lambda a, b: a.key != b.key)


def _pick_forces(members: list[Member]) -> tuple[tuple[ForceRef, ...], list[Conflict]]:
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


def _pick_summary(members: list[Member], main: dict) -> str:
    values: dict = {}
    for m in members:
        _add(values, m.event.summary, m)

    def agreement(m: Member) -> int:
        e = m.event
        return sum((e.date == main["date"], e.place == main["place"], e.actor == main["actor"],
                    e.modality == main["modality"], e.forces == main["forces"]))

    ranked = sorted(values.values(), key=lambda v: (-len(v.docs), -max(agreement(m) for m in v.members), _first(v)))
    return ranked[0].key


def _pick_attributes(members: list[Member]) -> tuple[tuple[str, str], ...]:
    by_key: dict[str, dict] = {}
    for m in members:
        for k, val in m.event.attributes:
            _add(by_key.setdefault(k, {}), val, m)
    out = []
    for k in sorted(by_key):
        ranked = sorted(by_key[k].values(), key=lambda v: (-len(v.docs), _first(v)))
        out.append((k, ranked[0].key))
    return tuple(out)


# --------------------------------------------------------------------------- the fused event


def _confidence(members: list[Member]) -> float:
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


def _bucket_actor(members: list[Member]) -> str:
    return next((m.feat.actor_key for m in members if m.feat.actor_key is not None), "") or ""


def short_hash(parts: list) -> str:
    """The first 16 hex digits of SHA-256 over ``parts`` as JSON (the fused ids)."""
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode()).hexdigest()[:16]


def build_event(c: Cluster) -> Event:
    """The fused event of cluster ``c`` (see the module docstring)."""
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
    fid = short_hash(["fused", members[0].feat.type, _bucket_actor(members), [list(k) for k in keys]])
    return Event(type=members[0].feat.type, actor=actor, place=place, date=date_ref, summary=summary,
                 modality=modality, target=target, forces=forces, sources=sources,
                 confidence=_confidence(members), attributes=_pick_attributes(members),
                 conflicts=conflicts, id=fid)
