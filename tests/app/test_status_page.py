"""AppTest smoke tests of the dashboard (no browser, no server): analyst and briefing modes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard" / "app" / "main.py")


@pytest.fixture(scope="module")
def corpus_env(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("app")
    docs = tmp / "docs"
    shutil.copytree(ROOT / "seeds", docs)
    (docs / "hostile.txt").write_text(
        "Published: 2025-08-27\n\n<script>alert(1)</script> Venezuela on Monday deployed 2,000 troops to Zulia "
        "<img src=x onerror=alert(2)>.", encoding="utf-8")
    return {"SITMAP_DB": str(tmp / "s.db"), "SITMAP_PATHS": str(docs)}


def run_app(monkeypatch, env, query=None):
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    at = AppTest.from_file(APP, default_timeout=120)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    return at.run()


def test_analyst_view_lists_events_and_gazetteer(monkeypatch, corpus_env):
    at = run_app(monkeypatch, corpus_env)
    assert not at.exception, at.exception
    table = at.dataframe[0].value
    assert len(table) > 5 and "deployment" in set(table["type"])
    assert any("Zulia" in s for s in table["summary"])
    labels = {m.label: m.value for m in at.metric}
    assert int(labels["country"].replace(",", "")) >= 240
    assert at.sidebar.slider  # the time window


def test_filters_reach_the_url(monkeypatch, corpus_env):
    at = run_app(monkeypatch, corpus_env, {"type": "mobilization"})
    assert not at.exception
    table = at.dataframe[0].value
    assert set(table["type"]) == {"mobilization"}
    assert at.query_params["type"] == ["mobilization"] or at.query_params["type"] == "mobilization"


def test_briefing_mode_has_no_editing_controls(monkeypatch, corpus_env):
    at = run_app(monkeypatch, corpus_env, {"mode": "briefing"})
    assert not at.exception
    assert not at.sidebar.slider and not at.text_input
    assert any("Situation at" in m.value for m in at.markdown)


def test_lookup_box_rejects_bad_input(monkeypatch, corpus_env):
    at = run_app(monkeypatch, corpus_env)
    box = next(t for t in at.text_input if t.label == "Look up a place")
    box.input("Cara\x07cas").run()
    assert at.error and "control" in at.error[0].value


def test_lookup_box_suggests_names_spelt_alike(monkeypatch, corpus_env):
    at = run_app(monkeypatch, corpus_env)
    box = next(t for t in at.text_input if t.label == "Look up a place")
    box.input("Tachria").run()
    assert not at.exception
    assert any("Did you mean" in i.value and "Táchira" in i.value for i in at.info)


def test_as_of_mode_shows_only_what_was_known(monkeypatch, corpus_env):
    early = run_app(monkeypatch, corpus_env, {"asof": "2025-02-28"})
    assert not early.exception
    late = run_app(monkeypatch, corpus_env, {"asof": "2025-08-29"})
    n_early, n_late = len(early.dataframe[0].value), len(late.dataframe[0].value)
    assert 0 < n_early < n_late
    assert all(d.split("…")[0] <= "2025-02-28" for d in early.dataframe[0].value["date"])
    assert early.sidebar.radio[0].value == "As of"


def test_export_tab_prepares_a_csv_of_the_current_view(monkeypatch, corpus_env):
    at = run_app(monkeypatch, corpus_env, {"type": "deployment"})
    assert not at.exception
    at.selectbox(key="export_fmt").select("csv").run()
    next(b for b in at.button if b.label == "Prepare the export").click().run()
    assert not at.exception and not at.error, (at.exception, at.error)
    found = []

    def walk(node):
        for child in getattr(node, "children", {}).values():
            found.append((type(child).__name__, getattr(child, "label", "") or ""))
            walk(child)

    walk(at.main)
    assert any(t == "Status" and label.startswith("Ready: sitmap-") and label.endswith("MB)") for t, label in found)
    assert any(t == "DownloadButton" and label.endswith(".csv") for t, label in found)


def test_document_view_highlights_an_article_and_escapes_it(monkeypatch, corpus_env):
    at = run_app(monkeypatch, corpus_env)
    box = next(s for s in at.selectbox if s.label == "Document")
    hostile = next(o for o in box.options if "hostile.txt" in o)
    box.select(hostile).run()
    assert not at.exception
    page = "".join(getattr(h, "proto", None) and h.proto.body or "" for h in at.get("html"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
    assert ">Venezuela</mark>" in page and ">2,000 troops</mark>" in page  # its actor and forces marked
    # a document other than the first one is remembered in the URL
    other = next(o for o in box.options if o != box.options[0] and "hostile.txt" not in o)
    box.select(other).run()
    from pathlib import Path

    from dashboard.store import SQLiteStore

    with SQLiteStore(corpus_env["SITMAP_DB"]) as store:
        (want,) = [d.doc_id for d in store.documents() if d.path and other.endswith(Path(d.path).name)]
    assert at.query_params["read"] == want


def test_a_selected_event_shows_every_source(monkeypatch, corpus_env):
    first = run_app(monkeypatch, corpus_env, {"type": "deployment"})
    table = first.dataframe[0].value
    assert len(table) >= 1
    # the selected event's id travels in the URL: open the view with it
    from dashboard.store import SQLiteStore

    with SQLiteStore(corpus_env["SITMAP_DB"]) as store:
        ev = max(store.query(types=["deployment"]), key=lambda e: e.corroboration)
    at = run_app(monkeypatch, corpus_env, {"type": "deployment", "sel": ev.id})
    assert not at.exception
    quotes = [m.value for m in at.markdown if m.value.startswith(">")]
    assert len(quotes) == len(ev.sources) >= 2


def test_playback_steps_a_day_and_skips_empty_stretches():
    from dashboard.app.state import next_play_day as nxt

    days = ["2013-01-01", "2025-08-23", "2025-08-25"]
    assert nxt("2013-01-01", days, "2025-08-29") == "2025-08-22"  # years of nothing: jump
    assert nxt("2025-08-22", days, "2025-08-29") == "2025-08-23"
    assert nxt("2025-08-23", days, "2025-08-29") == "2025-08-24"  # then day by day
    assert nxt("2025-08-25", days, "2025-08-29") == "2025-08-26"
    assert nxt("2025-08-29", days, "2025-08-29") == "2025-08-29"
