"""Pieces of the gazetteer build (geodata/build.py) on synthetic inputs."""

from __future__ import annotations

import io
import pickle

import pytest
from shapely.geometry import box

from geodata.build import (Feature, RestrictedUnpickler, area_features, border_features, representative,
                           sea_features, spaced_abbreviation, use_geonames_points)


def test_restricted_unpickler_refuses_code():
    class Evil:
        def __reduce__(self):
            return (print, ("pwned",))

    with pytest.raises(pickle.UnpicklingError, match="refusing to load builtins.print"):
        RestrictedUnpickler(io.BytesIO(pickle.dumps(Evil()))).load()


def test_restricted_unpickler_admits_plain_data():
    data = {"marine": [("Sea", (0, 0, 1, 1), [((0, 0, 1, 1), [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 0.0)])])]}
    assert RestrictedUnpickler(io.BytesIO(pickle.dumps(data))).load() == data


def test_sea_names_and_english_forms():
    feats = {f.name: f for f in sea_features([
        ("Caribbean Sea", box(-80, 10, -60, 20)),
        ("Golfo de Venezuela", box(-71.5, 11, -70.5, 12)),
        ("North Atlantic Ocean", box(-60, 0, -10, 60)),
        ("South Atlantic Ocean", box(-60, -60, 10, 0)),
        ("Lago de Maracaibo", box(-72, 9, -71, 10.5)),
    ])}
    assert "Caribbean" in feats["Caribbean Sea"].names
    assert feats["Golfo de Venezuela"].subtype == "gulf" and "Gulf of Venezuela" in feats["Golfo de Venezuela"].names
    assert feats["Lago de Maracaibo"].kind == "lake" and "Lake Maracaibo" in feats["Lago de Maracaibo"].names
    atlantic = feats["Atlantic Ocean"]
    assert "Atlantic" in atlantic.names and atlantic.geom.bounds == (-60, -60, 10, 60)


def test_borders_only_between_touching_countries():
    def country(cc, name, g):
        f = Feature(kind="country", name=name, country_code=cc, geom=g)
        f.add_name(name, "name")
        return f

    a = country("AA", "Aland", box(0, 0, 10, 10))
    b = country("BB", "Bland", box(10, 0, 20, 5))  # shares x=10, y 0..5
    c = country("CC", "Cland", box(30, 0, 40, 10))  # touches nobody
    d = country("DD", "Dland", box(10, 10, 20, 20))  # touches A at a single corner only
    borders = border_features([a, b, c, d])
    assert [f.countries for f in borders] == ["AA,BB"]
    line = borders[0].geom
    assert line.length == pytest.approx(5.0)
    assert "Aland–Bland border" in borders[0].names and "Bland–Aland border" in borders[0].names


def test_representative_point_is_inside_a_concave_shape():
    u_shape = box(0, 0, 10, 10).difference(box(2, 2, 8, 11))
    lon, lat = representative(u_shape)
    from shapely.geometry import Point

    assert u_shape.contains(Point(lon, lat))


def test_countries_and_states_take_the_geonames_point_only_in_or_next_to_their_polygon():
    def feat(kind, gid):
        return Feature(kind=kind, name=f"{kind}{gid}", geonameid=gid, geom=box(0, 0, 10, 10), lat=5.0, lon=5.0)

    inside, near, far, unknown, city = (feat("country", 1), feat("admin1", 2), feat("country", 3),
                                        feat("admin1", 4), feat("city", 5))
    points = {1: (9.5, 1.25), 2: (10.05, 3.0), 3: (12.0, 5.0), 5: (1.0, 1.0)}  # (lat, lon)
    stats = use_geonames_points([inside, near, far, unknown, city], points)
    assert (inside.lat, inside.lon) == (9.5, 1.25) and (near.lat, near.lon) == (10.05, 3.0)
    assert (far.lat, far.lon) == (5.0, 5.0) and (unknown.lat, unknown.lon) == (5.0, 5.0)
    assert (city.lat, city.lon) == (5.0, 5.0)  # cities have GeoNames points already
    assert stats == {"country_geonames": 1, "admin1_geonames": 1, "country_outside": 1, "admin1_missing": 1}


def test_press_abbreviations_get_their_spaced_form():
    assert spaced_abbreviation("W.Va.") == "W. Va." and spaced_abbreviation("N.Dak.") == "N. Dak."
    assert spaced_abbreviation("Ky.") == "Ky." and spaced_abbreviation("U.S.") == "U.S."


def test_curated_areas_union_their_units_and_name_existing_ones(tmp_path):
    import json

    a, b = (Feature(kind="admin1", name=n, country_code="XX", iso_code=c, geom=box(x, 0, x + 1, 1))
            for n, c, x in (("North Part", "XX-N", 0), ("Dagestan, Respublika", "XX-D", 1)))
    nocode = Feature(kind="admin1", name="Arbil", country_code="XX", geom=box(5, 0, 6, 1))
    spec = {"areas": {"Both": {"country": "XX", "admin1": ["XX-N", "XX-D"], "alt": ["Both Parts"], "demonyms": []},
                      "Spot": {"country": "XX", "point": [0.5, 9.0], "alt": [], "demonyms": ["Spotty"]},
                      "Kurd": {"country": "XX", "admin1": ["XX:Arbil"], "alt": [], "demonyms": []}},
            "add_names": {"XX-D": {"name": "Dagestan", "alt": ["Daghestan"], "demonyms": ["Dagestani"]}}}
    path = tmp_path / "areas.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    feats = {f.name: f for f in area_features([a, b, nocode], path)}
    assert feats["Both"].geom.equals(box(0, 0, 2, 1)) and feats["Both"].names["Both Parts"] == "alt"
    assert feats["Spot"].geom is None and (feats["Spot"].lat, feats["Spot"].lon) == (0.5, 9.0)
    assert feats["Spot"].names["Spotty"] == "demonym" and feats["Kurd"].geom.equals(nocode.geom)
    assert b.name == "Dagestan" and b.names["Dagestan, Respublika"] == "long" and b.names["Dagestani"] == "demonym"
    spec["areas"]["Bad"] = {"country": "XX", "admin1": ["XX-Q"]}
    path.write_text(json.dumps(spec), encoding="utf-8")
    with pytest.raises(SystemExit, match="unknown admin-1 units"):
        area_features([a, b, nocode], path)


# --------------------------------------------------------------------------- name variants


def test_arabic_article_is_dropped_only_where_arabic_names_are_used():
    from geodata.variants import add_article_variants, without_article

    assert without_article("Al-Qamishli") == "Qamishli"
    assert without_article("El Hodeidah") == "Hodeidah"
    assert without_article("Ash Shihr") == "Shihr"
    assert without_article("Ar-Rutbah") == "Rutbah"
    assert without_article("Alexandria") is None and without_article("Al Ain") is None  # too short a stub
    syria = Feature(kind="city", name="Al Qāmishlī", country_code="SY")
    syria.add_name("Al Qāmishlī", "name")
    syria.add_name("Al-Qamishli", "alt")
    texas = Feature(kind="city", name="El Paso", country_code="US")
    texas.add_name("El Paso", "name")
    country = Feature(kind="country", name="Al Jumhuriyah", country_code="SY")
    country.add_name("Al Jumhuriyah", "name")
    assert add_article_variants([syria, texas, country]) == 2
    assert syria.names["Qāmishlī"] == "alt" and syria.names["Qamishli"] == "alt"
    assert set(texas.names) == {"El Paso"} and set(country.names) == {"Al Jumhuriyah"}


def test_postal_places_fill_only_names_the_gazetteer_lacks(tmp_path):
    import bz2
    import json

    from dashboard.util.text import normalize
    from geodata.postal import postal_features

    def z(code, city, lat, lon, kind="STANDARD", state="CT"):
        return {"zip_code": code, "zip_code_type": kind, "active": True, "city": city, "state": state,
                "country": "US", "lat": str(lat), "long": str(lon)}

    rows = [z("06791", "Harwinton", 41.75, -73.06), z("06792", "Harwinton", 41.77, -73.04, "PO BOX"),
            z("06790", "Torrington", 41.80, -73.12), z("00001", "Lebanon", 41.6, -72.2),
            z("00002", "Army Post", 41.0, -73.0, "MILITARY"), z("00003", "Guam Town", 13.4, 144.7, state="GU"),
            z("00004", "Ely", 41.0, -73.0)]
    path = tmp_path / "zips.json.bz2"
    with bz2.open(path, "wt", encoding="utf-8") as fh:
        json.dump(rows, fh)
    subdivisions = {"US.CT": {"iso": "US-CT", "name": "Connecticut"}}
    known = {normalize("Torrington"), normalize("Lebanon")}  # already places somewhere
    feats = postal_features(path, subdivisions, known, Feature, normalize)
    assert [f.name for f in feats] == ["Harwinton"]  # not known names, military ZIPs, territories or stubs
    f = feats[0]
    assert (f.kind, f.subtype, f.admin1_code, f.country_code) == ("city", "postal", "US-CT", "US")
    assert (f.lat, f.lon) == (41.76, -73.05) and f.names == {"Harwinton": "name"}
