"""The shipped gazetteer behaves as a user checks it (geodata/gazetteer.sqlite)."""

from __future__ import annotations

import pytest

from dashboard.gazetteer import Gazetteer
from dashboard.gazetteer import OfflineGeocoder


@pytest.fixture(scope="module")
def gaz():
    return Gazetteer()


def top(gaz, name, **kw):
    cands = gaz.lookup(name, **kw)
    assert cands, f"no candidate for {name!r}"
    return cands[0].place


def test_zulia_is_the_venezuelan_state(gaz):
    p = top(gaz, "Zulia")
    assert (p.kind, p.country_code, p.iso_code) == ("admin1", "VE", "VE-V")


def test_tachira_with_and_without_accent(gaz):
    a, b = top(gaz, "Tachira"), top(gaz, "Táchira")
    assert a.id == b.id and a.iso_code == "VE-S"
    assert top(gaz, "Estado Táchira").id == a.id
    assert top(gaz, "Tachira State").id == a.id


def test_caracas_is_the_capital(gaz):
    p = top(gaz, "Caracas")
    assert p.kind == "city" and p.subtype == "capital" and p.country_code == "VE"
    assert p.lat == pytest.approx(10.49, abs=0.05) and p.lon == pytest.approx(-66.88, abs=0.05)


def test_caribbean_is_the_sea(gaz):
    p = top(gaz, "Caribbean")
    assert (p.kind, p.name) == ("sea", "Caribbean Sea")
    assert any(c.place.kind == "region" for c in gaz.lookup("Caribbean"))


def test_washington_capital_first_state_among_candidates(gaz):
    cands = gaz.lookup("Washington")
    assert cands[0].place.kind == "city" and cands[0].place.admin1_code == "US-DC"
    assert any(c.place.kind == "admin1" and c.place.iso_code == "US-WA" for c in cands)


def test_georgia_country_and_us_state(gaz):
    kinds = {(c.place.kind, c.place.country_code) for c in gaz.lookup("Georgia")}
    assert {("country", "GE"), ("admin1", "US")} <= kinds


def test_colombia_border_for_venezuela_is_a_line_along_it(gaz):
    p = top(gaz, "Colombia border", country="VE")
    assert p.kind == "border" and set(p.countries) == {"CO", "VE"}
    line = gaz.geometry(p)
    assert line.geom_type in ("LineString", "MultiLineString")
    assert 1800 < line.length * 111 < 3500  # ≈2,200 km of border, in degrees × km/degree
    # every vertex of the line lies on (within 2 km of) both countries
    ve, co = gaz.geometry(gaz.country("VE")), gaz.geometry(gaz.country("CO"))
    assert line.hausdorff_distance(ve.boundary.intersection(co.buffer(0.02))) < 0.05


def test_demonyms_map_to_countries(gaz):
    for dem, cc in (("Venezuelan", "VE"), ("Colombian", "CO"), ("Mexican", "MX"), ("Venezuelans", "VE")):
        assert top(gaz, dem, name_types=["demonym"]).country_code == cc


def test_demonyms_countryinfo_lacks_come_from_the_supplement(gaz):
    for dem, cc in (("Palestinian", "PS"), ("Palestinians", "PS"), ("Kosovar", "XK")):
        assert top(gaz, dem, name_types=["demonym"]).country_code == cc


def test_countries_and_states_have_geonames_reference_points(gaz):
    from dashboard.evaluate import haversine_km

    # GeoNames' points (what news geoparsing corpora are annotated with), not Natural
    # Earth's label points: Canada's lies in Alberta, 900 km from the label point
    for place, (lat, lon) in ((gaz.country("CA"), (60.10867, -113.64258)), (gaz.country("US"), (39.76, -98.5)),
                              (gaz.country("RU"), (60.0, 100.0)),
                              (top(gaz, "Alberta", kinds=["admin1"]), (52.28333, -117.469)),
                              (top(gaz, "Queensland", kinds=["admin1"]), (-20.0, 145.0))):
        assert haversine_km(place.lat, place.lon, lat, lon) < 1, place


def test_us_abbreviations(gaz):
    for q in ("U.S.", "USA", "United States of America"):
        assert top(gaz, q).country_code == "US"


def test_macro_regions(gaz):
    sa = top(gaz, "South America")
    assert sa.kind == "region" and "VE" in sa.countries and "MX" not in sa.countries
    la = top(gaz, "Latin America")
    assert {"MX", "VE", "BR"} <= set(la.countries)


def test_every_country_has_a_point_inside_its_geometry(gaz):
    import shapely

    # within 0.1° (≈10 km): an atoll's reference point may sit in its lagoon
    bad = [p.name for p in gaz.features(["country"])
           if not gaz.geometry(p).buffer(0.1).contains(shapely.Point(p.lon, p.lat))]
    assert bad == []


def test_most_admin1_have_iso_codes(gaz):
    admin1 = list(gaz.features(["admin1"]))
    with_iso = [p for p in admin1 if p.iso_code]
    assert len(admin1) > 3000
    assert len(with_iso) / len(admin1) > 0.9


def test_reverse_caracas(gaz):
    res = gaz.reverse(10.49, -66.88)
    assert res.country.country_code == "VE"
    assert res.admin1.iso_code == "VE-A"
    assert res.city.name == "Caracas"


def test_reverse_in_the_caribbean_sea(gaz):
    res = gaz.reverse(14.0, -75.0)
    assert res.sea.name == "Caribbean Sea" and res.country is None


def test_geopy_interface(gaz):
    from geopy.location import Location

    geo = OfflineGeocoder(gaz)
    loc = geo.geocode("Táchira")
    assert isinstance(loc, Location)
    assert loc.latitude == pytest.approx(7.9, abs=0.6) and loc.longitude == pytest.approx(-72.0, abs=0.6)
    assert loc.raw["kind"] == "admin1" and "Táchira" in loc.address
    many = geo.geocode("Washington", exactly_one=False, limit=5)
    assert len(many) == 5 and many[0].raw["admin1_code"] == "US-DC"
    assert geo.geocode("Georgia", country_codes="US").raw["kind"] == "admin1"
    assert geo.geocode("Qwzxv Nowhere") is None
    rev = geo.reverse("10.49, -66.88")
    assert isinstance(rev, Location) and rev.raw["iso_code"] == "VE-A"
    levels = geo.reverse((14.0, -75.0), exactly_one=False)
    assert [loc.raw["kind"] for loc in levels] == ["sea"]


def test_us_counties_and_state_abbreviations(gaz):
    laurel = top(gaz, "Laurel County")
    assert (laurel.kind, laurel.admin1_code) == ("admin2", "US-KY")
    assert laurel.lat == pytest.approx(37.1, abs=0.3) and laurel.lon == pytest.approx(-84.1, abs=0.3)
    madison = gaz.lookup("Madison County", country="US", limit=30)
    assert len({c.place.admin1_code for c in madison}) > 15  # one per state that has one
    assert top(gaz, "Ky.").iso_code == "US-KY"
    assert top(gaz, "W.Va.").iso_code == "US-WV"


def test_country_names_are_not_abbreviated_labels(gaz):
    assert top(gaz, "Cayman Islands").name == "Cayman Islands"
    assert top(gaz, "Dem. Rep. Korea").name == "North Korea"


def test_a_county_answers_to_its_bare_name_below_places_of_that_name(gaz):
    c = top(gaz, "Gwinnett")
    assert c.kind == "admin2" and c.name == "Gwinnett County" and c.admin1_code == "US-GA"
    # a bare county name never outranks a town's own name ("Athens" is no county)
    assert top(gaz, "Athens").kind == "city"
    cands = gaz.lookup("Clarke", country="US", kinds=["admin2"])
    assert {p.place.admin1_code for p in cands} >= {"US-GA", "US-AL"} and all(p.name_type == "short" for p in cands)


def test_spaced_press_abbreviations_and_state_demonyms(gaz):
    assert top(gaz, "W. Va.").name == "West Virginia" and top(gaz, "W.Va.").name == "West Virginia"
    for dem, code in (("Texan", "US-TX"), ("Ohioans", "US-OH"), ("Ontarians", "CA-ON"), ("Dagestani", "RU-DA")):
        assert top(gaz, dem, name_types=["demonym"], kinds=["admin1"]).iso_code == code
    # a country's demonym outranks a state's of the same spelling
    assert top(gaz, "Georgian", name_types=["demonym"]).kind == "country"


def test_curated_areas_and_english_names_of_formal_units(gaz):
    import shapely

    darfur = top(gaz, "Darfur")
    assert darfur.kind == "region" and darfur.country_code == "SD"
    assert gaz.geometry(darfur).contains(shapely.Point(top(gaz, "North Darfur").lon, top(gaz, "North Darfur").lat))
    for q, name in (("South Ossetia", "South Ossetia"), ("Karabakh", "Nagorno-Karabakh"), ("Donbass", "Donbas")):
        assert top(gaz, q).name == name
    # ISO's formal/inverted forms are long names; the display name is the English one
    assert top(gaz, "Crimea").name == "Crimea" and top(gaz, "Avtonomna Respublika Krym").name == "Crimea"
    assert top(gaz, "Dagestan").name == "Dagestan" and top(gaz, "Transnistria").kind == "admin1"


def test_taiwan_carries_the_code_its_towns_carry(gaz):
    # Natural Earth's ISO_A2 for Taiwan is "CN-TW"; GeoNames' towns in Taiwan carry "TW"
    tw = gaz.country("TW")
    assert tw is not None and tw.name == "Taiwan" and gaz.capital("TW").name == "Taipei"
    assert all(len(p.country_code) == 2 for p in gaz.features(["country"]) if p.country_code)
