"""Hypothesis over the whole per-document stage with the real spaCy model: hostile word
soup (markup payloads, RTL, emoji, controls, combining marks, place and force words) in,
events that serialise, store and draw out — never an exception.  A few dozen examples
(the model makes each one cost ~50 ms); SITMAP_FUZZ_SCALE multiplies them."""

from __future__ import annotations

import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.model import Document
from dashboard.model import Event

pytestmark = pytest.mark.slow
_SCALE = max(1, int(os.environ.get("SITMAP_FUZZ_SCALE", "1") or 1))

WORDS = st.sampled_from(
    ("Venezuela United States Caracas Colombia border the southern Caribbean deployed sent 2,000 troops "
     "warships to in on at Monday last week 2025-08-29 said will threatened attacked seized sanctions "
     "<script>alert(1)</script> <img src=x onerror=alert(1)> \"><svg onload=alert(1)> javascript:alert(1) "
     "\u202e \u200f مرحبا שלום 😀 🇻🇪 \u0301 \ufeff \x00 \x0b \x1b[2J . , ; : ( ) \" ' - — U.S. Navy Marines "
     "F-35 jets near off coast of north east Mr. President Russia Ukraine Kyiv Black Sea 10,000 thousands "
     "hundreds a dozen ships {{7*7}} ${x} </div>").split(" "))
TEXTS = st.one_of(
    st.tuples(st.lists(WORDS, min_size=1, max_size=60), st.sampled_from([" ", "", "\n", "\n\n"]))
    .map(lambda t: t[1].join(t[0])),
    st.text(min_size=1, max_size=300),
)


@pytest.fixture(scope="module")
def stage():
    from dashboard.pipeline import DocumentStage

    s = DocumentStage()
    s.setup()
    return s


@settings(max_examples=40 * _SCALE, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(texts=st.lists(TEXTS, min_size=1, max_size=4),
       published=st.sampled_from([None, "2025-08-29", "1000-01-01", "9000-12-31"]))
def test_any_text_gives_storable_drawable_events(stage, tmp_path_factory, texts, published):
    from dashboard.fuse import fuse
    from dashboard.mapping import build_map
    from dashboard.store import SQLiteStore

    docs = [Document.from_text(t, published=published, title=t[:40]) for t in texts if t.strip()]
    if not docs:
        return
    results = stage.run(docs)
    events = []
    for doc, res in zip(docs, results):
        for t in res.toponyms:
            assert doc.text[t["start"]:t["end"]] == t["text"]
        for e in res.events:
            assert Event.from_dict(json.loads(json.dumps(e.to_dict()))) == e
            events.append(e)
    fused = fuse(events)
    with SQLiteStore(tmp_path_factory.mktemp("fz") / "s.db") as store:
        for doc, res in zip(docs, results):
            store.add_document(doc, list(res.toponyms), list(res.events))
        store.replace_fused(fused)
        assert len(store.query()) == len(fused)
    build_map(fused).get_root().render()
