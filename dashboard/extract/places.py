"""Where an event happened: the place mention of the trigger's own prepositional phrases
("to the southern Caribbean", "in Kharkiv"), else another place of the sentence that is
not the actor; as a :class:`~dashboard.model.PlaceRef` with its geometry."""

from __future__ import annotations

from dataclasses import replace

import shapely

from dashboard.extract.clauses import clause_tokens
from dashboard.extract.context import DocContext
from dashboard.extract.lexicon import FORCE_TYPES
from dashboard.extract.summary import summarize
from dashboard.model import Actor, Event, Mention, PlaceRef

DIRECTIONS = ("south", "north", "east", "west", "central", "southeast", "southwest", "northeast", "northwest")


_DIRECTION_WORDS = {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
                    "outskirts", "edge", "coast", "shore", "banks", "bank", "vicinity", "outside"}
DESTINATION_PREPS = ("to", "into", "toward", "towards")
LOCATIVE_PREPS = ("in", "at", "inside", "within", "near", "off", "on", "over", "around", "along", "across", "outside",
                  "between", "through", "throughout", "onto", "beyond", "opposite", "beside", "alongside",
                  "past", "above", "under", "below", "close")
#: a place after these is a party or a comparison, not where it happened ("an exchange
#: with Russia", "mediated by the United Arab Emirates", "as Ukraine")
NON_LOCATIVE = ("with", "by", "like", "than", "as", "for", "without", "unlike")
MOVEMENT_TYPES = ("deployment", "patrol", "mobilization")
KIND_RANK = {"border": 0, "coast": 1, "waters": 1, "admin2": 2, "city": 2, "admin1": 3, "sea": 4, "lake": 4,
             "river": 4, "country": 6, "region": 7}


def prep_of(t: Mention, doc) -> str:
    span = doc.char_span(t.start, t.end, alignment_mode="expand")
    if span is None:
        return ""
    root = span.root
    while root.dep_ in ("compound", "conj", "appos", "amod") and root.head != root:
        root = root.head  # "the Kherson and Zaporizhzhia regions", "the port of Odesa"
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lemma_.lower() in _DIRECTION_WORDS:
        return "near"  # "north of Hodeidah", "east of Aleppo"
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.dep_ == "pobj":
        root = root.head.head
    return root.head.lower_ if root.dep_ == "pobj" else root.dep_


def _core_chars(subject) -> set[int]:
    """Start offsets of the actor phrase's own words: its subtree without the places it is
    located by ("delegations *in Abu Dhabi*", "forces *from Kursk*") and clauses on it."""
    out: set[int] = set()
    stack = [subject]
    while stack:
        tok = stack.pop()
        out.add(tok.idx)
        for c in tok.children:
            if (c.dep_ == "prep" and c.lower_ in LOCATIVE_PREPS + DESTINATION_PREPS + ("from",)) or \
                    c.dep_ in ("relcl", "acl", "appos"):
                continue
            stack.append(c)
    return out


def place_of(trigger, ctx: DocContext, actor: Actor | None, subject=None) -> Mention | None:
    """Where the event happened: a place of the anchor's own clause — the destination
    for a movement ("deployed to the Y region"), where it was left for a withdrawal, else
    where it happened — the most specific first; else another place of the sentence."""
    anchor, sent = trigger.anchor, trigger.anchor.sent
    actor_chars = _core_chars(subject) if subject is not None else set()
    in_sent = [t for t in ctx.spans.starting_in(sent.start_char, sent.end_char)
               if t.role == "place" and t.start not in actor_chars]
    if not in_sent:
        return None
    doc = anchor.doc
    clause = {t.idx for t in clause_tokens(anchor)}
    if trigger.token != anchor:
        clause |= {t.idx for t in clause_tokens(trigger.token)}
    own = [t for t in in_sent if any(t.start <= i < t.end for i in clause) and prep_of(t, doc) not in NON_LOCATIVE]
    # outside its clause, only a place the sentence gives as a location ("in Kharkiv")
    cands = own or [t for t in in_sent if prep_of(t, doc) in LOCATIVE_PREPS + DESTINATION_PREPS]
    if not cands:
        return None
    etype = trigger.type

    heads = {anchor, trigger.token}

    def hops(t: Mention) -> int:
        """Verbs between the place and the event's words ("attacked the Odesa region …,
        damaging a berth at Pivdennyi": Pivdennyi is one verb down)."""
        span = doc.char_span(t.start, t.end, alignment_mode="expand")
        if span is None:
            return 9
        cur, n = span.root, 0
        for _ in range(12):
            if cur in heads:
                return n
            if cur.head == cur:
                break
            cur = cur.head
            n += cur.pos_ in ("VERB", "AUX") and cur not in heads
        return 9

    def rank(t: Mention) -> tuple:
        prep = prep_of(t, doc)
        if etype in MOVEMENT_TYPES:
            p = 0 if prep in DESTINATION_PREPS else 1 if prep in LOCATIVE_PREPS else 3 if prep == "from" else 2
        elif etype == "withdrawal":
            p = 0 if prep in ("from", "out") else 1 if prep in LOCATIVE_PREPS else 2
        else:
            p = 0 if prep in LOCATIVE_PREPS else 1 if prep in DESTINATION_PREPS else 3 if prep == "from" else 2
        kind = t.kind or ""
        home = actor is not None and t.country_code == actor.country_code and kind == "country"
        return (t not in own, home, hops(t) > 0, p, KIND_RANK.get(kind, 5), t.start)

    return sorted(cands, key=rank)[0]


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


def actor_place(actor: Actor, gazetteer, *, seat: bool = True) -> PlaceRef | None:
    """Where a state speaks from: its capital (else the country); with ``seat=False``, the
    country itself (its outline).  Marked modifier="actor": the text did not say it."""
    if gazetteer is None:
        return None
    country = gazetteer.country(actor.country_code)
    where = (gazetteer.capital(actor.country_code) or country) if seat else country
    if where is None:
        return None
    geometry = shapely.to_geojson(gazetteer.geometry(where, simple=True)) if where.kind == "country" and not seat \
        else None
    return PlaceRef(name=where.name, kind=where.kind, country_code=where.country_code, place_id=where.id,
                    lat=where.lat, lon=where.lon, modifier="actor", geometry=geometry)


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
