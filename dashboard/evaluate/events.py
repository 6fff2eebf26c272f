"""Scoring extracted events against a hand-annotated gold list (bench/gold/events.json).

A gold event is ``{"types": [...], "actor"?: ISO code or name, "place"?: lowercase
substring of the place name, "date"?: [start, end]}``; a predicted (fused) event matches
when its type is listed, its actor is that country (or its name contains the given
name), its place name contains the substring and its date interval overlaps.  Matching
is one-to-one, greedy over gold in order, preferring the highest-confidence prediction.
Statements are neither annotated nor scored.
"""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.model import Event

UNSCORED_TYPES = frozenset({"statement"})


@dataclass(frozen=True)
class EventScore:
    gold: int
    predicted: int
    matched: int

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict:
        return {"gold": self.gold, "predicted": self.predicted, "matched": self.matched,
                "precision": round(self.precision, 3), "recall": round(self.recall, 3), "f1": round(self.f1, 3)}


def matches(gold: dict, e: Event) -> bool:
    if e.type not in gold["types"]:
        return False
    actor = gold.get("actor")
    if actor:
        if e.actor is None:
            return False
        ok = (len(actor) == 2 and actor.isupper() and e.actor.country_code == actor) or \
            actor.lower() in e.actor.name.lower()
        if not ok:
            return False
    place = gold.get("place")
    if place and (e.place is None or place not in e.place.name.lower()):
        return False
    date = gold.get("date")
    if date and (e.date is None or e.date.end < date[0] or e.date.start > date[1]):
        return False
    return True


def score_events(gold: list[dict], predicted: list[Event]) -> tuple[EventScore, list[tuple[dict, Event | None]]]:
    """Precision/recall of ``predicted`` (statements excluded) against ``gold``."""
    preds = sorted((e for e in predicted if e.type not in UNSCORED_TYPES), key=lambda e: (-e.confidence, e.id))
    used: set[str] = set()
    pairs = []
    for g in gold:
        hit = next((e for e in preds if e.id not in used and matches(g, e)), None)
        if hit is not None:
            used.add(hit.id)
        pairs.append((g, hit))
    return EventScore(len(gold), len(preds), len(used)), pairs
