""":class:`SQLiteStore`, the embedded :class:`~dashboard.store.base.Store`: one SQLite
file (stdlib :mod:`sqlite3`) holding documents, their toponyms and events, and the
fused events the map shows.

``SQLiteStore(path)``; without a path :func:`default_db_path` gives ``$SITMAP_DB`` or
``./.sitmap/sitmap.db``.  The parent folder is created on demand.  How the file is
checked (foreign, damaged and newer files are refused and left unchanged), configured
(WAL, ``synchronous=NORMAL``) and migrated is :mod:`dashboard.store.sqlite.dbfile`'s.

Crash safety
------------
Every write is one ``BEGIN IMMEDIATE`` … ``COMMIT`` transaction (one per document in
:meth:`SQLiteStore.add_document`), so a crash loses at most the document in flight.

Threads
-------
One connection **per thread** (kept in a dict keyed by the thread, created on first
use), because Streamlit runs each script rerun in a new thread and WAL lets readers
proceed while a writer commits.  Connections of threads that have ended are closed
when the next one is opened; :meth:`SQLiteStore.close` closes all of them (hence
``check_same_thread=False``: a connection is only ever *used* by its own thread, but
may be closed by another).  Writers of one store object are serialised by a lock;
writers in other processes wait on the ``busy_timeout``.  After ``fork`` the child
opens its own connections and never touches the parent's.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from dashboard import config
from dashboard.errors import DataError, InputError
from dashboard.model import Document, Event
from dashboard.store.base import Store, StoredDocument
from dashboard.store.rows import (FUSED_COLUMNS, MENTION_KEYS, document_row, document_rows, event_from_json,
                                  fused_rows)
from dashboard.store.sqlite.dbfile import configure, connect, file_lock, migrate, prepare, sqlite_errors
from dashboard.store.sqlite.query import FUSED_BOX_SQL, FUSED_TEXT_SQL, fused_query
from dashboard.store.sqlite.schema import MIGRATIONS

__all__ = ["DEFAULT_DB", "SQLiteStore", "default_db_path", "file_stamp"]

DEFAULT_DB = config.DEFAULT_DB
_DOC_COLS = "doc_id, path, title, published, url, ingested_at"


def default_db_path() -> Path:
    """``$SITMAP_DB`` if set (and not empty), else ``./.sitmap/sitmap.db``."""
    return config.db_path()


def file_stamp(path: str | os.PathLike) -> str:
    """The modification times and sizes of a store file and its write-ahead log: they
    change with every commit, whichever process made it (read without opening the store)."""
    parts = []
    for p in (Path(path), Path(f"{path}-wal")):
        try:
            st = p.stat()
            parts.append(f"{st.st_mtime_ns}:{st.st_size}")
        except OSError:
            parts.append("-")
    return "/".join(parts)


class SQLiteStore(Store):
    """The embedded store: one SQLite file (see the module documentation).

    >>> with SQLiteStore(tmp_path / "s.db") as store:      # doctest: +SKIP
    ...     store.add_document(doc, toponyms, events)
    True
    """

    #: The migrations this class applies; a subclass may extend them.
    migrations: tuple[str, ...] = MIGRATIONS

    def __init__(self, path: str | os.PathLike | None = None):
        if path is not None and "\x00" in str(path):
            raise InputError(f"event store path {str(path)!r} contains a NUL character: give a file path")
        if path is not None and (str(path) in ("", ":memory:") or str(path).startswith("file:")):
            raise InputError(f"event store path {str(path)!r} is not a file path: give a file such as "
                             "./.sitmap/sitmap.db (each thread would see its own in-memory database)")
        self.path = Path(path).expanduser() if path is not None else default_db_path()
        self._lock = threading.Lock()  # guards _cons
        self._write_lock = threading.Lock()
        self._cons: dict[int, tuple[threading.Thread, sqlite3.Connection]] = {}
        self._pid = os.getpid()
        self._closed = False
        try:
            is_dir = self.path.is_dir()
        except OSError as exc:  # e.g. a name too long for the file system
            raise DataError(f"cannot use event store path {str(self.path)[:200]!r} ({exc.strerror or exc}): "
                            "pass --db with another file path") from None
        if is_dir:
            raise DataError(f"event store {str(self.path)!r} is a folder: pass --db with a file path")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DataError(f"cannot create the folder of event store {str(self.path)!r} "
                            f"({exc.strerror or exc}): pass --db with a writable location") from None
        try:
            self._open()
        except BaseException:
            self.close()
            raise

    @property
    def schema_version(self) -> int:
        return len(self.migrations)

    def _open(self) -> None:
        con = connect(self.path)
        try:
            version, self.journal_mode = prepare(con, self.path, self.schema_version)
            if version < self.schema_version:
                with self._write_lock:
                    migrate(con, self.path, self.migrations)
        except BaseException:
            con.close()
            raise
        with self._lock:
            self._cons[threading.get_ident()] = (threading.current_thread(), con)

    # ------------------------------------------------------------------ plumbing

    def _con(self) -> sqlite3.Connection:
        if self._closed:
            raise DataError(f"event store {str(self.path)!r} is closed: open a new SQLiteStore")
        ident = threading.get_ident()
        with self._lock:
            if self._pid != os.getpid():  # forked: never use the parent's connections
                self._cons, self._pid = {}, os.getpid()
            entry = self._cons.get(ident)
            if entry is not None and entry[0] is threading.current_thread():
                return entry[1]
            for key, (thread, old) in list(self._cons.items()):
                if not thread.is_alive() or key == ident:
                    old.close()
                    del self._cons[key]
        con = connect(self.path)
        try:
            with self._errors("opening"):
                configure(con)
        except BaseException:
            con.close()
            raise
        with self._lock:
            self._cons[ident] = (threading.current_thread(), con)
        return con

    def _errors(self, doing: str):
        return sqlite_errors(self.path, doing)

    @contextmanager
    def _write(self, doing: str):
        con = self._con()
        with self._write_lock, self._errors(doing):
            con.execute("BEGIN IMMEDIATE")
            try:
                yield con
            except BaseException:
                if con.in_transaction:
                    con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")

    @contextmanager
    def _read(self, doing: str):
        """A read snapshot (one transaction) for operations that run several SELECTs."""
        con = self._con()
        with self._errors(doing):
            con.execute("BEGIN")
            try:
                yield con
            finally:
                if con.in_transaction:
                    con.execute("COMMIT")

    def close(self) -> None:
        """Close every connection (of every thread); further use raises DataError."""
        with self._lock:
            self._closed = True
            cons, self._cons = self._cons, {}
        if self._pid == os.getpid():
            for _, con in cons.values():
                con.close()

    def ingest_lock(self):
        """One ingest into this file at a time, across processes (see :func:`file_lock`)."""
        return file_lock(self.path)

    def changed(self) -> str:
        """See :func:`file_stamp`."""
        return file_stamp(self.path)

    # ------------------------------------------------------------------ documents

    def add_document(self, doc: Document, toponyms: Sequence[Mapping[str, Any]] = (),
                     events: Sequence[Event] = ()) -> bool:
        # Serialise everything before taking the write lock: the transaction only writes.
        mentions, rows = document_rows(doc, toponyms, events)
        if self.has_document(doc.doc_id):
            return False
        with self._write(f"adding document {doc.doc_id!r}") as con:
            cur = con.execute(
                "INSERT INTO documents (doc_id, path, title, published, url, text, ingested_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (doc_id) DO NOTHING", document_row(doc))
            if cur.rowcount == 0:  # added by someone else since has_document()
                return False
            con.executemany(
                'INSERT INTO mentions (doc_id, seq, start, "end", text, role, place_id, name, kind, '
                "country_code, lat, lon, score) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", mentions)
            con.executemany("INSERT INTO events (doc_id, seq, event_id, json) VALUES (?, ?, ?, ?)", rows)
        return True

    def has_document(self, doc_id: str) -> bool:
        with self._errors("looking up a document"):
            return self._con().execute("SELECT 1 FROM documents WHERE doc_id = ?", (doc_id,)).fetchone() is not None

    def documents(self, *, text: bool = False) -> Iterator[StoredDocument]:
        cols = _DOC_COLS + (", text" if text else "")
        with self._errors("listing documents"):
            cur = self._con().execute(
                f"SELECT {cols} FROM documents ORDER BY published IS NULL, published, doc_id")
            try:
                while rows := cur.fetchmany(256):
                    for row in rows:
                        yield StoredDocument(*row)
            finally:
                cur.close()

    def document(self, doc_id: str) -> StoredDocument | None:
        with self._errors("reading a document"):
            row = self._con().execute(f"SELECT {_DOC_COLS}, text FROM documents WHERE doc_id = ?",
                                      (doc_id,)).fetchone()
        return StoredDocument(*row) if row else None

    def mentions(self, doc_id: str) -> list[dict]:
        with self._errors("reading mentions"):
            rows = self._con().execute(
                'SELECT start, "end", text, role, place_id, name, kind, country_code, lat, lon, score '
                "FROM mentions WHERE doc_id = ? ORDER BY seq", (doc_id,)).fetchall()
        return [dict(zip(MENTION_KEYS, row)) for row in rows]

    def count(self) -> int:
        with self._errors("counting documents"):
            return self._con().execute("SELECT count(*) FROM documents").fetchone()[0]

    def counts(self) -> dict[str, int]:
        """Row counts: documents, mentions, events (per document) and fused events."""
        with self._read("counting") as con:
            return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                    for t in ("documents", "mentions", "events", "fused")}

    # ------------------------------------------------------------------ events

    def document_events(self, doc_id: str | None = None) -> Iterator[Event]:
        sql, params = "SELECT json FROM events", ()
        if doc_id is not None:
            sql, params = sql + " WHERE doc_id = ?", (doc_id,)
        with self._errors("reading document events"):
            cur = self._con().execute(sql + " ORDER BY doc_id, seq", params)
            shared: dict[str, str] = {}
            try:
                while rows := cur.fetchmany(512):
                    for (text,) in rows:
                        yield event_from_json(text, shared)
            finally:
                cur.close()

    def replace_fused(self, events: Sequence[Event]) -> int:
        """Replace the fused events (one transaction).  Events without an id get
        :meth:`Event.with_id`'s; two events with the same id are an InputError."""
        fused, sources = fused_rows(events)
        with self._write("replacing fused events") as con:
            con.execute("DELETE FROM sources")
            con.execute("DELETE FROM fused")
            con.execute("DELETE FROM fused_text")
            con.executemany(f"INSERT INTO fused VALUES ({','.join('?' * len(FUSED_COLUMNS))})", fused)
            con.execute(FUSED_TEXT_SQL)
            con.execute("DELETE FROM fused_box")
            con.execute(FUSED_BOX_SQL)
            con.executemany('INSERT INTO sources (event_id, seq, doc_id, sentence, start, "end", published) '
                            "VALUES (?, ?, ?, ?, ?, ?, ?)", sources)
        return len(fused)

    def query(self, *, start=None, end=None, types=None, actors=None, modality=None, doc_ids=None,
              min_corroboration: int = 1, text: str | None = None, bbox=None, include_undated: bool = True,
              limit: int | None = None) -> list[Event]:
        """Fused events matching all given filters (see :meth:`Store.query
        <dashboard.store.base.Store.query>`; the SQL is :func:`~dashboard.store.sqlite.query.fused_query`'s)."""
        sql, params = fused_query(start=start, end=end, types=types, actors=actors, modality=modality,
                                  doc_ids=doc_ids, min_corroboration=min_corroboration, text=text, bbox=bbox,
                                  include_undated=include_undated, limit=limit)
        with self._errors("querying events"):
            rows = self._con().execute(sql, params).fetchall()
        return [event_from_json(r[0]) for r in rows]

    def span(self) -> tuple[str | None, str | None]:
        with self._errors("reading the date span"):
            row = self._con().execute("SELECT min(date_start), max(date_end) FROM fused").fetchone()
        return row[0], row[1]

    def facets(self) -> dict[str, list]:
        """``types``, ``actors``, ``modalities`` (sorted lists of the fused events' values)
        and ``documents``: the source documents of fused events as dicts with doc_id,
        title and published (from the documents table when stored) and ``events`` (how
        many fused events cite them), by publication date then title; ``days``: the start
        day of every fact or intent event, in order."""
        with self._read("reading facets") as con:
            out = {
                key: [r[0] for r in con.execute(
                    f"SELECT DISTINCT {col} FROM fused WHERE {col} IS NOT NULL ORDER BY {col}")]
                for key, col in (("types", "type"), ("actors", "actor"), ("modalities", "modality"))
            }
            rows = con.execute(
                "SELECT s.doc_id, d.title, coalesce(d.published, max(s.published)) AS pub, "
                "count(DISTINCT s.event_id) FROM sources s LEFT JOIN documents d ON d.doc_id = s.doc_id "
                "GROUP BY s.doc_id ORDER BY pub IS NULL, pub, d.title IS NULL, d.title, s.doc_id").fetchall()
            days = [r[0] for r in con.execute("SELECT date_start FROM fused WHERE date_start IS NOT NULL AND "
                                              "modality IN ('fact', 'intent') ORDER BY date_start")]
        out["documents"] = [{"doc_id": r[0], "title": r[1], "published": r[2], "events": r[3]} for r in rows]
        out["days"] = days  # the start day of each event shown as one (the recent window is cut from them)
        return out
