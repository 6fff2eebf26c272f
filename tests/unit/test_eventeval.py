from dashboard.evaluate import matches, score_events
from dashboard.model import Actor, DateRef, Event, PlaceRef


def ev(type_, cc, place, start, end, conf=0.5, id_="x"):
    return Event(type=type_, actor=Actor(cc, "state", cc) if cc else None, place=PlaceRef(place, "sea"),
                 date=DateRef(start, end, "day"), summary="", confidence=conf, id=id_)


def test_matching_rules():
    g = {"types": ["deployment"], "actor": "US", "place": "caribbean", "date": ["2025-08-20", "2025-08-28"]}
    assert matches(g, ev("deployment", "US", "southern Caribbean Sea", "2025-08-28", "2025-08-28"))
    assert not matches(g, ev("patrol", "US", "Caribbean Sea", "2025-08-28", "2025-08-28"))
    assert not matches(g, ev("deployment", "VE", "Caribbean Sea", "2025-08-28", "2025-08-28"))
    assert not matches(g, ev("deployment", "US", "Gulf of Mexico", "2025-08-28", "2025-08-28"))
    assert not matches(g, ev("deployment", "US", "Caribbean Sea", "2025-08-29", "2025-08-30"))
    assert matches({"types": ["attack"], "actor": "Houthi"},
                   Event(type="attack", actor=Actor("Houthi rebels", "group"), place=None, date=None, summary=""))


def test_one_to_one_and_statements_unscored():
    gold = [{"types": ["deployment"], "actor": "US"}, {"types": ["deployment"], "actor": "US"}]
    preds = [ev("deployment", "US", "a", "2025-01-01", "2025-01-01", id_="1"),
             ev("statement", "US", "a", "2025-01-01", "2025-01-01", id_="2")]
    s, pairs = score_events(gold, preds)
    assert (s.gold, s.predicted, s.matched) == (2, 1, 1)
    assert s.precision == 1.0 and s.recall == 0.5 and pairs[1][1] is None
