"""Evaluation: gold corpora in; scores out.  The geoparser against LGL/TR-News-style XML
(recognition P/R/F1, Acc@161km, AUC) and events against a gold event set.
May import: :mod:`dashboard.pipeline`, :mod:`dashboard.geoparse`, :mod:`dashboard.gazetteer`,
:mod:`dashboard.model`, :mod:`dashboard.errors`, :mod:`dashboard.util`.
"""

from .geoparse import (AlignmentStats, AreaAwareAccuracy, EvalReport, Evaluator, haversine_km, oracle_spans,
    Prediction, read_corpus)
from .events import EventScore, matches, score_events

__all__ = [
    "AlignmentStats", "AreaAwareAccuracy", "EvalReport", "Evaluator", "haversine_km",
    "oracle_spans", "Prediction", "read_corpus", "EventScore", "matches", "score_events",
]
