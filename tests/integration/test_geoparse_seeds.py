"""The geoparser on the sample corpus, with the real spaCy model and gazetteer."""

from __future__ import annotations

import pytest

from dashboard.geoparse import Geoparser
from dashboard.ingest import load_document


@pytest.fixture(scope="module")
def gp():
    return Geoparser()


@pytest.fixture(scope="module")
def seeds(gp):
    docs = {p: load_document(f"seeds/{p}") for p in (
        "000_67f5309dadd8483c.txt", "001_efb6f12a3fcda926.txt", "002_26bbce66e69e86cd.txt")}
    return {p: (d, gp.parse(d)) for p, d in docs.items()}


def test_zulia_and_tachira_in_every_article_that_names_them(seeds):
    for name, (doc, res) in seeds.items():
        for place, iso in (("Zulia", "VE-V"), ("Tachira", "VE-S")):
            if place not in doc.text:
                continue
            hits = [t for t in res.toponyms if t.text == place]
            assert hits, f"{place} not found in {name}"
            assert all(t.place.iso_code == iso for t in hits)


def test_offsets_refer_to_the_document_text(seeds):
    for doc, res in seeds.values():
        for t in res.toponyms:
            assert doc.text[t.start:t.end] == t.text


def test_washington_deployed_is_an_actor(seeds):
    doc, res = seeds["002_26bbce66e69e86cd.txt"]
    wash = next(t for t in res.toponyms if t.text == "Washington")
    assert wash.role == "actor" and wash.place.kind == "city" and wash.place.country_code == "US"
    caracas = [t for t in res.toponyms if t.text == "Caracas"]
    petition = next(t for t in caracas if "petitioned" in doc.text[t.end:t.end + 15])
    assert petition.role == "actor"
    parish = next(t for t in caracas if "Venezuela, August" in doc.text[t.end:t.end + 25])
    assert parish.role == "place"  # "... at Macarao parish, in Caracas, Venezuela"


def test_organisations_are_not_places(seeds):
    for doc, res in seeds.values():
        for t in res.toponyms:
            if t.role == "place":
                for org in ("Cartel de los Soles", "Bolivarian National Guard", "CBS News"):
                    i = doc.text.find(org)
                    assert i < 0 or not (i <= t.start < i + len(org)), (t.text, org)


def test_descriptive_places(seeds):
    doc, res = seeds["002_26bbce66e69e86cd.txt"]
    kinds = {(t.kind, t.name) for t in res.toponyms if t.derived is not None}
    assert ("sea", "southern Caribbean Sea") in kinds
    assert any(k == "waters" and "Venezuela" in n for k, n in kinds)
    assert any(k == "coast" and "Venezuela" in n for k, n in kinds)
    border = next(t for t in res.toponyms if t.kind == "border")
    assert set(border.derived.countries) == {"CO", "VE"}
    assert "Zulia" in border.name and "Táchira" in border.name


def test_focus_countries(seeds):
    for _doc, res in seeds.values():
        top2 = {cc for cc, _ in res.focus[:2]}
        assert top2 == {"US", "VE"}
