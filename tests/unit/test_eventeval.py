"""The events yardstick: gold stories read from folders, predictions matched one-to-one on
type (or an also-ok type), report, date overlap and place tolerance; statements and
rhetoric are not scored; actor, date, forces and fusion are scored on the matches."""

from __future__ import annotations

import json

import pytest

from dashboard.errors import InputError
from dashboard.evaluate import read_gold, score_events
from dashboard.model import Actor, DateRef, Event, ForceRef, PlaceRef, Source


@pytest.fixture
def gold_dir(tmp_path):
    story = tmp_path / "01_strait"
    story.mkdir()
    for name in ("a.txt", "b.txt"):
        (story / name).write_text("Published: 2026-03-04\n\nText.", encoding="utf-8")
    spec = {"story": "01_strait", "documents": {"a.txt": {}, "b.txt": {}}, "events": [
        {"type": "attack", "also_ok": ["seizure"], "actor": "Houthi movement", "actor_country": None,
         "place": {"name": "Bab el-Mandeb", "lat": 12.6, "lon": 43.4, "tolerance_km": 150},
         "date": {"start": "2026-03-03", "end": "2026-03-03"}, "forces": [{"count": 2, "unit": "drones"}],
         "modality": "fact", "sources": ["a.txt", "b.txt"]},
        {"type": "sanction", "actor": "United States", "actor_country": "US", "place": None,
         "date": {"start": "2026-02-25", "end": "2026-03-04"}, "forces": [], "modality": "fact",
         "sources": ["b.txt"]}]}
    (story / "gold.json").write_text(json.dumps(spec), encoding="utf-8")
    return tmp_path


def ev(type_, doc, *, actor=None, cc=None, lat=None, lon=None, start="2026-03-03", end=None, modality="fact",
       forces=(), docs=None):
    srcs = tuple(Source(doc_id=str(i), sentence="s", start=0, end=1, path=str(d)) for i, d in enumerate(docs or [doc]))
    return Event(type=type_, actor=Actor(actor, "state" if cc else "group", cc) if actor else None,
                 place=PlaceRef("p", "sea", lat=lat, lon=lon) if lat is not None else None,
                 date=DateRef(start, end or start, "day"), summary="", modality=modality,
                 forces=tuple(ForceRef(c, u, False, "") for c, u in forces), sources=srcs)


def test_matching_and_accuracies(gold_dir):
    stories = read_gold(gold_dir)
    a, b = (gold_dir / "01_strait" / n for n in ("a.txt", "b.txt"))
    preds = [ev("seizure", a, actor="Houthis", lat=12.9, lon=43.2, forces=[(2, "drones")], docs=[a, b]),
             ev("sanction", b, actor="United States", cc="US", start="2026-03-01"),
             ev("attack", a, lat=30.0, lon=30.0),                       # too far: spurious
             ev("statement", a, actor="Yemen", cc="YE"),                # statements are not scored
             ev("attack", a, lat=12.6, lon=43.4, modality="hypothetical")]  # nor is rhetoric
    rep = score_events(stories, preds).to_dict(details=True)
    assert (rep["gold"], rep["predicted"], rep["matched"]) == (2, 3, 2)
    assert rep["actor_accuracy"] == 1.0 and rep["forces_accuracy"] == 1.0 and rep["fusion_completeness"] == 1.0
    assert rep["by_type"]["attack"]["matched"] == 1 and rep["by_type"]["attack"]["predicted"] == 2
    assert len(rep["spurious"]) == 1 and not rep["missed"]


def test_wrong_report_date_or_actor(gold_dir):
    stories = read_gold(gold_dir)
    a, b = (gold_dir / "01_strait" / n for n in ("a.txt", "b.txt"))
    preds = [ev("sanction", a, actor="United States", cc="US"),          # not from the report that says it
             ev("attack", a, actor="Iran", cc="IR", lat=12.6, lon=43.4, start="2026-03-05"),  # wrong day
             ev("attack", b, actor="Iran", cc="IR", lat=12.6, lon=43.4)]  # matches, wrong actor, not fused
    rep = score_events(stories, preds).to_dict(details=True)
    assert rep["matched"] == 1 and rep["actor_accuracy"] == 0.0 and rep["fusion_completeness"] == 0.0
    assert [m["type"] for m in rep["missed"]] == ["sanction"]


def test_one_to_one(gold_dir):
    stories = read_gold(gold_dir)
    b = gold_dir / "01_strait" / "b.txt"
    preds = [ev("sanction", b, actor="US", cc="US"), ev("sanction", b, actor="US", cc="US")]
    rep = score_events(stories, preds)
    assert (rep.predicted, rep.matched) == (2, 1)


def test_bad_gold_is_one_line(tmp_path):
    with pytest.raises(InputError, match="no gold.json"):
        read_gold(tmp_path)
    (tmp_path / "s").mkdir()
    (tmp_path / "s" / "gold.json").write_text(json.dumps({"documents": {}, "events": [
        {"type": "picnic", "date": {"start": "2026-01-01", "end": "2026-01-01"}}]}))
    with pytest.raises(InputError, match="unknown event type"):
        read_gold(tmp_path)
