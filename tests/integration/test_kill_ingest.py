"""Nothing lost (issue 7): `sitmap ingest` killed with SIGKILL in the middle of a batch,
then run again; and damaged or foreign store files refused through the CLI, unchanged.

Real subprocesses and a real kill; the spaCy model loads once per run (~3 s)."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dashboard.store import SQLiteStore
from tests.fixtures.procs import reaped, sigkill

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow

ACTORS = ["Venezuela", "Colombia", "Brazil", "The United States", "Peru", "Ecuador", "Panama", "Guyana"]
PLACES = ["Caracas", "Bogotá", "Manaus", "Puerto Rico", "Lima", "Quito", "Colón", "Georgetown", "the Caribbean"]
VERBS = ["deployed {n} troops to", "sent {n} soldiers to", "moved {n} warships to", "began an exercise near"]


def write_corpus(folder: Path, n: int) -> None:
    folder.mkdir()
    for i in range(n):
        a, p, v = ACTORS[i % len(ACTORS)], PLACES[(i * 7) % len(PLACES)], VERBS[(i * 3) % len(VERBS)]
        day = 1 + i % 28
        text = (f"Published: 2025-08-{day:02d}\n\n{a} on Monday {v.format(n=100 + i)} {p}, officials said "
                f"(report {i}). The ministry called it routine.\n")
        (folder / f"report-{i:04d}.txt").write_text(text, encoding="utf-8")


def run_ingest(folder: Path, db: Path, **kw) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "dashboard.cli", "ingest", str(folder), "--db", str(db)],
                            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kw)


def committed_ids(db: Path) -> set[str]:
    """Document ids committed so far, read without writing (a read-only connection)."""
    if not db.exists():
        return set()
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return {r[0] for r in con.execute("SELECT doc_id FROM documents")}
        finally:
            con.close()
    except sqlite3.OperationalError:  # not created yet
        return set()


def integrity(db: Path) -> dict:
    con = sqlite3.connect(db)
    try:
        return {
            "check": con.execute("PRAGMA integrity_check").fetchone()[0],
            "documents": con.execute("SELECT count(*), count(DISTINCT doc_id) FROM documents").fetchone(),
            "events": con.execute("SELECT count(*), count(DISTINCT doc_id || '/' || seq) FROM events").fetchone(),
            "fused": con.execute("SELECT count(*), count(DISTINCT id) FROM fused").fetchone(),
            "event_json": sorted(r[0] for r in con.execute("SELECT json FROM events")),
            "fused_ids": sorted(r[0] for r in con.execute("SELECT id FROM fused")),
        }
    finally:
        con.close()


def test_kill_9_during_ingest_then_rerun(tmp_path):
    n = 240
    corpus, db = tmp_path / "corpus", tmp_path / "s.db"
    write_corpus(corpus, n)
    proc = run_ingest(corpus, db)
    seen: set[str] = set()
    with reaped(proc):
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and proc.poll() is None:
            seen = committed_ids(db)
            if len(seen) >= 25:
                break
            time.sleep(0.05)
        assert proc.poll() is None, f"ingest ended before the kill: {proc.stderr.read()}"
        assert len(seen) >= 25, "no documents were committed in time"
        sigkill(proc)
    assert proc.returncode == -signal.SIGKILL

    with SQLiteStore(db) as store:  # the store opens after the kill
        after_kill = {d.doc_id for d in store.documents()}
    assert seen <= after_kill, "a document committed before the kill is missing"
    assert len(after_kill) < n, "the kill came after the batch had finished"
    assert integrity(db)["check"] == "ok"

    rerun = run_ingest(corpus, db)
    out, err = rerun.communicate(timeout=180)
    assert rerun.returncode == 0, err
    assert f"{n - len(after_kill)} documents added, {len(after_kill)} already in the store" in err
    resumed = integrity(db)
    assert resumed["check"] == "ok"
    assert resumed["documents"] == (n, n)
    assert resumed["events"][0] == resumed["events"][1] and resumed["fused"][0] == resumed["fused"][1]

    # the same events as an uninterrupted run: nothing lost, nothing doubled
    clean_db = tmp_path / "clean.db"
    clean = run_ingest(corpus, clean_db)
    _, err = clean.communicate(timeout=180)
    assert clean.returncode == 0, err
    reference = integrity(clean_db)
    assert resumed["event_json"] == reference["event_json"]
    assert resumed["fused_ids"] == reference["fused_ids"] and len(reference["fused_ids"]) > 0


# --------------------------------------------------------------------------- damaged or foreign files


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def real_store(path: Path) -> None:
    from dashboard.model import Document

    with SQLiteStore(path) as store:
        for i in range(60):
            store.add_document(Document.from_text(f"Document {i}: " + "Troops moved. " * 200))


def make_random(path: Path) -> None:
    path.write_bytes(os.urandom(64 * 1024))


def make_truncated(path: Path) -> None:
    real_store(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def make_foreign(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL)")
    con.executemany("INSERT INTO invoices (amount) VALUES (?)", [(i * 1.5,) for i in range(100)])
    con.commit()
    con.close()


def make_text(path: Path) -> None:
    path.write_text("my notes\n" * 1000)


def make_header_only(path: Path) -> None:
    path.write_bytes(b"SQLite format 3\x00" + bytes(84))


@pytest.mark.parametrize("make, words", [
    (make_random, ["not a sitmap event store"]),
    (make_truncated, ["is damaged", "sitmap ingest"]),
    (make_foreign, ["another program", "invoices"]),
    (make_text, ["not a sitmap event store"]),
    (make_header_only, ["not a sitmap event store"]),
])
@pytest.mark.parametrize("command", ["ingest", "events"])
def test_damaged_or_foreign_store_is_refused_unchanged(tmp_path, make, words, command):
    db = tmp_path / "store.db"
    make(db)
    before = sha(db)
    (tmp_path / "a.txt").write_text("Venezuela deployed troops to Caracas on Monday.", encoding="utf-8")
    args = ["ingest", str(tmp_path / "a.txt")] if command == "ingest" else ["events"]
    proc = subprocess.run([sys.executable, "-m", "dashboard.cli", *args, "--db", str(db)], cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("sitmap: error: "), proc.stderr
    assert "Traceback" not in proc.stderr and proc.stdout == ""
    msg = lines[0]
    assert str(db) in msg
    assert "--db" in msg and "move it away" in msg  # the way out
    for w in words:
        assert w in msg
    assert sha(db) == before, "the file was modified"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "store.db"]  # no -wal/-shm left behind


def test_store_of_a_newer_sitmap_is_refused_unchanged(tmp_path):
    db = tmp_path / "new.db"
    real_store(db)
    con = sqlite3.connect(db)
    con.execute("PRAGMA user_version = 99")
    con.commit()
    con.close()
    before = sha(db)
    proc = subprocess.run([sys.executable, "-m", "dashboard.cli", "events", "--db", str(db), "--format", "json"],
                          cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 2 and "schema version 99" in proc.stderr and "upgrade sitmap" in proc.stderr
    assert sha(db) == before
