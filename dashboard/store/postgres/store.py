""":class:`PostgresStore`, the shared :class:`~dashboard.store.base.Store`: one
PostgreSQL database with PostGIS that several ingests and dashboards use at once.

``PostgresStore("postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE")`` (psycopg 3,
through SQLAlchemy's pool; libpq's environment variables such as ``PGPASSWORD`` and
``~/.pgpass`` work as usual).  Opening checks the database (a foreign or newer one is
refused, unchanged), adds PostGIS when it is missing and the user may, and migrates
(:mod:`dashboard.store.postgres.database`).

Guarantees, as the SQLite store's: every write is one transaction (one per document in
:meth:`PostgresStore.add_document`, whose ``INSERT … ON CONFLICT DO NOTHING`` makes a
re-ingest idempotent even when two processes race); :meth:`replace_fused` swaps the
fused events in one transaction, so readers see the old set or the new one (MVCC:
readers never wait for it).  Bulk rows go in by ``COPY``.  One ingest at a time per
database: :meth:`ingest_lock` holds an advisory lock.  Thread-safe: each call takes its
own connection from the pool.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa

from dashboard.errors import DataError
from dashboard.model import Document, Event
from dashboard.store.base import Store, StoredDocument
from dashboard.store.filters import fold, search_words
from dashboard.store.postgres.database import (INGEST_LOCK, acquire, check, db_errors, migrate, parse_url,
                                               release, shown)
from dashboard.store.postgres.query import fused_select, lexeme
from dashboard.store.postgres.schema import MIGRATIONS
from dashboard.store.rows import FUSED_COLUMNS, MENTION_KEYS, document_row, document_rows, event_from_json, fused_rows

__all__ = ["PostgresStore"]

_DOC_COLS = "doc_id, path, title, published, url, ingested_at"
_BUMP = "UPDATE sitmap_changes SET n = n + 1 WHERE id = 1"


def _text_columns(row: tuple) -> tuple[str, str]:
    """A fused row's text search columns: the folded text and its words (a tsvector)."""
    summary, actor, place = (row[FUSED_COLUMNS.index(c)] for c in ("summary", "actor", "place_name"))
    folded = "\n".join(fold(v or "") for v in (summary, actor, place))
    return folded, " ".join(lexeme(w) for w in sorted(set(search_words(folded))))


class PostgresStore(Store):
    """The server store (see the module documentation)."""

    migrations: tuple[str, ...] = MIGRATIONS

    def __init__(self, location: str):
        self.url = parse_url(location)
        self.location = shown(self.url)
        self._engine = acquire(self.url)
        self._closed = False
        self._close_lock = threading.Lock()
        try:
            with self._errors("opening"), self._engine.connect() as con:
                version = check(con, self.url, self.schema_version)
            if version < self.schema_version:
                migrate(self._engine, self.url, self.migrations)
        except BaseException:
            self.close()
            raise

    def __repr__(self) -> str:
        return f"PostgresStore({self.location!r})"

    @property
    def schema_version(self) -> int:
        return len(self.migrations)

    # ------------------------------------------------------------------ plumbing

    def _errors(self, doing: str):
        return db_errors(self.url, doing)

    def _live(self) -> sa.Engine:
        if self._closed:
            raise DataError(f"event store {self.location!r} is closed: open a new PostgresStore")
        return self._engine

    @contextmanager
    def _write(self, doing: str):
        """One transaction that bumps the change counter; yields the psycopg cursor."""
        with self._errors(doing), self._live().begin() as con:
            cur = con.connection.driver_connection.cursor()
            yield cur
            cur.execute(_BUMP)

    @contextmanager
    def _read(self, doing: str):
        """One connection (one snapshot: REPEATABLE READ) for several SELECTs."""
        with self._errors(doing), self._live().connect() as con:
            con = con.execution_options(isolation_level="REPEATABLE READ")
            with con.begin():
                yield con

    def _rows(self, doing: str, sql: str, params: Mapping[str, Any] | None = None) -> list:
        with self._errors(doing), self._live().connect() as con:
            return con.execute(sa.text(sql), params or {}).fetchall()

    def close(self) -> None:
        """Give the pool back (the last store on a URL closes its connections); further
        use raises DataError."""
        with self._close_lock:
            if self._closed:
                return
            self._closed = True
        release(self.url)

    @contextmanager
    def ingest_lock(self):
        """One ingest into this database at a time, across processes and machines (a
        session advisory lock on a connection of its own, released when it closes)."""
        with self._errors("waiting for the ingest lock"), self._live().connect() as con:
            con.execute(sa.text("SELECT pg_advisory_lock(:k)"), {"k": INGEST_LOCK})
            con.commit()
            try:
                yield
            finally:
                con.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": INGEST_LOCK})
                con.commit()

    def changed(self) -> str:
        """A value that changes with every write (the dashboards' cache key)."""
        return str(self._rows("reading the change counter", "SELECT n FROM sitmap_changes")[0][0])

    # ------------------------------------------------------------------ documents

    def add_document(self, doc: Document, toponyms: Sequence[Mapping[str, Any]] = (),
                     events: Sequence[Event] = ()) -> bool:
        mentions, rows = document_rows(doc, toponyms, events)  # checked before the transaction
        if self.has_document(doc.doc_id):
            return False
        added = False
        with self._write(f"adding document {doc.doc_id!r}") as cur:
            cur.execute("INSERT INTO documents (doc_id, path, title, published, url, text, ingested_at) "
                        "VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (doc_id) DO NOTHING", document_row(doc))
            if cur.rowcount == 1:  # else added by someone else since has_document(): nothing more to write
                added = True
                if mentions:
                    cur.executemany('INSERT INTO mentions (doc_id, seq, start, "end", text, role, place_id, name, '
                                    "kind, country_code, lat, lon, score) VALUES "
                                    "(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)", mentions)
                if rows:
                    cur.executemany("INSERT INTO events (doc_id, seq, event_id, json) VALUES (%s, %s, %s, %s)", rows)
        return added

    def has_document(self, doc_id: str) -> bool:
        return bool(self._rows("looking up a document", "SELECT 1 FROM documents WHERE doc_id = :d", {"d": doc_id}))

    def documents(self, *, text: bool = False) -> Iterator[StoredDocument]:
        cols = _DOC_COLS + (", text" if text else "")
        with self._errors("listing documents"), self._live().connect() as con:
            result = con.execution_options(stream_results=True, yield_per=256).execute(sa.text(
                f"SELECT {cols} FROM documents ORDER BY published IS NULL, published, doc_id"))
            for row in result:
                yield StoredDocument(*row)

    def document(self, doc_id: str) -> StoredDocument | None:
        rows = self._rows("reading a document", f"SELECT {_DOC_COLS}, text FROM documents WHERE doc_id = :d",
                          {"d": doc_id})
        return StoredDocument(*rows[0]) if rows else None

    def mentions(self, doc_id: str) -> list[dict]:
        rows = self._rows("reading mentions", 'SELECT start, "end", text, role, place_id, name, kind, country_code, '
                          "lat, lon, score FROM mentions WHERE doc_id = :d ORDER BY seq", {"d": doc_id})
        return [dict(zip(MENTION_KEYS, row)) for row in rows]

    def count(self) -> int:
        return self._rows("counting documents", "SELECT count(*) FROM documents")[0][0]

    def counts(self) -> dict[str, int]:
        with self._read("counting") as con:
            return {t: con.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar_one()
                    for t in ("documents", "mentions", "events", "fused")}

    # ------------------------------------------------------------------ events

    def document_events(self, doc_id: str | None = None) -> Iterator[Event]:
        sql, params = "SELECT json FROM events", {}
        if doc_id is not None:
            sql, params = sql + " WHERE doc_id = :d", {"d": doc_id}
        with self._errors("reading document events"), self._live().connect() as con:
            result = con.execution_options(stream_results=True, yield_per=512).execute(
                sa.text(sql + " ORDER BY doc_id, seq"), params)
            shared: dict[str, str] = {}
            for (text,) in result:
                yield event_from_json(text, shared)

    def replace_fused(self, events: Sequence[Event]) -> int:
        """Replace the fused events (one transaction; COPY).  Events without an id get
        :meth:`Event.with_id`'s; two events with the same id are an InputError."""
        fused, sources = fused_rows(events)
        with self._write("replacing fused events") as cur:
            cur.execute("DELETE FROM sources")
            cur.execute("DELETE FROM fused")
            with cur.copy(f"COPY fused ({', '.join(FUSED_COLUMNS)}, folded, words) FROM STDIN") as copy:
                for row in fused:
                    copy.write_row((*row, *_text_columns(row)))
            with cur.copy('COPY sources (event_id, seq, doc_id, sentence, start, "end", published) '
                          "FROM STDIN") as copy:
                for row in sources:
                    copy.write_row(row)
        if len(fused) > 1000:  # fresh statistics for the planner after a big swap
            with self._errors("analysing fused events"), self._live().connect() as con:
                con.execute(sa.text("ANALYZE fused, sources"))
                con.commit()
        return len(fused)

    def query(self, *, start=None, end=None, types=None, actors=None, modality=None, doc_ids=None,
              min_corroboration: int = 1, text: str | None = None, bbox=None, include_undated: bool = True,
              limit: int | None = None) -> list[Event]:
        """Fused events matching all given filters (see :meth:`Store.query
        <dashboard.store.base.Store.query>`; the SQL is :func:`~dashboard.store.postgres.query.fused_select`'s)."""
        select = fused_select(start=start, end=end, types=types, actors=actors, modality=modality, doc_ids=doc_ids,
                              min_corroboration=min_corroboration, text=text, bbox=bbox,
                              include_undated=include_undated, limit=limit)
        with self._errors("querying events"), self._live().connect() as con:
            return [event_from_json(r[0]) for r in con.execute(select)]

    def span(self) -> tuple[str | None, str | None]:
        lo, hi = self._rows("reading the date span", "SELECT min(date_start), max(date_end) FROM fused")[0]
        return (lo and lo.isoformat()), (hi and hi.isoformat())

    def facets(self) -> dict[str, list]:
        """As :meth:`SQLiteStore.facets <dashboard.store.sqlite.store.SQLiteStore.facets>`."""
        with self._read("reading facets") as con:
            out = {
                key: [r[0] for r in con.execute(sa.text(
                    f"SELECT DISTINCT {col} FROM fused WHERE {col} IS NOT NULL ORDER BY {col}"))]
                for key, col in (("types", "type"), ("actors", "actor"), ("modalities", "modality"))
            }
            rows = con.execute(sa.text(
                "SELECT s.doc_id, d.title, coalesce(d.published, max(s.published)) AS pub, "
                "count(DISTINCT s.event_id) FROM sources s LEFT JOIN documents d ON d.doc_id = s.doc_id "
                "GROUP BY s.doc_id, d.title, d.published "
                "ORDER BY 3 NULLS LAST, d.title NULLS LAST, s.doc_id")).fetchall()
            days = [r[0].isoformat() for r in con.execute(sa.text(
                "SELECT date_start FROM fused WHERE date_start IS NOT NULL AND modality IN ('fact', 'intent') "
                "ORDER BY date_start"))]
        out["documents"] = [{"doc_id": r[0], "title": r[1], "published": r[2], "events": r[3]} for r in rows]
        out["days"] = days
        return out
