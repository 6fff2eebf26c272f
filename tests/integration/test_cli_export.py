"""`sitmap export` over a small hand-made store (fast), plus one run over documents."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.store import SQLiteStore
from tests.fixtures.export_events import sample_events

ROOT = Path(__file__).resolve().parents[2]
SITMAP = [sys.executable, "-m", "dashboard.cli"]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def run(*args, env=None, cwd=None):
    return subprocess.run([*SITMAP, *args], capture_output=True, timeout=300, cwd=cwd or ROOT,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})})


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("export") / "s.db"
    with SQLiteStore(path) as store:
        store.replace_fused(sample_events())
    return path


def test_geojson_of_an_as_of_view(db, tmp_path):
    out = tmp_path / "view.geojson"
    r = run("export", "--format", "geojson", "-o", str(out), "--db", str(db), "--as-of", "2024-03-05")
    assert r.returncode == 0, r.stderr
    fc = json.loads(out.read_text(encoding="utf-8"))
    assert [f["id"] for f in fc["features"]] == ["ev1", "ev2"]
    assert b"wrote 2 events as geojson" in r.stderr


def test_csv_to_stdout_with_filters(db):
    r = run("export", "--format", "csv", "-o", "-", "--db", str(db), "--type", "patrol", "--type", "exercise",
            "--from", "2024-03-01", "--to", "2024-03-31")
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(r.stdout.decode("utf-8"))))
    assert [row["id"] for row in rows] == ["ev2", "ev3"]


def test_store_from_the_environment_and_undated(db, tmp_path):
    out = tmp_path / "all.gpkg"
    r = run("export", "--format", "gpkg", "-o", str(out), "--undated", "--actor", "Alphaland",
            env={"SITMAP_DB": str(db)})
    assert r.returncode == 0, r.stderr
    import geopandas as gpd

    assert sorted(gpd.read_file(out, layer="events")["id"]) == ["ev1", "ev4"]


def test_no_overwrite_without_force(db, tmp_path):
    out = tmp_path / "x.html"
    out.write_text("mine", encoding="utf-8")
    r = run("export", "--format", "csv", "-o", str(out), "--db", str(db))
    assert r.returncode == 2 and out.read_text(encoding="utf-8") == "mine"
    err = r.stderr.decode("utf-8").strip()
    assert err.count("\n") == 0 and "x.html" in err and "--force" in err
    r = run("export", "--format", "csv", "-o", str(out), "--db", str(db), "--force")
    assert r.returncode == 0, r.stderr
    assert out.read_text(encoding="utf-8").startswith("id,type,")


@pytest.mark.parametrize("args, message", [
    (("--as-of", "2024-03-05", "--from", "2024-03-01"), "not both"),
    (("--to", "2024-02-30"), "not a date"),
    (("--type", "picnic"), "unknown event type"),
])
def test_bad_views_one_line_exit_2(db, tmp_path, args, message):
    r = run("export", "--format", "geojson", "-o", str(tmp_path / "o.geojson"), "--db", str(db), *args)
    err = r.stderr.decode("utf-8").strip()
    assert r.returncode == 2 and message in err and err.count("\n") == 0 and "Traceback" not in err


def test_missing_store_is_not_created(tmp_path):
    missing = tmp_path / "none.db"
    r = run("export", "--format", "geojson", "-o", str(tmp_path / "o.geojson"), "--db", str(missing))
    assert r.returncode == 2 and b"sitmap ingest" in r.stderr and not missing.exists()


def test_missing_chromium_names_the_fix(db, tmp_path):
    r = run("export", "--format", "png", "-o", str(tmp_path / "m.png"), "--db", str(db),
            "--chromium", str(tmp_path / "no-such-chromium"))
    err = r.stderr.decode("utf-8").strip()
    assert r.returncode == 2 and "apt-get install chromium" in err and err.count("\n") == 0
    assert not (tmp_path / "m.png").exists()


@pytest.mark.e2e
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed (make setup installs it)")
def test_png_of_the_requested_size(db, tmp_path):
    from PIL import Image

    out = tmp_path / "map.png"
    r = run("export", "--format", "png", "-o", str(out), "--db", str(db), "--width", "800", "--height", "500",
            "--title", "Briefing")
    assert r.returncode == 0, r.stderr
    with Image.open(out) as img:
        assert img.size == (800, 500)


@pytest.mark.slow
def test_documents_instead_of_a_store(tmp_path):
    """PATH... runs the pipeline and fuses, without touching any store."""
    out = tmp_path / "seeds.csv"
    env = {"SITMAP_DB": str(tmp_path / "untouched.db")}
    r = run("export", "--format", "csv", "-o", str(out), str(ROOT / "seeds"), "--type", "deployment", env=env)
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows and {row["type"] for row in rows} == {"deployment"}
    assert not (tmp_path / "untouched.db").exists()
    r = run("export", "--format", "csv", "-o", "-", str(ROOT / "seeds"), "--db", str(tmp_path / "x.db"))
    assert r.returncode == 2 and b"not both" in r.stderr
