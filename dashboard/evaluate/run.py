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
    as ``acc161_area``, the number of gold spans realigned to the text, and the number of
    descriptions left unscored.

    Descriptions ("the capital", "the coast", "its coastline": source ``description``)
    are references the geoparser resolves from the names around them, for the map; the
    gold corpora annotate proper names only (no gold span of LGL or TR-News starts with a
    lower-case word), so they are not scored as toponyms and are counted apart."""
    stats = AlignmentStats()
    docs = list(read_corpus(corpus, limit=limit, stats=stats))
    items = [{"id": i, "text": d.text, "spans": [list(s) for s in oracle_spans(d)] if oracle else None}
             for i, d in enumerate(docs)]
    ev = Evaluator(oracle=oracle)
    area = AreaAwareAccuracy(gazetteer if gazetteer is not None else Gazetteer())
    described = 0
    for out in progress(run_stage(stage or GeoparseStage(alternatives=False), items, workers=workers),
                        total=len(items), desc="evaluate"):
        named = [t for t in out["toponyms"] if t.get("source") != "description"]
        described += len(out["toponyms"]) - len(named)
        preds = [Prediction(t["start"], t["end"], t["text"], t["lat"], t["lon"]) for t in named]
        doc = docs[out["id"]]
        ev.add(doc, preds)
        area.add(doc, preds, named, oracle=oracle)
    return {"report": ev.report(), "acc161_area": area.value, "realigned_spans": stats.realigned,
            "descriptions_unscored": described}
