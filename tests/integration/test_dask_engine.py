"""The per-document stage on Dask (a real LocalCluster of 2 worker processes): the same
events as the serial run, in any file order, through the CLI and through a scheduler
address."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.pipeline import ingest_into_store
from dashboard.store import SQLiteStore

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def stored_events(db: Path) -> list[dict]:
    with SQLiteStore(db) as store:
        return sorted((e.to_dict() for e in store.query(include_undated=True)), key=lambda d: d["id"])


@pytest.fixture(scope="module")
def serial(tmp_path_factory):
    db = tmp_path_factory.mktemp("serial") / "s.db"
    ingest_into_store([ROOT / "seeds"], db)
    return stored_events(db)


def test_the_cli_on_a_local_dask_cluster_gives_the_serial_events(serial, tmp_path):
    db = tmp_path / "d.db"
    run = subprocess.run([sys.executable, "-m", "dashboard.cli", "ingest", str(ROOT / "seeds"), "--db", str(db),
                          "--engine", "dask", "--workers", "2"], capture_output=True, text=True, cwd=ROOT, timeout=240)
    assert run.returncode == 0, run.stderr
    assert "Dask: 2 worker(s) at tcp://127.0.0.1:" in run.stderr and "3 documents added" in run.stderr
    assert stored_events(db) == serial and len(serial) > 5


def test_a_scheduler_address_runs_on_that_cluster_in_any_file_order(serial, tmp_path):
    from distributed import LocalCluster

    docs = tmp_path / "docs"
    docs.mkdir()
    for i, p in enumerate(sorted((ROOT / "seeds").glob("*.txt"), reverse=True)):  # the other order
        shutil.copy(p, docs / f"{i}_{p.name}")
    db = tmp_path / "d.db"
    with LocalCluster(n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None) as cluster:
        report = ingest_into_store([docs], db, engine="dask", scheduler=cluster.scheduler_address)
    assert report["added"] == 3
    strip = lambda evs: json.dumps([{**e, "sources": sorted(s["sentence"] for s in e["sources"])} for e in evs],  # noqa: E731
                                   sort_keys=True)
    assert strip(stored_events(db)) == strip(serial)  # same events; only the file paths differ


def test_a_scheduler_needs_the_dask_engine_and_an_address(tmp_path):
    for args, want in ((["--scheduler", "tcp://127.0.0.1:8786"], "needs --engine dask"),
                       (["--engine", "dask", "--scheduler", "127.0.0.1:8786"], "give the scheduler's address")):
        run = subprocess.run([sys.executable, "-m", "dashboard.cli", "ingest", str(ROOT / "seeds"), "--db",
                              str(tmp_path / "x.db"), *args], capture_output=True, text=True, cwd=ROOT, timeout=60)
        assert run.returncode != 0 and want in run.stderr and len(run.stderr.strip().splitlines()) == 1
