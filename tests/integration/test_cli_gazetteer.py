"""`sitmap geocode` / `reverse` / `status` as a user runs them (real process, real gazetteer)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

SITMAP = [sys.executable, "-m", "dashboard.cli"]


def run(*args, input=None):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([*SITMAP, *args], capture_output=True, text=True, timeout=120, env=env, input=input)


def test_geocode_json_fields():
    r = run("geocode", "Zulia", "--format", "json", "--limit", "3")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data[0]["name"] == "Zulia" and data[0]["country_code"] == "VE"
    for key in ("name", "kind", "country_code", "admin1", "lat", "lon", "population", "bbox"):
        assert key in data[0]
    assert "geometry" not in data[0]


def test_geocode_geometry_is_geojson():
    r = run("geocode", "Colombia border", "--country", "VE", "--geometry", "--format", "json", "--limit", "1")
    assert r.returncode == 0, r.stderr
    g = json.loads(r.stdout)[0]["geometry"]
    assert g["type"] in ("LineString", "MultiLineString")
    first = g["coordinates"][0] if g["type"] == "LineString" else g["coordinates"][0][0]
    lon, lat = first
    assert -74 < lon < -66 and 0 < lat < 13  # GeoJSON order: lon, lat


def test_no_match_is_empty_list_exit_0():
    r = run("geocode", "Qwzxv Nowhere", "--format", "json")
    assert r.returncode == 0 and json.loads(r.stdout) == []


@pytest.mark.parametrize("bad", ["", "x" * 1001, "Cara\x07cas"])
def test_invalid_input_one_line_exit_2(bad):
    r = run("geocode", bad)
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and r.stderr.startswith("sitmap: error:")


def test_undecodable_bytes_argument():
    r = subprocess.run([*SITMAP, "geocode", b"Cara\xffcas"], capture_output=True, timeout=120)
    assert r.returncode == 2 and b"Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_unknown_kind_is_exit_2():
    r = run("geocode", "Zulia", "--kind", "planet")
    assert r.returncode == 2 and "unknown kind 'planet'" in r.stderr and "Traceback" not in r.stderr


def test_text_format_lists_candidates():
    r = run("geocode", "Washington", "--limit", "3")
    assert r.returncode == 0
    lines = r.stdout.strip().splitlines()
    assert len(lines) == 3 and "Washington" in lines[0] and "city" in lines[0]


def test_reverse_negative_longitude():
    r = run("reverse", "10.49", "-66.88", "--format", "json")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["country"]["country_code"] == "VE" and d["admin1"]["iso_code"] == "VE-A"


def test_reverse_out_of_range():
    r = run("reverse", "95", "10")
    assert r.returncode == 2 and "out of range" in r.stderr and "Traceback" not in r.stderr


def test_status():
    r = run("status", "--format", "json")
    assert r.returncode == 0
    d = json.loads(r.stdout)
    assert d["counts"]["country"] >= 240 and d["counts"]["city"] > 200_000
