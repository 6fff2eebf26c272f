"""The CLI against a real PostgreSQL + PostGIS store: ``sitmap ingest seeds/ --db
postgresql://…`` then ``sitmap events --db postgresql://… --format geojson`` gives the
events the SQLite store gives; re-ingest adds nothing; ``SITMAP_DB`` may be a URL; the
Dask engine writes into the server store too; exports read from it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def sitmap(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dashboard.cli", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=300, env={**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})})


def geojson_events(db: str) -> list[dict]:
    r = sitmap("events", "--db", db, "--format", "geojson")
    assert r.returncode == 0, r.stderr
    return sorted(json.loads(r.stdout)["features"], key=lambda f: f["properties"]["id"])


@pytest.fixture(scope="module")
def sqlite_events(tmp_path_factory):
    db = str(tmp_path_factory.mktemp("lite") / "s.db")
    r = sitmap("ingest", "seeds/", "--db", db)
    assert r.returncode == 0, r.stderr
    return geojson_events(db)


def test_ingest_and_events_on_postgres_equal_sqlite(sqlite_events, pg_url):
    r = sitmap("ingest", "seeds/", "--db", pg_url)
    assert r.returncode == 0, r.stderr
    assert "3 documents added" in r.stderr
    got = geojson_events(pg_url)
    assert got == sqlite_events and len(got) > 5  # every feature, geometry and property
    again = sitmap("ingest", "seeds/", "--db", pg_url)  # idempotent
    assert again.returncode == 0 and "0 documents added, 3 already in the store" in again.stderr
    assert geojson_events(pg_url) == sqlite_events
    filtered = sitmap("events", "--format", "csv", "--type", "deployment", env={"SITMAP_DB": pg_url})
    assert filtered.returncode == 0, filtered.stderr
    rows = filtered.stdout.strip().splitlines()
    assert len(rows) - 1 == sum(f["properties"]["type"] == "deployment" for f in sqlite_events) > 0
    html = sitmap("export", "--format", "html", "--db", pg_url, "-o", "-")
    assert html.returncode == 0, html.stderr
    assert "<html" in html.stdout.lower() and "southern Caribbean" in html.stdout


def test_the_dask_engine_writes_into_the_server_store(sqlite_events, pg_url):
    r = sitmap("ingest", "seeds/", "--db", pg_url, "--engine", "dask", "--workers", "2")
    assert r.returncode == 0, r.stderr
    assert geojson_events(pg_url) == sqlite_events


def test_a_wrong_server_url_is_one_line(tmp_path):
    r = sitmap("events", "--db", "postgresql://nobody:pw@127.0.0.1:1/none")
    assert r.returncode == 2
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("sitmap: error: cannot reach event store")
    assert "pw@" not in r.stderr and "Traceback" not in r.stderr
