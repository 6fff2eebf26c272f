"""`sitmap geoparse` and `sitmap evaluate` as a user runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SITMAP = [sys.executable, "-m", "dashboard.cli"]
EVAL = Path(__file__).resolve().parents[3] / "shared" / "eval"


def run(*args, input=None):
    return subprocess.run([*SITMAP, *args], capture_output=True, text=True, timeout=300, input=input,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"})


def test_geoparse_folder_json():
    r = run("geoparse", "seeds/")
    assert r.returncode == 0, r.stderr
    docs = json.loads(r.stdout)
    assert len(docs) == 3
    for d in docs:
        assert set(d) >= {"doc_id", "path", "title", "published", "toponyms"}
        for t in d["toponyms"]:
            assert set(t) >= {"text", "start", "end", "role", "name", "kind", "country_code", "lat", "lon", "score"}
    assert {d["published"] for d in docs} == {None, "2025-08-29"}


def test_batch_with_a_bad_file_goes_on(tmp_path):
    (tmp_path / "a.txt").write_text("Troops arrived in Caracas.", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01\x02binary\x00" * 100)
    (tmp_path / "c.txt").write_text("", encoding="utf-8")
    r = run("geoparse", str(tmp_path), "--format", "jsonl")
    assert r.returncode == 1  # some inputs skipped
    lines = [json.loads(x) for x in r.stdout.splitlines()]
    assert len(lines) == 1 and lines[0]["toponyms"][0]["name"] == "Caracas"
    assert "b.txt" in r.stderr and "c.txt" in r.stderr and "Traceback" not in r.stderr


def test_jsonl_oracle_spans(tmp_path):
    text = "From Caracas to Qwzxv and Zulia."
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "x1", "text": text, "spans": [[26, 31], [5, 12], [16, 21]]}) + "\n"
                   + "not json\n" + json.dumps({"id": "x2", "text": "Nothing here."}) + "\n", encoding="utf-8")
    r = run("geoparse", "--jsonl", str(src), "--no-alternatives")
    assert r.returncode == 0, r.stderr
    out = [json.loads(x) for x in r.stdout.splitlines()]
    assert [o["id"] for o in out] == ["x1", "x2"]
    names = [t["name"] for t in out[0]["toponyms"]]
    assert names[:2] == ["Zulia", "Caracas"] and out[0]["toponyms"][2]["lat"] is None
    assert "in.jsonl:2" in r.stderr


def test_stdin_and_usage_errors():
    r = run("geoparse", "-", "--format", "jsonl", input="Warships sailed to the Caribbean.")
    assert r.returncode == 0 and json.loads(r.stdout)["toponyms"][0]["name"] == "Caribbean Sea"
    r = run("geoparse")
    assert r.returncode == 2 and "Traceback" not in r.stderr


@pytest.mark.eval
@pytest.mark.skipif(not (EVAL / "TR-News.xml").exists(), reason="../shared/eval not present")
def test_evaluate_small_slice():
    r = run("evaluate", str(EVAL / "TR-News.xml"), "--limit", "5", "--oracle", "--format", "json")
    assert r.returncode == 0, r.stderr
    rep = json.loads(r.stdout)
    assert rep["documents"] == 5 and rep["f1"] == 1.0 and 0.5 < rep["acc161"] <= 1.0


def test_workers_give_the_same_output_in_the_same_order(tmp_path):
    texts = [p.read_text(encoding="utf-8") for p in sorted(Path("seeds").glob("*.txt"))] * 3
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate(texts)), encoding="utf-8")
    one = run("geoparse", "--jsonl", str(src), "--workers", "1", "--batch-size", "2")
    two = run("geoparse", "--jsonl", str(src), "--workers", "2", "--batch-size", "2")
    assert one.returncode == two.returncode == 0, two.stderr
    assert one.stdout == two.stdout
    assert [json.loads(x)["id"] for x in two.stdout.splitlines()] == list(range(len(texts)))
