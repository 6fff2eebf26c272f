"""Exports without a browser: data formats, file names, no-overwrite, escaping, the deck's
content, and the Chromium-not-found message.  (Anything that launches Chromium lives in
tests/e2e/test_export_browser.py: unit tests may not open sockets.)"""

from __future__ import annotations

import csv
import io
import json
import os
import stat

import pytest

from dashboard.export import browser, deck
from dashboard.mapping import find_remote_links
from dashboard.errors import DataError, InputError, SitmapError
from dashboard.export import (ExportOptions, ExportView, default_filename, deck_html, deck_pptx, deck_slides,
    export, export_bytes, filter_events, find_chromium, options_for, standalone_html, to_gpkg)
from dashboard.export.browser import is_local_request
from dashboard.export.files import safe_filename, write_export
from dashboard.export.vector import gpkg_frames
from tests.fixtures.export_events import IMG, QUOTE, SCRIPT, TINY_BASE, sample_events

OPTS = ExportOptions(base_geojson=TINY_BASE, as_of="2024-03-10", title=f"Brief {SCRIPT}", caption="As of 2024-03-10")
PNG_1PX = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
           b"\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND"
           b"\xaeB`\x82")


# ------------------------------------------------------------------ data formats

def test_geojson_has_the_event_schema():
    events = sample_events()
    fc = json.loads(export_bytes(events, "geojson", OPTS).data)
    assert fc["type"] == "FeatureCollection" and [f["id"] for f in fc["features"]] == ["ev1", "ev2", "ev3", "ev4"]
    p = fc["features"][0]["properties"]
    assert p["forces"][0]["count"] == 1200 and p["sources"][0]["sentence"] == QUOTE and p["corroboration"] == 2
    assert fc["features"][1]["geometry"]["type"] == "LineString"


def test_csv_one_row_per_event_forces_and_sources_flattened_formulas_neutralised():
    res = export_bytes(sample_events(), "csv", OPTS)
    assert res.mime.startswith("text/csv") and res.filename == "sitmap-2024-03-10.csv"
    rows = list(csv.DictReader(io.StringIO(res.data.decode("utf-8"))))
    assert [r["id"] for r in rows] == ["ev1", "ev2", "ev3", "ev4"]
    assert rows[0]["forces"] == "1200 troops" and rows[0]["forces_sides"] == "AA"
    assert rows[0]["source_docs"] == "doc1;doc1b" and rows[0]["source_published"] == "2024-03-10;2024-03-11"
    assert rows[0]["source_titles"].startswith("Report ") and " || " in rows[0]["source_titles"]
    assert rows[1]["conflicts"].startswith("date: ")
    assert rows[2]["source_quotes"].startswith("'=HYPERLINK")  # no formula for a spreadsheet to run
    assert rows[3]["date_start"] == ""


def test_gpkg_layers_read_back(tmp_path):
    import geopandas as gpd
    import pyogrio

    path = to_gpkg(sample_events(), tmp_path / "events.gpkg")
    layers = {name: geom for name, geom in pyogrio.list_layers(path)}
    assert set(layers) == {"events", "places", "sources"}
    ev = gpd.read_file(path, layer="events")
    assert list(ev["id"]) == ["ev1", "ev2", "ev3", "ev4"] and ev.crs.to_epsg() == 4326
    assert set(ev.geom_type) == {"Point"}
    row = ev[ev["id"] == "ev1"].iloc[0]
    assert (row.geometry.x, row.geometry.y) == (0.0, 0.0) and row["forces"] == "1200 troops"
    assert row["corroboration"] == 2 and row["summary"].startswith("Alphaland deployed")
    places = gpd.read_file(path, layer="places")
    assert sorted(places.geom_type) == ["LineString", "Point", "Point", "Point"]
    assert places[places.geom_type == "LineString"].iloc[0]["event_ids"] == "ev2"
    src = gpd.read_file(path, layer="sources")
    assert len(src) == 8 and set(src["event_id"]) == {"ev1", "ev2", "ev3", "ev4"}
    assert QUOTE in set(src["quote"]) and "Wire story" in set(src["title"])
    assert not [p for p in tmp_path.iterdir() if p.name != "events.gpkg"]  # no temporary file left


def test_gpkg_of_no_events_still_has_the_layers(tmp_path):
    import pyogrio

    path = to_gpkg([], tmp_path / "empty.gpkg")
    assert {name for name, _ in pyogrio.list_layers(path)} == {"events", "places", "sources"}
    ev, pl, src = gpkg_frames([])
    assert len(ev) == len(pl) == len(src) == 0


def test_gpkg_bytes_are_a_geopackage():
    res = export_bytes(sample_events(), "gpkg", OPTS)
    assert res.data[:16] == b"SQLite format 3\x00" and res.mime == "application/geopackage+sqlite3"


# ------------------------------------------------------------------ writing files

def test_existing_files_are_not_overwritten_without_force(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("keep me", encoding="utf-8")
    for call in (lambda: export(sample_events(), "csv", target, OPTS),
                 lambda: write_export(target, "x"),
                 lambda: to_gpkg(sample_events(), target)):
        with pytest.raises(InputError) as err:
            call()
        assert "out.csv" in str(err.value) and "--force" in str(err.value)
    assert target.read_text(encoding="utf-8") == "keep me"
    export(sample_events(), "csv", target, OPTS, force=True)
    assert target.read_text(encoding="utf-8").startswith("id,type,")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]  # no temporary file left


def test_write_refuses_folders_and_missing_folders(tmp_path):
    with pytest.raises(InputError, match="is a folder"):
        write_export(tmp_path, b"x")
    with pytest.raises(InputError, match="does not exist"):
        write_export(tmp_path / "nope" / "x.png", b"x")


def test_force_replaces_atomically_and_new_files_follow_the_umask(tmp_path):
    target = tmp_path / "a.geojson"
    old = os.umask(0o027)
    try:
        write_export(target, "one")
        write_export(target, "two", force=True)
    finally:
        os.umask(old)
    assert target.read_text() == "two"
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o640  # not mkstemp's 0600


@pytest.mark.parametrize("name, safe", [
    ("sitmap-2025-08-29.png", "sitmap-2025-08-29.png"),
    ("../../etc/passwd", "passwd"),
    ("..\\..\\boot.ini", "boot.ini"),
    ("brief <script>alert(1).pdf", "brief-script-alert-1.pdf"),
    ("brief <script>alert(1)</script>.pdf", "script.pdf"),  # a slash starts a new path component
    (".hidden", "sitmap-export.hidden"),
    ("Situación en Zona Norte 29/08.pptx", "08.pptx"),
    ("Situación en Zona Norte.pptx", "Situaci-n-en-Zona-Norte.pptx"),
    ("", "sitmap-export"),
    ("a" * 300 + ".csv", "a" * 100 + ".csv"),
])
def test_safe_filenames(name, safe):
    out = safe_filename(name)
    assert out == safe
    assert all(c.isascii() and (c.isalnum() or c in "._-") for c in out)


def test_default_filenames_follow_the_view():
    assert default_filename("png", ExportOptions(as_of="2025-08-29")) == "sitmap-2025-08-29.png"
    assert default_filename("gpkg", options_for(ExportView(as_of="2024-01-02"))) == "sitmap-2024-01-02.gpkg"
    with pytest.raises(InputError, match="unknown export format"):
        default_filename("docx")


# ------------------------------------------------------------------ views and options

def test_view_validation():
    with pytest.raises(InputError, match="not both"):
        ExportView(start="2024-01-01", as_of="2024-02-01")
    with pytest.raises(InputError, match="not a date"):
        ExportView(end="2024-13-01")
    with pytest.raises(InputError, match="swap"):
        ExportView(start="2024-02-01", end="2024-01-01")
    with pytest.raises(InputError, match="unknown event type"):
        ExportView(types=("picnic",))
    with pytest.raises(InputError, match="between"):
        ExportOptions(width=50)
    assert ExportView(as_of="2024-03-10").label() == "As of 2024-03-10"
    assert ExportView(start="2024-03-01", end="2024-03-10").label() == "2024-03-01 – 2024-03-10"
    assert issubclass(InputError, SitmapError) and issubclass(DataError, SitmapError)


def test_filter_events_uses_the_store_rules():
    events = sample_events()
    ids = lambda view: [e.id for e in filter_events(events, view)]  # noqa: E731
    assert ids(ExportView()) == ["ev1", "ev2", "ev3"]
    assert ids(ExportView(include_undated=True)) == ["ev1", "ev2", "ev3", "ev4"]
    assert ids(ExportView(as_of="2024-03-05")) == ["ev1", "ev2"]
    assert ids(ExportView(start="2024-03-02", end="2024-03-08")) == ["ev2"]
    assert ids(ExportView(types=("exercise",))) == ["ev3"]
    assert ids(ExportView(actors=("Betaland",))) == ["ev2"]
    assert ids(ExportView(min_corroboration=3)) == []
    assert ids(ExportView(text="BETALAND border")) == ["ev2"]
    assert ids(ExportView(text="place 3")) == ["ev3"]


def test_options_for_dates_the_export():
    o = options_for(ExportView(start="2024-03-01", end="2024-03-09"), sample_events())
    assert o.as_of == "2024-03-09" and o.caption == "2024-03-01 – 2024-03-09"
    o = options_for(ExportView(), sample_events(), title="T")
    assert o.as_of == "2024-03-09" and o.title == "T" and o.caption == "All dates"


# ------------------------------------------------------------------ HTML and the deck: escaping

def test_standalone_html_is_offline_escaped_and_has_the_time_control():
    page = export_bytes(sample_events(), "html", OPTS)
    text = page.data.decode("utf-8")
    assert page.mime.startswith("text/html") and page.filename == "sitmap-2024-03-10.html"
    assert find_remote_links(text) == []
    assert SCRIPT not in text and IMG not in text and "onerror=alert(1)>" not in text
    assert "<title>Brief &lt;script&gt;alert(1)&lt;/script&gt;</title>" in text
    assert "sitmap-timebar" in text and "window.sitmapExport" in text
    assert '"ev1":["2024-03-01","2024-03-01"]' in text and '"ev4":null' in text  # the time control's dates


def test_standalone_html_without_overlay_or_legend():
    text = standalone_html(sample_events(hostile=False), ExportOptions(base_geojson="", attribution=False,
                                                                       legend=False, time_slider=False))
    assert "sitmap-export-head'" not in text and "sitmap-export-credit'" not in text
    assert "#sitmap-legend,.sitmap-legend{display:none!important}" in text
    assert "var withSlider = false" in text


def test_deck_slides_content():
    slides = deck_slides(sample_events(), OPTS, map_png=PNG_1PX)
    kinds = [s.kind for s in slides]
    assert kinds == ["title", "map", "table", "table", "table"]
    assert slides[0].subtitle == "As of 2024-03-10" and any("4 events from 8 source documents" in x
                                                           for x in slides[0].lines)
    facts = slides[2]
    assert facts.title.startswith("Key facts") and ("Alphaland", "Place 1", "1,200 troops", "1", "2024-03-01") \
        in facts.rows and ("Betaland", "Place 2", "3 warships", "1", "2024-03-05") in facts.rows
    events = slides[3]
    assert [r[0] for r in events.rows] == ["2024-03-01", "2024-03-05", "2024-03-09", "undated"]
    assert events.rows[1][5] == "2 sources · disputed: date"
    assert len(slides[4].rows) == 8


def test_long_tables_run_over_several_slides():
    from dataclasses import replace

    many = [replace(e, id=f"{e.id}-{i}", sources=tuple(replace(s, doc_id=f"{s.doc_id}-{i}") for s in e.sources))
            for i in range(3) for e in sample_events(hostile=False)]
    titles = [s.title for s in deck_slides(many, OPTS, map_png=None)]
    assert "Events (1/2)" in titles and "Events (2/2)" in titles and "Sources (1/2)" in titles


def test_a_big_view_gives_a_deck_of_briefing_size():
    from dataclasses import replace

    base = sample_events(hostile=False)
    many = [replace(base[i % 3], id=f"e{i}", sources=tuple(replace(s, doc_id=f"{s.doc_id}-{i}")
                                                           for s in base[i % 3].sources[: 1 + (i == 7)]))
            for i in range(120)]
    slides = deck_slides(many, OPTS, map_png=None)
    events = [s for s in slides if s.title.startswith("Events")]
    rows = [r for s in events for r in s.rows]
    assert len(events) == 6 and len(rows) == deck.MAX_DECK_EVENTS + 1
    assert rows[-1][4] == "… and 70 more events, less corroborated: see the CSV or GeoPackage export"
    assert any(r[5].startswith("2 sources") for r in rows)  # the best-corroborated event is kept
    sources = [r for s in slides if s.title.startswith("Sources") for r in s.rows]
    assert len(sources) == deck.MAX_DECK_SOURCES + 1 and sources[-1][0].startswith("… and 79 more sources")


def test_deck_html_escapes_document_text():
    page = deck_html(deck_slides(sample_events(), OPTS, map_png=PNG_1PX))
    assert SCRIPT not in page and IMG not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.count("<section class='slide") == 5


def test_deck_pptx_reads_back_with_the_slides():
    from pptx import Presentation

    data = deck_pptx(sample_events(), OPTS, map_png=PNG_1PX)
    prs = Presentation(io.BytesIO(data))
    slides = list(prs.slides)
    assert len(slides) == len(deck_slides(sample_events(), OPTS, map_png=PNG_1PX)) == 5

    def texts(slide):
        out = []
        for shape in slide.shapes:
            if shape.has_text_frame:
                out.append(shape.text_frame.text)
            if shape.has_table:
                out += [c.text for r in shape.table.rows for c in r.cells]
        return out

    assert f"Brief {SCRIPT}" in texts(slides[0]) and "As of 2024-03-10" in texts(slides[0])
    assert any(s.shape_type == 13 for s in slides[1].shapes)  # the map picture
    assert "1,200 troops" in texts(slides[2])
    assert any(t.startswith("Alphaland deployed troops") for t in texts(slides[3]))  # plain text runs
    assert "Wire story" in texts(slides[4])


# ------------------------------------------------------------------ the browser, without launching it

def test_no_chromium_gives_one_line_naming_the_fix(monkeypatch, tmp_path):
    monkeypatch.delenv("SITMAP_CHROMIUM", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(browser, "FALLBACK_CHROMIUM", tmp_path / "chromium")
    with pytest.raises(DataError) as err:
        find_chromium()
    msg = str(err.value)
    assert "\n" not in msg and "apt-get install chromium" in msg and "SITMAP_CHROMIUM" in msg
    with pytest.raises(DataError):
        export_bytes(sample_events(), "png", OPTS)  # fails before any rendering


def test_chromium_from_option_env_and_path(monkeypatch, tmp_path):
    fake = tmp_path / "my-chrome"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    assert find_chromium(fake) == str(fake)
    monkeypatch.setenv("SITMAP_CHROMIUM", str(fake))
    assert find_chromium() == str(fake)
    monkeypatch.setenv("SITMAP_CHROMIUM", str(tmp_path / "missing"))
    with pytest.raises(DataError, match="SITMAP_CHROMIUM .*missing.* is not an executable"):
        find_chromium()
    monkeypatch.delenv("SITMAP_CHROMIUM")
    (tmp_path / "chromium").write_text("#!/bin/sh\n")
    (tmp_path / "chromium").chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert find_chromium() == str(tmp_path / "chromium")


@pytest.mark.parametrize("url, local", [
    ("file:///tmp/x.html", True), ("data:image/png;base64,AAAA", True), ("about:blank", True),
    ("http://localhost:8501/app", True), ("http://127.0.0.1/x", True), ("http://[::1]:80/", True),
    ("https://unpkg.com/leaflet.js", False), ("http://localhost.evil.example/x", False),
    ("http://127.0.0.1.nip.io/", False), ("ws://example.org/", False), ("http://10.0.0.1/", False),
])
def test_only_local_requests_are_allowed(url, local):
    assert is_local_request(url) is local
