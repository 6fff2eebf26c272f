""""Did you mean": gazetteer names spelt like a name that matched nothing, in the library,
on the command line and in the app's place lookup."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from dashboard.cli import main
from dashboard.errors import InputError
from dashboard.gazetteer import Gazetteer
from dashboard.gazetteer.suggest import NameIndex
from tests.fixtures.fake_pipeline import install_fake_stage
from tests.fixtures.mini_gazetteer import build


@pytest.fixture(scope="module")
def gaz(tmp_path_factory):
    return Gazetteer(build(tmp_path_factory.mktemp("gaz") / "mini.sqlite"))


@pytest.mark.parametrize("typo, first", [("Tachria", "Táchira"), ("Caracus", "Caracas"), ("venezuella", "Venezuela"),
                                         ("Colombai", "Colombia"), ("ZULYA", "Zulia")])
def test_suggestions_for_typos(gaz, typo, first):
    assert gaz.lookup(typo) == []
    assert gaz.suggest(typo)[0] == first


def test_nothing_alike_suggests_nothing(gaz):
    assert gaz.suggest("Qwzxv Nowhere") == []
    assert gaz.suggest("Tachria", limit=0) == []


def test_invalid_query_is_refused_like_a_lookup(gaz):
    with pytest.raises(InputError):
        gaz.suggest("")
    with pytest.raises(InputError):
        gaz.suggest("Cara\x07cas")


def test_primary_names_first_and_alternate_names_shown_by_their_feature():
    idx = NameIndex([("tachira", "Táchira", 0.8, "name"), ("tachira", "Tachira Town", 0.9, "alt"),
                     ("tachura", "Tachura", 0.75, "name"), ("tachiira", "Gran Táchira", 0.95, "alt"),
                     ("kabul", "Kabul", 0.99, "name"), ("تاچیرا", "Táchira", 0.8, "alt")])
    assert len(idx) == 4  # one entry per key (the primary name wins it), Latin keys only
    assert idx.suggest("Tachria") == ["Táchira", "Tachura"]  # the alternate-name match scores lower
    assert idx.suggest("Tachiira") == ["Táchira", "Gran Táchira"]  # an alternate match: shown by its feature
    assert idx.suggest("Tachria", limit=1) == ["Táchira"]


@pytest.fixture
def fake(monkeypatch, tmp_path_factory):
    return install_fake_stage(monkeypatch, tmp_path_factory.mktemp("gaz"))


def test_geocode_prints_did_you_mean_in_one_line(fake):
    r = CliRunner().invoke(main, ["geocode", "Tachria"], catch_exceptions=False)
    assert r.exit_code == 0 and r.stdout == ""
    assert r.stderr == "sitmap: no place named 'Tachria' in the gazetteer; did you mean Táchira?\n"
    r = CliRunner().invoke(main, ["geocode", "Qwzxv", "--format", "json"], catch_exceptions=False)
    assert r.exit_code == 0 and r.stdout.strip() == "[]"  # JSON stays the empty list
    assert r.stderr.count("\n") == 1 and "nor one spelt like it; check the spelling" in r.stderr


def test_closest_names_score_alternate_names_as_written_and_stop_at_the_cutoff():
    idx = NameIndex([("lower shabeelle", "Shabeellaha Hoose", 0.8, "alt"), ("lower juba", "Jubbada Hoose", 0.8, "alt")])
    assert [k for k, _ in idx.closest("Lower Shabelle", 92.0)] == ["lower shabeelle"]
    assert idx.closest("Lower Shabelle", 99.0) == []


def test_a_document_s_unacceptable_name_has_no_close_names_and_raises_nothing(gaz):
    from dashboard.geoparse.names import PlaceNames
    names = PlaceNames(gaz)
    assert names.close_names("Venezuela \x00", 92.0) == []  # a control character: unresolved, not an error
    with pytest.raises(InputError):
        gaz.close_names("Venezuela \x00")  # a user's query is told what is wrong
