"""The hostile corpus (tests/hostile/) through the real pipeline and `sitmap ingest`:
the batch finishes, every unreadable file is reported on its own line, and the HTML the
map and the HTML export build from the events carries every payload as inert text."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dashboard.model import Event
from dashboard.store import SQLiteStore

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = ROOT / "tests" / "hostile"
pytestmark = pytest.mark.slow

# raw payload starts that must never appear in generated HTML (escaped forms may)
RAW = re.compile(r"<(?:img|svg|script|b|iframe|body)\b[^<>]{0,40}?(?:\bon\w+\s*=\s*alert|>\s*alert)"
                 r"|href\s*=\s*[\"']?\s*javascript:", re.IGNORECASE)


def cli(*args, timeout=240):
    return subprocess.run([sys.executable, "-m", "dashboard.cli", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=timeout)


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    docs = tmp / "docs"
    shutil.copytree(HOSTILE, docs)
    # generated extremes: a 100,000-character line, a 100,000-character token, odd file names
    (docs / "long_line.txt").write_text("Published: 2025-08-20\n\n" + "Venezuela deployed 500 troops to Caracas "
                                        "on Monday, officials said. " * 1500, encoding="utf-8")
    (docs / "long_token.txt").write_text("Colombia sent troops to Cúcuta on Monday. " + "A" * 100_000 + " end.",
                                         encoding="utf-8")
    (docs / "<img src=x onerror=alert('name')>.txt").write_text(
        "Published: 2025-08-19\n\nBrazil on Tuesday deployed 300 soldiers to Manaus.", encoding="utf-8")
    (docs / os.fsdecode(b"\xffnot-utf8-name.txt")).write_text(
        "Peru on Tuesday sent 200 troops to Lima, officials said.", encoding="utf-8")
    db = tmp / "s.db"
    t0 = time.perf_counter()
    proc = cli("ingest", str(docs), "--db", str(db))
    return {"proc": proc, "db": db, "docs": docs, "seconds": time.perf_counter() - t0}


def test_raw_payload_pattern_matches_what_it_must():
    for raw in ("<img src=x onerror=alert('x')>", "<svg onload=alert(1)>", "<svg/onload=alert(1)>",
                "<script>alert(1)</script>", "<b onmouseover=alert(1)>", '<a href="javascript:alert(1)">'):
        assert RAW.search(f"text {raw} text"), raw
    for inert in ("&lt;img src=x onerror=alert('x')&gt;", "\\u003cscript\\u003ealert(1)", "<script>var a;</script>",
                  "<body>", "\"javascript:alert('json-url')\""):
        assert not RAW.search(inert), inert


def test_batch_finishes_and_reports_every_failure_on_one_line(ingested):
    proc = ingested["proc"]
    assert proc.returncode == 1, proc.stderr  # 1: some inputs skipped
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    skipped = [ln for ln in lines if ln.startswith("sitmap: skipped ")]
    assert len(skipped) == 14 and lines[-1].startswith("sitmap: 17 documents added")
    assert all("\x1b" not in ln for ln in lines)
    assert ingested["seconds"] < 200


def test_store_is_consistent_and_has_events(ingested):
    with SQLiteStore(ingested["db"]) as store:
        counts = store.counts()
        events = store.query()
        titles = [d.title for d in store.documents()]
    assert counts["documents"] == 17 and counts["fused"] > 5
    assert any("<script>" in (t or "") for t in titles)  # stored as data, verbatim
    assert {e.place.name for e in events if e.place} >= {"Caracas", "Manaus"}


def _events(ingested) -> list[Event]:
    with SQLiteStore(ingested["db"]) as store:
        return store.query()


def test_event_outputs_parse_and_keep_payloads_as_data(ingested):
    db = str(ingested["db"])
    geo = cli("events", "--db", db, "--format", "geojson")
    assert geo.returncode == 0
    data = json.loads(geo.stdout)
    assert any("onerror" in json.dumps(f, ensure_ascii=False) for f in data["features"])
    rows = list(csv.DictReader(io.StringIO(cli("events", "--db", db, "--format", "csv").stdout)))
    assert len(rows) == len(data["features"])


def test_map_html_carries_payloads_only_as_inert_text(ingested):
    from dashboard.mapping import build_map

    events = _events(ingested)
    html = build_map(events).get_root().render()
    assert "onerror" in html  # the payloads are on the page ...
    m = RAW.search(html)
    assert m is None, html[max(0, m.start() - 200):m.end() + 200]  # ... but never as markup
    assert "{{7*7}}" in html  # not evaluated as a template


def test_html_export_carries_payloads_only_as_inert_text(ingested):
    export = pytest.importorskip("dashboard.export")
    html = export.standalone_html(_events(ingested))
    assert "onerror" in html
    m = RAW.search(html)
    assert m is None, html[max(0, m.start() - 200):m.end() + 200]
