"""Long texts are processed in bounded pieces and reassembled with exact offsets."""

from __future__ import annotations

import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.geoparse import pipe_texts
from dashboard.geoparse.nlp import split_text


@given(st.text(alphabet="ab .\n", max_size=3000), st.integers(min_value=10, max_value=400))
@settings(max_examples=200, deadline=None)
def test_split_text_keeps_every_character(text, size):
    pieces = split_text(text, size)
    assert "".join(pieces) == text
    assert all(len(p) <= size for p in pieces[:-1])


def test_long_text_is_reassembled_with_exact_offsets(monkeypatch):
    import dashboard.geoparse.nlp as nlp_mod

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


def _sentences(text):
    from dashboard.geoparse.nlp import _line_breaks

    nlp = spacy.blank("en")
    doc = _line_breaks(nlp(text))
    return [t.text for t in doc if t.is_sent_start and t.i > 0]


def test_a_caption_headline_or_finished_line_ends_its_sentence_but_wrapped_prose_does_not():
    # a short line (photo credit) and a blank line end the sentence
    assert _sentences("MIRAFLORES PALACE/Handout via Reuters\nWashington accuses Maduro.") == ["Washington"]
    assert _sentences("the long paragraph goes on and on without any full stop at all\n\nNext one") == ["Next"]
    # a line that ends a sentence
    assert _sentences("Officials said on Monday that troops were sent to the northern border.\nThen") == ["Then"]
    # a hard-wrapped paragraph: the break inside a sentence is no boundary
    assert _sentences("Washington accuses Maduro of heading a cartel and the government\nof Venezuela.") == []


def test_the_loaded_pipeline_splits_at_line_breaks_before_parsing():
    from dashboard.geoparse.nlp import LINE_BREAKS, add_line_breaks

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    add_line_breaks(add_line_breaks(nlp))  # idempotent
    assert nlp.pipe_names.count(LINE_BREAKS) == 1
    doc = nlp("Caption via Reuters\nWashington accuses Maduro.")
    assert [s.text.strip() for s in doc.sents] == ["Caption via Reuters", "Washington accuses Maduro."]
