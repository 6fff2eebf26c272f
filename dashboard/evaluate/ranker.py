"""Training and scoring the learned candidate ranker (``sitmap train-ranker``).

For every located gold toponym of a corpus, the geoparser resolves the gold span (oracle
mode) with the hand-set weights and records, in its last round, each candidate's
feature vector (:func:`dashboard.geoparse.ranker.features`) and whether the candidate
lies within 161 km of the gold point (an airport named only by its town never counts:
the mention means the town).  A pairwise logistic regression (:func:`fit`, the shipped
model) learns to order a mention's hits above its misses; gradient-boosted trees
(:func:`fit_trees`, ``--model trees``) learn whether a candidate is a hit; at run time the
highest-scoring candidate of a mention wins.  scikit-learn fits both.

Measured, all as oracle Acc@161 over the located gold toponyms (a toponym with no
candidate counts as a miss, as in ``sitmap evaluate --oracle``):

* ``hand_set`` — the resolver's hand-set weights (the baseline, same run);
* ``in_domain_cv`` — 5-fold cross-validation within the corpus, folds by document;
* ``cross_corpus`` — trained on the other corpora only: how the ranker transfers to news
  it was not fitted on (the figure that matters);
* the shipped model is then fitted on all corpora together.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from dashboard.evaluate.corpus import oracle_spans, read_corpus
from dashboard.geoparse import Geoparser
from dashboard.geoparse.ranker import FEATURES, Ranker, TreeRanker
from dashboard.geoparse.resolve import stands_for_its_town
from dashboard.util.geo import haversine_km

log = logging.getLogger("sitmap.evaluate")

HIT_KM = 161.0
#: misses per mention paired with its hits (the resolver ranks at most 25 candidates)
MAX_MISSES = 25


@dataclass
class TrainingSet:
    """One corpus's candidates: per located gold toponym, its candidates' features, which
    of them are hits, and the hand-set choice."""

    name: str
    X: list[np.ndarray] = field(default_factory=list)  # per mention: (n candidates, features)
    hits: list[np.ndarray] = field(default_factory=list)  # per mention: bool per candidate
    hand: list[int] = field(default_factory=list)  # per mention: the hand-set weights' choice
    doc: list[int] = field(default_factory=list)  # per mention: its document
    unanswered: int = 0  # located gold toponyms without any candidate

    @property
    def total(self) -> int:
        return len(self.X) + self.unanswered


def collect(corpus: str | Path, geoparser: Geoparser, *, limit: int | None = None) -> TrainingSet:
    """The candidates of every located gold toponym of ``corpus``."""
    out = TrainingSet(Path(corpus).stem)
    resolver = geoparser.resolver
    saved = resolver.ranker
    resolver.ranker = None  # features of the hand-set rounds; the choice is the ranker's to learn
    try:
        for d_i, doc in enumerate(read_corpus(corpus, limit=limit)):
            spans = oracle_spans(doc)
            resolver.trace = []
            geoparser.resolve_spans(doc.text, spans)
            traced = {(m.start, m.end): (m, cands, X, hand) for m, cands, X, hand in resolver.trace}
            for gold, (s, e) in zip(doc.toponyms, spans):
                if not gold.located:
                    continue
                key = (max(0, int(s)), min(len(doc.text), int(e)))
                if key not in traced:
                    out.unanswered += 1
                    continue
                m, cands, X, hand = traced[key]
                out.X.append(X)
                # an airport named only by its town is the wrong feature even when it lies
                # within reach of the gold point: the mention meant the town
                out.hits.append(np.array([haversine_km(gold.lat, gold.lon, c.place.lat, c.place.lon) < HIT_KM
                                          and not stands_for_its_town(m, c) for c in cands]))
                out.hand.append(hand)
                out.doc.append(d_i)
    finally:
        resolver.trace, resolver.ranker = None, saved
    log.info("%s: %d toponyms with candidates, %d without", out.name, len(out.X), out.unanswered)
    return out


def accuracy(sets: list[TrainingSet], idx: list[np.ndarray] | None, choose) -> float:
    """Acc@161 over ``sets`` (restricted to mention indices ``idx[k]`` of set k, the
    unanswered counted in proportion) with ``choose(X) -> index``."""
    hits = total = 0.0
    for k, ts in enumerate(sets):
        rows = range(len(ts.X)) if idx is None else idx[k]
        share = 1.0 if idx is None else (len(rows) / len(ts.X) if ts.X else 0.0)
        hits += sum(bool(ts.hits[i][choose(ts.X[i], ts.hand[i])]) for i in rows)
        total += len(rows) + ts.unanswered * share
    return hits / total if total else 0.0


def _contested(sets: list[TrainingSet], idx: list[np.ndarray] | None) -> list[tuple[np.ndarray, np.ndarray]]:
    """(features, hits) of the mentions (of ``idx[k]`` in set k, or all) whose candidates
    hold both a hit and a miss: the only ones a ranker can learn from."""
    return [(ts.X[i], ts.hits[i]) for k, ts in enumerate(sets)
            for i in (range(len(ts.X)) if idx is None else idx[k]) if ts.hits[i].any() and not ts.hits[i].all()]


def fit(sets: list[TrainingSet], idx: list[np.ndarray] | None = None, *, C: float = 1.0) -> Ranker:
    """A pairwise logistic regression (a ranking model): for every mention whose
    candidates hold a hit and a miss, each (hit, miss) pair's feature difference is a
    positive example and its negation a negative one; the weights then order candidates,
    which is all the resolver asks of them.  Features are standardised first."""
    from sklearn.linear_model import LogisticRegression

    mentions = _contested(sets, idx)
    allx = np.vstack([X for X, _ in mentions])
    mean, scale = allx.mean(axis=0), allx.std(axis=0)
    scale = np.where(scale > 0, scale, 1.0)
    diffs = []
    for X, h in mentions:
        Z = (X - mean) / scale
        pos, neg = Z[h], Z[~h][:MAX_MISSES]
        diffs.append((pos[:, None, :] - neg[None, :, :]).reshape(-1, Z.shape[1]))
    D = np.vstack(diffs)
    model = LogisticRegression(C=C, fit_intercept=False, max_iter=5000).fit(
        np.vstack([D, -D]), np.concatenate([np.ones(len(D)), np.zeros(len(D))]))
    return Ranker(model.coef_[0], 0.0, mean=mean, scale=scale)


#: the gradient-boosted trees' settings (chosen on the in-domain and cross-corpus figures of
#: both corpora; shallow trees, strong leaf minimum: a few hundred toponyms per leaf)
TREE_PARAMS = {"max_iter": 200, "learning_rate": 0.1, "max_leaf_nodes": 15, "min_samples_leaf": 40,
               "l2_regularization": 1.0, "random_state": 0}


def fit_trees(sets: list[TrainingSet], idx: list[np.ndarray] | None = None, **params) -> TreeRanker:
    """Gradient-boosted trees (scikit-learn's HistGradientBoostingClassifier) predicting
    whether a candidate is a hit, over the candidates of every mention that has both a hit
    and a miss; at run time the most probable hit of a mention wins.  Trees learn the
    interactions a linear ranker must be handed (a capital against the document's home
    state, a town's population against a country reading) and score better on the held-out
    corpora, but without context they fall back on the corpora's US towns (see
    :mod:`dashboard.geoparse.ranker`): not the shipped model.  The fitted trees are
    exported to plain arrays (:class:`TreeRanker`), so scikit-learn is needed to train,
    not to run."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    mentions = _contested(sets, idx)
    model = HistGradientBoostingClassifier(**{**TREE_PARAMS, **params}).fit(
        np.vstack([X for X, _ in mentions]), np.concatenate([h for _, h in mentions]))
    return export_trees(model)


def export_trees(model) -> TreeRanker:
    """The trees of a fitted binary HistGradientBoostingClassifier as a :class:`TreeRanker`
    whose scores equal the model's ``decision_function``."""
    trees = []
    for (predictor,) in model._predictors:  # binary: one tree per iteration
        nodes = predictor.nodes
        if nodes["is_categorical"].any():
            raise ValueError("categorical splits are not supported by the exported ranker")
        trees.append({"feature": nodes["feature_idx"].astype(int).tolist(),
                      "threshold": [float(v) for v in nodes["num_threshold"]],
                      "left": nodes["left"].astype(int).tolist(), "right": nodes["right"].astype(int).tolist(),
                      "leaf": nodes["is_leaf"].astype(int).tolist(),
                      "value": [round(float(v), 8) for v in nodes["value"]]})
    return TreeRanker(trees, float(np.ravel(model._baseline_prediction)[0]))


def _fitter(model: str, C: float):
    if model == "trees":
        return lambda sets, idx=None: fit_trees(sets, idx)
    return lambda sets, idx=None: fit(sets, idx, C=C)


def _by_ranker(ranker: Ranker):
    return lambda X, hand: int(np.argmax(ranker.scores(X)))


def _folds(ts: TrainingSet, k: int, seed: int = 0) -> list[np.ndarray]:
    docs = np.array(sorted(set(ts.doc)))
    rng = np.random.default_rng(seed)
    rng.shuffle(docs)
    fold_of = {d: i % k for i, d in enumerate(docs)}
    doc = np.array(ts.doc)
    return [np.flatnonzero(np.array([fold_of[d] == f for d in doc])) for f in range(k)]


def train_report(sets: list[TrainingSet], *, C: float = 1.0, folds: int = 5,
                 model: str = "linear") -> tuple[Ranker | TreeRanker, dict]:
    """The shipped model (fitted on all ``sets``; ``model`` "linear" or "trees") and the
    figures of the module docstring."""
    fitter = _fitter(model, C)
    report: dict = {"model": model, "C": C, "features": len(FEATURES), "corpora": {}}
    for k, ts in enumerate(sets):
        hand = accuracy([ts], None, lambda X, h: h)
        # in-domain: k-fold by document within this corpus
        parts = _folds(ts, folds)
        hits = 0.0
        for f, test in enumerate(parts):
            train = np.concatenate([p for g, p in enumerate(parts) if g != f])
            r = fitter([ts], [train])
            hits += accuracy([ts], [test], _by_ranker(r)) * (len(test) + ts.unanswered * len(test) / len(ts.X))
        in_domain = hits / ts.total
        others = [o for o in sets if o is not ts]
        cross = accuracy([ts], None, _by_ranker(fitter(others))) if others else None
        report["corpora"][ts.name] = {
            "toponyms": ts.total, "no_candidate": ts.unanswered, "hand_set": round(hand, 4),
            "in_domain_cv": round(in_domain, 4), "cross_corpus": None if cross is None else round(cross, 4),
            "trained_on_for_cross": [o.name for o in others]}
    final = fitter(sets)
    report["all_corpora_fit"] = {ts.name: round(accuracy([ts], None, _by_ranker(final)), 4) for ts in sets}
    final.meta = {"trained_on": [ts.name for ts in sets], "C": C, "report": report["corpora"]}
    if model == "trees":
        final.meta = {**final.meta, "C": None, "params": TREE_PARAMS}
    return final, report
