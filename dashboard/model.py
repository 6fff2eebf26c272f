"""The event model: what happened, where, when, by whom, with what forces, and who says so.

Plain frozen dataclasses (picklable, comparable) shared by extraction, fusion, the store,
the map and the exports.  ``to_dict()`` gives the JSON form documented in
docs/events.md; ``from_dict()`` reads it back.  Dates are ISO strings (``YYYY-MM-DD``),
coordinates lon/lat in GeoJSON geometry and named ``lat``/``lon`` elsewhere.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field

# The event taxonomy: type -> (CAMEO root code, CAMEO root name, what it covers).
# CAMEO (Conflict and Mediation Event Observations, Schrodt 2012) is GDELT's event coding.
EVENT_TYPES: dict[str, tuple[str, str, str]] = {
    "statement": ("01", "MAKE PUBLIC STATEMENT", "declarations, comments, claims, vows, denials of intent"),
    "diplomatic_appeal": ("02", "APPEAL", "requests to the UN or other states to intervene, demands to stop"),
    "accusation": ("11", "DISAPPROVE", "accusing, blaming, condemning"),
    "rejection": ("12", "REJECT", "refusing a demand, rejecting participation or presence"),
    "threat": ("13", "THREATEN", "threats of force, ultimatums, warnings of military action"),
    "deployment": ("15", "EXHIBIT FORCE POSTURE", "sending or stationing troops, ships, aircraft"),
    "patrol": ("15", "EXHIBIT FORCE POSTURE", "patrols of coasts, borders, waters"),
    "mobilization": ("15", "EXHIBIT FORCE POSTURE", "mobilising forces, recruitment drives, call-ups"),
    "exercise": ("15", "EXHIBIT FORCE POSTURE", "military exercises, drills, manoeuvres"),
    "directive": ("15", "EXHIBIT FORCE POSTURE", "orders to the military or agencies to act"),
    "sanction": ("16", "REDUCE RELATIONS", "sanctions, embargoes, freezes"),
    "designation": ("17", "COERCE", "designating groups as terrorist organisations and similar listings"),
    "bounty": ("17", "COERCE", "rewards for capture, bounties"),
    "seizure": ("17", "COERCE", "seizing property, aircraft, ships, cargo"),
    "attack": ("19", "FIGHT", "strikes, attacks, clashes, shelling"),
    "election": ("--", "(no CAMEO root)", "elections, re-elections, inaugurations; CAMEO has no root for them"),
}
MODALITIES = ("fact", "intent", "consideration", "denial", "threat", "claim")
"""fact: reported as having happened; intent: announced/planned/will; consideration:
weighed, not decided ('consider military action'); denial: said not to happen or not
possible ('no way they can invade'); threat: conditional menace; claim: asserted by a
party and disputed."""


@dataclass(frozen=True)
class Actor:
    """Who acts: a state (``country_code`` set), an organisation, a person or a group."""

    name: str
    kind: str = "state"  # state | organization | person | group
    country_code: str | None = None


@dataclass(frozen=True)
class PlaceRef:
    """Where: a gazetteer feature or a derived place, with its geometry as GeoJSON."""

    name: str
    kind: str
    country_code: str | None = None
    place_id: int | None = None
    lat: float | None = None
    lon: float | None = None
    modifier: str | None = None
    geometry: str | None = None  # GeoJSON geometry as a JSON string (lon/lat), or None: use lat/lon

    def geojson(self) -> dict | None:
        if self.geometry:
            return json.loads(self.geometry)
        if self.lat is not None and self.lon is not None:
            return {"type": "Point", "coordinates": [self.lon, self.lat]}
        return None


@dataclass(frozen=True)
class ForceRef:
    """A force reported for an event: "4,000 troops" -> count 4000, unit troops."""

    count: int | None
    unit: str
    approx: bool
    text: str
    side: str | None = None  # ISO country code or organisation of the side it belongs to


@dataclass(frozen=True)
class DateRef:
    """An inclusive day interval with its precision (day | week | month | year)."""

    start: str
    end: str
    precision: str
    text: str | None = None
    suspect: bool = False  # contradicts its own document's publication date


@dataclass(frozen=True)
class Source:
    """One document's report of an event: the evidence sentence and where it is."""

    doc_id: str
    sentence: str
    start: int  # character offsets of the sentence in the document text
    end: int
    published: str | None = None
    path: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class ConflictValue:
    value: str
    doc_ids: tuple[str, ...]


@dataclass(frozen=True)
class Conflict:
    """Sources disagree on ``field`` (date, forces, place, modality, actor)."""

    field: str
    values: tuple[ConflictValue, ...]


@dataclass(frozen=True)
class Event:
    """One event, from one document (extraction) or fused over several (fusion)."""

    type: str
    actor: Actor | None
    place: PlaceRef | None
    date: DateRef | None
    summary: str
    modality: str = "fact"
    target: Actor | None = None
    forces: tuple[ForceRef, ...] = ()
    sources: tuple[Source, ...] = ()
    confidence: float = 0.5
    attributes: tuple[tuple[str, str], ...] = ()  # e.g. (("amount_usd", "50000000"),)
    conflicts: tuple[Conflict, ...] = ()
    id: str = field(default="")

    @property
    def cameo(self) -> str:
        return EVENT_TYPES[self.type][0]

    @property
    def corroboration(self) -> int:
        return len({s.doc_id for s in self.sources})

    def with_id(self) -> "Event":
        """The same event with a stable id: a hash of its type, actor, place, date and sources."""
        from dataclasses import replace

        key = json.dumps([self.type, self.actor and self.actor.name, self.place and self.place.name,
                          self.date and [self.date.start, self.date.end],
                          sorted((s.doc_id, s.start) for s in self.sources)], sort_keys=True)
        return replace(self, id=hashlib.sha256(key.encode()).hexdigest()[:16])

    def to_dict(self) -> dict:
        d = asdict(self)
        d["cameo"] = self.cameo
        d["corroboration"] = self.corroboration
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "Event":
        def opt(klass, v):
            return klass(**v) if v else None

        return cls(
            type=d["type"], actor=opt(Actor, d.get("actor")), place=opt(PlaceRef, d.get("place")),
            date=opt(DateRef, d.get("date")), summary=d.get("summary", ""), modality=d.get("modality", "fact"),
            target=opt(Actor, d.get("target")),
            forces=tuple(ForceRef(**f) for f in d.get("forces") or ()),
            sources=tuple(Source(**s) for s in d.get("sources") or ()),
            confidence=float(d.get("confidence", 0.5)),
            attributes=tuple(tuple(a) for a in d.get("attributes") or ()),
            conflicts=tuple(Conflict(c["field"], tuple(ConflictValue(v["value"], tuple(v["doc_ids"]))
                                                       for v in c["values"])) for c in d.get("conflicts") or ()),
            id=d.get("id", ""),
        )
