"""`sitmap extract`, `sitmap ingest` and `sitmap events` on the sample corpus."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

SITMAP = [sys.executable, "-m", "dashboard.cli"]


def run(*args, env=None):
    return subprocess.run([*SITMAP, *args], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})})


def features(text):
    fc = json.loads(text)
    assert fc["type"] == "FeatureCollection"
    return fc["features"]


def test_extract_seeds_geojson(tmp_path):
    out = tmp_path / "events.geojson"
    r = run("extract", "seeds/", "-o", str(out))
    assert r.returncode == 0, r.stderr
    feats = features(out.read_text(encoding="utf-8"))
    props = [f["properties"] for f in feats]
    for p in props:
        assert {"id", "type", "cameo", "actor", "actor_country", "target", "summary", "modality", "place",
                "date_start", "date_end", "date_precision", "forces", "sources", "corroboration", "conflicts",
                "confidence"} <= set(p)
    border = [f for f in feats if f["properties"]["type"] == "deployment"
              and f["properties"]["actor_country"] == "VE" and f["properties"]["place"]
              and f["properties"]["place"]["kind"] == "border"]
    assert len(border) == 1
    b = border[0]
    p = b["properties"]
    assert p["corroboration"] == 3 and p["date_start"] == "2025-08-25"
    assert any(c["field"] == "date" and any("2023-10-23" in v["value"] for v in c["values"]) for c in p["conflicts"])
    assert b["geometry"]["type"] in ("LineString", "MultiLineString")
    lon, lat = (b["geometry"]["coordinates"][0] if b["geometry"]["type"] == "LineString"
                else b["geometry"]["coordinates"][0][0])
    assert -74 < lon < -70 and 6 < lat < 12  # lon/lat order, along Zulia/Táchira
    us = [q for q in props if q["type"] == "deployment" and q["actor_country"] == "US"]
    assert len(us) == 1 and us[0]["place"]["name"] == "southern Caribbean Sea" and us[0]["corroboration"] >= 2
    assert any(f["count"] == 4000 and f["unit"] == "troops" for f in us[0]["forces"])
    militia = [q for q in props if q["type"] == "mobilization" and q["place"] and q["place"]["name"] == "Caracas"]
    assert militia and (militia[0]["date_start"], militia[0]["date_end"]) == ("2025-08-23", "2025-08-24")
    un = [q for q in props if q["type"] == "diplomatic_appeal" and q["date_start"] == "2025-08-26"]
    assert un and un[0]["actor_country"] == "VE"
    feb = [q for q in props if q["type"] == "designation" and q["date_precision"] == "month"
           and q["date_start"] == "2025-02-01"]
    assert feb


def test_extract_is_order_independent(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    names = sorted(os.listdir("seeds"))
    for i, n in enumerate(names):
        text = open(f"seeds/{n}", encoding="utf-8").read()
        (a / f"{i}.txt").write_text(text, encoding="utf-8")
        (b / f"{len(names) - i}.txt").write_text(text, encoding="utf-8")  # reversed file order
    ra, rb = run("extract", str(a), "--format", "json"), run("extract", str(b), "--format", "json")
    assert ra.returncode == rb.returncode == 0
    strip = lambda evs: [{k: v for k, v in e.items() if k != "sources"} for e in json.loads(evs)]  # noqa: E731
    assert strip(ra.stdout) == strip(rb.stdout)


def test_csv_flattens_and_neutralises_formulas(tmp_path):
    doc = tmp_path / "x.txt"
    doc.write_text("=HYPERLINK(\"http://evil\") Venezuela on Monday deployed 2,000 troops to Zulia.",
                   encoding="utf-8")
    r = run("extract", str(doc), "--format", "csv")
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert rows and all(not row["source_quotes"].startswith("=") for row in rows)


def test_ingest_then_query_and_reingest_is_idempotent(tmp_path):
    db = tmp_path / "store.db"
    r = run("ingest", "seeds/", "--db", str(db))
    assert r.returncode == 0, r.stderr
    assert "3 documents added" in r.stderr
    r2 = run("ingest", "seeds/", "--db", str(db))
    assert "0 documents added, 3 already" in r2.stderr
    q = run("events", "--db", str(db), "--from", "2025-08-24", "--to", "2025-08-30", "--type", "mobilization")
    assert q.returncode == 0, q.stderr
    feats = features(q.stdout)
    assert feats and all(f["properties"]["type"] == "mobilization" for f in feats)
    assert any(f["properties"]["date_start"] == "2025-08-23" for f in feats)  # overlaps the window
    old = run("events", "--db", str(db), "--from", "2025-02-01", "--to", "2025-02-28", "--format", "json")
    assert all(e["type"] != "mobilization" for e in json.loads(old.stdout))


def test_events_bad_arguments_one_line_exit_2(tmp_path):
    r = run("events", "--db", str(tmp_path / "s.db"), "--type", "picnic")
    assert r.returncode == 2 and "unknown event type 'picnic'" in r.stderr and "Traceback" not in r.stderr
    junk = tmp_path / "junk.db"
    junk.write_text("not a database", encoding="utf-8")
    r = run("events", "--db", str(junk))
    assert r.returncode == 2 and "junk.db" in r.stderr and "Traceback" not in r.stderr
    assert junk.read_text(encoding="utf-8") == "not a database"


def test_awkward_documents_do_not_crash(tmp_path):
    (tmp_path / "noplace.txt").write_text("Officials said nothing happened and nobody moved anywhere.", encoding="utf-8")
    (tmp_path / "nodate.txt").write_text("Venezuela deployed 3,000 troops to Zulia.", encoding="utf-8")
    (tmp_path / "contradict.txt").write_text(
        "Published: 2025-08-29\n\nVenezuela on Monday deployed 15,000 troops to Zulia. "
        "Venezuela on Monday deployed 10,000 troops to Zulia.", encoding="utf-8")
    big = ("Troops were seen near Caracas on Tuesday, officials said. " * 40 + "\n\n") * 60  # ~140 k chars
    (tmp_path / "big.txt").write_text(big, encoding="utf-8")
    r = run("extract", str(tmp_path), "--format", "json")
    assert r.returncode == 0, r.stderr
    evs = json.loads(r.stdout)
    zulia = [e for e in evs if e["type"] == "deployment" and e["place"] and e["place"]["name"] == "Zulia"]
    assert zulia
    merged = [e for e in zulia if any(c["field"] == "forces" for c in e["conflicts"])]
    assert merged, "15,000 vs 10,000 troops on the same day and place should be one event with a conflict"
