"""Which spaCy model the geoparser loads: an installed package, or a saved model's folder."""

from __future__ import annotations

import pytest
import spacy

from dashboard.errors import DataError
from dashboard.geoparse import nlp as nlp_mod


def test_a_saved_model_folder_is_loaded_from_the_environment(tmp_path, monkeypatch):
    saved = spacy.blank("en")
    saved.add_pipe("entity_ruler").add_patterns([{"label": "GPE", "pattern": "Mosul"}])
    saved.to_disk(tmp_path / "model")
    monkeypatch.setenv("SITMAP_SPACY_MODEL", str(tmp_path / "model"))

    assert nlp_mod.model_name() == str(tmp_path / "model")
    nlp = nlp_mod.load_pipeline.__wrapped__()  # uncached: a fresh load from the folder
    assert nlp_mod.LINE_BREAKS in nlp.pipe_names
    assert [(e.text, e.label_) for e in nlp("Fighting near Mosul.").ents] == [("Mosul", "GPE")]


def test_an_unknown_model_is_a_clear_error_naming_it(tmp_path, monkeypatch):
    missing = tmp_path / "no-such-model"
    missing.mkdir()  # a folder, but not a saved model (no config.cfg)
    monkeypatch.setenv("SITMAP_SPACY_MODEL", str(missing))
    with pytest.raises(DataError, match="no-such-model.*config.cfg"):
        nlp_mod.model_name()
