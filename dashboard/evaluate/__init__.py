"""Evaluation: gold corpora in; scores out.  The geoparser against LGL/TR-News-style XML
(recognition P/R/F1, Acc@161km, AUC) and events against a gold event set.
Modules: ``corpus`` (reading the gold XML), ``metrics`` (geoparser scores), ``run``
(geoparse a corpus and score it), ``event_gold`` and ``events`` (an events gold set and its scores).
May import: :mod:`dashboard.pipeline`, :mod:`dashboard.fuse`, :mod:`dashboard.geoparse`, :mod:`dashboard.gazetteer`,
:mod:`dashboard.model`, :mod:`dashboard.errors`, :mod:`dashboard.util`.
"""

from dashboard.evaluate.corpus import AlignmentStats, GoldDocument, GoldToponym, oracle_spans, read_corpus
from dashboard.evaluate.metrics import (AreaAwareAccuracy, EvalReport, Evaluator, haversine_km, Prediction,
    score)
from dashboard.evaluate.event_gold import GoldEvent, GoldStory, read_gold
from dashboard.evaluate.events import EventsReport, evaluate_events, score_events
from dashboard.evaluate.run import evaluate_corpus

__all__ = [
    "AlignmentStats", "AreaAwareAccuracy", "EvalReport", "Evaluator", "haversine_km",
    "oracle_spans", "Prediction", "read_corpus", "EventsReport", "evaluate_events", "score_events",
    "GoldEvent", "GoldStory", "read_gold",
    "GoldDocument", "GoldToponym", "score", "evaluate_corpus",
]
