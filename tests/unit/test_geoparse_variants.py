"""Other forms of a name (geoparse/variants.py) and their use when a name has no candidate."""

from __future__ import annotations

import pytest
import spacy

from dashboard.gazetteer import Gazetteer
from dashboard.geoparse import Geoparser
from dashboard.geoparse.variants import VARIANT_WEIGHT, rewrites, spelled_out
from tests.fixtures.mini_gazetteer import build


@pytest.fixture(scope="module")
def gp(tmp_path_factory):
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return Geoparser(nlp, Gazetteer(build(tmp_path_factory.mktemp("g") / "mini.sqlite")))


def queries(text):
    return [(q, k) for q, k, _rule in rewrites(text)]


def test_abbreviated_words_are_spelled_out_before_a_name_only():
    assert spelled_out("W. Columbia") == "West Columbia"
    assert spelled_out("St. Kitts and Nevis") == "Saint Kitts and Nevis"
    assert spelled_out("Mt. Pleasant") == "Mount Pleasant"
    assert spelled_out("Columbia") is None
    assert spelled_out("Avenue St.") is None  # the last word is no abbreviation of a name's word


def test_a_type_word_restricts_the_kind():
    assert ("Readington", ("city", "admin2")) in queries("Readington Township")
    assert ("Tewksbury", ("city", "admin2")) in queries("Tewksbury Twp.")
    assert ("Karak", ("admin2", "admin1")) in queries("Karak district")
    assert ("Groton", ("city",)) in queries("Town of Groton")
    assert ("Los Angeles", ("city",)) in queries("Port of Los Angeles")
    # a river is only ever a river: never the town it is named after
    assert [k for q, k in queries("Neches River") if q == "Neches"] == [("river",)]


def test_a_part_of_a_place_is_looked_up_as_the_place():
    assert "London" in [q for q, _ in queries("North London")]
    assert "California" in [q for q, _ in queries("Southern California")]
    assert "Toronto" in [q for q, _ in queries("Greater Toronto Area")]
    # "North Island" is no part of a place called "Island"
    assert "Island" not in [q for q, _ in queries("North Island")]


def test_the_generic_term_of_a_water_body_restored():
    assert ("North Atlantic Ocean", ("sea", "lake")) in queries("North Atlantic")
    assert not any(q.endswith("Ocean") for q, _ in queries("Town of Groton"))


def test_inhabitants_name_their_place():
    qs = [q for q, _ in queries("New Londoners")]
    assert "New London" in qs
    assert "Gaza" in [q for q, _ in queries("Gazans")]
    assert "Richmond" in [q for q, _ in queries("Richmondites")]
    assert "Zulia" in [q for q, _ in queries("Zulians")]


def test_a_name_without_candidates_is_resolved_through_another_form(gp):
    text = "Crews came from Caracas Township, the Port of Caracas, North Caracas and Zulia district; Zulians cheered."
    names = ["Caracas Township", "Port of Caracas", "North Caracas", "Zulia district", "Zulians"]
    spans = [(text.index(n), text.index(n) + len(n)) for n in names]
    tops = gp.resolve_spans(text, spans)
    assert [t.place.name if t.place else None for t in tops] == ["Caracas", "Caracas", "Caracas", "Zulia", "Zulia"]
    assert tops[3].place.kind == "admin1"


def test_another_form_scores_below_the_name_as_written(gp):
    c_direct = gp.resolver.candidates_for_text("Caracas")
    c_variant = gp.resolver.candidates_for_text("Caracas Township")
    assert c_variant[0].place.id == c_direct[0].place.id
    assert c_variant[0].score == pytest.approx(c_direct[0].score * VARIANT_WEIGHT)


def test_a_river_is_not_resolved_to_a_town_of_its_name(gp):
    text = "The Caracas River flooded."
    t = gp.resolve_spans(text, [(4, 17)])[0]
    assert t.place is None and t.reason == "no gazetteer entry"


def test_a_demonym_is_not_rewritten(gp):
    # "Colombian" has a demonym reading: no other form of the name is tried
    assert [c.place.name for c in gp.resolver.candidates_for_text("Colombian")] == ["Colombia"]


def test_a_mention_and_its_other_form_share_one_vote(gp):
    text = "Caracas Township residents said Caracas was calm."
    spans = [(0, 16), (32, 39)]
    tops = gp.resolve_spans(text, spans)
    assert tops[0].place.id == tops[1].place.id
