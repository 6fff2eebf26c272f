"""Mapping: events in; folium maps and layers out (never rendered or saved here).
Symbols by side and event type, shaded places, the offline base map drawn from the
gazetteer, and the vendored front-end assets that keep every page offline.
May import: :mod:`dashboard.extract` (force weights), :mod:`dashboard.gazetteer`,
:mod:`dashboard.model`, :mod:`dashboard.errors`, :mod:`dashboard.config`, :mod:`dashboard.util`.
"""

from .map import (MANY_EVENTS, POINT_FIELDS, base_countries, base_map, bounds_of, build_map, event_groups,
    feature_collections, side_colours, side_of)
from .assets import find_remote_links, inline_assets, offline_map

__all__ = [
    "MANY_EVENTS", "POINT_FIELDS", "base_countries", "base_map", "bounds_of", "build_map",
    "event_groups", "feature_collections", "side_colours", "side_of", "find_remote_links",
    "inline_assets", "offline_map",
]
