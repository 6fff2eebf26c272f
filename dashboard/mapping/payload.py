"""Event data for the map runtime: the properties of one event symbol, GeoJSON
FeatureCollections by geometry kind, and the compact row-wise point payload.

Raw document text travels in these payloads; the runtime (``sitmap_map.js``) puts it
into the page as DOM text nodes, never through ``innerHTML``.
"""

from __future__ import annotations

import json
from typing import Iterable

from dashboard.mapping.styles import UNKNOWN_COLOUR, radius, side_of
from dashboard.model import EVENT_TYPES, Event

LINE_KINDS = {"LineString", "MultiLineString"}
AREA_KINDS = {"Polygon", "MultiPolygon"}

#: Above this many events a popup carries only the first source quote (shortened); the
#: event table has them all.  Keeps 10,000 events within a few MB.
MANY_EVENTS = 2000
QUOTE_CHARS_MANY = 200


def forces_label(e: Event) -> str:
    """The event's forces as one line: ``"4,000 troops, warship (no number)"``."""
    return ", ".join(f"{f.count:,} {f.unit}" if f.count is not None else f"{f.unit} (no number)" for f in e.forces)


def _clip(text: str | None, n: int | None) -> str:
    text = text or ""
    return text if n is None or len(text) <= n else text[: n - 1].rstrip() + "…"


def point_properties(e: Event, colour: str, *, max_quotes: int = 6, quote_chars: int | None = None) -> dict:
    """The compact properties of an event symbol (raw text: the map escapes it by using
    DOM text nodes; keys short because they repeat 10,000 times):

    ``id``, ``type``, ``side``, ``start``/``end`` (ISO days or null), ``pr`` precision,
    ``c`` colour, ``r`` radius px, ``su`` summary, ``a`` actor, ``pl`` place, ``m``
    modality, ``cm`` CAMEO root, ``f`` forces, ``n`` corroboration, ``k`` conflicts,
    ``q`` quotes ``[sentence, title, published, doc id, start, end]`` (the sentence's
    offsets in the document, for the link to the document view), ``more`` sources not
    quoted.
    """
    p = {"id": e.id, "type": e.type, "side": side_of(e), "start": e.date.start if e.date else None,
         "end": e.date.end if e.date else None, "c": colour, "r": radius(e), "su": e.summary,
         "a": e.actor.name if e.actor else None, "pl": e.place.name if e.place else None, "m": e.modality,
         "cm": e.cameo, "n": e.corroboration}
    if e.date is not None:
        p["pr"] = e.date.precision
    if e.forces:
        p["f"] = forces_label(e)
    if e.conflicts:
        p["k"] = [f"{c.field} disputed: " + "; ".join(
            f"{v.value} ({len(v.doc_ids)} doc{'s' if len(v.doc_ids) != 1 else ''})" for v in c.values)
            for c in e.conflicts]
    quotes = [[_clip(s.sentence, quote_chars), s.title or s.path or s.doc_id, s.published, s.doc_id, s.start, s.end]
              for s in e.sources[:max_quotes]]
    if quotes:
        p["q"] = quotes
    if len(e.sources) > max_quotes:
        p["more"] = len(e.sources) - max_quotes
    return p


def _point(lon: float, lat: float) -> dict:
    return {"type": "Point", "coordinates": [round(lon, 5), round(lat, 5)]}


def feature_collections(events: Iterable[Event], colours: dict[str, str]) -> dict[str, dict]:
    """GeoJSON FeatureCollections by geometry kind: ``points``, ``lines``, ``areas``.

    Every located event is one symbol in ``points`` (at its place's point; properties
    from :func:`point_properties`).  A place with a line or area geometry (a border, a
    coast, a state, a sea area) is drawn once in ``lines``/``areas`` however many events
    it has, with ``name``, ``kind``, ``c`` (the colour of its most frequent side), ``n``
    events, their ``ids``, ``types``, ``sides`` and the ``start``/``end`` span of their
    dates.  Undated events are included; filtering is the caller's business.
    """
    events = [e for e in events if e.place is not None]
    many = len(events) > MANY_EVENTS
    points, shapes = [], {}
    for e in events:
        geom_text = e.place.geometry
        colour = colours.get(side_of(e), UNKNOWN_COLOUR)
        props = point_properties(e, colour, max_quotes=1 if many else 6, quote_chars=QUOTE_CHARS_MANY if many else None)
        if e.place.lat is not None and e.place.lon is not None:
            points.append({"type": "Feature", "id": e.id, "geometry": _point(e.place.lon, e.place.lat),
                           "properties": props})
        elif geom_text is None:
            continue
        if geom_text:
            shapes.setdefault(geom_text, []).append(e)
    lines, areas = [], []
    for geom_text, evs in shapes.items():
        geom = json.loads(geom_text)
        if geom.get("type") == "Point":
            if not any(f["id"] == evs[0].id for f in points):
                for e in evs:
                    points.append({"type": "Feature", "id": e.id, "geometry": geom, "properties": point_properties(
                        e, colours.get(side_of(e), UNKNOWN_COLOUR))})
            continue
        sides: dict[str, int] = {}
        for e in evs:
            sides[side_of(e)] = sides.get(side_of(e), 0) + 1
        top = max(sorted(sides), key=lambda s: sides[s])
        dated = [e.date for e in evs if e.date is not None]
        first = evs[0].place
        props = {"name": first.name, "kind": first.kind, "c": colours.get(top, UNKNOWN_COLOUR), "n": len(evs),
                 "ids": [e.id for e in evs], "types": sorted({e.type for e in evs}), "sides": sorted(sides),
                 "start": min(d.start for d in dated) if dated else None,
                 "end": max(d.end for d in dated) if dated else None}
        feature = {"type": "Feature", "id": f"place:{len(lines) + len(areas)}", "geometry": geom, "properties": props}
        (lines if geom["type"] in LINE_KINDS else areas).append(feature)
    return {k: {"type": "FeatureCollection", "features": v}
            for k, v in (("points", points), ("lines", lines), ("areas", areas))}


POINT_FIELDS = ("id", "type", "side", "start", "end", "pr", "r", "su", "a", "pl", "m", "n", "f", "k", "q", "more",
                "lon", "lat")
_INTERNED = {"type": "types", "side": "sides", "pr": "precisions", "a": "actors", "pl": "places", "m": "modalities"}


def points_payload(events: Iterable[Event], colours: dict[str, str]) -> dict:
    """The event symbols in a compact, row-wise form for the map runtime (10,000 events
    in a few MB): ``fields`` names the columns of each row in ``rows``; repeated strings
    (type, side, precision, actor, place, modality, source title) are indices into the
    lists of ``lookup``; ``colours`` gives each side's colour and ``cameo`` each type's
    CAMEO root.  Column meanings as in :func:`point_properties`; quotes are
    ``[sentence, title index, published]``.  The runtime rebuilds GeoJSON-like
    ``feature.properties`` from it."""
    events = [e for e in events if e.place is not None and e.place.lat is not None and e.place.lon is not None]
    many = len(events) > MANY_EVENTS
    tables: dict[str, dict[str, int]] = {name: {} for name in (*_INTERNED.values(), "titles")}

    def ix(table: str, value):
        if value is None:
            return None
        t = tables[table]
        return t.setdefault(value, len(t))

    rows = []
    for e in events:
        p = point_properties(e, colours.get(side_of(e), UNKNOWN_COLOUR), max_quotes=1 if many else 6,
                             quote_chars=QUOTE_CHARS_MANY if many else None)
        p["lon"], p["lat"] = round(e.place.lon, 5), round(e.place.lat, 5)
        for key, table in _INTERNED.items():
            p[key] = ix(table, p.get(key))
        if "q" in p:
            p["q"] = [[q[0], ix("titles", q[1]), *q[2:]] for q in p["q"]]
        rows.append([p.get(f) for f in POINT_FIELDS])
    sides = list(tables["sides"])
    return {"fields": list(POINT_FIELDS), "rows": rows,
            "lookup": {name: list(t) for name, t in tables.items()},
            "colours": [colours.get(sd, UNKNOWN_COLOUR) for sd in sides],
            "cameo": {t: EVENT_TYPES[t][0] for t in tables["types"] if t in EVENT_TYPES}}
