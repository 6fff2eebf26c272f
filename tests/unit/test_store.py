"""Unit tests of dashboard.store (the SQLite event store).

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
from dataclasses import replace
from pathlib import Path

import pytest

from dashboard.errors import DataError, InputError
from dashboard.model import Document
from dashboard.model import Actor, Conflict, ConflictValue, DateRef, Event, ForceRef, PlaceRef, Source
from dashboard.store.sqlite import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION
from dashboard.store import SQLiteStore, Store, StoredDocument, default_db_path
from tests.fixtures.procs import reaped, sigkill

ROOT = Path(__file__).resolve().parents[2]


# --------------------------------------------------------------------------- builders


def make_doc(i: int, published: str | None = "2025-08-29") -> Document:
    return Document.from_text(f"Article {i}: troops were sent to Zulia and Táchira.",
                              title=f"Title {i}", published=published, path=f"/news/{i}.txt",
                              url=f"https://example.org/{i}")


def make_event(summary: str = "US deploys ships to the Caribbean", *, type: str = "deployment",
               actor: str | None = "United States", actor_cc: str | None = "US",
               place: str | None = "Caribbean Sea", lat: float | None = 15.0, lon: float | None = -75.0,
               start: str | None = "2025-08-23", end: str | None = None, modality: str = "fact",
               docs: tuple[str, ...] = ("d1",), id: str = "", confidence: float = 0.7) -> Event:
    return Event(
        type=type,
        actor=Actor(actor, "state", actor_cc) if actor else None,
        place=PlaceRef(place, "sea", None, 42, lat, lon) if place else None,
        date=DateRef(start, end or start, "day", "on Saturday") if start else None,
        summary=summary,
        modality=modality,
        sources=tuple(Source(d, f"Sentence of {d}.", 10, 30, "2025-08-29", f"/news/{d}.txt", f"T {d}")
                      for d in docs),
        confidence=confidence,
        id=id,
    )


RICH = Event(
    type="deployment",
    actor=Actor("United States", "state", "US"),
    place=PlaceRef("southern Caribbean", "derived", None, 7, 12.5, -68.25, "south",
                   '{"type":"Polygon","coordinates":[[[-70,11],[-66,11],[-66,14],[-70,11]]]}'),
    date=DateRef("2025-08-23", "2025-08-24", "day", "this weekend", suspect=True),
    summary="The US sent 4,000 troops and three destroyers",
    modality="intent",
    target=Actor("Venezuela", "state", "VE"),
    forces=(ForceRef(4000, "troops", True, "about 4,000 troops", "US"),
            ForceRef(3, "destroyers", False, "three destroyers", None)),
    sources=(Source("d1", "The US sent 4,000 troops.", 0, 26, "2025-08-29", "/a.txt", "A"),
             Source("d2", "Three destroyers sailed.", 5, 29, None, None, None)),
    confidence=0.83,
    attributes=(("amount_usd", "50000000"), ("note", "ünïcode ✓")),
    conflicts=(Conflict("forces", (ConflictValue("4000 troops", ("d1",)), ConflictValue("4500 troops", ("d2",)))),),
    id="abc123",
)

TOPONYMS = [
    {"text": "Zulia", "start": 36, "end": 41, "role": "place", "place_id": 11, "name": "Zulia", "kind": "admin1",
     "country_code": "VE", "lat": 10.0, "lon": -72.0, "score": 0.9, "modifier": None, "alternatives": []},
    {"text": "Táchira", "start": 46, "end": 53, "role": "place", "place_id": None, "name": None, "kind": None,
     "country_code": None, "lat": None, "lon": None, "score": 0.0, "reason": "no candidate"},
]


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


def test_document_roundtrip(store):
    doc = make_doc(1)
    events = [RICH, make_event("second", docs=(doc.doc_id,)), replace(RICH, id="", date=None, place=None)]
    assert store.add_document(doc, TOPONYMS, events) is True
    assert store.has_document(doc.doc_id) and not store.has_document("nope")
    assert store.count() == 1
    assert list(store.document_events()) == events  # equality of every field, order kept
    assert list(store.document_events(doc.doc_id)) == events
    assert list(store.document_events("nope")) == []

    listed = list(store.documents())
    assert listed == [StoredDocument(doc.doc_id, "/news/1.txt", "Title 1", "2025-08-29",
                                     "https://example.org/1", listed[0].ingested_at, None)]
    full = store.document(doc.doc_id)
    assert full.text == doc.text and full.to_document() == doc
    assert [d.text for d in store.documents(text=True)] == [doc.text]
    assert store.document("nope") is None
    with pytest.raises(InputError, match="without its text"):
        listed[0].to_document()

    ms = store.mentions(doc.doc_id)
    assert [m["text"] for m in ms] == ["Zulia", "Táchira"]
    assert ms[0] == {k: TOPONYMS[0][k] for k in ms[0]}
    assert ms[1]["lat"] is None and ms[1]["name"] is None
    assert store.counts() == {"documents": 1, "mentions": 2, "events": 3, "fused": 0}


def test_documents_order(store):
    for i, pub in ((1, "2025-09-01"), (2, None), (3, "2025-08-01")):
        store.add_document(make_doc(i, pub), [], [])
    assert [d.title for d in store.documents()] == ["Title 3", "Title 1", "Title 2"]


def test_readd_is_idempotent(store):
    doc = make_doc(1)
    assert store.add_document(doc, TOPONYMS, [RICH]) is True
    before = store.counts()
    stamp = store.document(doc.doc_id).ingested_at
    assert store.add_document(doc, [], [make_event("other"), make_event("more")]) is False
    assert store.counts() == before
    assert list(store.document_events()) == [RICH]
    assert store.document(doc.doc_id).ingested_at == stamp


def test_bad_input_stores_nothing(store):
    doc = make_doc(1)
    with pytest.raises(InputError, match="'bogus'"):
        store.add_document(doc, TOPONYMS, [RICH, make_event(type="bogus")])
    with pytest.raises(InputError, match="lacks start"):
        store.add_document(doc, [{"text": "x", "end": 3}], [])
    with pytest.raises(InputError, match="bad lat"):
        store.add_document(doc, [{"text": "x", "start": 0, "end": 3, "lat": [1]}], [])
    assert store.count() == 0 and not store.has_document(doc.doc_id)


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


def test_replace_fused_roundtrip_and_atomicity(store):
    assert store.replace_fused([RICH, make_event("b", id="b")]) == 2
    assert store.query() == [RICH, make_event("b", id="b")]
    assert store.replace_fused([make_event("c", id="c")]) == 1
    assert [e.id for e in store.query()] == ["c"]
    with pytest.raises(InputError, match="'x'"):
        store.replace_fused([make_event("d", id="x"), make_event("e", id="x")])
    assert [e.id for e in store.query()] == ["c"]  # a failed replacement keeps the old set
    (no_id,) = [make_event("f")]
    assert no_id.id == ""
    store.replace_fused([no_id])
    assert store.query() == [no_id.with_id()]
    assert store.counts()["fused"] == 1


@pytest.fixture
def window_store(store):
    store.replace_fused([
        make_event("weekend", id="a", start="2025-08-23", end="2025-08-24"),
        make_event("february", id="b", start="2025-02-01", end="2025-02-28"),
        make_event("undated", id="c", start=None),
        make_event("touches end", id="d", start="2025-08-30", end="2025-09-02"),
        make_event("just before", id="e", start="2025-08-20", end="2025-08-23"),
        make_event("month", id="f", start="2025-08-01", end="2025-08-31"),
    ])
    return store


def ids(events):
    return [e.id for e in events]


def test_query_window_overlap(window_store):
    q = window_store.query
    assert ids(q(start="2025-08-24", end="2025-08-30")) == ["f", "a", "d", "c"]
    assert ids(q(start="2025-08-24", end="2025-08-30", include_undated=False)) == ["f", "a", "d"]
    assert ids(q(start="2025-08-25", end="2025-08-29", include_undated=False)) == ["f"]
    assert ids(q(start="2025-02-10", end="2025-02-10", include_undated=False)) == ["b"]
    assert ids(q(start="2025-09-01", include_undated=False)) == ["d"]
    assert ids(q(end="2025-08-20", include_undated=False)) == ["b", "f", "e"]
    assert ids(q(end="2025-08-19", include_undated=False)) == ["b", "f"]
    assert ids(q()) == ["b", "f", "e", "a", "d", "c"]  # by date_start, then id; undated last
    assert ids(q(include_undated=False)) == ["b", "f", "e", "a", "d"]
    assert ids(q(limit=2)) == ["b", "f"]
    from datetime import date
    assert ids(q(start=date(2025, 8, 24), end=date(2025, 8, 30))) == ["f", "a", "d", "c"]
    assert window_store.span() == ("2025-02-01", "2025-09-02")


@pytest.mark.parametrize("kwargs, message", [
    ({"start": "2025-02-30"}, "not a date"),
    ({"end": "29/08/2025"}, "not a date"),
    ({"start": "2025-09-01", "end": "2025-08-01"}, "after its end"),
    ({"types": ["deploy"]}, "unknown event type 'deploy'"),
    ({"modality": "rumour"}, "unknown modality 'rumour'"),
    ({"min_corroboration": -1}, "min_corroboration"),
    ({"limit": "10"}, "limit"),
    ({"bbox": (1, 2, 3)}, "four numbers"),
    ({"bbox": (0, 10, 1, 5)}, "min_lat <= max_lat"),
])
def test_query_refuses_bad_arguments(store, kwargs, message):
    with pytest.raises(InputError, match=message):
        store.query(**kwargs)


def test_query_filters(store):
    store.replace_fused([
        make_event("ships", id="1", docs=("d1", "d2")),
        make_event("warning", id="2", type="threat", actor="Venezuela", actor_cc="VE", modality="threat",
                   place="Caracas", lat=10.5, lon=-66.9, docs=("d2",)),
        make_event("no place", id="3", type="statement", actor=None, place=None, docs=("d3",)),
        make_event("pacific", id="4", place="Fiji", lat=-17.7, lon=178.0, docs=("d1", "d2", "d3")),
    ])
    q = store.query
    assert ids(q(types=["threat", "statement"])) == ["2", "3"]
    assert ids(q(types="deployment")) == ["1", "4"]
    assert ids(q(types=[])) == []  # an empty selection matches nothing
    assert ids(q(actors=["Venezuela"])) == ["2"]
    assert ids(q(modality="threat")) == ["2"]
    assert ids(q(modality=("fact", "intent"))) == ["1", "3", "4"]
    assert ids(q(doc_ids=["d3"])) == ["3", "4"]
    assert ids(q(doc_ids="d2", types="deployment")) == ["1", "4"]
    assert ids(q(min_corroboration=2)) == ["1", "4"]
    assert ids(q(min_corroboration=3)) == ["4"]
    assert ids(q(bbox=(-80, 5, -60, 20))) == ["1", "2"]  # "3" has no coordinates
    assert ids(q(bbox=(170, -30, -170, 0))) == ["4"]  # across the antimeridian
    assert ids(q(bbox=(-67, 10, -66, 11))) == ["2"]

    assert store.facets() == {
        "types": ["deployment", "statement", "threat"],
        "actors": ["United States", "Venezuela"],
        "modalities": ["fact", "threat"],
        "documents": [{"doc_id": d, "title": None, "published": "2025-08-29", "events": n}
                      for d, n in (("d1", 2), ("d2", 3), ("d3", 2))],
        "days": ["2025-08-23", "2025-08-23", "2025-08-23"],  # start days of the events shown as events
    }
    store.add_document(Document("d3", "text", "Stored title", "2025-08-01"), [], [])
    assert store.facets()["documents"][0] == {"doc_id": "d3", "title": "Stored title",
                                              "published": "2025-08-01", "events": 2}


def test_text_search_is_escaped(store):
    store.replace_fused([
        make_event("50% of the fleet", id="pct"),
        make_event("5000 of the fleet", id="num"),
        make_event("unit a_b moved", id="under"),
        make_event("unit axb moved", id="nounder"),
        make_event("path C:\\ships", id="bslash"),
        make_event("deployment near coast", id="tach", place="Táchira", actor="Fuerza Armada"),
    ])
    q = store.query
    assert ids(q(text="50%")) == ["pct"]
    assert ids(q(text="a_b")) == ["under"]
    assert ids(q(text="%")) == ["pct"]
    assert ids(q(text="_")) == ["under"]
    assert ids(q(text="C:\\s")) == ["bslash"]
    assert ids(q(text="tachira")) == ["tach"]  # place name, case and accents ignored
    assert ids(q(text="FUERZA coast")) == ["tach"]  # every term must match (actor, summary)
    assert ids(q(text="fleet 50%")) == ["pct"]
    assert ids(q(text="  ")) == ids(q())
    assert ids(q(text="'; DROP TABLE fused; --")) == []
    assert ids(q(text='"fleet" OR NOT* near')) == []  # FTS5 syntax in a term is text, not a query
    assert store.counts()["fused"] == 6


def test_text_search_finds_words_by_their_beginning(store):
    store.replace_fused([make_event("deployment near the coast", id="a", place="Táchira", actor="Venezuela"),
                         make_event("patrol in the strait", id="b", place="Hormuz", actor="Iran")])
    q = store.query
    assert ids(q(text="venez")) == ["a"] and ids(q(text="TÁCH")) == ["a"] and ids(q(text="strait hormuz")) == ["b"]
    assert ids(q(text="zuela")) == []  # inside a word: not a match (full-text search, word beginnings)
    store.replace_fused([make_event("patrol in the strait", id="b", place="Hormuz", actor="Iran")])
    assert ids(q(text="venez")) == []  # the index follows the fused events


def test_empty_store(store):
    assert store.query() == [] and store.span() == (None, None) and store.count() == 0
    assert store.facets() == {"types": [], "actors": [], "modalities": [], "documents": [], "days": []}
    assert list(store.documents()) == [] and list(store.document_events()) == []


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


def test_readers_and_a_writer_in_threads(store):
    n, errors, seen = 40, [], {0: [], 1: []}
    done = threading.Event()

    def writer():
        try:
            for i in range(n):
                doc = make_doc(i)
                store.add_document(doc, TOPONYMS, [make_event(f"e{i}a", docs=(doc.doc_id,)),
                                                   make_event(f"e{i}b", docs=(doc.doc_id,))])
                if i % 10 == 9:
                    store.replace_fused([make_event(f"f{k}", id=f"f{k}") for k in range(i + 1)])
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            done.set()

    def reader(k):
        try:
            while True:
                finished = done.is_set()
                seen[k].append(store.count())
                for d in store.documents():  # a visible document always has all its events
                    assert len(list(store.document_events(d.doc_id))) == 2
                    assert len(store.mentions(d.doc_id)) == 2
                fused = store.query()
                assert len(fused) % 10 == 0  # replacements are atomic
                if finished:
                    break
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=writer)] + [threading.Thread(target=reader, args=(k,)) for k in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not any(t.is_alive() for t in threads)
    assert errors == []
    assert store.count() == n and len(store.query()) == n
    for counts in seen.values():
        assert counts and counts == sorted(counts) and counts[-1] == n


def test_connections_of_ended_threads_are_closed(store):
    def work():
        store.count()

    for _ in range(10):
        t = threading.Thread(target=work)
        t.start()
        t.join()
    assert len(store._cons) <= 2  # this thread's and at most the last ended thread's
    assert store.count() == 0


def test_the_map_query_index_agrees_with_the_exact_conditions(store):
    """Boxes and windows over random events (undated ones, the antimeridian, box edges):
    the R*Tree only narrows, the answer is the exact one."""
    import random

    rng = random.Random(3)
    evs = []
    for i in range(300):
        day = f"2025-0{rng.randint(1, 9)}-{rng.randint(10, 28)}" if i % 7 else None
        lat, lon = round(rng.uniform(-60, 60), 3), round(rng.choice([rng.uniform(-180, 180), 179.9, -179.9]), 3)
        evs.append(make_event(f"event {i}", id=f"e{i:03d}", lat=lat, lon=lon, start=day))
    store.replace_fused(evs)
    for _ in range(60):
        y0 = rng.uniform(-60, 50)
        x0, x1 = rng.uniform(-180, 180), rng.uniform(-180, 180)  # x0 > x1: across the antimeridian
        box = (x0, y0, x1, y0 + rng.uniform(1, 40))
        start = rng.choice([None, "2025-03-15", "2025-05-01"])
        end = rng.choice([None, "2025-06-20"])
        undated = rng.random() < 0.5

        def inside(e):
            lon = e.place.lon
            lon_ok = box[0] <= lon <= box[2] if box[0] <= box[2] else (lon >= box[0] or lon <= box[2])
            if not (lon_ok and box[1] <= e.place.lat <= box[3]):
                return False
            if e.date is None:
                return undated
            return (start is None or e.date.end >= start) and (end is None or e.date.start <= end)

        want = sorted(e.id for e in evs if inside(e))
        assert sorted(ids(store.query(bbox=box, start=start, end=end, include_undated=undated))) == want
