"""Scoring the geoparser against gold toponyms, after Gritta et al. (2019).

Takes the gold documents read by :mod:`dashboard.evaluate.corpus` and a geoparser's
:class:`Prediction` values, matches predicted toponym spans against gold ones and computes
the standard measures (an :class:`EvalReport`):

* recognition precision / recall / F1 -- a predicted span matches a gold one when their
  lower-cased strings are equal and their midpoints are at most 10 characters apart
  (one-to-one, greedy by nearest midpoint); every gold toponym counts, located or not;
* resolution on matched gold toponyms that have coordinates: Acc@161km, mean and median
  error (km, haversine) and AUC of the log error curve.  A prediction without coordinates
  for such a toponym counts as the maximum error (20039 km), so abstaining is not rewarded.

In *oracle* mode the gold spans are handed to the geoparser
(:func:`~dashboard.evaluate.corpus.oracle_spans`), recognition is perfect by construction
and gold toponym *i* is paired with prediction *i*.

:class:`Evaluator` is streaming: it accumulates counts and errors document by document.
:class:`AreaAwareAccuracy` is a secondary, polygon-aware Acc@161km over the gazetteer.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field

from dashboard.errors import InputError
from dashboard.evaluate.corpus import GoldDocument, GoldToponym
from dashboard.util.geo import EARTH_RADIUS_KM, haversine_km

__all__ = [
    "EARTH_RADIUS_KM", "MAX_ERROR_KM", "ACC_THRESHOLD_KM", "MATCH_WINDOW", "Prediction", "EvalReport",
    "Evaluator", "haversine_km", "match_spans", "auc", "score", "AREA_KINDS", "AreaAwareAccuracy",
]

"""Mean earth radius (IUGG), as in geopy."""
MAX_ERROR_KM = 20039.0
"""Maximum error of Gritta et al.: the penalty for a missing answer and the AUC scale."""
ACC_THRESHOLD_KM = 161.0
"""Acc@161km: an error strictly below 161 km (100 miles) counts as correct."""
MATCH_WINDOW = 10.0
"""Largest midpoint distance (characters, inclusive) between matching spans."""


@dataclass(frozen=True)
class Prediction:
    """What a geoparser returns for one toponym; ``lat``/``lon`` are None when unresolved."""

    start: int
    end: int
    text: str
    lat: float | None = None
    lon: float | None = None


def match_spans(gold: Sequence[GoldToponym], predicted: Sequence[Prediction]) -> list[tuple[int, int]]:
    """One-to-one matching of predicted to gold spans; returns ``(gold_i, pred_i)`` sorted by gold.

    A pair is eligible when ``phrase.lower() == text.lower()`` and the span midpoints are at
    most :data:`MATCH_WINDOW` characters apart; eligible pairs are taken greedily by
    increasing midpoint distance (ties: earlier gold, then earlier prediction).
    """
    candidates: list[tuple[float, int, int]] = []
    for gi, g in enumerate(gold):
        g_mid, g_str = (g.start + g.end) / 2, g.phrase.lower()
        for pi, p in enumerate(predicted):
            distance = abs((p.start + p.end) / 2 - g_mid)
            if distance <= MATCH_WINDOW and p.text.lower() == g_str:
                candidates.append((distance, gi, pi))
    candidates.sort()
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, gi, pi in candidates:
        if gi not in used_gold and pi not in used_pred:
            used_gold.add(gi)
            used_pred.add(pi)
            pairs.append((gi, pi))
    return sorted(pairs)


def auc(errors_km: Iterable[float]) -> float | None:
    """Area under the log error curve, in [0, 1], lower is better (Gritta et al. 2019).

    Errors are sorted and mapped to ``ln(1 + e) / ln(20039)`` (capped at 1), then integrated
    with the trapezoid rule over unit steps and divided by ``n - 1``.  With one error the
    curve is a single point and its value is returned; with none the result is None.
    """
    scale = math.log(MAX_ERROR_KM)
    values = sorted(min(1.0, math.log1p(max(0.0, e)) / scale) for e in errors_km)
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    area = sum((a + b) / 2 for a, b in zip(values, values[1:]))
    return area / (len(values) - 1)


@dataclass(frozen=True)
class EvalReport:
    """The measures over a corpus; resolution fields are None when nothing was resolvable."""

    documents: int
    gold: int
    predicted: int
    matched: int
    precision: float
    recall: float
    f1: float
    resolved: int
    acc161: float | None
    mean_km: float | None
    median_km: float | None
    auc: float | None
    oracle: bool = False
    #: located gold toponyms the geoparser answered without coordinates (no candidate)
    unanswered: int = 0

    @property
    def unanswered_share(self) -> float | None:
        return self.unanswered / self.resolved if self.resolved else None

    def to_dict(self) -> dict[str, object]:
        """The report as a plain JSON-ready dict."""
        return {**asdict(self), "unanswered_share": self.unanswered_share}

    def format_text(self) -> str:
        """A compact two-column table for the terminal."""

        def num(value: float | None, fmt: str) -> str:
            return "n/a" if value is None else format(value, fmt)

        mode = "oracle spans (resolution only)" if self.oracle else "end to end"
        rows = [
            ("mode", mode),
            ("documents", str(self.documents)),
            ("gold toponyms", str(self.gold)),
            ("predicted", str(self.predicted)),
            ("matched", str(self.matched)),
            ("precision", num(self.precision, ".3f")),
            ("recall", num(self.recall, ".3f")),
            ("F1", num(self.f1, ".3f")),
            ("resolved", str(self.resolved)),
            ("no candidate", "n/a" if self.unanswered_share is None
             else f"{self.unanswered} ({self.unanswered_share:.1%})"),
            ("Acc@161km", num(self.acc161, ".3f")),
            ("mean error km", num(self.mean_km, ".1f")),
            ("median error km", num(self.median_km, ".1f")),
            ("AUC (lower=better)", num(self.auc, ".3f")),
        ]
        width = max(len(label) for label, _ in rows)
        return "\n".join(f"{label:<{width}}  {value}" for label, value in rows)


@dataclass
class Evaluator:
    """Streaming accumulator: ``add`` each document with its predictions, then ``report``."""

    oracle: bool = False
    documents: int = 0
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    errors_km: list[float] = field(default_factory=list)
    unanswered: int = 0

    def add(self, doc: GoldDocument, predictions: Iterable[Prediction]) -> None:
        """Score one document.  In oracle mode ``predictions[i]`` answers ``doc.toponyms[i]``."""
        preds = list(predictions)
        if self.oracle:
            if len(preds) != len(doc.toponyms):
                raise InputError(
                    f"document {doc.docid}: oracle mode needs one prediction per gold span "
                    f"({len(doc.toponyms)}), got {len(preds)}; return a Prediction (lat/lon None "
                    "when unresolved) for every span of oracle_spans(doc)"
                )
            pairs = [(i, i) for i in range(len(preds))]
        else:
            pairs = match_spans(doc.toponyms, preds)
        self.documents += 1
        self.gold += len(doc.toponyms)
        self.predicted += len(preds)
        self.matched += len(pairs)
        for gi, pi in pairs:
            g, p = doc.toponyms[gi], preds[pi]
            if not g.located:
                continue
            if p.lat is None or p.lon is None:
                self.errors_km.append(MAX_ERROR_KM)
                self.unanswered += 1
            else:
                self.errors_km.append(haversine_km(g.lat, g.lon, p.lat, p.lon))  # type: ignore[arg-type]

    def report(self) -> EvalReport:
        """The measures over everything added so far."""
        precision = self.matched / self.predicted if self.predicted else 0.0
        recall = self.matched / self.gold if self.gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        errors = self.errors_km
        return EvalReport(
            documents=self.documents,
            gold=self.gold,
            predicted=self.predicted,
            matched=self.matched,
            precision=precision,
            recall=recall,
            f1=f1,
            resolved=len(errors),
            acc161=sum(e < ACC_THRESHOLD_KM for e in errors) / len(errors) if errors else None,
            mean_km=statistics.fmean(errors) if errors else None,
            median_km=statistics.median(errors) if errors else None,
            auc=auc(errors),
            oracle=self.oracle,
            unanswered=self.unanswered,
        )


def score(
    pairs: Iterable[tuple[GoldDocument, Sequence[Prediction]]], *, oracle: bool = False
) -> EvalReport:
    """Score ``(document, predictions)`` pairs; see :class:`Evaluator` for oracle mode."""
    evaluator = Evaluator(oracle=oracle)
    for doc, predictions in pairs:
        evaluator.add(doc, predictions)
    return evaluator.report()


AREA_KINDS = frozenset({"country", "admin1", "admin2", "region", "sea", "lake"})


class AreaAwareAccuracy:
    """Acc@161km that also counts a hit when the gold point lies inside the resolved
    polygon (buffered ≈1 km).  Gold corpora give one point per country or state, and
    gazetteers disagree on which point; this secondary measure separates "wrong place"
    from "same place, other reference point".  Not part of Gritta et al.'s measures."""

    def __init__(self, gazetteer):
        self.gazetteer = gazetteer
        self.hits = 0
        self.total = 0

    def add(self, doc: GoldDocument, predictions: Sequence[Prediction], toponyms: Sequence[dict], *,
            oracle: bool) -> None:
        import shapely

        pairs = list(zip(range(len(doc.toponyms)), range(len(predictions)))) if oracle \
            else match_spans(doc.toponyms, predictions)
        for gi, pi in pairs:
            g, t = doc.toponyms[gi], toponyms[pi]
            if g.lat is None or g.lon is None:
                continue
            self.total += 1
            if t.get("lat") is None:
                continue
            if haversine_km(g.lat, g.lon, t["lat"], t["lon"]) < ACC_THRESHOLD_KM:
                self.hits += 1
            elif t.get("kind") in AREA_KINDS and t.get("place_id") is not None:
                geom = self.gazetteer.geometry(t["place_id"], simple=True)
                if geom.buffer(0.01).contains(shapely.Point(g.lon, g.lat)):
                    self.hits += 1

    @property
    def value(self) -> float | None:
        return self.hits / self.total if self.total else None
