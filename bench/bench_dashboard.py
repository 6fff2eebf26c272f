"""The dashboard in a real browser (Debian's chromium, every non-localhost request aborted):

* cold start to first map on the sample corpus — from launching ``sitmap serve seeds/`` to
  the first event symbols drawn in the page — with an empty store (the corpus is read,
  the language model loaded) and with the store already filled (a restart);
* a time-window move: from the slider's commit to the map showing the new symbol count,
  and whether the live map survived (not remounted).

Target (issues 5, 16): first map ≤ 5 s after the server reports ready, on a filled store;
the launch-to-map time is printed too.  Prints JSON lines; asserts nothing.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("SITMAP_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
SYMBOLS_JS = ("() => { if (!window.map) return -1; let n = 0; window.map.eachLayer(l => {"
              " if (l instanceof L.SitmapSymbol) n++; }); return n; }")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def local_only(route) -> None:
    url = route.request.url
    if url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "about:")):
        route.continue_()
    else:
        route.abort()


def map_symbols(page) -> int:
    for f in page.frames:
        try:
            n = f.evaluate(SYMBOLS_JS)
        except Exception:
            continue
        if n > 0:
            return n
    return 0


def serve(corpus: Path, db: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "dashboard.cli", "serve", str(corpus), "--port", str(port),
                             "--address", "127.0.0.1"], cwd=ROOT, env={**os.environ, "SITMAP_DB": str(db)},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return proc, f"http://127.0.0.1:{port}"


def _ready(url: str) -> bool:
    """Streamlit's own readiness probe answers "ok"."""
    try:
        with urllib.request.urlopen(url + "/_stcore/health", timeout=0.5) as r:
            return r.status == 200
    except OSError:
        return False


def cold_start(browser, corpus: Path, db: Path) -> tuple[float, float]:
    """Seconds from launching the server to symbols on the map, and from the server
    reporting ready (its health probe answers) to symbols on the map — the page is
    requested as soon as the port answers, as a user's browser would retry."""
    t0 = time.perf_counter()
    proc, url = serve(corpus, db)
    try:
        port = int(url.rsplit(":", 1)[1])
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        while not _ready(url):
            time.sleep(0.05)
        ready = time.perf_counter()
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.route("**/*", local_only)
        page.goto(url)
        while map_symbols(page) == 0:
            if time.perf_counter() - t0 > 180:
                raise RuntimeError("no map after 180 s")
            time.sleep(0.05)
        done = time.perf_counter()
        page.close()
        return done - t0, done - ready
    finally:
        proc.terminate()
        proc.wait(20)


def window_moves(browser, corpus: Path, db: Path, moves: int = 6) -> dict:
    proc, url = serve(corpus, db)
    try:
        while not _ready(url):
            time.sleep(0.1)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.route("**/*", local_only)
        page.goto(url)
        while map_symbols(page) == 0:
            time.sleep(0.1)
        time.sleep(2)
        frame = next(f for f in page.frames if f.evaluate("() => !!window.map"))
        frame.evaluate("() => { window.__mounted = 1; }")
        times = []
        for i in range(moves):
            before = map_symbols(page)
            # the window's start: to two days before the end, then back to the beginning
            # (keyboard; the thumbs must not meet: overlapping thumbs no longer move by key)
            thumb = page.locator("[data-testid='stSlider'] input[type='range']").first
            thumb.focus()
            if i % 2 == 0:
                thumb.press("End")
                thumb.press("ArrowLeft")
                thumb.press("ArrowLeft")
            else:
                thumb.press("Home")
            t = time.perf_counter()
            thumb.press("Tab")  # commit
            while map_symbols(page) == before and time.perf_counter() - t < 30:
                time.sleep(0.02)
            times.append(time.perf_counter() - t)
            time.sleep(0.5)
        mounted = frame.evaluate("() => window.__mounted === 1")
        page.close()
        return {"moves": moves, "median_s": round(statistics.median(times), 2), "max_s": round(max(times), 2),
                "map_kept_mounted": mounted}
    finally:
        proc.terminate()
        proc.wait(20)


def main() -> None:
    if not Path(CHROMIUM).exists():
        print(json.dumps({"bench": "dashboard", "skipped": f"no chromium at {CHROMIUM}"}))
        return
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        corpus = Path(tmp) / "seeds"
        shutil.copytree(ROOT / "seeds", corpus)
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        db = Path(tmp) / "s.db"
        empty, _ = cold_start(browser, corpus, db)
        runs = [cold_start(browser, corpus, db) for _ in range(3)]
        filled, after_ready = [r[0] for r in runs], [r[1] for r in runs]
        print(json.dumps({"bench": "dashboard_cold_start", "empty_store_s": round(empty, 2),
                          "filled_store_s_median": round(statistics.median(filled), 2),
                          "filled_runs": [round(x, 2) for x in filled],
                          "filled_ready_to_map_s_median": round(statistics.median(after_ready), 2),
                          "filled_ready_to_map_runs": [round(x, 2) for x in after_ready],
                          "target": "first map ≤ 5 s after the server reports ready (filled store)"}), flush=True)
        print(json.dumps({"bench": "dashboard_window_move", **window_moves(browser, corpus, db)}), flush=True)
        browser.close()


if __name__ == "__main__":
    main()
