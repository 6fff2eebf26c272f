"""Scoring fused events against an events gold set (``sitmap evaluate-events GOLD_DIR``).

A predicted event *matches* a gold event when it comes from one of the gold event's
reports, its type is the gold type (or one of ``also_ok``), its date interval overlaps the
gold interval, and its place lies within the gold tolerance of the gold point (any place,
or none, when the gold has no place).  Matching is one-to-one, closest first.

Scored predictions are the events shown as events: every type but ``statement``, with
modality fact or intent.  On matched pairs: actor accuracy (the same state, or for a
non-state actor a name sharing a word), date accuracy (the predicted interval inside the
gold one, a day's slack), forces accuracy (a gold count found with its unit), modality
accuracy, place error, and fusion completeness (a multi-report gold event found as one
event holding all its reports).
"""

from __future__ import annotations

import json
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import shapely
from shapely.ops import nearest_points

from dashboard.evaluate.event_gold import GoldEvent, GoldStory, read_gold
from dashboard.fuse import fuse
from dashboard.model import EVENT_MODALITIES, Event
from dashboard.pipeline import Inputs, extract_events, process
from dashboard.util.geo import haversine_km

UNSCORED_TYPES = frozenset({"statement"})


def scored(e: Event) -> bool:
    """Is ``e`` an event the map shows as one (not a statement, not rhetoric)?"""
    return e.type not in UNSCORED_TYPES and e.modality in EVENT_MODALITIES


def _sources(e: Event) -> set[str]:
    return {str(Path(s.path).resolve()) for s in e.sources if s.path}


def place_error_km(g: GoldEvent, e: Event) -> float | None:
    """Distance from the gold point to the predicted place (0 inside its geometry)."""
    if g.place is None or e.place is None or e.place.lat is None:
        return None
    d = haversine_km(g.place.lat, g.place.lon, e.place.lat, e.place.lon)
    if d > g.place.tolerance_km and e.place.geometry:
        geom = shapely.from_geojson(e.place.geometry)
        pt = shapely.Point(g.place.lon, g.place.lat)
        if geom.covers(pt):
            return 0.0
        near = nearest_points(geom, pt)[0]
        d = min(d, haversine_km(g.place.lat, g.place.lon, near.y, near.x))
    return d


def matches(g: GoldEvent, e: Event) -> float | None:
    """The match's cost (lower is closer), or None when ``e`` cannot be ``g``."""
    if e.type not in g.types or not (_sources(e) & g.sources) or e.date is None:
        return None
    if e.date.end < g.start or e.date.start > g.end:
        return None
    if g.place is None:
        return 0.5
    err = place_error_km(g, e)
    if err is None or err > g.place.tolerance_km:
        return None
    return err / g.place.tolerance_km + (0 if e.type == g.type else 0.25)


def _words(name: str) -> set[str]:
    return {w.rstrip("s") for w in re.findall(r"[a-z]{3,}", name.lower())} - {"the", "and", "forces", "force"}


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Z][\w']*", name))


def actor_right(g: GoldEvent, e: Event) -> bool:
    """The same state; for a non-state gold actor, a non-state actor sharing a word with
    the gold name or spelling its initials ("RSF" for "Rapid Support Forces")."""
    if e.actor is None:
        return False
    if g.actor_country:
        return e.actor.country_code == g.actor_country
    if e.actor.kind == "state":
        return False
    gold, got = g.actor or "", e.actor.name
    return bool(_words(gold) & _words(got)) or (got.isupper() and got in _initials(gold))


def date_right(g: GoldEvent, e: Event) -> bool:
    lo = (date.fromisoformat(g.start) - timedelta(days=1)).isoformat()
    hi = (date.fromisoformat(g.end) + timedelta(days=1)).isoformat()
    return lo <= e.date.start and e.date.end <= hi


def forces_right(g: GoldEvent, e: Event) -> bool | None:
    counted = [(c, u) for c, u in g.forces if c is not None]
    if not counted:
        return None
    got = {(f.count, f.unit) for f in e.forces}
    got |= {(int(v.value.split()[0].replace(",", "")), v.value.split()[-1]) for c in e.conflicts
            if c.field == "forces" for v in c.values if v.value.split()[0].replace(",", "").isdigit()}
    return any(x in got for x in counted)


@dataclass
class EventsReport:
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    by_type: dict = field(default_factory=dict)  # type -> [gold, predicted, matched]
    actor: list = field(default_factory=list)
    date: list = field(default_factory=list)
    forces: list = field(default_factory=list)
    modality: list = field(default_factory=list)
    place_km: list = field(default_factory=list)
    fusion: list = field(default_factory=list)
    missed: list = field(default_factory=list)
    spurious: list = field(default_factory=list)
    wrong_actor: list = field(default_factory=list)  # matched events whose actor is not the gold's

    @staticmethod
    def _prf(g: int, p: int, m: int) -> dict:
        pr, rc = (m / p if p else 0.0), (m / g if g else 0.0)
        return {"gold": g, "predicted": p, "matched": m, "precision": round(pr, 3), "recall": round(rc, 3),
                "f1": round(2 * pr * rc / (pr + rc), 3) if pr + rc else 0.0}

    @staticmethod
    def _share(xs: list) -> float | None:
        xs = [x for x in xs if x is not None]
        return round(sum(xs) / len(xs), 3) if xs else None

    def to_dict(self, *, details: bool = False) -> dict:
        d = {**self._prf(self.gold, self.predicted, self.matched),
             "actor_accuracy": self._share(self.actor), "date_accuracy": self._share(self.date),
             "forces_accuracy": self._share(self.forces), "modality_accuracy": self._share(self.modality),
             "place_median_km": round(statistics.median(self.place_km), 1) if self.place_km else None,
             "fusion_completeness": self._share(self.fusion),
             "by_type": {t: self._prf(*v) for t, v in sorted(self.by_type.items())}}
        if details:
            d["missed"], d["spurious"], d["wrong_actor"] = self.missed, self.spurious, self.wrong_actor
        return d

    def format_text(self, title: str, *, details: bool = False) -> str:
        """The report as a table by type, the accuracies, and with ``details`` what was missed."""
        d = self.to_dict(details=details)
        lines = [title, f"{'type':<18}{'gold':>5}{'pred':>6}{'match':>6}{'P':>7}{'R':>7}{'F1':>7}"]
        rows = [*d["by_type"].items(), ("all", {k: d[k] for k in ("gold", "predicted", "matched", "precision",
                                                                  "recall", "f1")})]
        for t, v in rows:
            lines.append(f"{t:<18}{v['gold']:>5}{v['predicted']:>6}{v['matched']:>6}{v['precision']:>7.3f}"
                         f"{v['recall']:>7.3f}{v['f1']:>7.3f}")
        for k in ("actor_accuracy", "date_accuracy", "forces_accuracy", "modality_accuracy", "place_median_km",
                  "fusion_completeness"):
            lines.append(f"{k.replace('_', ' '):<22}{d[k]}")
        for k in ("missed", "spurious", "wrong_actor") if details else ():
            lines += [f"{k}: {json.dumps(item, ensure_ascii=False)}" for item in d[k]]
        return "\n".join(lines)


def score_events(stories: list[GoldStory], predicted: list[Event]) -> EventsReport:
    """Match ``predicted`` (fused events of all the stories' reports) to the gold."""
    gold = [g for s in stories for g in s.events]
    preds = [e for e in predicted if scored(e)]
    rep = EventsReport(gold=len(gold), predicted=len(preds))
    counts: dict[str, list[int]] = {}
    for g in gold:
        counts.setdefault(g.type, [0, 0, 0])[0] += 1
    for e in preds:
        counts.setdefault(e.type, [0, 0, 0])[1] += 1
    pairs = sorted((cost, i, j) for i, g in enumerate(gold) for j, e in enumerate(preds)
                   if (cost := matches(g, e)) is not None)
    used_g: dict[int, int] = {}
    used_p: set[int] = set()
    for _cost, i, j in pairs:
        if i in used_g or j in used_p:
            continue
        used_g[i] = j
        used_p.add(j)
    rep.matched = len(used_g)
    for i, j in used_g.items():
        g, e = gold[i], preds[j]
        counts[g.type][2] += 1
        if e.type != g.type:  # an also-ok type: credit the gold type, not the predicted one
            counts[e.type][1] -= 1
            counts[g.type][1] += 1
        rep.actor.append(actor_right(g, e))
        if not rep.actor[-1]:
            rep.wrong_actor.append({"story": g.story, "type": g.type, "gold": g.actor, "got": e.actor and e.actor.name,
                                    "sentence": e.sources[0].sentence[:200] if e.sources else None})
        rep.date.append(date_right(g, e))
        rep.forces.append(forces_right(g, e))
        rep.modality.append(e.modality == g.modality)
        err = place_error_km(g, e)
        if err is not None:
            rep.place_km.append(err)
        if len(g.sources) > 1:
            rep.fusion.append(g.sources <= _sources(e))
    rep.by_type = counts
    rep.missed = [{"story": g.story, "type": g.type, "actor": g.actor, "place": g.place and g.place.name,
                   "date": [g.start, g.end]} for i, g in enumerate(gold) if i not in used_g]
    rep.spurious = [{"type": e.type, "summary": e.summary, "date": e.date and [e.date.start, e.date.end],
                     "sentence": e.sources[0].sentence[:200] if e.sources else None}
                    for j, e in enumerate(preds) if j not in used_p]
    return rep


def evaluate_events(gold_dir: str | Path, *, workers: int = 1, stage=None) -> tuple[EventsReport, dict]:
    """Run the pipeline over every report of the gold set (fused together, as a user's
    folder would be) and score it.  Returns the report and counts of the set."""
    stories = read_gold(gold_dir)
    docs = [str(d.resolve()) for s in stories for d in s.documents]
    if stage is not None:
        events = fuse([e for r in process(Inputs(docs), stage=stage) for e in r.events])
    else:
        events = extract_events(*docs, workers=workers)
    kinds = Counter(Path(d).suffix for d in docs)
    return score_events(stories, events), {"stories": len(stories), "documents": len(docs), "formats": dict(kinds)}
