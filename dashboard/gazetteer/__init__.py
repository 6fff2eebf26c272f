"""The offline gazetteer: the built artifact (geodata/gazetteer.sqlite) opened read-only,
name lookup, reverse lookup, geometries, and a geopy-compatible geocoder over it.

In: place names, points.  Out: ranked :class:`Candidate` values holding
:class:`~dashboard.model.Place`, shapely geometries (lon/lat).
May import: :mod:`dashboard.model`, :mod:`dashboard.errors`, :mod:`dashboard.config`,
:mod:`dashboard.util`.
"""

from .index import KINDS, Candidate, default_path, Gazetteer, ReverseResult, validate_point, validate_query
from .geocoder import OfflineGeocoder

__all__ = [
    "KINDS", "Candidate", "default_path", "Gazetteer", "ReverseResult", "validate_point",
    "validate_query", "OfflineGeocoder",
]
