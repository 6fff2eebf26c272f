"""Shared pieces of the browser tests: `sitmap serve` on a free loopback port, Debian's
Chromium via Playwright, pages whose every non-localhost request is aborted and whose
dialogs and page errors are recorded, and waits for Streamlit and the map."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LOCAL = ("http://127.0.0.1", "ws://127.0.0.1", "http://localhost", "data:", "blob:", "about:")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(docs: Path, db: Path, log=subprocess.DEVNULL, timeout: float = 60):
    """`sitmap serve DOCS` with its store at DB; yields the base URL once the port answers."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "dashboard.cli", "serve", str(docs), "--port", str(port),
                             "--address", "127.0.0.1"], cwd=ROOT, env={**os.environ, "SITMAP_DB": str(db)},
                            stdout=log, stderr=subprocess.STDOUT if log is not subprocess.DEVNULL else log)
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            time.sleep(0.3)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def local_only(state: dict):
    """A route handler that lets localhost requests through and aborts (and records in
    ``state["outside"]``) every other."""

    def route(r):
        if r.request.url.startswith(LOCAL):
            r.continue_()
        else:
            state["outside"].append(r.request.url)
            r.abort()

    return route


def open_page(browser, url):
    """A page on ``url``; the state records requests that tried to leave localhost,
    dialogs (alert/confirm/prompt) and uncaught page errors."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    state = {"outside": [], "dialogs": [], "errors": []}
    page.route("**/*", local_only(state))
    page.on("dialog", lambda d: (state["dialogs"].append(f"{d.type}: {d.message}"), d.dismiss()))
    page.on("pageerror", lambda e: state["errors"].append(str(e)))
    page.goto(url)
    return page, state


def map_frame(page, timeout=120):
    """The frame holding the drawn Leaflet map."""
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


def wait_idle(page, quiet=1.0, timeout=90):
    """Until Streamlit's "running" indicator has been gone for ``quiet`` seconds."""
    deadline, since = time.time() + timeout, None
    while time.time() < deadline:
        if page.locator("[data-testid='stStatusWidget']").count():
            since = None
        elif since is None:
            since = time.time()
        elif time.time() - since >= quiet:
            return
        time.sleep(0.1)
    raise AssertionError("the app kept running")
