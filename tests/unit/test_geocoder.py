"""The geopy interface over the gazetteer (small fixture gazetteer, sockets blocked)."""

from __future__ import annotations

import pytest
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from dashboard.gazetteer import Gazetteer
from dashboard.gazetteer import OfflineGeocoder
from tests.fixtures.mini_gazetteer import build


@pytest.fixture(scope="module")
def geo(tmp_path_factory):
    return OfflineGeocoder(Gazetteer(build(tmp_path_factory.mktemp("g") / "mini.sqlite")))


def test_is_a_geopy_geocoder_and_offline_by_default(geo):
    assert isinstance(geo, Geocoder)
    assert geo.fallback is None


def test_geocode_returns_location_lat_lon_order(geo):
    loc = geo.geocode("Caracas")
    assert isinstance(loc, Location)
    assert (loc.latitude, loc.longitude) == pytest.approx((10.48801, -66.87919))
    assert loc.raw["kind"] == "city" and loc.raw["country_code"] == "VE"
    assert "Caracas" in loc.address and "VE" in loc.address


def test_geocode_many_constraints_and_miss(geo):
    many = geo.geocode("Washington", exactly_one=False)
    assert [loc.raw["kind"] for loc in many][:2] == ["city", "admin1"]
    assert geo.geocode("Georgia", country_codes=["US"]).raw["kind"] == "admin1"
    assert geo.geocode("Washington", featuretype="admin1").raw["iso_code"] == "US-WA"
    assert geo.geocode("Atlantis") is None
    assert geo.geocode({"state": "Zulia", "country": "Venezuela"}).raw["iso_code"] == "VE-V"


def test_reverse_levels(geo):
    loc = geo.reverse((10.45, -66.9))
    assert loc.raw["iso_code"] == "VE-A" and loc.address == "Distrito Capital, Venezuela"
    levels = geo.reverse("10.45, -66.9", exactly_one=False)
    assert [x.raw["kind"] for x in levels] == ["admin1", "country"]
    assert geo.reverse((-50.0, 100.0)) is None


def test_fallback_is_used_only_on_a_miss(geo):
    calls = []

    class Fake(Geocoder):
        def geocode(self, query, exactly_one=True, timeout=None):
            calls.append(query)
            return "fallback answer"

    online = OfflineGeocoder(geo.gazetteer, fallback=Fake())
    assert online.geocode("Caracas").raw["name"] == "Caracas" and calls == []
    assert online.geocode("Atlantis") == "fallback answer" and calls == ["Atlantis"]
