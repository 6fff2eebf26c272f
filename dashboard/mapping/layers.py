"""The map's layers as folium elements: the JavaScript runtime (``sitmap_map.js``), one
layer per geometry kind of events, the vector base layer of country outlines, the
legend, and the event feature groups the app hands to streamlit-folium.

Scripts are added verbatim (never compiled as Jinja templates), with their JSON data
made safe inside a ``<script>`` element.
"""

from __future__ import annotations

import json
from importlib.resources import files

import folium
from branca.element import Element
from folium.elements import ElementAddToElement, MacroElement
from folium.map import Layer
from folium.template import Template

from dashboard.mapping.payload import feature_collections, points_payload
from dashboard.mapping.styles import SHAPES, UNKNOWN_COLOUR, radius, shape_of, side_colours, side_of
from dashboard.model import Event


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


#: the credit line of the base map and the gazetteer behind every place on it
ATTRIBUTION = ("Base map and regions: Natural Earth (public domain) · Places: GeoNames (CC BY 4.0), "
               "OurAirports · offline")


class BaseLayer(_VerbatimScript, Layer):
    """The vector base map (country outlines, not interactive), added verbatim, credited
    to its data sources in the attribution control (instead of Leaflet's bare default)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        if ({{ this._parent.get_name() }}.attributionControl) {
            {{ this._parent.get_name() }}.attributionControl.setPrefix("Leaflet"); }
        var {{ this.get_name() }} = L.geoJson({{ this.data }}, {interactive: false,
            attribution: {{ this.attribution|tojson }}, style: function () {
            return {fillColor: "#f4f1ea", color: "#8a8a8a", weight: 0.6, fillOpacity: 1.0}; }});
        {% endmacro %}
    """)

    def __init__(self, geojson_text: str, name: str = "Countries"):
        super().__init__(name=name, overlay=True, control=False)
        self._name = "BaseLayer"
        self.data = script_safe(geojson_text)
        self.attribution = ATTRIBUTION


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
