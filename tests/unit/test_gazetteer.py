"""Gazetteer lookups, ranking and reverse lookup on a small hand-made gazetteer."""

from __future__ import annotations

import pickle
import sqlite3

import pytest
import shapely

from dashboard.errors import GazetteerError, InputError
from dashboard.gazetteer import Gazetteer, validate_query
from dashboard.model import Place
from tests.fixtures.mini_gazetteer import build


@pytest.fixture(scope="module")
def gaz(tmp_path_factory):
    return Gazetteer(build(tmp_path_factory.mktemp("gaz") / "mini.sqlite"))


def names(cands):
    return [(c.place.name, c.place.kind, c.place.country_code) for c in cands]


def test_accent_and_case_insensitive(gaz):
    a, b, c = gaz.lookup("Tachira"), gaz.lookup("Táchira"), gaz.lookup("TÁCHIRA")
    assert a and a[0].place.id == b[0].place.id == c[0].place.id
    assert a[0].place.iso_code == "VE-S"


def test_long_form_finds_the_state(gaz):
    top = gaz.lookup("Estado Táchira")[0]
    assert top.place.name == "Táchira" and top.name_type == "long"


def test_capital_outranks_state_and_small_town(gaz):
    got = names(gaz.lookup("Washington"))
    assert got[0] == ("Washington", "city", "US")
    assert ("Washington", "admin1", "US") in got
    assert got.index(("Washington", "admin1", "US")) == 1  # the state before the small town


def test_country_before_us_state_both_present(gaz):
    got = names(gaz.lookup("Georgia"))
    assert got[:2] == [("Georgia", "country", "GE"), ("Georgia", "admin1", "US")]


def test_sea_outranks_region_for_caribbean(gaz):
    got = names(gaz.lookup("the Caribbean"))
    assert got[0][:2] == ("Caribbean Sea", "sea")
    assert ("Caribbean", "region", None) in got


def test_country_constraint(gaz):
    assert names(gaz.lookup("Georgia", country="US")) == [("Georgia", "admin1", "US")]
    assert names(gaz.lookup("Washington", country=["GB"])) == []


def test_kind_constraint(gaz):
    assert {c.place.kind for c in gaz.lookup("Washington", kinds="admin1")} == {"admin1"}
    with pytest.raises(InputError, match="unknown kind 'planet'"):
        gaz.lookup("Washington", kinds="planet")


def test_limit(gaz):
    assert len(gaz.lookup("Washington", limit=1)) == 1


def test_demonyms_only_when_asked(gaz):
    assert gaz.lookup("Venezuelan") == []
    top = gaz.lookup("Venezuelan", name_types=["demonym"])[0]
    assert top.place.country_code == "VE" and top.name_type == "demonym"


def test_border_query_resolves_to_the_shared_line(gaz):
    cands = gaz.lookup("the Colombia border", country="VE")
    assert cands, "expected the Colombia–Venezuela border"
    border = cands[0].place
    assert border.kind == "border" and set(border.countries) == {"CO", "VE"}
    geom = gaz.geometry(border)
    assert geom.geom_type in ("LineString", "MultiLineString")
    assert geom.length == pytest.approx(11.0, abs=0.01)  # the shared edge of the two boxes
    assert gaz.lookup("Colombian border", country="VE")[0].place.id == border.id
    assert gaz.lookup("Colombia border", country="US") == []
    assert gaz.border("ve", "co").id == border.id


def test_no_match_is_empty_not_error(gaz):
    assert gaz.lookup("Atlantis") == []


@pytest.mark.parametrize("bad", ["", "   ", "x" * 1001, "Cara\x00cas", "Cara\x1bcas", b"\xff\xfe", "Cara\udcffcas", 42])
def test_invalid_queries_raise_input_error(gaz, bad):
    with pytest.raises(InputError):
        gaz.lookup(bad)


def test_validate_query_accepts_utf8_bytes():
    assert validate_query("Táchira".encode()) == "Táchira"


def test_reverse_smallest_unit_country_city(gaz):
    res = gaz.reverse(10.45, -66.9)
    assert res.admin1.name == "Distrito Capital"
    assert res.country.name == "Venezuela"
    assert res.sea is None
    assert res.city.name == "Caracas" and res.city_km < 10


def test_reverse_at_sea(gaz):
    res = gaz.reverse(15.0, -75.0)
    assert res.sea.name == "Caribbean Sea" and res.country is None and res.admin1 is None
    assert res.best.name == "Caribbean Sea"


@pytest.mark.parametrize("lat, lon", [(91, 0), (0, 181), (float("nan"), 0), ("north", 0)])
def test_reverse_rejects_bad_coordinates(gaz, lat, lon):
    with pytest.raises(InputError):
        gaz.reverse(lat, lon)


def test_places_are_frozen_and_picklable(gaz):
    p = gaz.lookup("Caracas")[0].place
    assert isinstance(p, Place)
    with pytest.raises(AttributeError):
        p.name = "x"
    assert pickle.loads(pickle.dumps(p)) == p
    assert p.to_dict()["lat"] == pytest.approx(10.48801)


def test_geometry_of_a_point_feature_is_its_point(gaz):
    p = gaz.lookup("Caracas")[0].place
    g = gaz.geometry(p)
    assert (g.x, g.y) == (p.lon, p.lat)


def test_geometry_lon_lat_order(gaz):
    z = gaz.lookup("Zulia")[0].place
    minx, miny, maxx, maxy = gaz.geometry(z).bounds
    assert (minx, miny, maxx, maxy) == pytest.approx((-73.0, 8.0, -71.0, 11.5))
    assert z.bbox == pytest.approx((-73.0, 8.0, -71.0, 11.5))
    assert shapely.Point(z.lon, z.lat).within(gaz.geometry(z))


def test_names_of_a_feature(gaz):
    z = gaz.lookup("Zulia")[0].place
    assert ("Estado Zulia", "long") in gaz.names(z.id)


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(GazetteerError, match="not found: run 'make geodata'"):
        Gazetteer(tmp_path / "nope.sqlite")


def test_foreign_file_is_a_clear_error(tmp_path):
    p = tmp_path / "foreign.sqlite"
    con = sqlite3.connect(p)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    with pytest.raises(GazetteerError, match="not a sitmap gazetteer"):
        Gazetteer(p)
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(GazetteerError):
        Gazetteer(junk)


def test_wrong_schema_version_is_refused(tmp_path):
    p = build(tmp_path / "old.sqlite")
    con = sqlite3.connect(p)
    con.execute("UPDATE meta SET value = '0' WHERE key = 'schema_version'")
    con.commit()
    con.close()
    with pytest.raises(GazetteerError, match="rebuild it with 'make geodata'"):
        Gazetteer(p)


def test_usable_from_threads(gaz):
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(4) as ex:
        results = list(ex.map(lambda q: gaz.lookup(q)[0].place.name, ["Zulia", "Caracas", "Tachira"] * 20))
    assert results[:3] == ["Zulia", "Caracas", "Táchira"]


def test_answer_cache_gives_the_same_answers_and_cannot_be_corrupted(gaz):
    uncached = Gazetteer(gaz.path, cache=0)
    for query, kw in [("Caracas", {}), ("Washington", {"limit": 3}), ("Táchira", {"country": "VE"}),
                      ("Colombia border", {"country": "VE"}), ("Nowhere at all", {})]:
        first = gaz.lookup(query, **kw)
        assert gaz.lookup(query, **kw) == first == uncached.lookup(query, **kw)
    answer = gaz.lookup("Caracas")
    answer.clear()  # the caller's list is its own: the cached answer is untouched
    assert gaz.lookup("Caracas")[0].place.name == "Caracas"
    # the same name under another spelling of the query shares no surface bonus by accident
    assert gaz.lookup("caracas")[0].place.name == "Caracas"
    assert uncached._answers.cache_info().maxsize == 0
