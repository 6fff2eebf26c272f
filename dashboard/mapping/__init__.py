"""Mapping: events in; folium maps and layers out (never rendered or saved here).
Symbols by side and event type, shaded places, the offline base map drawn from the
gazetteer, and the vendored front-end assets that keep every page offline.
Modules: ``styles`` (sides, colours, shapes, sizes; data ``styles.json``), ``payload``
(the event data for the map runtime), ``layers`` (the runtime ``sitmap_map.js``, event
and base layers, legend, event groups), ``outlines`` (the base map's country outlines,
cached), ``build`` (:func:`base_map`, :func:`build_map`, online tiles, bounds) and the
``assets`` subpackage (vendored Leaflet & co., offline maps, inlining, remote links).
May import: :mod:`dashboard.extract` (force weights), :mod:`dashboard.gazetteer`,
:mod:`dashboard.model`, :mod:`dashboard.errors`, :mod:`dashboard.config`, :mod:`dashboard.util`.
"""

from dashboard.mapping.styles import side_colours, side_of
from dashboard.mapping.payload import MANY_EVENTS, POINT_FIELDS, feature_collections
from dashboard.mapping.layers import event_groups
from dashboard.mapping.outlines import base_countries
from dashboard.mapping.build import base_map, bounds_of, build_map
from dashboard.mapping.assets.links import find_remote_links
from dashboard.mapping.assets.localize import offline_map
from dashboard.mapping.assets.inline import inline_assets

__all__ = [
    "MANY_EVENTS", "POINT_FIELDS", "base_countries", "base_map", "bounds_of", "build_map",
    "event_groups", "feature_collections", "side_colours", "side_of", "find_remote_links",
    "inline_assets", "offline_map",
]
