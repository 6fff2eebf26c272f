"""Concurrent users (issue 7): 20 browser sessions on `sitmap serve seeds/` over loopback,
each loading the app and then moving the time-window slider with the keyboard for a
bounded time.

Measured: page load until the map is drawn; per slider move, the time from the key
press until the app is idle again (URL updated with the new window, no "running"
indicator, no stale elements — the map and tables re-rendered), p50/p95/max; moves the
app ignored (it settled with the thumb back where it was: "lost") or never answered; page errors, console errors, dialogs; exceptions in the server's
log; the server's resident memory (the `sitmap serve` process tree, sampled every 0.5
s from /proc) at the start, at its peak and at the end.

Browser: Debian's Chromium driven by Playwright (one browser, one context per session),
every request that is not to localhost aborted.  Prints one JSON line; asserts nothing.

Read the times with the machine in mind: the 20 browsers run on the same cores as the
server, so on a small machine page loads and move times measure the saturated machine
(mostly Chromium drawing 20 maps); ``server_cpu_s`` says what the server itself spent
(per slider rerun, and for loading all sessions).  On 2 cores the full run takes about
7 minutes, the quick one about 2.5.

    SITMAP_BENCH_QUICK=1       20 sessions for 20 s, one round (full: 60 s, two rounds of
                               20 fresh sessions, to tell growth from a plateau)
    SITMAP_LOAD_SESSIONS=N     sessions (default 20)
    SITMAP_LOAD_SECONDS=S      seconds of slider moves after all sessions have loaded
    SITMAP_LOAD_ROUNDS=N       rounds of sessions against the same server
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from _proc import Sampler, tree_cpu_s, tree_rss_mb  # noqa: E402

QUICK = bool(os.environ.get("SITMAP_BENCH_QUICK"))
SESSIONS = int(os.environ.get("SITMAP_LOAD_SESSIONS") or 20)
SECONDS = float(os.environ.get("SITMAP_LOAD_SECONDS") or (20 if QUICK else 60))
ROUNDS = int(os.environ.get("SITMAP_LOAD_ROUNDS") or (1 if QUICK else 2))
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
MOVE_TIMEOUT_MS = 30_000
THINK = (0.5, 1.5)  # seconds between moves, like an analyst reading the map

START_THUMB = "[data-testid='stSlider'] input[type='range'][aria-label$='start']"
IDLE_JS = """() => {
  const busy = document.querySelector("[data-testid='stStatusWidget'], [data-stale='true']");
  if (busy) { window.__sitmapIdleSince = null; return false; }
  if (window.__sitmapIdleSince == null) { window.__sitmapIdleSince = performance.now(); return false; }
  return performance.now() - window.__sitmapIdleSince >= 250 ? window.__sitmapIdleSince : false;
}"""
# After a key press: "moved" once the URL carries a new window; "lost" when the app has
# settled (idle for 1 s) with the thumb back at the URL's start day, i.e. the app ignored it.
SETTLE_JS = """(u) => {
  if (location.href !== u) return "moved";
  const busy = document.querySelector("[data-testid='stStatusWidget'], [data-stale='true']");
  const thumbs = document.querySelectorAll("__THUMB__");
  const th = thumbs[thumbs.length - 1];
  const from = new URLSearchParams(location.search).get("from");
  if (busy || !th || th.getAttribute("aria-valuetext") !== from) { window.__sitmapSettle = null; return false; }
  if (window.__sitmapSettle == null) { window.__sitmapSettle = performance.now(); return false; }
  return performance.now() - window.__sitmapSettle >= 1000 ? "lost" : false;
}""".replace("__THUMB__", START_THUMB.replace('"', '\\"'))
MAP_JS = """() => Array.from(document.querySelectorAll('iframe')).some(f => {
  try { return !!f.contentDocument.querySelector('.leaflet-overlay-pane canvas, .leaflet-overlay-pane path'); }
  catch (e) { return false; } })"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port: int, timeout: float = 90) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("the server did not start")


def pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    s = sorted(values)
    return round(s[min(len(s) - 1, int(round(q * (len(s) - 1))))], 3)


async def new_page(browser, stats):
    ctx = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await ctx.new_page()

    async def route(r):
        u = r.request.url
        if u.startswith(("http://127.0.0.1", "ws://127.0.0.1", "http://localhost", "data:", "blob:", "about:")):
            await r.continue_()
        else:
            stats["outside"].append(u)
            await r.abort()

    await page.route("**/*", route)
    page.on("pageerror", lambda e: stats["page_errors"].append(str(e)[:200]))
    page.on("console", lambda m: stats["console_errors"].append(m.text[:200]) if m.type == "error" else None)
    page.on("dialog", lambda d: (stats["dialogs"].append(d.message), asyncio.ensure_future(d.dismiss())))
    return ctx, page


async def session(i: int, browser, url: str, go: asyncio.Event, stop: list[float], stats: dict, loaded: list):
    rnd = random.Random(i)
    ctx, page = await new_page(browser, stats)
    try:
        t0 = time.perf_counter()
        await page.goto(url, timeout=180_000)
        await page.wait_for_function(MAP_JS, polling=200, timeout=180_000)
        await page.wait_for_function(IDLE_JS, polling=50, timeout=180_000)
        stats["load_s"].append(time.perf_counter() - t0)
        loaded.append(i)
        if len(loaded) == SESSIONS:
            go.set()
        await go.wait()
        step = 0
        while time.perf_counter() < stop[0]:
            key = "ArrowRight" if step % 2 == 0 else "ArrowLeft"  # stays inside the range
            thumb = page.locator(START_THUMB).last  # after a rerun the slider may be a new element
            before = page.url
            try:
                await thumb.focus(timeout=10_000)
                t_press = await page.evaluate(
                    "() => { window.__sitmapIdleSince = null; window.__sitmapSettle = null; return performance.now(); }")
                await page.keyboard.press(key)
                outcome = await (await page.wait_for_function(SETTLE_JS, arg=before, polling=50,
                                                              timeout=MOVE_TIMEOUT_MS)).json_value()
                if outcome == "lost":
                    stats["lost"] += 1
                    step += 1
                    await asyncio.sleep(rnd.uniform(*THINK))
                    continue
                idle_since = await (await page.wait_for_function(IDLE_JS, polling=50, timeout=MOVE_TIMEOUT_MS)
                                    ).json_value()
                ok_map = await page.evaluate(MAP_JS)
                stats["moves_s"].append(max(0.0, (idle_since - t_press) / 1000))
                if not ok_map:
                    stats["map_missing"] += 1
            except Exception as exc:  # noqa: BLE001 - counted and reported
                stats["unanswered"] += 1
                stats["unanswered_examples"].append(f"{type(exc).__name__}: {str(exc).splitlines()[0][:120]}")
            step += 1
            await asyncio.sleep(rnd.uniform(*THINK))
    except Exception as exc:  # noqa: BLE001 - a session that failed to load
        stats["session_failures"].append(f"session {i}: {type(exc).__name__}: {str(exc).splitlines()[0][:160]}")
        loaded.append(i)
        if len(loaded) == SESSIONS:
            go.set()
    finally:
        await ctx.close()


async def run(url: str, stats: dict) -> dict:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-renderer-backgrounding",
            "--disable-background-timer-throttling", "--disable-backgrounding-occluded-windows"])
        # warm-up: the first visit ingests the corpus (model load); not measured
        ctx, page = await new_page(browser, {"outside": [], "page_errors": [], "console_errors": [], "dialogs": []})
        t = time.perf_counter()
        await page.goto(url, timeout=300_000)
        await page.wait_for_function(MAP_JS, polling=200, timeout=300_000)
        warm = time.perf_counter() - t
        await ctx.close()
        stats["phase"] = {"warmup_s": round(warm, 1)}
        stats["rounds"] = []
        for r in range(ROUNDS):
            go, loaded, stop = asyncio.Event(), [], [float("inf")]
            first = r == 0
            n0, lost0 = len(stats["moves_s"]), stats["lost"]
            t_start = time.monotonic()

            async def timer():
                await go.wait()
                if first:
                    stats["marks"]["all_loaded"] = time.monotonic()
                    stats["cpu"]["all_loaded"] = tree_cpu_s(stats["server_pid"])
                    stats["phase"]["all_loaded_after_s"] = round(time.monotonic() - t_start, 1)
                stop[0] = time.perf_counter() + SECONDS

            if first:
                stats["marks"]["sessions_start"] = t_start
                stats["cpu"]["sessions_start"] = tree_cpu_s(stats["server_pid"])
            await asyncio.gather(timer(), *(session(i, browser, url, go, stop, stats, loaded)
                                            for i in range(SESSIONS)))
            if first:
                stats["marks"]["sessions_end"] = time.monotonic()
                stats["cpu"]["sessions_end"] = tree_cpu_s(stats["server_pid"])
            await asyncio.sleep(5)  # sessions closed: does the server's memory come back?
            moves = stats["moves_s"][n0:]
            stats["rounds"].append({"round": r + 1, "seconds": round(time.monotonic() - t_start, 1),
                                    "moves": len(moves), "lost": stats["lost"] - lost0,
                                    "move_p95_s": pct(moves, 0.95),
                                    "server_rss_mb_5s_after": round(tree_rss_mb(stats["server_pid"]), 1)})
        await browser.close()
    return stats


def main() -> None:
    if not Path(CHROMIUM).exists():
        print(json.dumps({"bench": "load", "skipped": "Debian chromium not installed"}), flush=True)
        return
    try:
        import playwright  # noqa: F401
    except ImportError:
        print(json.dumps({"bench": "load", "skipped": "playwright not installed"}), flush=True)
        return
    with tempfile.TemporaryDirectory(prefix="sitmap-load-") as tmp:
        docs = Path(tmp) / "docs"
        shutil.copytree(ROOT / "seeds", docs)
        port = free_port()
        log_path = Path(tmp) / "server.log"
        log = open(log_path, "w")
        proc = subprocess.Popen([sys.executable, "-m", "dashboard.cli", "serve", str(docs), "--port", str(port),
                                 "--address", "127.0.0.1"], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                                env={**os.environ, "SITMAP_DB": str(Path(tmp) / "s.db"), "PYTHONPATH": str(ROOT)})
        stats = {"outside": [], "page_errors": [], "console_errors": [], "dialogs": [], "load_s": [], "moves_s": [],
                 "unanswered": 0, "unanswered_examples": [], "lost": 0, "map_missing": 0, "session_failures": [], "marks": {}, "cpu": {},
                 "server_pid": proc.pid}
        try:
            wait_port(port)
            with Sampler(proc.pid, 0.5) as server_mem:
                asyncio.run(run(f"http://127.0.0.1:{port}", stats))
        finally:
            proc.terminate()
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
            log.close()
        text = log_path.read_text(errors="replace")
    def rss_at(mark: str) -> float | None:
        """The server's RSS at the last sample taken before a moment of the run."""
        t = stats["marks"].get(mark)
        if t is None:
            return None
        before = [mb for ts, mb, _ in server_mem.samples if ts <= t - server_mem.t0]
        return round(before[-1], 1) if before else None

    moves = stats["moves_s"]
    print(json.dumps({
        "bench": "load", "size": "quick" if QUICK else "full", "sessions": SESSIONS, "move_seconds": SECONDS,
        "rounds_run": ROUNDS,
        "think_s": list(THINK), "corpus": "seeds/",
        "page_load_s": {"p50": pct(stats["load_s"], 0.5), "p95": pct(stats["load_s"], 0.95),
                        "max": pct(stats["load_s"], 1.0)},
        "slider_moves": len(moves), "slider_move_s": {"p50": pct(moves, 0.5), "p95": pct(moves, 0.95),
                                                      "max": pct(moves, 1.0),
                                                      "mean": round(statistics.fmean(moves), 3) if moves else None},
        "lost_moves": stats["lost"], "unanswered_moves": stats["unanswered"], "unanswered_examples": stats["unanswered_examples"][:3],
        "map_missing_after_move": stats["map_missing"], "session_failures": stats["session_failures"],
        "page_errors": len(stats["page_errors"]), "page_error_examples": stats["page_errors"][:3],
        "console_errors": len(stats["console_errors"]), "console_error_examples": stats["console_errors"][:3],
        "dialogs": len(stats["dialogs"]), "requests_outside_localhost": len(stats["outside"]),
        "server_tracebacks": text.count("Traceback"), "server_exceptions": text.count("Exception"),
        "server_rss_mb": {"after_warmup": rss_at("sessions_start"), "all_sessions_loaded": rss_at("all_loaded"),
                          "end_of_moves": rss_at("sessions_end"), "peak": server_mem.peak,
                          "5s_after_sessions_closed": server_mem.last,
                          "after_each_round": [r["server_rss_mb_5s_after"] for r in stats["rounds"]],
                          "largest_process_peak": round(server_mem.largest, 1)},
        "server_cpu_s": {
            "loading_all_sessions": round(stats["cpu"].get("all_loaded", 0) - stats["cpu"].get("sessions_start", 0), 1),
            "moving_sliders": round(stats["cpu"].get("sessions_end", 0) - stats["cpu"].get("all_loaded", 0), 1),
            "per_move_rerun": round((stats["cpu"].get("sessions_end", 0) - stats["cpu"].get("all_loaded", 0))
                                    / max(1, len(moves) + stats["lost"]), 2)},  # lost moves rerun too
        "rounds": stats["rounds"], "cores": os.cpu_count(), "loadavg_at_end": os.getloadavg()[0],
        **stats["phase"],
    }), flush=True)


if __name__ == "__main__":
    main()
