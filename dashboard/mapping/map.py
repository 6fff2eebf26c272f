"""Map building: events and the offline base map as folium objects (never rendered or
saved here — the app and the exports decide; cf. geopandas' ``explore.py``).

* One GeoJSON layer per geometry kind (points, lines, areas), not one folium object per
  event, so thousands of events stay light.
* Colour by side (the actor's country or name, one palette, a legend), circle size by
  force strength (log-scaled troop equivalents), lines for borders and coasts,
  translucent polygons for areas.
* Every piece of document text shown in a tooltip or popup is HTML-escaped here: folium
  puts GeoJSON property values into ``innerHTML`` as they are.
* The base map is vector data from the gazetteer (countries, simplified), so no tile
  server is needed; :mod:`dashboard.assets` serves Leaflet & co. locally.
"""

from __future__ import annotations

import html
import json
import math
import os
import re
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Iterable

import folium
from branca.element import Element
from folium.elements import ElementAddToElement, MacroElement
from folium.map import Layer
from folium.template import Template

from dashboard import config
from dashboard.errors import InputError
from dashboard.mapping.assets import offline_map
from dashboard.extract.forces import TROOP_EQUIVALENT, VAGUE_NOMINAL
from dashboard.model import EVENT_TYPES, Event
from dashboard.util.text import normalize

PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf",
           "#bcbd22", "#7f7f7f"]
UNKNOWN_COLOUR = "#555555"
LINE_KINDS = {"LineString", "MultiLineString"}
AREA_KINDS = {"Polygon", "MultiPolygon"}


LEADER_BODIES = re.compile(r"^(?:the\s+)?(?P<leader>.*?\S)\s+(?:administration|government|campaign|cabinet)$",
                           re.IGNORECASE)


def side_of(e: Event) -> str:
    """The side an event belongs to: its actor's country code; else, for a person, their
    surname, which a leader's administration shares ("Joe Biden" and "the Biden
    administration" are one side: ``"~biden"``); else the actor's name."""
    a = e.actor
    if a is None:
        return "unknown"
    if a.country_code:
        return a.country_code
    m = LEADER_BODIES.match(a.name) if a.kind == "organization" else None
    if a.kind == "person" or m:
        words = (m.group("leader") if m else a.name).split()
        if words:
            return "~" + normalize(words[-1])
    return a.name


def side_colours(events: Iterable[Event]) -> dict[str, str]:
    """One stable colour per side: sides ranked by number of events, then name."""
    counts: dict[str, int] = {}
    for e in events:
        counts[side_of(e)] = counts.get(side_of(e), 0) + 1
    ranked = sorted((s for s in counts if s != "unknown"), key=lambda s: (-counts[s], s))
    out = {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(ranked)}
    out["unknown"] = UNKNOWN_COLOUR
    return out


def strength(e: Event) -> float:
    """Troop equivalents of an event's forces (vague counts at their nominal size)."""
    total = 0.0
    for f in e.forces:
        n = f.count if f.count is not None else VAGUE_NOMINAL.get("multiple", 3)
        total += n * TROOP_EQUIVALENT.get(f.unit, 1.0)
    return total


def radius(e: Event) -> float:
    """Symbol radius in pixels: 5 for no forces, growing with log10 of strength."""
    s = strength(e)
    return round(5 + 3 * math.log10(1 + s), 1)


#: Symbol outline by event type (drawn on canvas by sitmap_map.js); related types share one.
SHAPES: dict[str, str] = {
    "deployment": "triangle", "patrol": "diamond", "mobilization": "square", "exercise": "hexagon",
    "directive": "hexagon", "threat": "triangle_down", "attack": "star", "sanction": "cross",
    "designation": "cross", "bounty": "cross", "seizure": "cross", "accusation": "pentagon",
    "rejection": "pentagon", "statement": "circle", "diplomatic_appeal": "circle", "election": "circle",
}
SHAPE_GLYPHS = {"triangle": "▲", "diamond": "◆", "square": "■", "hexagon": "⬢", "triangle_down": "▼",
                "star": "★", "cross": "✚", "pentagon": "⬟", "circle": "●"}

#: Above this many events a popup carries only the first source quote (shortened); the
#: event table has them all.  Keeps 10,000 events within a few MB.
MANY_EVENTS = 2000
QUOTE_CHARS_MANY = 200


def shape_of(event_type: str) -> str:
    return SHAPES.get(event_type, "circle")


def forces_label(e: Event) -> str:
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
    ``q`` quotes ``[sentence, title, published]``, ``more`` sources not quoted.
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
    quotes = [[_clip(s.sentence, quote_chars), s.title or s.path or s.doc_id, s.published]
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
            p["q"] = [[q[0], ix("titles", q[1]), q[2]] for q in p["q"]]
        rows.append([p.get(f) for f in POINT_FIELDS])
    sides = list(tables["sides"])
    return {"fields": list(POINT_FIELDS), "rows": rows,
            "lookup": {name: list(t) for name, t in tables.items()},
            "colours": [colours.get(sd, UNKNOWN_COLOUR) for sd in sides],
            "cameo": {t: EVENT_TYPES[t][0] for t in tables["types"] if t in EVENT_TYPES}}


def js_json(obj) -> str:
    """JSON safe to put inside a <script>: compact, with < > & ' and U+2028/9 escaped."""
    return script_safe(json.dumps(obj, separators=(",", ":"), ensure_ascii=False))


def script_safe(json_text: str) -> str:
    """JSON text made safe inside a <script> element (no "</script>", no "<!--")."""
    return (json_text
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").replace("'", "\\u0027")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


_RUNTIME_JS = (files("dashboard.mapping") / "sitmap_map.js").read_text(encoding="utf-8")


class _Verbatim(Element):
    """Script text added to the page as it is.  branca's ``MacroElement.render`` wraps a
    rendered script in ``Element(text)``, which compiles the text as a Jinja template:
    slow for megabytes of data, and an article's ``{{ … }}`` or ``{% … %}`` would be
    evaluated or break the page.  Our elements add their scripts through this instead."""

    _template = Template("{{ this.code }}")

    def __init__(self, code: str):
        super().__init__()
        self._name = "Verbatim"
        self.code = code


class _VerbatimScript:
    """Mixin: render the element's ``script`` macro verbatim (see :class:`_Verbatim`)."""

    def render(self, **kwargs):
        if isinstance(self, Layer) and self.show:
            self.add_child(ElementAddToElement(element_name=self.get_name(),
                                               element_parent_name=self._parent.get_name()),
                           name=self.get_name() + "_add")
        script = self._template.module.__dict__["script"]
        self.get_root().script.add_child(_Verbatim(script(self, kwargs)), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


class SitmapRuntime(_VerbatimScript, MacroElement):
    """The map's JavaScript runtime (symbols, DOM-built popups, legend), once per map."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this.code }}
        {% endmacro %}
    """)

    def __init__(self):
        super().__init__()
        self._name = "SitmapRuntime"
        self.code = _RUNTIME_JS.replace("__SITMAP_SHAPES__", js_json(SHAPES))


class EventLayer(_VerbatimScript, Layer):
    """One layer of a kind (points, lines, areas) drawn by the runtime."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = sitmap.layer({{ this.kind|tojson }}, {{ this.data }}, {{ this.legend }});
        {% endmacro %}
    """)

    def __init__(self, kind: str, collection: dict, *, legend: dict | None = None, name: str | None = None):
        super().__init__(name=name or kind, overlay=True, control=False)
        self._name = "EventLayer"
        self.kind = kind
        self.data = js_json(collection)
        self.legend = js_json(legend)


class BaseLayer(_VerbatimScript, Layer):
    """The vector base map (country outlines, not interactive), added verbatim."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.geoJson({{ this.data }}, {interactive: false, style: function () {
            return {fillColor: "#f4f1ea", color: "#8a8a8a", weight: 0.6, fillOpacity: 1.0}; }});
        {% endmacro %}
    """)

    def __init__(self, geojson_text: str, name: str = "Countries"):
        super().__init__(name=name, overlay=True, control=False)
        self._name = "BaseLayer"
        self.data = script_safe(geojson_text)


LAYER_NAMES = {"areas": "Regions and sea areas", "lines": "Borders and coasts", "points": "Events"}


def legend_spec(events: list[Event], colours: dict[str, str], *, most: int = 8) -> dict:
    """Sides (the ``most`` most frequent, then "unknown / others") and the symbol shapes
    of the event types present."""
    labels: dict[str, str] = {}
    # a side's label: a state's name, else the longest person name it has, else any name
    for e in sorted((e for e in events if e.actor is not None),
                    key=lambda e: (e.actor.kind != "state", e.actor.kind != "person", -len(e.actor.name), e.actor.name)):
        labels.setdefault(side_of(e), e.actor.name)
    sides = [[labels.get(s, s), c] for s, c in colours.items() if s != "unknown"][:most]
    sides.append(["unknown / others", UNKNOWN_COLOUR])
    present = sorted({e.type for e in events})
    by_shape: dict[str, list[str]] = {}
    for t in present:
        by_shape.setdefault(shape_of(t), []).append(t.replace("_", " "))
    return {"sides": sides, "types": [[s, ", ".join(ts)] for s, ts in by_shape.items()]}


def event_groups(events: list[Event], colours: dict[str, str] | None = None, *,
                 selected: str | None = None) -> list[folium.FeatureGroup]:
    """The events as three feature groups (areas, lines, points — drawn in that order),
    ready for ``st_folium(feature_group_to_add=...)`` so the map stays mounted when they
    change; the points group carries the legend.  With ``selected`` (an event id) a
    fourth group rings that event's symbol."""
    colours = colours or side_colours(events)
    layers = feature_collections([e for e in events if e.place is not None and e.place.geometry], colours)
    groups = []
    for kind in ("areas", "lines", "points"):
        fg = folium.FeatureGroup(name=LAYER_NAMES[kind], overlay=True, control=True)
        data = points_payload(events, colours) if kind == "points" else layers[kind]
        EventLayer(kind, data, legend=legend_spec(events, colours) if kind == "points" else None).add_to(fg)
        groups.append(fg)
    chosen = next((e for e in events if selected and e.id == selected and e.place is not None
                   and e.place.lat is not None and e.place.lon is not None), None)
    if chosen is not None:
        fg = folium.FeatureGroup(name="Selected event", overlay=True, control=False)
        folium.CircleMarker([chosen.place.lat, chosen.place.lon], radius=radius(chosen) + 9, color="#111",
                            weight=3, fill=False, interactive=False).add_to(fg)
        groups.append(fg)
    return groups


def bounds_of(events: Iterable[Event], pad: float = 1.0) -> list[list[float]] | None:
    """[[south, west], [north, east]] around the events' points and line/area geometries
    (lat/lon for folium), or None when nothing is located."""
    import shapely

    lats, lons, seen = [], [], set()
    for e in events:
        if e.place is None:
            continue
        if e.place.lat is not None and e.place.lon is not None:
            lats.append(e.place.lat)
            lons.append(e.place.lon)
        g = e.place.geometry
        if g and g not in seen:
            seen.add(g)
            try:
                x0, y0, x1, y1 = shapely.from_geojson(g).bounds
            except Exception:  # a malformed stored geometry: its point still counts
                continue
            if not any(math.isnan(v) for v in (x0, y0, x1, y1)):
                lats += [y0, y1]
                lons += [x0, x1]
    if not lats:
        return None
    return [[max(-85.0, min(lats) - pad), max(-180.0, min(lons) - pad)],
            [min(85.0, max(lats) + pad), min(180.0, max(lons) + pad)]]


BASEMAP_VERSION = 1  # bump when the outlines' recipe below changes


def cache_dir() -> Path:
    """Where derived files are cached: ``$SITMAP_CACHE_DIR``, else ``$XDG_CACHE_HOME/sitmap``,
    else ``~/.cache/sitmap``."""
    return config.cache_dir()


@lru_cache(maxsize=2)
def base_countries(gazetteer_path: str, tolerance: float = 0.05) -> str:
    """Country outlines for the offline base map, as GeoJSON text.

    Cached per process and on disk (:func:`cache_dir`), keyed by the gazetteer file's
    size and modification time: simplifying 250 outlines takes ~0.8 s, most of a cold
    start.  A cache that cannot be read or written is ignored."""
    import hashlib

    try:
        st_ = os.stat(gazetteer_path)
        key = hashlib.sha256(f"{os.path.abspath(gazetteer_path)}|{st_.st_size}|{st_.st_mtime_ns}|{tolerance}|"
                             f"{BASEMAP_VERSION}".encode()).hexdigest()[:20]
        cached = cache_dir() / f"basemap-{key}.json"
        text = cached.read_text(encoding="utf-8")
        json.loads(text)  # a torn or foreign file is rebuilt
        return text
    except (OSError, ValueError):
        pass
    text = _build_base_countries(gazetteer_path, tolerance)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_name(f"{cached.name}.{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, cached)
    except (OSError, NameError):  # read-only home, or no key (the gazetteer could not be stat'ed)
        pass
    return text


def _build_base_countries(gazetteer_path: str, tolerance: float) -> str:
    import shapely

    from dashboard.gazetteer import Gazetteer

    gaz = Gazetteer(gazetteer_path)
    feats = []
    for p in gaz.features(["country"]):
        g = shapely.simplify(gaz.geometry(p, simple=True), tolerance, preserve_topology=True)
        if g.is_empty:
            continue
        feats.append({"type": "Feature", "geometry": json.loads(shapely.to_geojson(shapely.set_precision(g, 0.01))),
                      "properties": {"name": html.escape(p.name)}})
    return json.dumps({"type": "FeatureCollection", "features": feats}, separators=(",", ":"))


MAP_CSS = ("<style>.folium-map.leaflet-container,.leaflet-container.leaflet-container{background:#cfe3f2}"
           ".sitmap-popup{max-width:360px}"
           ".sitmap-popup blockquote{margin:6px 0 0 0;padding-left:8px;border-left:3px solid #bbb}"
           ".sitmap-conflict{color:#a00}.sitmap-legend{background:rgba(255,255,255,.92);padding:6px 10px;"
           "border-radius:4px;font:12px sans-serif;max-width:260px}.sitmap-legend b{display:block;margin-top:2px}"
           ".sitmap-swatch{display:inline-block;width:12px;height:12px;border-radius:6px;margin-right:6px;"
           "vertical-align:-2px}.sitmap-shape{margin-right:6px;vertical-align:-2px}.sitmap-note{color:#555;"
           "margin-top:4px}</style>")


def base_map(*, base_geojson: str | None = None, bounds: list[list[float]] | None = None,
             location: tuple[float, float] = (20.0, 0.0), zoom_start: int = 3) -> folium.Map:
    """The map without events: offline assets, the runtime, the vector base layer, fitted
    to ``bounds`` (lat/lon).  Equal inputs give an equal map script, so Streamlit keeps
    the map mounted while only the event groups change."""
    m = offline_map(tiles=None, location=list(location), zoom_start=zoom_start, control_scale=True,
                    prefer_canvas=True)
    # Leaflet is all this map needs: folium's other defaults (jQuery, Bootstrap, Font
    # Awesome, awesome-markers) serve its own popups and icons, which we don't use, and
    # loading them one after another cost the dashboard ~1.5 s before the first map.
    m.default_js = [(name, url) for name, url in m.default_js if name == "leaflet"]
    m.default_css = [(name, url) for name, url in m.default_css if name == "leaflet_css"]
    m.get_root().header.add_child(folium.Element(MAP_CSS), name="sitmap_css")
    m.add_child(SitmapRuntime(), name="sitmap_runtime")
    if base_geojson:
        m.add_child(BaseLayer(base_geojson), name="sitmap_base")
    tiles = online_tiles()
    if tiles is not None:
        url, attribution = tiles
        m.add_child(folium.TileLayer(url, attr=attribution, name="Online tiles", overlay=True, show=False,
                                     control=True), name="sitmap_tiles")
    if bounds:
        m.fit_bounds(bounds)
    return m


def online_tiles() -> tuple[str, str] | None:
    """The opt-in online tile layer: ``$SITMAP_TILES`` (a URL template with {z}/{x}/{y},
    http(s) only) and ``$SITMAP_TILES_ATTRIBUTION``.  Unset (the default), the map loads
    nothing from the network; set, the layer is listed in the layer control, off until
    the user turns it on."""
    setting = config.tiles()
    if setting is None:
        return None
    url, attribution = setting
    if not url.startswith(("https://", "http://")) or not all(k in url for k in ("{z}", "{x}", "{y}")):
        raise InputError(f"SITMAP_TILES={url!r} is not a tile URL template: give http(s)://…/{{z}}/{{x}}/{{y}}.png "
                         "or unset it for the offline map")
    return url, attribution or "online tiles"


def build_map(events: list[Event], *, base_geojson: str | None = None, fit: bool = True,
              location: tuple[float, float] = (20.0, 0.0), zoom_start: int = 3) -> folium.Map:
    """A complete folium map of ``events`` over an offline vector base map: the base map,
    the event groups and a layer control (for pages and exports; the app passes the
    groups to streamlit-folium separately)."""
    m = base_map(base_geojson=base_geojson, bounds=bounds_of(events) if fit else None, location=location,
                 zoom_start=zoom_start)
    for fg in event_groups(events):
        fg.add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    return m
