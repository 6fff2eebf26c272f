"""Long texts are processed in bounded pieces and reassembled with exact offsets."""

from __future__ import annotations

import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.nlp import pipe_texts, split_text


@given(st.text(alphabet="ab .\n", max_size=3000), st.integers(min_value=10, max_value=400))
@settings(max_examples=200, deadline=None)
def test_split_text_keeps_every_character(text, size):
    pieces = split_text(text, size)
    assert "".join(pieces) == text
    assert all(len(p) <= size for p in pieces[:-1])


def test_long_text_is_reassembled_with_exact_offsets(monkeypatch):
    import dashboard.nlp as nlp_mod

    monkeypatch.setattr(nlp_mod, "CHUNK_CHARS", 200)
    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler").add_patterns([{"label": "GPE", "pattern": "Caracas"}])
    para = "Troops moved to Caracas on Monday. " * 4 + "\n\n"
    text = para * 20  # 2,880 characters -> many pieces
    short = "Caracas."
    docs = list(pipe_texts(nlp, [short, text, short]))
    assert [d.text for d in docs] == [short, text, short]
    ents = [(e.start_char, e.end_char) for e in docs[1].ents]
    assert len(ents) == 80 and all(text[s:e] == "Caracas" for s, e in ents)
