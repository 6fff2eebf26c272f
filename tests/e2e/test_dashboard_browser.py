"""The dashboard in a real browser: Debian's Chromium driven by Playwright against
`sitmap serve` on localhost, with every non-localhost request aborted."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
playwright = pytest.importorskip("playwright.sync_api", reason="playwright not installed (make test installs it)")
pytestmark = [pytest.mark.e2e,
              pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed (make test installs it)")]

HOSTILE = ("Published: 2025-08-27\n\n<script>alert('x')</script> Venezuela on Monday deployed 2,000 troops "
           "to Zulia <img src=x onerror=alert('y')> \"><svg onload=alert('z')>.")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("e2e")
    docs = tmp / "docs"
    shutil.copytree(ROOT / "seeds", docs)
    (docs / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    port = free_port()
    env = {**os.environ, "SITMAP_DB": str(tmp / "s.db")}
    proc = subprocess.Popen([sys.executable, "-m", "dashboard.cli", "serve", str(docs), "--port", str(port),
                             "--address", "127.0.0.1"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            time.sleep(0.3)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        yield b
        b.close()


def open_page(browser, url):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    state = {"outside": [], "dialogs": []}

    def route(r):
        u = r.request.url
        if u.startswith(("http://127.0.0.1", "ws://127.0.0.1", "http://localhost", "data:", "blob:", "about:")):
            r.continue_()
        else:
            state["outside"].append(u)
            r.abort()

    page.route("**/*", route)
    page.on("dialog", lambda d: (state["dialogs"].append(d.message), d.dismiss()))
    page.goto(url)
    return page, state


def map_frame(page, timeout=90):
    deadline = time.time() + timeout
    while time.time() < deadline:
        for f in page.frames:
            try:
                if f.locator(".leaflet-overlay-pane canvas, .leaflet-overlay-pane path").count():
                    return f
            except Exception:  # frame detached while Streamlit re-renders
                continue
        time.sleep(0.3)
    raise AssertionError("the map did not render")


def test_map_renders_offline_with_legend_and_no_script_runs(server, browser):
    page, state = open_page(browser, server)
    frame = map_frame(page)
    legend = frame.locator("#sitmap-legend").inner_text()
    assert "Venezuela" in legend and "United States" in legend
    page.get_by_text("Events", exact=True).first.wait_for(timeout=30000)
    time.sleep(2)
    assert state["outside"] == []  # nothing tried to leave localhost
    assert state["dialogs"] == []  # no alert() from the hostile document ran
    page.close()


def test_time_window_in_the_url_changes_the_events(server, browser):
    page, _ = open_page(browser, server + "/?from=2025-08-23&to=2025-08-24")
    map_frame(page)
    page.get_by_text("dated events in the window").first.wait_for(timeout=30000)
    narrow = int(page.get_by_text("dated events in the window").first.inner_text().split()[0])
    page.close()
    page, _ = open_page(browser, server)
    map_frame(page)
    page.get_by_text("dated events in the window").first.wait_for(timeout=30000)
    wide = int(page.get_by_text("dated events in the window").first.inner_text().split()[0])
    page.close()
    assert 0 < narrow < wide


def test_briefing_mode(server, browser):
    page, state = open_page(browser, server + "/?mode=briefing")
    map_frame(page)
    page.get_by_text("Situation at").first.wait_for(timeout=30000)
    page.get_by_text("Forces by side and place").first.wait_for(timeout=30000)
    assert page.locator("[data-testid='stSlider']").count() == 0  # no editing controls
    assert page.locator("[data-testid='stTextInput']").count() == 0
    assert state["outside"] == [] and state["dialogs"] == []
    page.close()
