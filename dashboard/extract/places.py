"""Where an event happened: the place mention of the trigger's own prepositional phrases
("to the southern Caribbean", "in Kharkiv"), else another place of the sentence that is
not the actor; as a :class:`~dashboard.model.PlaceRef` with its geometry."""

from __future__ import annotations

from dataclasses import replace

import shapely

from dashboard.extract.actors import subject_of
from dashboard.extract.context import DocContext
from dashboard.extract.lexicon import FORCE_TYPES, PLACE_PREPS
from dashboard.extract.summary import summarize
from dashboard.model import Actor, Event, Mention, PlaceRef

DIRECTIONS = ("south", "north", "east", "west", "central", "southeast", "southwest", "northeast", "northwest")


def place_of(trig, sent, ctx: DocContext, actor: Actor | None) -> Mention | None:
    subj = subject_of(trig)
    lo, hi = ((min(t.idx for t in subj.subtree), max(t.idx + len(t.text) for t in subj.subtree))
              if subj is not None else (-1, -1))
    in_sent = [t for t in ctx.spans.starting_in(sent.start_char, sent.end_char)
               if t.role == "place" and not (lo <= t.start < hi)]
    if not in_sent:
        return None
    # places in the trigger's (or its clause's) prepositional phrases first
    clause_head = trig if trig.pos_ == "VERB" else trig.head
    scope = {t.i for t in clause_head.subtree}
    doc = trig.doc
    attached = []
    for t in in_sent:
        span = doc.char_span(t.start, t.end, alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        if root.i in scope or any(tok.i in scope for tok in span):
            prep = root.head if root.dep_ in ("pobj",) else None
            if prep is None or prep.lower_ in PLACE_PREPS or root.dep_ in ("dobj", "compound", "conj", "appos"):
                attached.append(t)
    cands = attached or in_sent

    def prep_rank(t: Mention) -> int:
        span = doc.char_span(t.start, t.end, alignment_mode="expand")
        head = span.root.head if span is not None else None
        word = head.lower_ if head is not None and span.root.dep_ == "pobj" else ""
        return 0 if word in ("to", "into", "in", "at", "inside", "within") else 1 if word in (
            "along", "across", "on", "over", "toward", "towards") else 2

    def specificity(t: Mention) -> tuple:
        kind = t.kind or ""
        rank = {"border": 0, "coast": 1, "waters": 1, "admin2": 2, "city": 2, "admin1": 3, "sea": 4,
                "lake": 4, "country": 6, "region": 7}.get(kind, 5)
        # the actor's own country is where it is from, not where the event is
        own = actor is not None and t.country_code == actor.country_code and kind == "country"
        return (own, prep_rank(t), t.derived is None and kind in ("sea",) and any(x.derived is not None
                                                                                   for x in cands), rank, t.start)

    return sorted(cands, key=specificity)[0]


def directly_located(trig, t: Mention) -> bool:
    """Is the toponym the object of an 'in/at' phrase of the trigger itself?"""
    for prep in trig.children:
        if prep.dep_ == "prep" and prep.lower_ in ("in", "at", "from"):
            for obj in prep.children:
                if obj.dep_ == "pobj" and obj.idx <= t.start < obj.idx + len(obj.text) + 1 or \
                        any(x.idx <= t.start < x.idx + len(x.text) for x in obj.subtree):
                    return True
    return False


def place_ref(t: Mention, gazetteer) -> PlaceRef:
    geometry = None
    if t.derived is not None:
        geometry = shapely.to_geojson(t.derived.geometry())
    elif t.place is not None and gazetteer is not None and t.kind in ("admin1", "admin2", "sea", "lake", "border"):
        geometry = shapely.to_geojson(gazetteer.geometry(t.place, simple=True))
    return PlaceRef(name=t.name, kind=t.kind, country_code=t.country_code,
                    place_id=t.place.id if t.place is not None else None, lat=t.lat, lon=t.lon,
                    modifier=t.modifier, geometry=geometry)


def actor_place(actor: Actor, gazetteer) -> PlaceRef | None:
    """Where a state speaks from: its capital (else the country), marked modifier="actor"."""
    if gazetteer is None:
        return None
    seat = gazetteer.capital(actor.country_code) or gazetteer.country(actor.country_code)
    if seat is None:
        return None
    return PlaceRef(name=seat.name, kind=seat.kind, country_code=seat.country_code, place_id=seat.id,
                    lat=seat.lat, lon=seat.lon, modifier="actor")


def refine_place(ev: Event, toponyms: list[Mention], gazetteer) -> Event:
    """Within one article, a place described more narrowly elsewhere ("to the Caribbean"
    … "the deployment to the southern Caribbean") is the narrower one for force events."""
    if ev.type not in FORCE_TYPES or ev.place is None or ev.place.place_id is None or ev.place.modifier:
        return ev
    narrower = [t for t in toponyms if t.derived is not None and t.modifier in DIRECTIONS
                and ev.place.place_id in t.derived.base_ids]
    if len({t.derived.name for t in narrower}) != 1:
        return ev
    refined = replace(ev, place=place_ref(narrower[0], gazetteer))
    return replace(refined, summary=summarize(refined)).with_id()
