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
from functools import lru_cache
from typing import Iterable

import folium

from .assets import offline_map
from .forces import TROOP_EQUIVALENT, VAGUE_NOMINAL
from .model import Event

PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf",
           "#bcbd22", "#7f7f7f"]
UNKNOWN_COLOUR = "#555555"
LINE_KINDS = {"LineString", "MultiLineString"}
AREA_KINDS = {"Polygon", "MultiPolygon"}


def side_of(e: Event) -> str:
    """The side an event belongs to: its actor's country code, else its actor's name."""
    if e.actor is None:
        return "unknown"
    return e.actor.country_code or e.actor.name


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


def _esc(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _date_label(e: Event) -> str:
    if e.date is None:
        return "undated"
    d = e.date.start if e.date.start == e.date.end else f"{e.date.start} – {e.date.end}"
    return f"{d} ({e.date.precision})"


def tooltip_html(e: Event) -> str:
    return (f"<b>{_esc(e.type.replace('_', ' '))}</b> · {_esc(e.actor.name if e.actor else 'unknown actor')}"
            f"<br>{_esc(e.place.name if e.place else 'no place')} · {_esc(_date_label(e))}")


def popup_html(e: Event, *, max_sources: int = 6) -> str:
    """Summary, forces, dates, corroboration, conflict badges and every source quote."""
    parts = [f"<div class='sitmap-popup'><b>{_esc(e.summary)}</b>",
             f"<div>{_esc(e.type.replace('_', ' '))} · CAMEO {_esc(e.cameo)} · {_esc(e.modality)}</div>",
             f"<div>When: {_esc(_date_label(e))}</div>"]
    if e.forces:
        parts.append("<div>Forces: " + _esc(", ".join(
            f"{f.count:,} {f.unit}" if f.count is not None else f"{f.unit} (no number)" for f in e.forces)) + "</div>")
    parts.append(f"<div>Reported by {e.corroboration} document{'s' if e.corroboration != 1 else ''}</div>")
    for c in e.conflicts:
        vals = "; ".join(f"{v.value} ({len(v.doc_ids)} doc{'s' if len(v.doc_ids) != 1 else ''})" for v in c.values)
        parts.append(f"<div class='sitmap-conflict'>⚠ {_esc(c.field)} disputed: {_esc(vals)}</div>")
    for s in e.sources[:max_sources]:
        title = s.title or s.path or s.doc_id
        parts.append(f"<blockquote>“{_esc(s.sentence)}”<br><small>{_esc(title)}"
                     f"{' · ' + _esc(s.published) if s.published else ''}</small></blockquote>")
    if len(e.sources) > max_sources:
        parts.append(f"<div>… and {len(e.sources) - max_sources} more sources</div>")
    parts.append("</div>")
    return "".join(parts)


def feature_collections(events: Iterable[Event], colours: dict[str, str]) -> dict[str, dict]:
    """GeoJSON FeatureCollections by geometry kind: ``points``, ``lines``, ``areas``.
    Undated events are included; filtering is the caller's business."""
    out = {"points": [], "lines": [], "areas": []}
    for e in events:
        if e.place is None:
            continue
        geom = e.place.geojson()
        if geom is None:
            continue
        props = {"id": e.id, "colour": colours.get(side_of(e), UNKNOWN_COLOUR), "radius": radius(e),
                 "tooltip": tooltip_html(e), "popup": popup_html(e)}
        kind = "lines" if geom["type"] in LINE_KINDS else "areas" if geom["type"] in AREA_KINDS else "points"
        out[kind].append({"type": "Feature", "id": e.id, "geometry": geom, "properties": props})
        if kind != "points":  # a symbol at the place's point too, so every event has one
            if e.place.lat is not None and e.place.lon is not None:
                out["points"].append({"type": "Feature", "id": e.id + ":pt", "geometry": {
                    "type": "Point", "coordinates": [e.place.lon, e.place.lat]}, "properties": props})
    return {k: {"type": "FeatureCollection", "features": v} for k, v in out.items()}


@lru_cache(maxsize=2)
def base_countries(gazetteer_path: str, tolerance: float = 0.05) -> str:
    """Country outlines for the offline base map, as GeoJSON text (cached per process)."""
    import shapely

    from .gazetteer import Gazetteer

    gaz = Gazetteer(gazetteer_path)
    feats = []
    for p in gaz.features(["country"]):
        g = shapely.simplify(gaz.geometry(p, simple=True), tolerance, preserve_topology=True)
        if g.is_empty:
            continue
        feats.append({"type": "Feature", "geometry": json.loads(shapely.to_geojson(shapely.set_precision(g, 0.01))),
                      "properties": {"name": html.escape(p.name)}})
    return json.dumps({"type": "FeatureCollection", "features": feats}, separators=(",", ":"))


def build_map(events: list[Event], *, base_geojson: str | None = None, fit: bool = True,
              location: tuple[float, float] = (20.0, 0.0), zoom_start: int = 3) -> folium.Map:
    """A folium map of ``events`` over an offline vector base map (lat/lon for folium)."""
    m = offline_map(tiles=None, location=list(location), zoom_start=zoom_start, control_scale=True,
                    prefer_canvas=True)
    m.get_root().header.add_child(folium.Element(
        "<style>.leaflet-container{background:#cfe3f2}.sitmap-popup{max-width:360px}"
        ".sitmap-conflict{color:#a00}</style>"))
    if base_geojson:
        folium.GeoJson(base_geojson, name="Countries", control=True, interactive=False,
                       style_function=lambda _f: {"fillColor": "#f4f1ea", "color": "#8a8a8a", "weight": 0.6,
                                                  "fillOpacity": 1.0}).add_to(m)
    colours = side_colours(events)
    layers = feature_collections(events, colours)
    if layers["areas"]["features"]:
        folium.GeoJson(layers["areas"], name="Areas",
                       style_function=lambda f: {"fillColor": f["properties"]["colour"], "color": f["properties"]["colour"],
                                                 "weight": 1, "fillOpacity": 0.18},
                       tooltip=folium.GeoJsonTooltip(["tooltip"], labels=False)).add_to(m)
    if layers["lines"]["features"]:
        folium.GeoJson(layers["lines"], name="Borders and coasts",
                       style_function=lambda f: {"color": f["properties"]["colour"], "weight": 4, "opacity": 0.85},
                       tooltip=folium.GeoJsonTooltip(["tooltip"], labels=False)).add_to(m)
    points = folium.GeoJson(
        layers["points"], name="Events",
        marker=folium.CircleMarker(radius=6, fill=True, fill_opacity=0.85, weight=1),
        style_function=lambda f: {"fillColor": f["properties"]["colour"], "color": "#222",
                                  "radius": f["properties"]["radius"]},
        tooltip=folium.GeoJsonTooltip(["tooltip"], labels=False),
        popup=folium.GeoJsonPopup(["popup"], labels=False, localize=False, max_width=380),
    )
    points.add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    labels = {side_of(e): e.actor.name for e in events if e.actor is not None}
    m.get_root().html.add_child(folium.Element(legend_html(colours, labels)))
    if fit and events:
        lats = [e.place.lat for e in events if e.place and e.place.lat is not None]
        lons = [e.place.lon for e in events if e.place and e.place.lon is not None]
        if lats:
            m.fit_bounds([[min(lats) - 1, min(lons) - 1], [max(lats) + 1, max(lons) + 1]])
    return m


def legend_html(colours: dict[str, str], labels: dict[str, str] | None = None, *, most: int = 8) -> str:
    """The side legend: the ``most`` most frequent sides, then "others"."""
    labels = labels or {}
    items = [(s, c) for s, c in colours.items() if s != "unknown"][:most]
    rows = "".join(f"<div><span style='display:inline-block;width:12px;height:12px;border-radius:6px;"
                   f"background:{c};margin-right:6px'></span>{_esc(labels.get(s, s))}</div>" for s, c in items)
    rows += (f"<div><span style='display:inline-block;width:12px;height:12px;border-radius:6px;"
             f"background:{UNKNOWN_COLOUR};margin-right:6px'></span>unknown / others</div>")
    return ("<div id='sitmap-legend' style='position:absolute;bottom:24px;left:12px;z-index:1000;"
            "background:rgba(255,255,255,.9);padding:6px 10px;border-radius:4px;font:12px sans-serif'>"
            f"<b>Sides</b>{rows}<div style='margin-top:4px'>circle size: force strength</div></div>")
