"""The offline gazetteer: the built artifact (geodata/gazetteer.sqlite) opened read-only,
name lookup, reverse lookup, geometries, and a geopy-compatible geocoder over it.
Modules: ``schema`` (the artifact's tables and SQL, shared with geodata/build.py),
``values`` (answer types, input checks), ``index`` (:class:`Gazetteer`), ``geocoder``.

In: place names, points.  Out: ranked :class:`Candidate` values holding
:class:`~dashboard.model.Place`, shapely geometries (lon/lat).
May import: :mod:`dashboard.model`, :mod:`dashboard.errors`, :mod:`dashboard.config`,
:mod:`dashboard.util`.
"""

from dashboard.gazetteer.schema import KINDS, NAME_TYPES, SCHEMA_SQL, SCHEMA_VERSION
from dashboard.gazetteer.values import Candidate, ReverseResult, validate_point, validate_query
from dashboard.gazetteer.index import default_path, Gazetteer
from dashboard.gazetteer.geocoder import OfflineGeocoder

__all__ = [
    "KINDS", "Candidate", "default_path", "Gazetteer", "ReverseResult", "validate_point",
    "validate_query", "OfflineGeocoder", "NAME_TYPES", "SCHEMA_SQL", "SCHEMA_VERSION",
]
