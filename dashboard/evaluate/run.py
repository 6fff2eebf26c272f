"""Running the geoparser over a gold corpus and scoring it (``sitmap evaluate``)."""

from __future__ import annotations

from pathlib import Path

from dashboard.evaluate.corpus import AlignmentStats, oracle_spans, read_corpus
from dashboard.evaluate.metrics import AreaAwareAccuracy, Evaluator, Prediction
from dashboard.gazetteer import Gazetteer
from dashboard.geoparse import GeoparseStage
from dashboard.pipeline import progress, run_stage


def evaluate_corpus(corpus: str | Path, *, oracle: bool = False, limit: int | None = None, workers: int = 1,
                    gazetteer: Gazetteer | None = None, stage: GeoparseStage | None = None) -> dict:
    """Geoparse the corpus (its gold spans only with ``oracle``) and score it: the
    :class:`~dashboard.evaluate.metrics.EvalReport` as ``report``, the area-aware Acc@161
    as ``acc161_area``, and the number of gold spans realigned to the text."""
    stats = AlignmentStats()
    docs = list(read_corpus(corpus, limit=limit, stats=stats))
    items = [{"id": i, "text": d.text, "spans": [list(s) for s in oracle_spans(d)] if oracle else None}
             for i, d in enumerate(docs)]
    ev = Evaluator(oracle=oracle)
    area = AreaAwareAccuracy(gazetteer if gazetteer is not None else Gazetteer())
    for out in progress(run_stage(stage or GeoparseStage(alternatives=False), items, workers=workers),
                        total=len(items), desc="evaluate"):
        preds = [Prediction(t["start"], t["end"], t["text"], t["lat"], t["lon"]) for t in out["toponyms"]]
        doc = docs[out["id"]]
        ev.add(doc, preds)
        area.add(doc, preds, out["toponyms"], oracle=oracle)
    return {"report": ev.report(), "acc161_area": area.value, "realigned_spans": stats.realigned}
