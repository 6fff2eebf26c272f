"""The learned candidate ranker: features, the model file, the resolver's use of it, and
the pairwise training (with synthetic candidates; the real figures come from
``sitmap train-ranker`` on ../shared/eval)."""

from __future__ import annotations

import numpy as np
import pytest
import spacy

from dashboard.evaluate.ranker import TrainingSet, accuracy, export_trees, fit, fit_trees
from dashboard.gazetteer import Candidate, Gazetteer
from dashboard.geoparse import Geoparser
from dashboard.geoparse.ranker import FEATURES, Ranker, TreeRanker, features, load_ranker, shipped_ranker
from dashboard.model import Place
from tests.fixtures.mini_gazetteer import build


def _cand(kind="city", score=0.5, population=1000, name_type="name", subtype=None):
    return Candidate(Place(1, kind, "X", 0.0, 0.0, country_code="US", population=population, subtype=subtype,
                           importance=0.3), score, "X", name_type)


def test_the_feature_vector_names_every_column():
    x = features(_cand("country", 0.8, name_type="alt"), {"country_vote": 0.5, "hand_set": 1.1}, 0, 4)
    assert len(x) == len(FEATURES) and len(set(FEATURES)) == len(FEATURES)
    col = dict(zip(FEATURES, x))
    assert col["kind_country"] == 1 and col["kind_city"] == 0 and col["named_alt"] == 1
    assert col["prior"] == 0.8 and col["hand_set"] == 1.1 and col["first_candidate"] == 1
    assert col["country_vote_x_country"] == 0.5 and col["country_vote_x_local"] == 0  # a country needs no home
    town = dict(zip(FEATURES, features(_cand("city"), {"country_vote": 0.5}, 3, 4)))
    assert town["country_vote_x_local"] == 0.5 and town["first_candidate"] == 0


def test_the_model_file_round_trips_and_refuses_other_features(tmp_path):
    r = Ranker(np.arange(len(FEATURES), dtype=float), 0.5, meta={"trained_on": ["x"]})
    r.save(tmp_path / "r.json")
    import json

    back = Ranker.from_dict(json.loads((tmp_path / "r.json").read_text()))
    assert np.allclose(back.coef, r.coef) and back.meta["trained_on"] == ["x"]
    data = r.to_dict()
    data["features"] = data["features"][:-1]
    with pytest.raises(ValueError, match="retrain"):
        Ranker.from_dict(data)
    shipped = shipped_ranker()
    assert isinstance(shipped, Ranker) and len(shipped.coef) == len(FEATURES)
    assert set(shipped.meta["trained_on"]) == {"lgl", "TR-News"}


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("entity_ruler").add_patterns([{"label": "GPE", "pattern": "Georgia"}])
    return nlp


def test_the_resolver_follows_the_ranker_in_its_last_round(nlp, tmp_path):
    gaz = Gazetteer(build(tmp_path / "mini.sqlite"))
    text = "Georgia said so."
    hand = Geoparser(nlp, gaz)
    hand.resolver.ranker = None
    assert {t.text: t.place.kind for t in hand.parse(text).toponyms}["Georgia"] == "country"
    towards_states = np.zeros(len(FEATURES))
    towards_states[FEATURES.index("kind_admin1")] = 10.0
    learned = Geoparser(nlp, gaz)
    learned.resolver.ranker = Ranker(towards_states)
    assert {t.text: t.place.kind for t in learned.parse(text).toponyms}["Georgia"] == "admin1"
    # tracing records every mention's candidates, their features and the hand-set choice
    learned.resolver.trace = []
    learned.parse(text)
    m, cands, X, choice = learned.resolver.trace[-1]
    assert X.shape == (len(cands), len(FEATURES)) and cands[choice].place.kind == "country"


def _synthetic_set() -> TrainingSet:
    """60 mentions of 4 candidates each whose meant reading is the only country."""
    rng = np.random.default_rng(0)
    ts = TrainingSet("synthetic")
    col = FEATURES.index("kind_country")
    for i in range(60):
        X = rng.normal(size=(4, len(FEATURES)))
        X[:, col] = 0.0
        hit = i % 4
        X[hit, col] = 1.0  # the meant reading is the only country
        ts.X.append(X)
        ts.hits.append(np.arange(4) == hit)
        ts.hand.append(0)  # a baseline that always takes the first candidate
        ts.doc.append(i // 3)
    ts.unanswered = 20
    return ts


def test_pairwise_training_learns_which_candidate_is_meant():
    ts = _synthetic_set()
    assert accuracy([ts], None, lambda X, hand: hand) == pytest.approx(15 / 80)
    model = fit([ts], C=1.0)
    assert accuracy([ts], None, lambda X, hand: int(np.argmax(model.scores(X)))) == pytest.approx(60 / 80)


def test_trees_learn_it_too_and_run_without_scikit_learn_as_the_model_scores(tmp_path):
    ts = _synthetic_set()
    model = fit_trees([ts], max_iter=30, min_samples_leaf=5)
    assert accuracy([ts], None, lambda X, hand: int(np.argmax(model.scores(X)))) == pytest.approx(60 / 80)
    # the exported arrays score exactly as scikit-learn's own decision function
    from sklearn.ensemble import HistGradientBoostingClassifier

    rng = np.random.default_rng(1)
    X = rng.normal(size=(400, len(FEATURES)))
    y = (X[:, 0] > 0.3) ^ (X[:, 4] * X[:, 7] > 0.2)  # an interaction no linear model draws
    skl = HistGradientBoostingClassifier(max_iter=40, max_leaf_nodes=8, random_state=0).fit(X, y)
    trees = export_trees(skl)
    Z = rng.normal(size=(50, len(FEATURES)))
    assert np.allclose(trees.scores(Z), skl.decision_function(Z))
    # and through the model file
    trees.save(tmp_path / "t.json")
    import json

    back = load_ranker(json.loads((tmp_path / "t.json").read_text()))
    assert isinstance(back, TreeRanker) and np.allclose(back.scores(Z), skl.decision_function(Z))
    data = trees.to_dict()
    data["features"] = data["features"][:-1]
    with pytest.raises(ValueError, match="retrain"):
        load_ranker(data)
