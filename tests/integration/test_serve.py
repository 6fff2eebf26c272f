"""`sitmap serve` reads its corpus into the store while the server starts, before any
browser connects, and stores the default store where the caller stands."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dashboard.errors import SitmapError
from dashboard.store import SQLiteStore
from tests.e2e.browser import free_port

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def _documents(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with SQLiteStore(db) as store:
            return store.counts()["fused"] and store.counts()["documents"]
    except (SitmapError, sqlite3.Error):  # the store is being created: look again
        return 0


def test_serve_reads_the_corpus_ahead_of_any_session_into_a_store_beside_the_caller(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "seeds", corpus)
    env = {k: v for k, v in os.environ.items() if k != "SITMAP_DB"}
    env["PYTHONPATH"] = str(ROOT)
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "dashboard.cli", "serve", str(corpus), "--port", str(port),
                             "--address", "127.0.0.1"], cwd=tmp_path, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    db = tmp_path / ".sitmap" / "sitmap.db"  # ./.sitmap/sitmap.db of the caller, not of the package
    try:
        deadline = time.time() + 120
        while time.time() < deadline and _documents(db) < 3:
            assert proc.poll() is None, proc.stdout.read()
            time.sleep(0.5)
        assert _documents(db) == 3  # read and fused, though no browser ever connected
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=20)
    assert "Traceback" not in out and "reading ahead stopped" not in out
