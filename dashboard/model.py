"""The data types that cross stages: Document, Place, Mention, Force, Event (+ its parts).

    ingest -> Document -> geoparse -> Mention (-> Place | Derived) -> extract -> Force, Event
    -> fuse -> Event (several Sources, Conflicts) -> store -> mapping / app / export

Plain frozen dataclasses (picklable, comparable); a stage depends on these, never on
another stage's internals.  Event types, modalities and force units are the schema of
docs/events.md.  ``to_dict()`` gives the JSON form documented in
docs/events.md; ``from_dict()`` reads it back.  Dates are ISO strings (``YYYY-MM-DD``),
coordinates lon/lat in GeoJSON geometry and named ``lat``/``lon`` elsewhere.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from dashboard.errors import InputError
from dashboard.util.safetext import scrub_surrogates
from dashboard.util.text import doc_id_for, normalize_text

# The event taxonomy: type -> (CAMEO root code, CAMEO root name, what it covers).
# CAMEO (Conflict and Mediation Event Observations, Schrodt 2012) is GDELT's event coding.
EVENT_TYPES: dict[str, tuple[str, str, str]] = {
    "statement": ("01", "MAKE PUBLIC STATEMENT", "declarations, comments, claims, vows, denials of intent"),
    "diplomatic_appeal": ("02", "APPEAL", "requests to the UN or other states to intervene, demands to stop"),
    "talks": ("04", "CONSULT", "negotiations, meetings and calls between the parties"),
    "withdrawal": ("08", "YIELD", "pulling forces back, retreats, handovers of positions"),
    "ceasefire": ("08", "YIELD", "truces and ceasefires agreed, declared or taking effect"),
    "release": ("08", "YIELD", "hostages, prisoners or detainees released or exchanged"),
    "accusation": ("11", "DISAPPROVE", "accusing, blaming, condemning"),
    "rejection": ("12", "REJECT", "refusing a demand, rejecting participation or presence"),
    "threat": ("13", "THREATEN", "threats of force, ultimatums, warnings of military action"),
    "protest": ("14", "PROTEST", "demonstrations, rallies, strikes, sit-ins"),
    "deployment": ("15", "EXHIBIT FORCE POSTURE", "sending or stationing troops, ships, aircraft"),
    "patrol": ("15", "EXHIBIT FORCE POSTURE", "patrols of coasts, borders, waters"),
    "mobilization": ("15", "EXHIBIT FORCE POSTURE", "mobilising forces, recruitment drives, call-ups"),
    "exercise": ("15", "EXHIBIT FORCE POSTURE", "military exercises, drills, manoeuvres"),
    "directive": ("15", "EXHIBIT FORCE POSTURE", "orders to the military or agencies to act"),
    "sanction": ("16", "REDUCE RELATIONS", "sanctions, embargoes, freezes"),
    "designation": ("17", "COERCE", "designating groups as terrorist organisations and similar listings"),
    "bounty": ("17", "COERCE", "rewards for capture, bounties"),
    "seizure": ("17", "COERCE", "seizing property, aircraft, ships, cargo"),
    "arrest": ("17", "COERCE", "arrests and detentions"),
    "attack": ("19", "FIGHT", "strikes, attacks, clashes, shelling"),
    "election": ("--", "(no CAMEO root)", "elections, re-elections, inaugurations; CAMEO has no root for them"),
}
MODALITIES = ("fact", "intent", "consideration", "denial", "threat", "claim", "hypothetical")
"""fact: reported as having happened; intent: announced/planned/will; consideration:
weighed, not decided ('consider military action'); denial: said not to happen or not
possible ('no way they can invade'); threat: conditional menace; claim: asserted by a
party and disputed; hypothetical: what would or could happen ('any attack would be met
with force'), not reported as happening."""
#: modalities of what is reported as happening or decided: the events the map shows
EVENT_MODALITIES = ("fact", "intent")


# --------------------------------------------------------------------------- documents


@dataclass(frozen=True)
class Document:
    """One article: its exposed text (the string all offsets refer to) and metadata.

    ``meta`` holds extra ``(key, value)`` pairs with scalar values, e.g. ``format``,
    ``encoding``, ``body_offset``, ``slug``, ``line``; use :meth:`get` to read one.
    """

    doc_id: str
    text: str
    title: str | None = None
    published: str | None = None
    path: str | None = None
    url: str | None = None
    source_id: str | None = None
    meta: tuple[tuple[str, Any], ...] = field(default=())

    def __post_init__(self) -> None:
        # Metadata may come from file names (undecodable bytes → lone surrogates) or
        # JSON escapes; keep every string encodable so the store, spaCy and output work.
        for name in ("title", "path", "url", "source_id"):
            value = getattr(self, name)
            if isinstance(value, str):
                object.__setattr__(self, name, scrub_surrogates(value))

    @classmethod
    def from_text(
        cls,
        text: str,
        *,
        title: str | None = None,
        published: str | None = None,
        path: str | None = None,
        url: str | None = None,
        source_id: str | None = None,
        meta: Iterable[tuple[str, Any]] = (),
    ) -> Document:
        """Build a Document from ready text (normalised here; no header detection)."""
        text = normalize_text(text)
        return cls(doc_id_for(text), text, title, published, path, url, source_id, tuple(meta))

    def get(self, key: str, default: Any = None) -> Any:
        """The first ``meta`` value stored under *key*, else *default*."""
        for k, v in self.meta:
            if k == key:
                return v
        return default

    @property
    def origin(self) -> str:
        """A human label of where the document came from (path, path:LINE, URL, …)."""
        return self.get("origin") or self.path or self.url or self.source_id or f"doc:{self.doc_id}"


# --------------------------------------------------------------------------- places


@dataclass(frozen=True)
class Place:
    """One gazetteer feature (a value object; geometry is fetched on demand)."""

    id: int
    kind: str
    name: str
    lat: float
    lon: float
    country_code: str | None = None
    countries: tuple[str, ...] = ()
    subtype: str | None = None
    iso_code: str | None = None
    admin1_code: str | None = None
    admin1_name: str | None = None
    population: int | None = None
    bbox: tuple[float, float, float, float] | None = None  # (min_lon, min_lat, max_lon, max_lat)
    importance: float = 0.0
    geonameid: int | None = None

    def to_dict(self) -> dict:
        return {
            "id": self.id, "name": self.name, "kind": self.kind, "subtype": self.subtype,
            "country_code": self.country_code, "countries": list(self.countries),
            "iso_code": self.iso_code, "admin1": self.admin1_name, "admin1_code": self.admin1_code,
            "lat": self.lat, "lon": self.lon, "population": self.population,
            "bbox": list(self.bbox) if self.bbox else None, "geonameid": self.geonameid,
        }


@dataclass(frozen=True)
class Alternative:
    """A runner-up candidate of a mention."""

    place_id: int
    name: str
    kind: str
    country_code: str | None
    lat: float
    lon: float
    score: float

    def to_dict(self) -> dict:
        return {"place_id": self.place_id, "name": self.name, "kind": self.kind,
                "country_code": self.country_code, "lat": self.lat, "lon": self.lon,
                "score": round(self.score, 4)}


@dataclass(frozen=True)
class Derived:
    """A place the gazetteer does not hold but a text describes ("the southern Caribbean",
    "its coastline", "the Ukraine border in Kharkiv and Sumy"), built from gazetteer
    geometry.  ``wkb`` is the geometry (lon/lat), ``base_ids`` the features it came from."""

    name: str
    kind: str  # sea | coast | waters | border | region ...
    lat: float
    lon: float
    bbox: tuple[float, float, float, float]
    wkb: bytes
    base_ids: tuple[int, ...] = ()
    countries: tuple[str, ...] = ()

    def geometry(self):
        import shapely

        return shapely.from_wkb(self.wkb)


@dataclass(frozen=True)
class Mention:
    """One place named in a document: its span in the text, what it resolved to (a gazetteer
    ``Place`` or a ``Derived`` place), its role and why."""

    text: str
    start: int
    end: int
    role: str = "place"  # place | actor
    source: str = "ner"  # ner | gazetteer | dateline | org | pattern | description ("the capital", "its coastline") | oracle
    place: Place | None = None
    derived: Derived | None = None
    modifier: str | None = None  # south | north | coast | waters | border | ...
    score: float = 0.0
    alternatives: tuple[Alternative, ...] = ()
    reason: str | None = None  # why nothing was resolved

    @property
    def name(self) -> str | None:
        return self.derived.name if self.derived else self.place.name if self.place else None

    @property
    def kind(self) -> str | None:
        return self.derived.kind if self.derived else self.place.kind if self.place else None

    @property
    def lat(self) -> float | None:
        return self.derived.lat if self.derived else self.place.lat if self.place else None

    @property
    def lon(self) -> float | None:
        return self.derived.lon if self.derived else self.place.lon if self.place else None

    @property
    def country_code(self) -> str | None:
        if self.derived is not None:
            return self.derived.countries[0] if len(self.derived.countries) == 1 else None
        return self.place.country_code if self.place else None

    def to_dict(self, *, alternatives: bool = True) -> dict:
        d = {"text": self.text, "start": self.start, "end": self.end, "role": self.role,
             "name": self.name, "kind": self.kind, "country_code": self.country_code,
             "lat": self.lat, "lon": self.lon, "score": round(self.score, 4),
             "place_id": self.place.id if self.place else None, "modifier": self.modifier,
             "source": self.source}
        if self.derived is not None:
            d["countries"] = list(self.derived.countries)
            d["bbox"] = list(self.derived.bbox)
        elif self.place is not None and self.place.bbox:
            d["bbox"] = list(self.place.bbox)
        if self.reason:
            d["reason"] = self.reason
        if alternatives:
            d["alternatives"] = [a.to_dict() for a in self.alternatives]
        return d


# --------------------------------------------------------------------------- forces

FORCE_UNITS: dict[str, str] = {
    "troops": "regular military personnel: troops, soldiers, Marines, sailors, airmen, "
    "reservists, National Guard, special forces, security forces, peacekeepers",
    "militia": "irregular or paramilitary fighters: militia members, militiamen, fighters, "
    "militants, insurgents, rebels, guerrillas, paramilitaries, mercenaries",
    "police": "police and gendarmerie: police officers, riot police, gendarmes, border guards",
    "warships": "surface naval vessels: warships, destroyers, frigates, corvettes, cruisers, "
    "aircraft carriers, amphibious ships, patrol boats, naval vessels",
    "submarines": "submarines, nuclear-powered or not",
    "aircraft": "crewed military aircraft: fighter jets, bombers, warplanes, helicopters, "
    "surveillance and transport aircraft, designators such as F-35 or Su-30",
    "drones": "uncrewed aircraft and vessels: drones, UAVs, loitering munitions",
    "vehicles": "ground vehicles: tanks, armoured vehicles, personnel carriers, military trucks",
    "artillery": "ground-based weapon systems: artillery pieces, howitzers, rocket launchers, "
    "mortars, air-defence systems",
    "missiles": "missiles and rockets (as munitions, counted per round)",
}
"""The unit vocabulary: unit name -> what it covers."""


@dataclass(frozen=True)
class Force:
    """One force mention: ``count`` items of ``unit`` at ``text[start:end]``.

    ``count`` is None when the text gives no number ("thousands of militia members",
    "warships and drones"); such a mention is always ``approx``.
    """

    count: int | None
    unit: str
    approx: bool
    text: str
    start: int
    end: int
    qualifier: str | None = None

    def __post_init__(self) -> None:
        if self.unit not in FORCE_UNITS:
            raise InputError(f"unknown force unit {self.unit!r}; use one of {', '.join(FORCE_UNITS)}")
        if self.count is not None and (isinstance(self.count, bool) or not isinstance(self.count, int) or self.count < 1):
            raise InputError(f"force count must be a positive int or None, got {self.count!r}")
        if self.count is None and not self.approx:
            raise InputError(f"a force without a count ({self.text!r}) must be approx=True")
        if not 0 <= self.start <= self.end:
            raise InputError(f"bad force span {self.start}..{self.end} for {self.text!r}")


# --------------------------------------------------------------------------- events


@dataclass(frozen=True)
class Actor:
    """Who acts: a state (``country_code`` set), an organisation, a person, a group — or an
    unnamed party the text only describes ("armed men", "insurgents": kind ``unnamed``,
    shown as such but no key for fusion, since the description names no one in particular)."""

    name: str
    kind: str = "state"  # state | organization | person | group | unnamed

    @property
    def named(self) -> bool:
        return self.kind != "unnamed"
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
