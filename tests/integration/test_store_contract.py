"""The store contract: what every backend of :class:`dashboard.store.Store` does, run
against both — the embedded SQLite file and a real PostgreSQL + PostGIS server (started
by the ``pg_server`` fixture, tests/fixtures/postgres.py) — plus what only the server
backend has to prove: refusing foreign and newer databases, PostGIS, its lock, its URL.
"""

from __future__ import annotations

import threading
from dataclasses import replace

import pytest

from dashboard.errors import DataError, InputError
from dashboard.model import Document
from dashboard.store import PostgresStore, Store, StoredDocument, open_store
from tests.fixtures.store_data import RICH, TOPONYMS, make_doc, make_event


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request, tmp_path):
    """The location of a new, empty store of each backend."""
    if request.param == "sqlite":
        return str(tmp_path / "s.db")
    return request.getfixturevalue("pg_url")


@pytest.fixture
def store(backend):
    with open_store(backend) as s:
        assert isinstance(s, Store)
        yield s


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


# --------------------------------------------------------------------------- both: lifecycle


def test_the_change_stamp_follows_every_write(store):
    seen = [store.changed()]
    store.add_document(make_doc(1), TOPONYMS, [RICH])
    seen.append(store.changed())
    store.add_document(make_doc(1), TOPONYMS, [RICH])  # already there: no write
    assert store.changed() == seen[-1]
    store.replace_fused([RICH])
    seen.append(store.changed())
    assert len(set(seen)) == 3


def test_one_ingest_at_a_time(backend):
    order: list[str] = []
    with open_store(backend) as first, open_store(backend) as second:
        def later():
            with second.ingest_lock():
                order.append("second")

        with first.ingest_lock():
            t = threading.Thread(target=later)
            t.start()
            t.join(0.5)
            assert t.is_alive() and order == []  # waits for the first
            order.append("first")
        t.join(10)
    assert order == ["first", "second"]


def test_a_closed_store_refuses_use(backend):
    with open_store(backend) as s:
        s.add_document(make_doc(1), [], [])
    with pytest.raises(DataError, match="closed"):
        s.count()
    s.close()  # idempotent
    with open_store(backend) as s:  # the data is still there
        assert s.count() == 1


def test_two_writers_racing_for_one_document_store_it_once(backend):
    doc, results = make_doc(1), []
    stores = [open_store(backend), open_store(backend)]
    barrier = threading.Barrier(2)
    try:
        def add(s):
            s.has_document = lambda _id: False  # both pass the check: the database must decide
            barrier.wait()
            results.append(s.add_document(doc, TOPONYMS, [RICH]))

        threads = [threading.Thread(target=add, args=(s,)) for s in stores]
        for t in threads:
            t.start()
        for t in threads:
            t.join(20)
        assert sorted(results) == [False, True]
        assert stores[0].counts() == {"documents": 1, "mentions": 2, "events": 1, "fused": 0}
    finally:
        for s in stores:
            s.close()


# --------------------------------------------------------------------------- PostgreSQL only


def psql(pg_server, url: str, statement: str) -> str:
    return pg_server.sql(url.rsplit("/", 1)[1], statement).strip()


def test_the_server_schema_has_postgis_columns_and_indexes(pg_server, pg_url):
    with PostgresStore(pg_url) as s:
        s.replace_fused([make_event(f"e{i}", id=f"e{i}", lat=i / 100, lon=-i / 100) for i in range(50)])
    assert psql(pg_server, pg_url, "SELECT version FROM sitmap_schema_version") == "1"
    assert psql(pg_server, pg_url, "SELECT type || ',' || srid FROM geometry_columns WHERE f_table_name = 'fused'") \
        == "POINT,4326"
    assert psql(pg_server, pg_url, "SELECT ST_AsText(geom) FROM fused WHERE id = 'e7'") == "POINT(-0.07 0.07)"
    indexes = psql(pg_server, pg_url, "SELECT indexdef FROM pg_indexes WHERE tablename = 'fused'")
    assert "USING gist (geom, days)" in indexes and "USING gin (words)" in indexes
    # the map's query can be answered from the GiST index (the planner picks it once the table is big)
    plan = psql(pg_server, pg_url, "SET enable_seqscan = off; EXPLAIN SELECT json FROM fused WHERE geom && "
                "ST_MakeEnvelope(-1, 0, 0, 1, 4326) AND days && daterange('2025-08-01', '2025-08-30', '[]')")
    assert "fused_map" in plan


def test_a_foreign_database_is_refused_and_left_unchanged(pg_server, pg_url):
    psql(pg_server, pg_url, "CREATE TABLE documents (id int); INSERT INTO documents VALUES (7)")
    with pytest.raises(DataError, match="not a sitmap event store") as err:
        PostgresStore(pg_url)
    assert "documents" in str(err.value) and "--db" in str(err.value)
    assert psql(pg_server, pg_url, "SELECT id FROM documents") == "7"
    assert psql(pg_server, pg_url, "SELECT to_regclass('fused') IS NULL") == "t"


class PostgresStoreV2(PostgresStore):  # the next schema version
    migrations = PostgresStore.migrations + ("ALTER TABLE documents ADD COLUMN lang text;",)


def test_a_newer_database_is_refused_and_an_older_one_migrated(pg_server, pg_url):
    with PostgresStore(pg_url) as s:
        s.add_document(make_doc(1), TOPONYMS, [RICH])
    with PostgresStoreV2(pg_url) as s:  # migrated, data kept
        assert s.count() == 1 and list(s.document_events()) == [RICH]
    assert psql(pg_server, pg_url, "SELECT string_agg(version::text, ',' ORDER BY version) "
                "FROM sitmap_schema_version") == "1,2"
    with pytest.raises(DataError, match="schema version 2, newer than this sitmap supports") as err:
        PostgresStore(pg_url)
    assert "upgrade sitmap" in str(err.value)


def test_a_failed_migration_changes_nothing(pg_server, pg_url):
    class Broken(PostgresStore):
        migrations = PostgresStore.migrations + ("ALTER TABLE documents ADD COLUMN lang text; SELECT * FROM nowhere;",)

    with PostgresStore(pg_url) as s:
        s.add_document(make_doc(1), [], [])
    with pytest.raises(DataError, match="migrating"):
        Broken(pg_url)
    assert psql(pg_server, pg_url, "SELECT max(version) FROM sitmap_schema_version") == "1"
    assert psql(pg_server, pg_url, "SELECT count(*) FROM information_schema.columns WHERE column_name = 'lang'") == "0"


def test_a_failure_inside_a_transaction_rolls_back(pg_server, pg_url):
    with PostgresStore(pg_url) as s:
        psql(pg_server, pg_url, "CREATE FUNCTION deny() RETURNS trigger LANGUAGE plpgsql AS "
             "$$ BEGIN RAISE EXCEPTION 'denied by test'; END $$; "
             "CREATE TRIGGER deny BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION deny()")
        with pytest.raises(DataError, match="adding document .*denied by test"):
            s.add_document(make_doc(1), TOPONYMS, [RICH])  # documents and mentions written, then events fail
        assert s.counts() == {"documents": 0, "mentions": 0, "events": 0, "fused": 0}
        psql(pg_server, pg_url, "DROP TRIGGER deny ON events")
        assert s.add_document(make_doc(1), TOPONYMS, [RICH]) is True


def test_a_database_without_postgis_gets_it_or_says_who_must_add_it(pg_server):
    url = pg_server.create_database(postgis=False)
    with PostgresStore(url) as s:  # a superuser: PostGIS is created with the schema
        assert s.count() == 0
    bare = pg_server.create_database(postgis=False)
    name = bare.rsplit("/", 1)[1]
    pg_server.sql(name, "CREATE ROLE analyst LOGIN; GRANT ALL ON SCHEMA public TO analyst" if "analyst" not in
                  pg_server.sql("postgres", "SELECT rolname FROM pg_roles") else "GRANT ALL ON SCHEMA public TO analyst")
    with pytest.raises(DataError, match="lacks PostGIS.*CREATE EXTENSION postgis"):
        PostgresStore(bare.replace("sitmap@", "analyst@"))
    assert pg_server.sql(name, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").strip() == "0"


@pytest.mark.parametrize("url, message", [
    ("postgresql://127.0.0.1:5432", "with a database name"),
    ("mysql://u@h/db", "not a PostgreSQL URL"),
])
def test_bad_urls_are_refused(url, message):
    with pytest.raises(InputError, match=message):
        PostgresStore(url)


def test_an_unreachable_server_is_one_clear_error_without_the_password():
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(DataError) as err:
        PostgresStore(f"postgresql://me:s3cret@127.0.0.1:{port}/sitmap")
    msg = str(err.value)
    assert "cannot reach event store" in msg and f"127.0.0.1:{port}/sitmap" in msg and "s3cret" not in msg
    assert "--db" in msg and "\n" not in msg
