"""The learned candidate ranker: which gazetteer reading of a mention is meant.

The resolver's evidence for one candidate — its gazetteer prior, the document's country
and state votes, containment, type words, spatial coherence — plus what the candidate
is (kind, population, how it was named, capital or not) become a feature vector
(:func:`features`).  A model over these vectors, trained on the gold corpora (``sitmap
train-ranker``, :mod:`dashboard.evaluate.ranker`), scores every candidate in the
resolver's last round; the highest wins.  The shipped model is linear (:class:`Ranker`,
a pairwise logistic regression); gradient-boosted trees (:class:`TreeRanker`, ``sitmap
train-ranker --model trees``) read from the same kind of file.  Trees scored better on
the held-out corpora but resolved well-known names standing alone to US namesakes
("Paris" in Texas) — see tests/integration/test_geoparse_context.py — so they are not shipped.  The model is a JSON file of feature names and arrays
(``ranker.json`` here), read once; no scikit-learn at run time.  Without it the resolver
keeps its hand-set weights.

Why learned: hand-set weights were fitted to local US news (LGL), where the document's
home state is strong evidence; on international news the same weights send "Athens" or
"Dublin" to small US towns.  Interactions of locality with the candidate's kind (a
country reading needs no home support; a town does) let the model weigh prominence
against locality by kind.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import numpy as np

from dashboard.geoparse.lexicon import LOCAL_KINDS

KIND_GROUPS = {"country": "country", "admin1": "admin1", "admin2": "admin2", "city": "city", "sea": "water",
               "lake": "water", "river": "water", "region": "region", "border": "border", "facility": "facility"}
NAME_TYPES = ("name", "long", "abbr", "alt", "code", "demonym", "short")
EVIDENCE = ("prior", "country_vote", "admin1_vote", "contain", "type_fit", "coherence", "hand_set")
KINDS = ("country", "admin1", "admin2", "city", "water", "region", "border", "facility")

#: the names of the feature vector's columns, in order
FEATURES: tuple[str, ...] = (
    *EVIDENCE,
    *(f"kind_{k}" for k in KINDS),
    *(f"named_{t}" for t in NAME_TYPES),
    "log_population", "importance", "capital", "first_candidate", "log_candidates",
    # locality by kind: a document's home country or state supports a town, not a country
    "country_vote_x_local", "admin1_vote_x_local", "prior_x_country", "prior_x_city",
    "log_population_x_city", "country_vote_x_country",
)
_INDEX = {name: i for i, name in enumerate(FEATURES)}


def features(cand, evidence: dict[str, float], rank: int, n_candidates: int) -> np.ndarray:
    """The feature vector of one candidate (``cand.place``, ``cand.score``,
    ``cand.name_type``) given the resolver's ``evidence`` values (keys of EVIDENCE but
    ``prior``; ``hand_set`` is the hand-set weights' score, which the model refines)."""
    p = cand.place
    x = np.zeros(len(FEATURES))
    x[_INDEX["prior"]] = cand.score
    for key in EVIDENCE[1:]:
        x[_INDEX[key]] = evidence.get(key, 0.0)
    kind = KIND_GROUPS.get(p.kind)
    if kind is not None:
        x[_INDEX[f"kind_{kind}"]] = 1.0
    if cand.name_type in NAME_TYPES:
        x[_INDEX[f"named_{cand.name_type}"]] = 1.0
    logpop = math.log10((p.population or 0) + 1) / 7.0
    x[_INDEX["log_population"]] = logpop
    x[_INDEX["importance"]] = p.importance or 0.0
    x[_INDEX["capital"]] = float(p.subtype == "capital")
    x[_INDEX["first_candidate"]] = float(rank == 0)
    x[_INDEX["log_candidates"]] = math.log1p(n_candidates) / math.log(26)
    local = float(p.kind in LOCAL_KINDS)
    x[_INDEX["country_vote_x_local"]] = evidence.get("country_vote", 0.0) * local
    x[_INDEX["admin1_vote_x_local"]] = evidence.get("admin1_vote", 0.0) * local
    x[_INDEX["prior_x_country"]] = cand.score * (p.kind == "country")
    x[_INDEX["prior_x_city"]] = cand.score * (p.kind == "city")
    x[_INDEX["log_population_x_city"]] = logpop * (p.kind == "city")
    x[_INDEX["country_vote_x_country"]] = evidence.get("country_vote", 0.0) * (p.kind == "country")
    return x


class Ranker:
    """A linear scorer over :data:`FEATURES` (a logistic regression's decision function)."""

    def __init__(self, coef, intercept: float = 0.0, *, mean=None, scale=None, meta: dict | None = None):
        self.coef = np.asarray(coef, dtype=float)
        self.intercept = float(intercept)
        self.mean = np.zeros(len(FEATURES)) if mean is None else np.asarray(mean, dtype=float)
        self.scale = np.ones(len(FEATURES)) if scale is None else np.asarray(scale, dtype=float)
        if not (len(self.coef) == len(self.mean) == len(self.scale) == len(FEATURES)):
            raise ValueError(f"ranker has {len(self.coef)} weights for {len(FEATURES)} features")
        self.meta = meta or {}

    def scores(self, X: np.ndarray) -> np.ndarray:
        return ((X - self.mean) / self.scale) @ self.coef + self.intercept

    def to_dict(self) -> dict:
        return {"features": list(FEATURES), "coef": [round(float(c), 6) for c in self.coef],
                "intercept": round(self.intercept, 6), "mean": [round(float(v), 6) for v in self.mean],
                "scale": [round(float(v), 6) for v in self.scale], **self.meta}

    @classmethod
    def from_dict(cls, data: dict) -> "Ranker":
        if list(data.get("features", [])) != list(FEATURES):
            raise ValueError("ranker was trained on other features: retrain it (sitmap train-ranker)")
        meta = {k: v for k, v in data.items() if k not in ("features", "coef", "intercept", "mean", "scale")}
        return cls(data["coef"], data["intercept"], mean=data.get("mean"), scale=data.get("scale"), meta=meta)

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_dict(), indent=1) + "\n", encoding="utf-8")


class TreeRanker:
    """A sum of regression trees over :data:`FEATURES` (a gradient-boosted classifier's
    decision function, :func:`dashboard.evaluate.ranker.fit_trees`), read from plain
    arrays and evaluated with numpy: all trees at once, one level per step, so a mention's
    candidates cost a few array operations whatever the number of trees.

    ``trees`` holds per tree the node arrays ``feature``, ``threshold``, ``left``,
    ``right``, ``leaf`` (0/1) and ``value``; a row goes left when its feature value is at
    most the threshold (the features are never missing)."""

    kind = "trees"

    def __init__(self, trees: list[dict], baseline: float = 0.0, *, meta: dict | None = None):
        if not trees:
            raise ValueError("a tree ranker needs at least one tree")
        width = max(len(t["value"]) for t in trees)

        def table(key, dtype, fill):
            out = np.full((len(trees), width), fill, dtype=dtype)
            for i, t in enumerate(trees):
                out[i, :len(t[key])] = t[key]
            return out

        feature = table("feature", np.int64, 0)
        if feature.max() >= len(FEATURES) or feature.min() < 0:
            raise ValueError(f"ranker trees use features beyond the {len(FEATURES)} known")
        # Flat node tables: node j of tree i is row i * width + j; a leaf's children are the
        # leaf itself, so a row that reached its leaf stays there while the others descend.
        base = (np.arange(len(trees)) * width)[:, None]
        leaf = table("leaf", bool, True)
        own = np.broadcast_to(np.arange(width), leaf.shape) + base
        self._feature = feature.ravel()
        self._threshold = table("threshold", float, np.inf).ravel()
        self._left = np.where(leaf, own, table("left", np.int64, 0) + base).ravel()
        self._right = np.where(leaf, own, table("right", np.int64, 0) + base).ravel()
        self._value = table("value", float, 0.0).ravel()
        self._roots = base.ravel()
        self.depth = max(_depth(t) for t in trees)
        self.baseline = float(baseline)
        self._trees = trees
        self.meta = meta or {}

    def scores(self, X: np.ndarray) -> np.ndarray:
        X = np.ascontiguousarray(X, dtype=float)
        n, width = X.shape
        flat = X.ravel()
        row = (np.arange(n) * width)[:, None]
        node = np.broadcast_to(self._roots, (n, len(self._roots)))
        for _ in range(self.depth):
            go_left = flat[row + self._feature[node]] <= self._threshold[node]
            node = np.where(go_left, self._left[node], self._right[node])
        return self.baseline + self._value[node].sum(axis=1)

    def to_dict(self) -> dict:
        return {"model": self.kind, "features": list(FEATURES), "baseline": round(self.baseline, 8),
                "trees": self._trees, **self.meta}

    @classmethod
    def from_dict(cls, data: dict) -> "TreeRanker":
        if list(data.get("features", [])) != list(FEATURES):
            raise ValueError("ranker was trained on other features: retrain it (sitmap train-ranker)")
        meta = {k: v for k, v in data.items() if k not in ("model", "features", "baseline", "trees")}
        return cls(data["trees"], data.get("baseline", 0.0), meta=meta)

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_dict(), separators=(",", ":")) + "\n", encoding="utf-8")


def _depth(tree: dict) -> int:
    """The number of steps from the root to the deepest leaf."""
    depth, frontier = 0, [0]
    while True:
        frontier = [c for i in frontier if not tree["leaf"][i] for c in (tree["left"][i], tree["right"][i])]
        if not frontier:
            return depth
        depth += 1


def load_ranker(data: dict) -> Ranker | TreeRanker:
    """A ranker from its JSON form, linear or trees."""
    return TreeRanker.from_dict(data) if data.get("model") == "trees" else Ranker.from_dict(data)


@lru_cache(maxsize=1)
def shipped_ranker() -> Ranker | TreeRanker | None:
    """The model shipped with the package, or None when there is none (or it no longer
    fits the features: the resolver then uses its hand-set weights)."""
    res = files("dashboard.geoparse") / "ranker.json"
    if not res.is_file():
        return None
    try:
        return load_ranker(json.loads(res.read_text(encoding="utf-8")))
    except (ValueError, KeyError):
        return None
