"""Tests of the geoparser evaluation harness (dashboard.evaluate)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from dashboard.errors import InputError
from dashboard.evaluate.corpus import GoldDocument, GoldToponym
from dashboard.evaluate.metrics import MAX_ERROR_KM, auc, match_spans, score
from dashboard.evaluate import (AlignmentStats, EvalReport, Evaluator, Prediction, haversine_km, oracle_spans,
    read_corpus)

SHARED_EVAL = Path(__file__).resolve().parents[3] / "shared" / "eval"  # ../shared/eval beside the repo

LONDON = (51.5074, -0.1278)
PARIS = (48.8566, 2.3522)

# "Visitors from Paris met in London. Then Paris again."
#  0         1         2         3         4         5
#  0123456789012345678901234567890123456789012345678901
TEXT = "Visitors from Paris met in London. Then Paris again."

GAZ_PARIS = """<gaztag geonameid="2988507"><name>Paris</name><fclass>P</fclass>
<fcode>PPLC</fcode><lat>48.8566</lat><lon>2.3522</lon>
<country geonameid="3017382">France</country><admin1 geonameid="3012874">Ile-de-France</admin1></gaztag>"""


def _toponym(start: int, end: int, phrase: str, gaz: str = "") -> str:
    return f"<toponym><start>{start}</start><end>{end}</end><phrase>{phrase}</phrase>{gaz}</toponym>"


def _corpus(*articles: str, prolog: str = "") -> str:
    return f'<?xml version="1.0" encoding="utf-8"?>{prolog}<articles>{"".join(articles)}</articles>'


def _article(docid: str, text: str, toponyms: str, dltime: str | None = "2016-12-19") -> str:
    dl = f"<dltime>{dltime}</dltime>" if dltime is not None else ""
    return (
        f'<article docid="{docid}"><title>t</title>{dl}<text><![CDATA[{text}]]></text>'
        f"<toponyms>{toponyms}</toponyms></article>"
    )


def _write(tmp_path: Path, content: str, name: str = "corpus.xml") -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def _gold(start: int, end: int, phrase: str, lat: float | None = None, lon: float | None = None) -> GoldToponym:
    return GoldToponym(start=start, end=end, phrase=phrase, lat=lat, lon=lon)


def _doc(*toponyms: GoldToponym, docid: str = "d") -> GoldDocument:
    return GoldDocument(docid=docid, published=None, text=TEXT, toponyms=tuple(toponyms))


# --------------------------------------------------------------------------- reading


@pytest.fixture
def small_corpus(tmp_path: Path) -> Path:
    toponyms = (
        _toponym(14, 19, "Paris", GAZ_PARIS)  # exact
        + _toponym(24, 30, "London")  # drifted by -3 (true span 27-33), no gaztag
        + _toponym(42, 47, "Paris", GAZ_PARIS)  # drifted by +2 (true span 40-45)
        + _toponym(0, 4, "Berlin")  # not in the text at all: unalignable
    )
    second = _article("2", "Nothing here.", "", dltime=None)
    return _write(tmp_path, _corpus(_article("1", TEXT, toponyms), second))


def test_read_corpus_parses_fields(small_corpus: Path) -> None:
    docs = list(read_corpus(small_corpus))
    assert [d.docid for d in docs] == ["1", "2"]
    first = docs[0]
    assert first.published == "2016-12-19"
    assert first.text == TEXT
    paris = first.toponyms[0]
    assert paris == GoldToponym(
        start=14,
        end=19,
        phrase="Paris",
        lat=48.8566,
        lon=2.3522,
        geonameid=2988507,
        fclass="P",
        fcode="PPLC",
        country="France",
        admin1="Ile-de-France",
    )
    assert docs[1].published is None
    assert docs[1].toponyms == ()


def test_toponym_without_gaztag_has_no_coordinates(small_corpus: Path) -> None:
    london = next(iter(read_corpus(small_corpus))).toponyms[1]
    assert london.phrase == "London"
    assert (london.lat, london.lon, london.geonameid, london.country) == (None, None, None, None)
    assert not london.located


def test_read_corpus_realigns_drifted_spans(small_corpus: Path) -> None:
    stats = AlignmentStats()
    doc = next(iter(read_corpus(small_corpus, stats=stats)))
    spans = [(t.start, t.end) for t in doc.toponyms]
    assert spans[1] == (27, 33) and TEXT[27:33] == "London"
    assert spans[2] == (40, 45) and TEXT[40:45] == "Paris"
    assert spans[3] == (0, 4)  # kept as given when the phrase is not found nearby
    assert (stats.checked, stats.realigned, stats.unalignable) == (4, 2, 1)


def test_realignment_prefers_nearest_occurrence(tmp_path: Path) -> None:
    text = "Paris, Paris, Paris"  # occurrences at 0, 7 and 14
    path = _write(tmp_path, _corpus(_article("1", text, _toponym(9, 14, "Paris") + _toponym(5, 10, "Paris"))))
    doc = next(iter(read_corpus(path)))
    # 9 is 2 from 7 and 5 from 14; 5 is 2 from 7 and 5 from 0.
    assert [(t.start, t.end) for t in doc.toponyms] == [(7, 12), (7, 12)]


def test_realignment_tie_prefers_earlier_occurrence(tmp_path: Path) -> None:
    text = "Paris Paris"  # occurrences at 0 and 6, both 3 away from the given start 3
    doc = next(iter(read_corpus(_write(tmp_path, _corpus(_article("1", text, _toponym(3, 8, "Paris")))))))
    assert (doc.toponyms[0].start, doc.toponyms[0].end) == (0, 5)


def test_realignment_respects_window(tmp_path: Path) -> None:
    text = "x" * 13 + "Paris"  # the phrase is 13 characters away from the given start 0
    stats = AlignmentStats()
    doc = next(iter(read_corpus(_write(tmp_path, _corpus(_article("1", text, _toponym(0, 5, "Paris")))), stats=stats)))
    assert (doc.toponyms[0].start, stats.realigned, stats.unalignable) == (0, 0, 1)


def test_read_corpus_limit(small_corpus: Path) -> None:
    assert [d.docid for d in read_corpus(small_corpus, limit=1)] == ["1"]
    with pytest.raises(InputError):
        read_corpus(small_corpus, limit=0)


def test_read_corpus_rejects_doctype(tmp_path: Path) -> None:
    prolog = '<!DOCTYPE articles [<!ENTITY lol "lol">]>'
    path = _write(tmp_path, _corpus(_article("1", "&lol;", ""), prolog=prolog), "evil.xml")
    with pytest.raises(InputError, match="evil.xml"):
        read_corpus(path)


def test_read_corpus_rejects_entity_in_utf16(tmp_path: Path) -> None:
    path = tmp_path / "evil16.xml"
    content = '<?xml version="1.0" encoding="utf-16"?><!DOCTYPE a [<!ENTITY x "y">]><articles/>'
    path.write_bytes(content.encode("utf-16"))
    with pytest.raises(InputError, match="evil16.xml"):
        read_corpus(path)


def test_read_corpus_accepts_the_word_entity_in_text(tmp_path: Path) -> None:
    path = _write(tmp_path, _corpus(_article("1", "His identity and ENTITY status", "")))
    assert len(list(read_corpus(path))) == 1


def test_read_corpus_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="nope.xml") as info:
        read_corpus(tmp_path / "nope.xml")
    assert "not found" in str(info.value)


def test_read_corpus_malformed_xml(tmp_path: Path) -> None:
    path = _write(tmp_path, "<articles><article docid='1'><text>unclosed", "broken.xml")
    with pytest.raises(InputError, match="broken.xml"):
        list(read_corpus(path))


def test_read_corpus_wrong_root(tmp_path: Path) -> None:
    path = _write(tmp_path, "<html><body/></html>", "page.xml")
    with pytest.raises(InputError, match="page.xml"):
        list(read_corpus(path))


def test_oracle_spans(small_corpus: Path) -> None:
    doc = next(iter(read_corpus(small_corpus)))
    assert oracle_spans(doc) == [(14, 19), (27, 33), (40, 45), (0, 4)]


# --------------------------------------------------------------------------- metrics


def test_haversine_known_distances() -> None:
    assert haversine_km(*LONDON, *PARIS) == pytest.approx(343.5, abs=1.0)
    assert haversine_km(*PARIS, *LONDON) == pytest.approx(haversine_km(*LONDON, *PARIS))
    assert haversine_km(10.0, 20.0, 10.0, 20.0) == 0.0
    # one degree of latitude and half the circumference (antipodes)
    assert haversine_km(0.0, 0.0, 1.0, 0.0) == pytest.approx(111.195, abs=0.01)
    assert haversine_km(0.0, 0.0, 0.0, 180.0) == pytest.approx(math.pi * 6371.0088, abs=0.01)


def test_match_is_case_insensitive() -> None:
    gold = [_gold(14, 19, "Paris")]
    assert match_spans(gold, [Prediction(14, 19, "PARIS", None, None)]) == [(0, 0)]
    assert match_spans(gold, [Prediction(14, 19, "Pari", None, None)]) == []


def test_match_midpoint_distance_10_vs_11() -> None:
    gold = [_gold(100, 106, "London")]  # midpoint 103
    assert match_spans(gold, [Prediction(110, 116, "London", None, None)]) == [(0, 0)]  # 10 apart
    assert match_spans(gold, [Prediction(111, 117, "London", None, None)]) == []  # 11 apart
    assert match_spans(gold, [Prediction(89, 95, "London", None, None)]) == []  # 11 apart, before


def test_match_is_one_to_one_and_greedy_by_nearest() -> None:
    gold = [_gold(10, 15, "Paris"), _gold(18, 23, "Paris")]  # midpoints 12.5 and 20.5
    preds = [Prediction(17, 22, "Paris", None, None)]  # midpoint 19.5: nearer the second gold
    assert match_spans(gold, preds) == [(1, 0)]
    # two predictions on the same gold span: only one is matched
    gold_one = [_gold(10, 15, "Paris")]
    twice = [Prediction(10, 15, "Paris", None, None), Prediction(11, 16, "Paris", None, None)]
    assert match_spans(gold_one, twice) == [(0, 0)]
    # both golds get a partner when there are two predictions
    preds2 = [Prediction(17, 22, "Paris", None, None), Prediction(9, 14, "Paris", None, None)]
    assert match_spans(gold, preds2) == [(0, 1), (1, 0)]


def test_auc_bounds() -> None:
    assert auc([0.0, 0.0, 0.0]) == 0.0
    assert auc([MAX_ERROR_KM] * 4) == pytest.approx(1.0)
    assert auc([]) is None
    assert auc([0.0]) == 0.0


def test_auc_trapezoid_value() -> None:
    scale = math.log(MAX_ERROR_KM)
    errors = [100.0, 0.0, 10.0]  # sorted: 0, 10, 100
    v = [0.0, math.log(11) / scale, math.log(101) / scale]
    expected = ((v[0] + v[1]) / 2 + (v[1] + v[2]) / 2) / 2
    assert auc(errors) == pytest.approx(expected)


def test_score_end_to_end() -> None:
    doc = _doc(
        _gold(14, 19, "Paris", *PARIS),
        _gold(27, 33, "London"),  # no coordinates: recognition only
        _gold(40, 45, "Paris", *PARIS),
    )
    preds = [
        Prediction(14, 19, "Paris", *LONDON),  # matched, ~343.5 km off
        Prediction(27, 33, "London", 0.0, 0.0),  # matched, unlocated gold: not resolved
        Prediction(0, 8, "Visitors", 1.0, 1.0),  # false positive
        Prediction(40, 45, "Paris", *PARIS),  # matched, exact
    ]
    report = score([(doc, preds)])
    assert (report.documents, report.gold, report.predicted, report.matched) == (1, 3, 4, 3)
    assert report.precision == pytest.approx(0.75)
    assert report.recall == pytest.approx(1.0)
    assert report.f1 == pytest.approx(2 * 0.75 / 1.75)
    assert report.resolved == 2
    assert report.acc161 == pytest.approx(0.5)
    assert report.mean_km == pytest.approx(343.5 / 2, abs=0.5)
    assert report.median_km == pytest.approx(343.5 / 2, abs=0.5)
    assert 0.0 < report.auc < 1.0


def test_none_prediction_is_penalised_not_skipped() -> None:
    doc = _doc(_gold(14, 19, "Paris", *PARIS), _gold(40, 45, "Paris", *PARIS))
    preds = [Prediction(14, 19, "Paris", *PARIS), Prediction(40, 45, "Paris", None, None)]
    report = score([(doc, preds)])
    assert report.resolved == 2
    assert report.acc161 == pytest.approx(0.5)
    assert report.mean_km == pytest.approx(MAX_ERROR_KM / 2)
    assert report.auc == pytest.approx(0.5)


def test_unmatched_predictions_do_not_count_for_resolution() -> None:
    doc = _doc(_gold(14, 19, "Paris", *PARIS))
    report = score([(doc, [Prediction(27, 33, "London", *LONDON)])])
    assert (report.matched, report.resolved) == (0, 0)
    assert (report.precision, report.recall, report.f1) == (0.0, 0.0, 0.0)
    assert report.acc161 is None and report.mean_km is None and report.auc is None
    assert "n/a" in report.format_text()


def test_oracle_pairs_by_index() -> None:
    doc = _doc(_gold(14, 19, "Paris", *PARIS), _gold(27, 33, "London", *LONDON))
    # texts and spans are ignored in oracle mode: pairing is positional
    preds = [Prediction(0, 1, "?", *PARIS), Prediction(0, 1, "?", *PARIS)]
    report = score([(doc, preds)], oracle=True)
    assert report.oracle
    assert (report.matched, report.precision, report.recall, report.f1) == (2, 1.0, 1.0, 1.0)
    assert report.resolved == 2
    assert report.acc161 == pytest.approx(0.5)
    assert report.median_km == pytest.approx(343.5 / 2, abs=0.5)
    # the same predictions end to end match nothing
    assert score([(doc, preds)]).matched == 0


def test_oracle_requires_one_prediction_per_span() -> None:
    doc = _doc(_gold(14, 19, "Paris", *PARIS), _gold(27, 33, "London", *LONDON))
    with pytest.raises(InputError, match="oracle"):
        score([(doc, [Prediction(14, 19, "Paris", *PARIS)])], oracle=True)


def test_evaluator_accumulates_like_score() -> None:
    doc1 = _doc(_gold(14, 19, "Paris", *PARIS), docid="1")
    doc2 = _doc(_gold(27, 33, "London", *LONDON), docid="2")
    p1 = [Prediction(14, 19, "Paris", *LONDON)]
    p2 = [Prediction(27, 33, "London", *LONDON), Prediction(40, 45, "Paris", None, None)]
    evaluator = Evaluator()
    evaluator.add(doc1, p1)
    evaluator.add(doc2, iter(p2))  # any iterable
    report = evaluator.report()
    assert report == score([(doc1, p1), (doc2, p2)])
    assert (report.documents, report.gold, report.predicted, report.matched) == (2, 2, 3, 2)


def test_report_serialisation() -> None:
    doc = _doc(_gold(14, 19, "Paris", *PARIS))
    report = score([(doc, [Prediction(14, 19, "Paris", *PARIS)])])
    data = report.to_dict()
    assert data["matched"] == 1 and data["acc161"] == 1.0 and data["auc"] == 0.0
    assert set(data) >= {"documents", "gold", "predicted", "matched", "precision", "recall", "f1",
                         "resolved", "acc161", "mean_km", "median_km", "auc"}
    text = report.format_text()
    assert "Acc@161km" in text and "1.000" in text
    assert isinstance(report, EvalReport)


# --------------------------------------------------------------------------- real corpora


@pytest.mark.parametrize(
    ("name", "docs", "toponyms", "located"),
    [("lgl.xml", 588, 5088, 4462), ("TR-News.xml", 118, 1319, 1275)],
)
def test_real_corpus_counts(name: str, docs: int, toponyms: int, located: int) -> None:
    path = SHARED_EVAL / name
    if not path.is_file():
        pytest.skip(f"{path} not available")
    stats = AlignmentStats()
    corpus = list(read_corpus(path, stats=stats))
    gold = [t for d in corpus for t in d.toponyms]
    assert len(corpus) == docs
    assert len(gold) == toponyms
    assert sum(t.located for t in gold) == located
    aligned = sum(d.text[t.start : t.end].lower() == t.phrase.lower() for d in corpus for t in d.toponyms)
    assert aligned / len(gold) >= 0.99
    assert stats.checked == toponyms


def test_real_tr_news_realignment() -> None:
    path = SHARED_EVAL / "TR-News.xml"
    if not path.is_file():
        pytest.skip(f"{path} not available")
    stats = AlignmentStats()
    corpus = list(read_corpus(path, stats=stats))
    # About 9% of the spans drift (README); all are found within the window.
    assert 0.05 * 1319 < stats.realigned < 0.15 * 1319
    assert stats.unalignable == 0
    # a perfect geoparser scores perfectly on the realigned corpus
    perfect = score((d, [Prediction(t.start, t.end, d.text[t.start : t.end], t.lat, t.lon) for t in d.toponyms])
                    for d in corpus)
    assert (perfect.f1, perfect.acc161, perfect.auc, perfect.resolved) == (1.0, 1.0, 0.0, 1275)


def test_area_aware_accuracy_counts_points_inside_the_polygon(tmp_path: Path) -> None:
    from dashboard.evaluate import AreaAwareAccuracy
    from dashboard.gazetteer import Gazetteer
    from tests.fixtures.mini_gazetteer import build

    gaz = Gazetteer(build(tmp_path / "mini.sqlite"))
    ve = gaz.country("VE")
    doc = GoldDocument("d", None, "Venezuela and Zulia", (
        GoldToponym(0, 9, "Venezuela", lat=2.0, lon=-61.0),  # far from VE's point, inside VE
        GoldToponym(14, 19, "Zulia", lat=30.0, lon=0.0),  # far away and outside
    ))
    preds = [Prediction(0, 9, "Venezuela", ve.lat, ve.lon), Prediction(14, 19, "Zulia", 9.7, -72.0)]
    tops = [{"lat": ve.lat, "lon": ve.lon, "kind": "country", "place_id": ve.id},
            {"lat": 9.7, "lon": -72.0, "kind": "admin1", "place_id": gaz.lookup("Zulia")[0].place.id}]
    acc = AreaAwareAccuracy(gaz)
    acc.add(doc, preds, tops, oracle=True)
    assert (acc.hits, acc.total) == (1, 2) and acc.value == 0.5


def test_gold_answered_without_coordinates_counts_as_no_candidate() -> None:
    doc = _doc(_gold(14, 19, "Paris", *PARIS), _gold(27, 33, "London", *LONDON))
    report = score([(doc, [Prediction(14, 19, "Paris", *PARIS), Prediction(27, 33, "London", None, None)])],
                   oracle=True)
    assert (report.resolved, report.unanswered, report.unanswered_share) == (2, 1, 0.5)
    assert report.to_dict()["unanswered_share"] == 0.5 and "1 (50.0%)" in report.format_text()
