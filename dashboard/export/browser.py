"""Headless Chromium for the PNG and PDF exports: :func:`find_chromium` finds Debian's
``chromium`` (or the one named), :class:`Renderer` drives it through Playwright —
launched once, reused for every export of a process, every request that would leave
the machine aborted (:func:`is_local_request`)."""

from __future__ import annotations

import atexit
import os
import re
import shutil
import threading
import weakref
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable, NamedTuple

from dashboard import config
from dashboard.errors import DataError

#: Where Debian installs Chromium (the last place :func:`find_chromium` looks).
FALLBACK_CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
CHROMIUM_HINT = ("install Debian's chromium (apt-get install chromium, or `make setup`), "
                 "or set SITMAP_CHROMIUM to a Chromium or Chrome executable")


def find_chromium(explicit: str | os.PathLike | None = None) -> str:
    """The Chromium to drive: ``explicit``, else ``$SITMAP_CHROMIUM``, else ``chromium``,
    ``chromium-browser`` or ``google-chrome`` on PATH, else ``/usr/bin/chromium``.
    Raises :class:`DataError` naming the fix when there is none."""
    for given, origin in ((explicit, "--chromium"), (config.chromium(),
                                                    "SITMAP_CHROMIUM")):
        if given:
            p = Path(given).expanduser()
            if p.is_file() and os.access(p, os.X_OK):
                return str(p)
            found = shutil.which(str(given))
            if found:
                return found
            raise DataError(f"{origin} {str(given)!r} is not an executable Chromium: {CHROMIUM_HINT}")
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    if FALLBACK_CHROMIUM.is_file() and os.access(FALLBACK_CHROMIUM, os.X_OK):
        return str(FALLBACK_CHROMIUM)
    raise DataError(f"no Chromium found for PNG/PDF exports (looked at SITMAP_CHROMIUM, "
                    f"{', '.join(CHROMIUM_NAMES)} on PATH and {FALLBACK_CHROMIUM}): {CHROMIUM_HINT}")


_LOCAL_PREFIXES = ("file:", "data:", "blob:", "about:", "http://localhost", "http://127.0.0.1", "http://[::1]",
                   "https://localhost", "https://127.0.0.1", "https://[::1]")


def is_local_request(url: str) -> bool:
    """Whether the export browser may load ``url``: files, inline data and localhost only."""
    if not url.startswith(_LOCAL_PREFIXES):
        return False
    if url.startswith(("http://", "https://")):  # "http://localhost.evil.example" is not local
        rest = url.split("://", 1)[1]
        host_end = rest[1:].find("]") + 2 if rest.startswith("[") else len(re.match(r"[^/:?#]*", rest).group(0))
        return rest[:host_end] in ("localhost", "127.0.0.1", "[::1]")
    return True


class RenderResult(NamedTuple):
    png: bytes
    value: Any


class Renderer:
    """Headless Chromium (Playwright) for PNG screenshots and PDF printing, launched on
    first use and reused for every export until :meth:`close` (or the ``with`` block ends).

    All browser work runs on one private thread, so one renderer can be shared by many
    threads (a Streamlit server's sessions, say): calls are served one at a time.  Every
    request for anything but files, inline data and localhost is aborted (``blocked``
    lists them), and JavaScript dialogs are dismissed (``dialogs`` lists them).
    """

    def __init__(self, chromium: str | os.PathLike | None = None, *, timeout_s: float = 60.0):
        self.executable = find_chromium(chromium)
        self.timeout_ms = int(timeout_s * 1000)
        self.blocked: list[str] = []
        self.dialogs: list[str] = []
        self.launches = 0
        self._pool: ThreadPoolExecutor | None = ThreadPoolExecutor(1, thread_name_prefix="sitmap-chromium")
        self._pw = None
        self._browser = None
        self._lock = threading.Lock()
        ref = weakref.ref(self)
        atexit.register(lambda: ref() is not None and ref().close())

    # -- lifecycle
    def __enter__(self) -> "Renderer":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Close the browser and stop the thread (idempotent)."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is None:
            return
        try:
            pool.submit(self._shutdown).result(timeout=30)
        except Exception:  # closing a browser that already died: nothing left to release
            pass
        pool.shutdown(wait=True)

    def _shutdown(self) -> None:
        browser, pw, self._browser, self._pw = self._browser, self._pw, None, None
        try:
            if browser is not None:
                browser.close()
        finally:
            if pw is not None:
                pw.stop()

    def _run(self, fn: Callable, *args):
        with self._lock:
            pool = self._pool
        if pool is None:
            raise DataError("the export renderer is closed: make a new Renderer")
        return pool.submit(fn, *args).result()

    def _ensure(self):
        if self._browser is not None and self._browser.is_connected():
            return self._browser
        try:
            from playwright.sync_api import Error as PlaywrightError
            from playwright.sync_api import sync_playwright
        except ImportError:
            raise DataError("playwright is not installed: run `make setup` (pip install -e .)") from None
        if self._pw is None:
            self._pw = sync_playwright().start()
        try:
            self._browser = self._pw.chromium.launch(
                executable_path=self.executable, timeout=self.timeout_ms,
                args=["--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                      "--disable-component-update", "--disable-sync", "--disable-default-apps",
                      "--disable-domain-reliability", "--metrics-recording-only", "--no-pings",
                      # belt and braces besides the request filter (which WebSockets bypass):
                      # no host name but localhost resolves
                      "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost"])
        except PlaywrightError as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise DataError(f"cannot start Chromium {self.executable!r} ({first}): {CHROMIUM_HINT}") from None
        self.launches += 1
        return self._browser

    def _route(self, route) -> None:
        url = route.request.url
        if is_local_request(url):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def _open(self, html_text: str, width: int, height: int):
        from playwright.sync_api import Error as PlaywrightError

        browser = self._ensure()
        ctx = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1,
                                  service_workers="block", accept_downloads=False)
        try:
            ctx.route("**/*", self._route)
            page = ctx.new_page()
            page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
            page.set_default_timeout(self.timeout_ms)
            page.set_content(html_text, wait_until="load")
            page.wait_for_function("window.sitmapReady === true")
        except PlaywrightError as exc:
            ctx.close()
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise DataError(f"Chromium could not draw the page ({first})") from None
        return ctx, page

    # -- work
    def render(self, html_text: str, width: int, height: int, *, evaluate: str | None = None,
               screenshot: bool = True) -> RenderResult:
        """Load ``html_text`` at ``width``×``height``, wait until the page sets
        ``window.sitmapReady``, then screenshot it (PNG bytes) and/or evaluate a
        JavaScript expression in it."""

        def work():
            ctx, page = self._open(html_text, width, height)
            try:
                value = page.evaluate(evaluate) if evaluate else None
                png = page.screenshot(type="png", full_page=False) if screenshot else b""
                return RenderResult(png, value)
            finally:
                ctx.close()

        return self._run(work)

    def screenshot(self, html_text: str, width: int, height: int) -> bytes:
        return self.render(html_text, width, height).png

    def pdf(self, html_text: str, *, width: str = "13.333in", height: str = "7.5in") -> bytes:
        """Print ``html_text`` to PDF (page size from the page's CSS ``@page``, else these)."""

        def work():
            ctx, page = self._open(html_text, 1280, 720)
            try:
                return page.pdf(width=width, height=height, print_background=True, prefer_css_page_size=True)
            finally:
                ctx.close()

        return self._run(work)


def renderer_for(renderer: Renderer | None, chromium: str | None) -> tuple[Renderer, bool]:
    """(renderer, owned): the given renderer, or a new one the caller must close."""
    if renderer is not None:
        return renderer, False
    return Renderer(chromium), True
