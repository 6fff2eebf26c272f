"""Unit tests of the SQLite event store: its file (location, settings, migrations,
foreign and damaged files, crashes) and its connections.  What every backend must do is
in tests/integration/test_store_contract.py.

Raw sqlite3 appears here only to build foreign/old files and to inspect what the store
wrote; the product code writes SQL in dashboard/store/ alone.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from dashboard.errors import DataError, InputError
from dashboard.store.sqlite import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION
from dashboard.store import SQLiteStore, Store, default_db_path
from tests.fixtures.procs import reaped, sigkill
from tests.fixtures.store_data import RICH, TOPONYMS, make_doc

ROOT = Path(__file__).resolve().parents[2]


# --------------------------------------------------------------------------- builders


@pytest.fixture
def store(tmp_path):
    with SQLiteStore(tmp_path / "s.db") as s:
        yield s


def raw(path) -> sqlite3.Connection:
    return sqlite3.connect(str(path))


# --------------------------------------------------------------------------- location & file


def test_default_db_path_and_env(monkeypatch, tmp_path):
    monkeypatch.delenv("SITMAP_DB", raising=False)
    assert default_db_path() == Path(".sitmap") / "sitmap.db"
    monkeypatch.chdir(tmp_path)
    with SQLiteStore() as s:
        assert s.path == Path(".sitmap/sitmap.db")
    assert (tmp_path / ".sitmap" / "sitmap.db").is_file()
    monkeypatch.setenv("SITMAP_DB", str(tmp_path / "deep" / "er" / "x.db"))
    assert default_db_path() == tmp_path / "deep" / "er" / "x.db"
    with SQLiteStore() as s:  # parent folders created on demand
        assert s.path == tmp_path / "deep" / "er" / "x.db"
    explicit = tmp_path / "explicit.db"
    with SQLiteStore(explicit) as s:  # an explicit path wins over the environment
        assert s.path == explicit
    assert explicit.is_file()


def test_file_settings(tmp_path):
    path = tmp_path / "s.db"
    with SQLiteStore(path) as s:
        assert isinstance(s, Store)
        con = s._con()
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert con.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert con.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
        assert con.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    con = raw(path)
    assert con.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == len(MIGRATIONS)
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"documents", "mentions", "events", "fused", "sources", "schema_version"} <= tables
    indexes = {r[0] for r in con.execute("SELECT sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")}
    assert any("fused(date_start)" in i for i in indexes) and any("fused(type)" in i for i in indexes)
    con.close()


def test_bad_paths(tmp_path):
    with pytest.raises(DataError, match="is a folder"):
        SQLiteStore(tmp_path)
    with pytest.raises(InputError, match="memory"):
        SQLiteStore(":memory:")
    (tmp_path / "afile").write_text("x")
    with pytest.raises(DataError, match="cannot create the folder"):
        SQLiteStore(tmp_path / "afile" / "s.db")


def test_closed_store_refuses_use(tmp_path):
    with SQLiteStore(tmp_path / "s.db") as s:
        s.add_document(make_doc(1), [], [])
    with pytest.raises(DataError, match="closed"):
        s.count()
    s.close()  # idempotent


# --------------------------------------------------------------------------- documents


def test_failure_inside_transaction_rolls_back(store):
    doc = make_doc(1)
    con = store._con()

    def deny_events(action, table, *_):
        return sqlite3.SQLITE_DENY if action == sqlite3.SQLITE_INSERT and table == "events" else sqlite3.SQLITE_OK

    con.set_authorizer(deny_events)  # the documents and mentions rows are written, then events fail
    with pytest.raises(DataError, match="adding document"):
        store.add_document(doc, TOPONYMS, [RICH])
    con.set_authorizer(None)
    assert store.counts() == {"documents": 0, "mentions": 0, "events": 0, "fused": 0}
    assert store.add_document(doc, TOPONYMS, [RICH]) is True  # and the store still works


# --------------------------------------------------------------------------- fused events & queries


# --------------------------------------------------------------------------- migrations


class StoreV2(SQLiteStore):  # the next schema version, whatever today's is
    migrations = MIGRATIONS + ("ALTER TABLE documents ADD COLUMN lang TEXT;",)


NEXT = SCHEMA_VERSION + 1


class StoreV1(SQLiteStore):  # a store written before full-text search
    migrations = MIGRATIONS[:1]


def test_a_version_1_store_gains_the_full_text_index_of_its_events(tmp_path):
    path = tmp_path / "s.db"
    with StoreV1(path) as s:
        s.add_document(make_doc(1), TOPONYMS, [RICH])
    from dashboard.store.rows import FUSED_COLUMNS, fused_rows

    con = raw(path)  # fused rows as a version-1 sitmap wrote them (no index then)
    con.executemany(f"INSERT INTO fused VALUES ({','.join('?' * len(FUSED_COLUMNS))})", fused_rows([RICH])[0])
    con.commit()
    con.close()
    with SQLiteStore(path) as s:
        assert s.schema_version == SCHEMA_VERSION >= 2
        word = RICH.summary.split()[0]
        assert s.query(text=word[:4]) == [RICH]  # the old event is in the index
    con = raw(path)
    assert con.execute("SELECT count(*) FROM fused_text").fetchone()[0] == 1
    con.close()


def test_older_file_is_migrated(tmp_path):
    path = tmp_path / "s.db"
    with SQLiteStore(path) as s:
        s.add_document(make_doc(1), TOPONYMS, [RICH])
        s.replace_fused([RICH])
    with StoreV2(path) as s:
        assert s.schema_version == NEXT
        assert list(s.document_events()) == [RICH] and s.query() == [RICH]
    con = raw(path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == NEXT
    assert [r[0] for r in con.execute("SELECT version FROM schema_version ORDER BY version")] == \
        list(range(1, NEXT + 1))
    assert "lang" in [r[1] for r in con.execute("PRAGMA table_info(documents)")]
    con.close()
    with StoreV2(path) as s:  # opening again applies nothing
        assert s.count() == 1


def test_failed_migration_changes_nothing(tmp_path):
    path = tmp_path / "s.db"
    with SQLiteStore(path) as s:
        s.add_document(make_doc(1), [], [RICH])

    class Broken(SQLiteStore):
        migrations = MIGRATIONS + ("ALTER TABLE documents ADD COLUMN lang TEXT;\nINSERT INTO nowhere VALUES (1);",)

    with pytest.raises(DataError, match="migrating"):
        Broken(path)
    con = raw(path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert "lang" not in [r[1] for r in con.execute("PRAGMA table_info(documents)")]
    con.close()
    with SQLiteStore(path) as s:
        assert s.count() == 1


def test_newer_file_is_refused(tmp_path):
    path = tmp_path / "s.db"
    with StoreV2(path) as s:
        s.add_document(make_doc(1), [], [])
    with pytest.raises(DataError) as err:
        SQLiteStore(path)
    msg = str(err.value)
    assert str(path) in msg and f"schema version {NEXT}" in msg and "upgrade sitmap" in msg and "--db" in msg
    con = raw(path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == NEXT
    assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 1
    con.close()


def test_empty_sqlite_file_is_initialised(tmp_path):
    path = tmp_path / "empty.db"
    path.write_bytes(b"")
    with SQLiteStore(path) as s:
        assert s.add_document(make_doc(1), [], []) and s.count() == 1


# --------------------------------------------------------------------------- foreign files


def assert_refused_untouched(path: Path, *extra: str):
    before = path.read_bytes()
    with pytest.raises(DataError) as err:
        SQLiteStore(path)
    msg = str(err.value)
    assert str(path) in msg and "move it away or pass --db" in msg, msg
    for e in extra:
        assert e in msg, msg
    assert path.read_bytes() == before
    assert not Path(str(path) + "-wal").exists()
    return msg


def test_text_file_is_refused(tmp_path):
    path = tmp_path / "x.db"
    path.write_text("these are my notes, not a database\n" * 10)
    assert_refused_untouched(path, "not a sitmap event store", "not a readable SQLite database")


def test_other_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "other.db"
    con = raw(path)
    con.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    con.execute("INSERT INTO customers (name) VALUES ('Ada')")
    con.commit()
    con.close()
    assert_refused_untouched(path, "another program", "customers")
    con = raw(path)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert con.execute("SELECT name FROM customers").fetchall() == [("Ada",)]
    con.close()


def test_sqlite_file_with_other_application_id_is_refused(tmp_path):
    path = tmp_path / "app.db"
    con = raw(path)
    con.execute("PRAGMA application_id = 1234")
    con.execute("CREATE TABLE documents (doc_id TEXT)")  # even our table names do not make it ours
    con.commit()
    con.close()
    assert_refused_untouched(path, "0x4d2")


def test_damaged_store_is_refused(tmp_path):
    path = tmp_path / "s.db"
    with SQLiteStore(path):
        pass
    con = raw(path)
    con.execute("DROP TABLE fused")
    con.commit()
    con.close()
    with pytest.raises(DataError, match=r"damaged.*missing tables: fused.*move it away"):
        SQLiteStore(path)


# --------------------------------------------------------------------------- crash safety


CHILD = textwrap.dedent("""
    import sys, time
    from dashboard.model import Document
    from dashboard.model import DateRef, Event, Source
    from dashboard.store import SQLiteStore

    db, n, stall = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    store = SQLiteStore(db)
    current = [-1]
    if stall >= 0:
        def trace(sql):  # runs inside add_document's transaction
            if current[0] == stall and sql.startswith("INSERT INTO events"):
                print("inflight", current[0], flush=True)
                time.sleep(60)
        store._con().set_trace_callback(trace)
    for i in range(n):
        current[0] = i
        doc = Document.from_text(f"crash test document {i}", title=f"doc {i}")
        events = [Event("deployment", None, None, DateRef("2025-08-2%d" % k, "2025-08-2%d" % k, "day"),
                        f"event {k} of {i}", sources=(Source(doc.doc_id, "s", 0, 1),)) for k in range(3)]
        toponyms = [{"text": "X", "start": 0, "end": 1}, {"text": "Y", "start": 2, "end": 3}]
        print("added" if store.add_document(doc, toponyms, events) else "skipped", i, flush=True)
    store.close()
""")


def read_line(proc, deadline: float) -> str:
    """The child's next line.  A reader thread feeds a queue: select() on a buffered text
    pipe misses lines already read into the buffer and would wait for the sleeping child."""
    import queue

    q = getattr(proc, "_lines", None)
    if q is None:
        q = proc._lines = queue.Queue()

        def pump():
            for line in proc.stdout:
                q.put(line.strip())

        threading.Thread(target=pump, daemon=True).start()
    try:
        return q.get(timeout=max(0.0, deadline - time.monotonic()))
    except queue.Empty:
        raise AssertionError("child process did not report in time") from None


def test_kill_minus_9_loses_only_the_document_in_flight(tmp_path):
    db, n, stall = tmp_path / "crash.db", 30, 12
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(db), str(n), str(stall)],
                            stdout=subprocess.PIPE, text=True, cwd=tmp_path, env=env)
    with reaped(proc):
        deadline = time.monotonic() + 20
        lines = []
        while not lines or not lines[-1].startswith("inflight"):
            lines.append(read_line(proc, deadline))
        assert lines == [f"added {i}" for i in range(stall)] + [f"inflight {stall}"]
        sigkill(proc)
    assert proc.returncode == -signal.SIGKILL

    with SQLiteStore(db) as s:  # the file opens; only complete documents are in it
        assert s.count() == stall
        assert s.counts() == {"documents": stall, "mentions": 2 * stall, "events": 3 * stall, "fused": 0}
        per_doc = {}
        for e in s.document_events():
            per_doc.setdefault(e.sources[0].doc_id, []).append(e)
        assert len(per_doc) == stall and all(len(v) == 3 for v in per_doc.values())
        assert {d.doc_id for d in s.documents()} == set(per_doc)

    rerun = subprocess.run([sys.executable, "-c", CHILD, str(db), str(n), "-1"], capture_output=True,
                           text=True, cwd=tmp_path, env=env, timeout=30)
    assert rerun.returncode == 0, rerun.stderr
    assert rerun.stdout.split("\n")[:-1] == [f"skipped {i}" for i in range(stall)] + \
        [f"added {i}" for i in range(stall, n)]
    with SQLiteStore(db) as s:
        assert s.counts() == {"documents": n, "mentions": 2 * n, "events": 3 * n, "fused": 0}


# --------------------------------------------------------------------------- threads


def test_connections_of_ended_threads_are_closed(store):
    def work():
        store.count()

    for _ in range(10):
        t = threading.Thread(target=work)
        t.start()
        t.join()
    assert len(store._cons) <= 2  # this thread's and at most the last ended thread's
    assert store.count() == 0

