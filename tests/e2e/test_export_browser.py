"""Exports that need a real browser: the PNG is the real map (size, not blank, each side's
colour where its event is), the standalone HTML works from file:// with the network
blocked, hostile document text runs nothing, and the deck comes out as PPTX and PDF."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest

from tests.fixtures.export_events import QUOTE, sample_events

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
playwright = pytest.importorskip("playwright.sync_api", reason="playwright not installed (make setup installs it)")
Image = pytest.importorskip("PIL.Image", reason="pillow not installed (make test installs it)")
pytestmark = [pytest.mark.e2e,
              pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed (make setup installs it)")]

from dashboard.export import (ExportOptions, Renderer, deck_slides, export_bytes, map_html, render_png,
    standalone_html)
from dashboard.mapping import side_colours, side_of  # noqa: E402

W, H = 1200, 800


@pytest.fixture(scope="module")
def renderer():
    with Renderer(CHROMIUM) as r:
        yield r


@pytest.fixture(scope="module")
def dated():
    return [e for e in sample_events() if e.date is not None]


@pytest.fixture(scope="module")
def options():
    return ExportOptions(width=W, height=H, title="Test briefing", caption="As of 2024-03-10", as_of="2024-03-10")


def hex_rgb(c: str) -> tuple[int, int, int]:
    return tuple(int(c[i:i + 2], 16) for i in (1, 3, 5))


def near(a, b, tol):
    return sum((x - y) ** 2 for x, y in zip(a, b)) <= tol * tol


def colour_near(img, x, y, colour, *, box=3, tol=28) -> bool:
    """Whether a pixel within ``box`` of (x, y) shows ``colour`` as the map draws symbols:
    85 % opaque over the background found 30 px to the side."""
    bg = img.getpixel((min(img.width - 1, x + 30), y))[:3]
    want = tuple(round(0.85 * c + 0.15 * b) for c, b in zip(colour, bg))
    return any(near(img.getpixel((i, j))[:3], want, tol)
               for i in range(max(0, x - box), min(img.width, x + box + 1))
               for j in range(max(0, y - box), min(img.height, y + box + 1)))


def test_png_is_the_real_map(renderer, dated, options):
    png = render_png(dated, options, renderer=renderer)
    img = Image.open(io.BytesIO(png)).convert("RGB")
    assert img.size == (W, H)
    assert len(img.getcolors(maxcolors=1 << 20)) > 50  # not blank: land, sea, borders, symbols, text
    # where the map draws each event (same page, same viewport: the layout is deterministic)
    probe = renderer.render(map_html(dated, options, interactive=False), W, H,
                            evaluate="window.sitmapExport.symbols()", screenshot=False).value
    assert sorted(p["id"] for p in probe) == ["ev1", "ev2", "ev3"]
    colours = side_colours(dated)
    by_id = {e.id: e for e in dated}
    for p in probe:
        x, y = round(p["x"]), round(p["y"])
        assert 0 < x < W and 0 < y < H
        mine = hex_rgb(colours[side_of(by_id[p["id"]])])
        assert colour_near(img, x, y + 1, mine), f"{p['id']}: no {mine} near ({x}, {y})"
        for other in dated:
            if other.id != p["id"]:
                assert not colour_near(img, x, y + 1, hex_rgb(colours[side_of(other)]))
    assert renderer.blocked == [] and renderer.dialogs == []  # nothing tried to leave, no script ran


def test_png_reuses_the_browser(renderer, dated, options):
    small = ExportOptions(width=400, height=300, base_geojson="")
    render_png(dated, small, renderer=renderer)
    before = renderer.launches
    a = render_png(dated, small, renderer=renderer)
    assert Image.open(io.BytesIO(a)).size == (400, 300)
    assert renderer.launches == before == 1  # one browser for every export of the process


def test_one_renderer_serves_several_threads(renderer, dated):
    """An app server shares one renderer between sessions: calls from other threads queue."""
    from concurrent.futures import ThreadPoolExecutor

    small = ExportOptions(width=300, height=200, base_geojson="")
    with ThreadPoolExecutor(2) as pool:
        pngs = list(pool.map(lambda _: render_png(dated, small, renderer=renderer), range(2)))
    assert [Image.open(io.BytesIO(p)).size for p in pngs] == [(300, 200), (300, 200)]


def test_standalone_html_works_from_file_offline(tmp_path, dated):
    events = sample_events()  # with the hostile one and an undated one
    page = tmp_path / "map.html"
    page.write_text(standalone_html(events, ExportOptions(title="Offline <b>test</b>")), encoding="utf-8")
    state = {"outside": [], "dialogs": []}
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--disable-gpu", "--no-first-run"])
        try:
            pg = browser.new_page(viewport={"width": W, "height": H})

            def route(r):
                if r.request.url.startswith(("file:", "data:", "blob:", "about:")):
                    r.continue_()
                else:
                    state["outside"].append(r.request.url)
                    r.abort()

            pg.route("**/*", route)
            pg.on("dialog", lambda d: (state["dialogs"].append(d.message), d.dismiss()))
            pg.goto(page.as_uri())
            pg.wait_for_function("window.sitmapReady === true", timeout=30000)
            symbols = pg.evaluate("window.sitmapExport.symbols()")
            assert sorted(s["id"] for s in symbols) == ["ev1", "ev2", "ev3", "ev4"]  # undated drawn too
            assert pg.title() == "Offline <b>test</b>"  # text, not markup
            # the popup of the first event shows its source quote
            ev1 = next(s for s in symbols if s["id"] == "ev1")
            pg.mouse.click(ev1["x"], ev1["y"] + 1)
            pg.locator(".leaflet-popup-content").wait_for(timeout=10000)
            popup = pg.locator(".leaflet-popup-content").inner_text()
            assert QUOTE in popup and "<script>alert(1)</script>" in popup  # shown as text
            # the time control: narrowing the days hides the events outside them
            bar = pg.locator(".sitmap-timebar")
            assert bar.get_attribute("data-shown") == "4"
            pg.eval_on_selector(".sitmap-to", "el => { el.value = '4'; el.dispatchEvent(new Event('input')); }")
            assert bar.get_attribute("data-shown") == "3"  # 03-01, 03-05 and the undated one
            assert "2024-03-01 – 2024-03-05" in bar.inner_text()
            assert len(pg.evaluate("window.sitmapExport.symbols()")) == 3
        finally:
            browser.close()
    assert state["outside"] == [] and state["dialogs"] == []


def test_hostile_text_runs_nothing_in_the_png(renderer):
    renderer.dialogs.clear()
    render_png(sample_events(), ExportOptions(width=600, height=400, title="<img src=x onerror=alert(1)>",
                                              base_geojson=""), renderer=renderer)
    assert renderer.dialogs == [] and renderer.blocked == []


def pdf_pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", data))


def test_deck_pptx_and_pdf(renderer, options):
    from pptx import Presentation

    events = sample_events()
    expected = len(deck_slides(events, options, map_png=b"x"))
    pptx = export_bytes(events, "pptx", options, renderer=renderer)
    assert pptx.filename == "sitmap-2024-03-10.pptx"
    prs = Presentation(io.BytesIO(pptx.data))
    assert len(prs.slides) == expected == 5
    pics = [s for s in prs.slides[1].shapes if s.shape_type == 13]
    assert pics and Image.open(io.BytesIO(pics[0].image.blob)).size == (1280, 720)
    pdf = export_bytes(events, "pdf", options, renderer=renderer)
    assert pdf.data.startswith(b"%PDF") and pdf.mime == "application/pdf"
    assert pdf_pages(pdf.data) == expected
    assert renderer.blocked == [] and renderer.dialogs == []
