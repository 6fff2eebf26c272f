"""Per-document event extraction on the sample corpus (real model, real gazetteer)."""

from __future__ import annotations

import pytest

from dashboard.extract import extract_events
from dashboard.geoparse import Geoparser
from dashboard.ingest import load_document
from dashboard.model import EVENT_TYPES

SEEDS = ("000_67f5309dadd8483c.txt", "001_efb6f12a3fcda926.txt", "002_26bbce66e69e86cd.txt")


@pytest.fixture(scope="module")
def events():
    gp = Geoparser()
    out = {}
    for name in SEEDS:
        d = load_document(f"seeds/{name}")
        sd = gp.nlp(d.text)
        res = gp.parse_spacy(sd, doc_id=d.doc_id)
        out[name] = (d, extract_events(sd, list(res.toponyms), doc_id=d.doc_id, published=d.published,
                                       path=d.path, gazetteer=gp.gazetteer))
    return out


def find(evs, etype, **kw):
    for e in evs:
        if e.type != etype:
            continue
        if all(v(e) if callable(v) else getattr(e, k) == v for k, v in kw.items()):
            return e
    return None


def test_types_are_in_the_taxonomy_and_sources_point_into_the_text(events):
    for d, evs in events.values():
        assert evs
        for e in evs:
            assert e.type in EVENT_TYPES and e.id
            src = e.sources[0]
            assert src.doc_id == d.doc_id and d.text[src.start:src.end].strip() == src.sentence


def test_us_deployment_in_the_caribbean_not_washington(events):
    _d, evs = events["002_26bbce66e69e86cd.txt"]
    e = find(evs, "deployment", actor=lambda e: e.actor and e.actor.country_code == "US")
    assert e is not None
    assert e.place.name == "southern Caribbean Sea" and e.place.kind == "sea"  # the article's narrower wording
    assert any(f.count == 4000 and f.unit == "troops" for f in e.forces)
    assert any(f.unit == "warships" and f.approx for f in e.forces)
    assert e.date.start == "2025-08-28"


def test_venezuelan_border_deployment(events):
    _d, evs = events["002_26bbce66e69e86cd.txt"]
    e = find(evs, "deployment", actor=lambda e: e.actor and e.actor.country_code == "VE",
             place=lambda e: e.place and e.place.kind == "border")
    assert e is not None and "Zulia" in e.place.name and "Táchira" in e.place.name
    assert [(f.count, f.unit) for f in e.forces] == [(15000, "troops")]
    assert (e.date.start, e.date.end, e.date.precision) == ("2025-08-25", "2025-08-25", "day")
    # the same deployment in article 001 is dated October 2023: kept, flagged suspect
    _d1, evs1 = events["001_efb6f12a3fcda926.txt"]
    e1 = find(evs1, "deployment", place=lambda e: e.place and e.place.kind == "border")
    assert e1.date.start == "2023-10-23" and e1.date.suspect


def test_militia_recruitment_in_caracas_last_weekend(events):
    _d, evs = events["002_26bbce66e69e86cd.txt"]
    e = find(evs, "mobilization", place=lambda e: e.place and e.place.name == "Caracas")
    assert e is not None and e.actor.country_code == "VE"
    assert (e.date.start, e.date.end) == ("2025-08-23", "2025-08-24")


def test_petition_to_the_un_on_tuesday(events):
    _d, evs = events["002_26bbce66e69e86cd.txt"]
    e = find(evs, "diplomatic_appeal")
    assert e is not None and e.actor.country_code == "VE" and e.date.start == "2025-08-26"
    assert e.target is not None and "United Nations" in e.target.name
    assert e.place.modifier == "actor" and e.place.name == "Caracas"  # spoken from the capital, not "the Caribbean"


def test_february_designation_month_precision(events):
    _d, evs = events["002_26bbce66e69e86cd.txt"]
    e = find(evs, "designation", date=lambda e: e.date and e.date.precision == "month")
    assert e is not None and (e.date.start, e.date.end) == ("2025-02-01", "2025-02-28")
    assert not any(f for f in e.forces)  # eight groups are not a force


def test_denial_modality(events):
    _d, evs = events["002_26bbce66e69e86cd.txt"]
    # "no way American troops could invade": not an attack, a denial by Venezuela about one
    assert find(evs, "attack") is None
    e = find(evs, "statement", modality="denial")
    assert e is not None and ("about", "attack") in e.attributes and e.actor.country_code == "VE"


def test_bounty_amount_is_an_attribute_not_a_force(events):
    _d, evs = events["002_26bbce66e69e86cd.txt"]
    e = find(evs, "bounty")
    assert e is not None and ("amount_usd", "50000000") in e.attributes and not e.forces


def test_undated_document_gives_undated_or_text_dated_events(events):
    d, evs = events["000_67f5309dadd8483c.txt"]
    assert d.published is None
    for e in evs:
        assert e.date is None or e.date.text is not None
