"""Great-circle distances (haversine, mean Earth radius), one point to one or to many."""

from __future__ import annotations

import math

EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Distance in km between two points given in decimal degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, max(0.0, a))))


def distances_km(lat: float, lon: float, lats_rad, lons_rad):
    """Distances in km from one point (degrees) to many (numpy arrays in radians)."""
    import numpy as np

    la, lo = math.radians(lat), math.radians(lon)
    a = np.sin((lats_rad - la) / 2) ** 2 + math.cos(la) * np.cos(lats_rad) * np.sin((lons_rad - lo) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(a, 1.0)))
