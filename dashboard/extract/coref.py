"""Event coreference within one document: the lede's "Russia attacked the Odesa region
overnight" and the fourth paragraph's "the strike damaged a berth" are one event.

Two events of one document are one when they have the same type and neither contradicts
the other: the same actor or one without, places that coincide or nest or one without,
dates that overlap or one that the text did not give, and the same modality class (what
happened and what is planned stay apart).  Reading in document order, a later mention
joins the nearest earlier compatible event; the merged event keeps the first mention's
fields, takes what it lacked from the others (an actor, a stated date, a more specific
place, forces) and lists every mention as a source.
"""

from __future__ import annotations

from dataclasses import replace

from dashboard.extract.places import KIND_RANK
from dashboard.model import Event
from dashboard.util.geo import haversine_km

NEAR_KM = 120.0


def _places_agree(a, b) -> bool:
    if a is None or b is None:
        return True
    if a.name == b.name or (a.place_id is not None and a.place_id == b.place_id):
        return True
    if a.kind == "country" or b.kind == "country":
        return bool(a.country_code) and a.country_code == b.country_code
    if None in (a.lat, a.lon, b.lat, b.lon):
        return False
    return haversine_km(a.lat, a.lon, b.lat, b.lon) <= NEAR_KM


def _dates_agree(a, b) -> bool:
    if a is None or b is None or a.text is None or b.text is None:
        return True  # a date the text did not give contradicts nothing
    return not (a.end < b.start or b.end < a.start)


def _actors_agree(a, b) -> bool:
    if a is None or b is None or not a.named or not b.named:
        return True  # "armed men" … "the pirates": a description contradicts no one
    if a.country_code or b.country_code:
        return a.country_code == b.country_code
    return a.name == b.name


def _mention(e: Event) -> str | None:
    return dict(e.attributes).get("mention")


def same_event(a: Event, b: Event) -> bool:
    if b.type == a.type and _mention(b) == "anaphor" and a.type != "statement":
        return True  # "the attack" refers back to the last attack told, whatever its clause says
    nominal = dict(a.attributes).get("mention") == "nominal" or dict(b.attributes).get("mention") == "nominal"
    return (a.type == b.type and a.type != "statement" and (nominal or (a.modality == "intent") == (b.modality == "intent"))
            and _actors_agree(a.actor, b.actor) and _places_agree(a.place, b.place) and _dates_agree(a.date, b.date))


def _merge(a: Event, b: Event) -> Event:
    if _mention(b) == "anaphor":  # a reference adds its source, not its clause's actor or place
        return replace(a, sources=a.sources + tuple(s for s in b.sources if s not in a.sources))
    place = a.place
    if b.place is not None and (place is None or KIND_RANK.get(b.place.kind, 5) < KIND_RANK.get(place.kind, 5)):
        place = b.place
    date = a.date if (a.date is not None and a.date.text) or b.date is None or not b.date.text else b.date
    forces = a.forces if any(f.count for f in a.forces) or not b.forces else b.forces
    attrs = dict(b.attributes)
    attrs.update(dict(a.attributes))
    if dict(a.attributes).get("mention") != dict(b.attributes).get("mention"):
        attrs.pop("mention", None)  # a verb mention joined: the event is asserted
    modality = b.modality if dict(a.attributes).get("mention") == "nominal" else a.modality
    actor = a.actor if a.actor is not None and (a.actor.named or b.actor is None) else b.actor or a.actor
    return replace(a, modality=modality, actor=actor, target=a.target or b.target, place=place, date=date,
                   forces=forces,
                   sources=a.sources + tuple(s for s in b.sources if s not in a.sources),
                   confidence=max(a.confidence, b.confidence), attributes=tuple(sorted(attrs.items())))


def merge_mentions(events: list[Event]) -> list[Event]:
    """The document's events with the mentions of one event merged (document order)."""
    out: list[Event] = []
    for e in events:
        for i in range(len(out) - 1, -1, -1):
            if same_event(out[i], e):
                out[i] = _merge(out[i], e)
                break
        else:
            if _mention(e) == "anaphor":  # nothing told before: the reference is the report
                e = replace(e, attributes=tuple(kv for kv in e.attributes if kv != ("mention", "anaphor")))
            out.append(e)
    return out
