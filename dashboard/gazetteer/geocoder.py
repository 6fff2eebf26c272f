"""A geopy ``Geocoder`` over the offline gazetteer.

Code written for geopy works unchanged and offline::

    from dashboard.gazetteer import OfflineGeocoder
    geolocator = OfflineGeocoder()
    location = geolocator.geocode("São Paulo")        # geopy.location.Location
    location.latitude, location.longitude, location.raw["kind"]

Nothing here opens a socket.  An online fallback (geopy's Nominatim) is available only
when asked for explicitly with ``fallback=`` — it is never created by default, and the
tests never pass one.
"""

from __future__ import annotations

from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point

from dashboard.gazetteer.index import Gazetteer
from dashboard.model import Place


def _location(place: Place, raw: dict) -> Location:
    parts = [place.name]
    if place.admin1_name and place.admin1_name != place.name:
        parts.append(place.admin1_name)
    if place.country_code and place.kind != "country":
        parts.append(place.country_code)
    # geopy's Point is (latitude, longitude): the order swaps here, at the boundary.
    return Location(", ".join(parts), Point(place.lat, place.lon), raw)


class OfflineGeocoder(Geocoder):
    """geopy-compatible geocoder answering from :class:`~dashboard.gazetteer.Gazetteer`.

    :param gazetteer: a loaded gazetteer (shared; default: the shipped artifact).
    :param fallback: optional geopy geocoder consulted only when the gazetteer has no
        answer (e.g. ``geopy.geocoders.Nominatim(user_agent=...)``); ``None`` (the
        default) keeps everything offline.
    """

    def __init__(self, gazetteer: Gazetteer | None = None, *, fallback: Geocoder | None = None, **kwargs):
        super().__init__(**kwargs)
        self.gazetteer = gazetteer if gazetteer is not None else Gazetteer()
        self.fallback = fallback

    def geocode(self, query, *, exactly_one: bool = True, limit: int | None = None,
                country_codes=None, featuretype: str | None = None, timeout=None):
        """Geocode a place name.

        :param country_codes: ISO alpha-2 code or list of codes to restrict to.
        :param featuretype: a gazetteer ``kind`` (country, admin1, city, sea, border, region…).
        :returns: a :class:`geopy.location.Location`, a list of them when
            ``exactly_one=False``, or ``None`` when nothing matches.
        """
        if isinstance(query, dict):  # geopy's structured query: use its most specific part
            query = next((query[k] for k in ("city", "county", "state", "country", "street") if query.get(k)), "")
        cands = self.gazetteer.lookup(query, country=country_codes, kinds=featuretype,
                                      limit=1 if exactly_one else (limit or 10))
        if not cands:
            if self.fallback is not None:
                return self.fallback.geocode(query, exactly_one=exactly_one, timeout=timeout)
            return None
        locs = [_location(c.place, c.to_dict()) for c in cands]
        return locs[0] if exactly_one else locs

    def reverse(self, query, *, exactly_one: bool = True, timeout=None):
        """Reverse-geocode ``query`` — a ``(lat, lon)`` pair, a "lat, lon" string or a
        geopy ``Point`` — to the most specific containing unit (admin1, else country,
        else sea).  With ``exactly_one=False`` returns every level found, most specific first."""
        point = Point(query)
        res = self.gazetteer.reverse(point.latitude, point.longitude)
        levels = [p for p in (res.admin1, res.country, res.sea) if p is not None]
        if not levels:
            if self.fallback is not None:
                return self.fallback.reverse(query, exactly_one=exactly_one, timeout=timeout)
            return None
        raw_common = {"reverse": res.to_dict()}
        locs = [Location(_address(p, res), Point(point.latitude, point.longitude),
                         {**p.to_dict(), **raw_common}) for p in levels]
        return locs[0] if exactly_one else locs


def _address(p: Place, res) -> str:
    parts = [p.name]
    if p.kind == "admin1" and res.country is not None:
        parts.append(res.country.name)
    return ", ".join(parts)
