"""The link from a map popup to the document view: the URL state and the marked text."""

from __future__ import annotations

import pytest

from dashboard.app.documents import marked, paragraph_around
from dashboard.app.state import ViewState


def test_the_evidence_span_round_trips_through_the_url():
    view = ViewState.from_query({"read": "doc1", "hl": "120-245"})
    assert (view.reading, view.evidence) == ("doc1", (120, 245))
    assert view.to_query() == {"read": "doc1", "hl": "120-245"}
    assert ViewState.from_query({"hl": "120-245"}).to_query() == {}  # no document: nothing to mark


@pytest.mark.parametrize("value", ["", "12", "a-b", "245-120", "-5-3", "1" * 12 + "-2", "3-3"])
def test_a_hand_edited_span_is_ignored(value):
    assert ViewState.from_query({"read": "d", "hl": value}).evidence is None


def test_the_sentence_is_marked_in_its_paragraph_and_the_document_is_escaped():
    text = "Intro <b>one</b>.\n\nTroops moved to <Zulia>. More & more.\n\nLast paragraph."
    start = text.index("Troops")
    end = text.index(" More")
    lo, hi = paragraph_around(text, start, end)
    assert text[lo:hi] == "Troops moved to <Zulia>. More & more."
    out = marked(text, lo, hi, start, end)
    assert out.startswith("<mark class='sitmap-evidence'") and "Troops moved to &lt;Zulia&gt;.</mark>" in out
    assert out.endswith(" More &amp; more.") and "<b>" not in marked(text, 0, len(text), start, end)
