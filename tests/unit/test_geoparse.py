"""Geoparser logic with a small fake pipeline (spacy.blank + rules) and the fixture gazetteer."""

from __future__ import annotations

import pickle

import pytest
import spacy
from shapely.geometry import Point

from dashboard.gazetteer import Gazetteer
from dashboard.geoparse import Geoparser, GeoparseStage
from tests.fixtures.mini_gazetteer import build

PATTERNS = [
    {"label": "GPE", "pattern": "Venezuela"}, {"label": "GPE", "pattern": "Colombia"},
    {"label": "GPE", "pattern": "Caracas"}, {"label": "GPE", "pattern": "Washington"},
    {"label": "GPE", "pattern": "Georgia"}, {"label": "GPE", "pattern": "Atlantis"},
    {"label": "LOC", "pattern": "Caribbean"}, {"label": "NORP", "pattern": "Venezuelan"},
    {"label": "PERSON", "pattern": "Nicolas Maduro"},
    {"label": "ORG", "pattern": [{"LOWER": "cartel"}, {"LOWER": "de"}, {"LOWER": "los"}, {"LOWER": "soles"}]},
    {"label": "ORG", "pattern": [{"LOWER": "cbs"}, {"LOWER": "news"}]},
    {"label": "ORG", "pattern": [{"LOWER": "zulia"}, {"LOWER": "national"}, {"LOWER": "guard"}]},
    {"label": "ORG", "pattern": [{"LOWER": "the"}, {"LOWER": "university"}, {"LOWER": "of"}, {"LOWER": "georgia"}]},
    {"label": "ORG", "pattern": [{"LOWER": "washington"}, {"LOWER": "public"}, {"LOWER": "library"}]},
]


@pytest.fixture(scope="module")
def gp(tmp_path_factory):
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("entity_ruler").add_patterns(PATTERNS)
    return Geoparser(nlp, Gazetteer(build(tmp_path_factory.mktemp("g") / "mini.sqlite")))


def by_text(result):
    return {t.text: t for t in result.toponyms}


def test_gazetteer_matching_finds_what_the_ner_missed(gp):
    r = gp.parse("Troops were sent to Zulia and Tachira on Monday.")
    tops = by_text(r)
    assert tops["Tachira"].place.iso_code == "VE-S" and tops["Tachira"].source == "gazetteer"
    assert tops["Zulia"].place.iso_code == "VE-V"
    assert r.toponyms[0].start == r.toponyms[0].start  # offsets refer to the text
    text = "Troops were sent to Zulia and Tachira on Monday."
    for t in r.toponyms:
        assert text[t.start:t.end] == t.text


def test_organisation_and_person_names_are_not_places(gp):
    r = gp.parse("Nicolas Maduro leads the Cartel de los Soles, CBS News said, "
                 "and the Zulia National Guard agreed.")
    places = [t for t in r.toponyms if t.role == "place"]
    assert places == []


def test_a_prominent_place_leading_an_org_name_is_an_affiliation(gp):
    tops = by_text(gp.parse("The Zulia National Guard patrolled."))
    assert "Zulia" not in tops or tops["Zulia"].role == "org"


def test_a_place_after_of_in_an_org_name_is_an_affiliation(gp):
    text = "Researchers at the University of Georgia said so."
    tops = by_text(gp.parse(text))
    assert tops["Georgia"].role == "org" and text[tops["Georgia"].start:tops["Georgia"].end] == "Georgia"


def test_a_town_leading_an_institution_name_is_an_affiliation(gp):
    # "Washington" alone is no prominent-place test here: the institution word decides
    tops = by_text(gp.parse("The Washington Public Library reopened."))
    assert tops["Washington"].role == "org"


@pytest.mark.parametrize("text, name", [
    ("Talks resume. CARACAS — Officials met on Monday.", "CARACAS"),
    ("CARACAS (Reuters) - Officials met on Monday.", "CARACAS"),
    ("Talks resume.\nCARACAS -- Officials met on Monday.", "CARACAS"),
])
def test_a_dateline_names_the_town_the_story_was_filed_from(gp, text, name):
    t = by_text(gp.parse(text))[name]
    assert t.source == "dateline" and t.place.name == "Caracas" and t.place.kind == "city"
    assert text[t.start:t.end] == name


@pytest.mark.parametrize("text", [
    "Officials from CARACAS - the capital - met.",  # not where a dateline stands
    "Talks resume. NATO — the alliance — met.",  # not in the gazetteer
    "Talks resume. THE — nothing.",
])
def test_capitals_before_a_dash_elsewhere_are_no_dateline(gp, text):
    assert [t for t in gp.parse(text).toponyms if t.source == "dateline"] == []


@pytest.mark.timeout(30)
def test_a_huge_capitals_only_token_is_scanned_for_datelines_in_linear_time(gp):
    # the dateline pattern once backtracked from every letter of such a token: a
    # 100,000-letter one took 400 s (quadratic) and stalled a whole ingest batch
    text = "CARACAS — Troops left. " + "A" * 100_000 + " end. " + "B" * 50_000 + " -- x"
    datelines = [t.text for t in gp.parse(text).toponyms if t.source == "dateline"]
    assert datelines == ["CARACAS"]


def test_demonym_points_to_country_as_context(gp):
    t = by_text(gp.parse("Venezuelan officials spoke."))["Venezuelan"]
    assert t.role == "demonym" and t.place.country_code == "VE"


def test_southern_part_of_a_sea(gp):
    r = gp.parse("Warships sailed to the southern Caribbean.")
    t = by_text(r)["Caribbean"]
    assert t.modifier == "south" and t.derived is not None and t.kind == "sea"
    sea = gp.gazetteer.geometry(t.place)
    mid = (sea.bounds[1] + sea.bounds[3]) / 2
    part = t.derived.geometry()
    assert part.bounds[3] <= mid + 1e-9 and part.within(sea.buffer(1e-6))
    assert t.name == "southern Caribbean Sea"


def test_border_narrowed_to_named_states(gp):
    text = "Venezuelan forces moved 15,000 troops to the Colombia border. They went to Zulia and Tachira states."
    r = gp.parse(text)
    border = next(t for t in r.toponyms if t.kind == "border")
    assert text[border.start:border.end] == "Colombia border"
    assert set(border.derived.countries) == {"CO", "VE"}
    assert "Zulia" in border.name
    line = border.derived.geometry()
    assert line.length < 11.0  # narrowed from the full 11° of shared edge
    assert line.distance(gp.gazetteer.geometry(gp.gazetteer.lookup("Zulia")[0].place)) < 0.2


def test_border_with_pattern(gp):
    r = gp.parse("Venezuela reinforced its border with Colombia.")
    border = next(t for t in r.toponyms if t.kind == "border")
    assert border.text == "border with Colombia" and border.modifier == "border"


def test_its_coastline_is_the_subject_country_coast(gp):
    text = "Venezuela sent drones to patrol its coastline."
    r = gp.parse(text)
    coast = next(t for t in r.toponyms if t.kind == "coast")
    assert coast.text == "its coastline" and coast.country_code == "VE" and coast.source == "description"
    geom = coast.derived.geometry()
    ve = gp.gazetteer.geometry(gp.gazetteer.country("VE"))
    assert geom.distance(ve.boundary) < 1e-6
    # the land border with Colombia is not coast
    assert not geom.intersects(Point(-73.0, 6.0).buffer(0.01))


def test_context_picks_the_capital_or_the_state(gp):
    assert by_text(gp.parse("Officials in Washington said so."))["Washington"].place.kind == "city"
    r = gp.parse("Georgia, the country, and Venezuela traded.")
    assert by_text(r)["Georgia"].place.kind == "country"
    assert by_text(r)["Georgia"].alternatives  # the runner-ups are kept


def test_unresolvable_place_has_a_reason(gp):
    t = by_text(gp.parse("They sailed to Atlantis."))["Atlantis"]
    assert t.place is None and t.lat is None and t.reason == "no gazetteer entry"


def test_an_unknown_single_word_outside_a_place_context_is_dropped(gp):
    # the small model tags surnames as GPE; a word no gazetteer entry knows, standing where
    # a person stands, is not reported as a place
    assert "Atlantis" not in by_text(gp.parse("Atlantis said the talks failed."))
    assert "Atlantis" in by_text(gp.parse("Troops were sent from Atlantis."))
    # oracle spans are always resolved, known or not
    t = gp.resolve_spans("Atlantis said so.", [(0, 8)])[0]
    assert t.text == "Atlantis" and t.place is None


def test_oracle_spans_resolved_in_order(gp):
    text = "From Caracas to Atlantis and Zulia."
    spans = [(text.index("Zulia"), text.index("Zulia") + 5), (5, 12), (16, 24)]
    tops = gp.resolve_spans(text, spans)
    assert [t.text for t in tops] == ["Zulia", "Caracas", "Atlantis"]
    assert tops[0].place.iso_code == "VE-V" and tops[1].place.name == "Caracas"
    assert tops[2].lat is None and tops[2].lon is None


def test_results_are_plain_picklable_data(gp):
    r = gp.parse("Warships sailed to the southern Caribbean near Venezuela.")
    again = pickle.loads(pickle.dumps(r))
    assert again == r
    d = r.to_dict()
    assert {"text", "start", "end", "role", "name", "kind", "country_code", "lat", "lon", "score"} <= set(
        d["toponyms"][0])


def test_empty_and_placeless_text(gp):
    assert gp.parse("").toponyms == ()
    assert gp.parse("Nothing to see here, nobody went anywhere.").toponyms == ()


def test_stage_is_picklable_without_the_model(gp):
    st = GeoparseStage()
    st.geoparser = gp
    clone = pickle.loads(pickle.dumps(st))
    assert clone.geoparser is None
    st2 = GeoparseStage()
    st2.geoparser = gp
    out = st2.run([{"id": "a", "text": "To Zulia."}, {"id": "b", "text": "From Caracas to Zulia.", "spans": [[5, 12]]}])
    assert out[0]["id"] == "a" and out[0]["toponyms"][0]["name"] == "Zulia"
    assert [t["name"] for t in out[1]["toponyms"]] == ["Caracas"]


def test_the_demonym_capital_is_that_country_s_capital(gp):
    t = next(t for t in gp.parse("Delegations met in the Venezuelan capital on Tuesday.").toponyms
             if t.role == "place")
    assert t.place.name == "Caracas" and t.text == "capital" and t.modifier == "capital"
    assert any(t.role == "demonym" and t.text == "Venezuelan" for t in gp.parse("in the Venezuelan capital").toponyms)
