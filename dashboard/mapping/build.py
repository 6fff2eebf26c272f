"""Map building, the entry module: events and the offline base map as folium objects
(never rendered or saved here — the app and the exports decide; cf. geopandas'
``explore.py``).

In: events (and optionally the base map's country outlines as GeoJSON text, see
:mod:`dashboard.mapping.outlines`).  Out: a :class:`folium.Map` — :func:`base_map` without
events (the app adds the event groups of :func:`dashboard.mapping.layers.event_groups`
through streamlit-folium), :func:`build_map` complete with events and a layer control.

* One GeoJSON layer per geometry kind (points, lines, areas), not one folium object per
  event, so thousands of events stay light.
* Colour by side (the actor's country or name, one palette, a legend), circle size by
  force strength (log-scaled troop equivalents), lines for borders and coasts,
  translucent polygons for areas.
* Document text shown in a tooltip or popup is put into the page as text by the map
  runtime, never as HTML.
* The base map is vector data from the gazetteer (countries, simplified), so no tile
  server is needed; :mod:`dashboard.mapping.assets` serves Leaflet & co. locally.  Online
  tiles are opt-in (``$SITMAP_TILES``).
"""

from __future__ import annotations

import math
from typing import Iterable

import folium

from dashboard import config
from dashboard.errors import InputError
from dashboard.mapping.assets.localize import offline_map
from dashboard.mapping.layers import BaseLayer, SitmapRuntime, event_groups
from dashboard.model import Event


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



MAP_CSS = ("<style>.folium-map.leaflet-container,.leaflet-container.leaflet-container{background:#cfe3f2}"
           ".sitmap-popup{max-width:360px}"
           ".sitmap-popup blockquote{margin:6px 0 0 0;padding-left:8px;border-left:3px solid #bbb}"
           ".sitmap-conflict{color:#a00}.sitmap-legend{background:rgba(255,255,255,.92);padding:6px 10px;"
           "border-radius:4px;font:12px sans-serif;max-width:260px}.sitmap-legend b{display:block;margin-top:2px}"
           ".sitmap-swatch{display:inline-block;width:12px;height:12px;border-radius:6px;margin-right:6px;"
           "vertical-align:-2px}.sitmap-shape{margin-right:6px;vertical-align:-2px}.sitmap-note{color:#555;"
           "margin-top:4px}"
           # the page's 16 px root font would make the scale's labels overflow their boxes
           # into each other: Leaflet's own size, and room for the label
           ".leaflet-container .leaflet-control-scale-line{font-size:11px;line-height:1.2}"
           "</style>")


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
