"""The dashboard on a PostgreSQL + PostGIS store, in a real browser: `sitmap serve`
with ``SITMAP_DB=postgresql://…`` reads the corpus into the server store and draws one
symbol per located event of the recent window, as on the file store; the page names
the store without a password."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.e2e.browser import CHROMIUM, ROOT, map_frame, open_page, serve, wait_idle
from tests.e2e.test_dashboard_browser import SYMBOLS_JS, wait_for

pytest.importorskip("playwright.sync_api", reason="playwright not installed (make test installs it)")
pytestmark = [pytest.mark.e2e,
              pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed (make test installs it)")]


def test_the_map_on_a_server_store(pg_url, browser, tmp_path):
    from dashboard.export import recent_window
    from dashboard.store import open_store

    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "seeds", docs)
    with serve(docs, pg_url, timeout=90) as url:
        page, state = open_page(browser, url)
        frame = map_frame(page)
        wait_idle(page)
        with open_store(pg_url) as store:
            assert store.count() == 3
            start, end = recent_window(store.facets()["days"]) or (None, None)
            want = sum(1 for e in store.query(start=start, end=end, include_undated=False)
                       if e.place is not None and e.place.lat is not None)
        assert want > 5
        frame = map_frame(page)
        wait_for(lambda: frame.evaluate(SYMBOLS_JS) == want, what=f"{want} symbols")
        caption = page.get_by_text("dated events in the window").first.inner_text()
        assert "postgresql://sitmap@127.0.0.1:" in caption.replace("\\", "")
        assert state["outside"] == [] and state["errors"] == []
