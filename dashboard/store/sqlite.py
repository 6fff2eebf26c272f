"""The event store: documents, their toponyms and events, and the fused events the map shows.

One small interface, :class:`Store`, and its embedded implementation,
:class:`SQLiteStore` (one SQLite file, stdlib :mod:`sqlite3`).  A PostGIS store can
implement the same interface later; **nothing outside this module writes SQL** for the
store, and every value reaches SQLite as a bound parameter (the only text put into SQL
is this module's own constants: column names, ``?`` placeholders and the integer
``PRAGMA`` values, which SQLite does not accept as parameters).

The file
--------
``SQLiteStore(path)``; without a path :func:`default_db_path` gives ``$SITMAP_DB`` or
``./.sitmap/sitmap.db``.  The parent folder is created on demand.  The file is marked
with ``PRAGMA application_id`` = :data:`APPLICATION_ID` and its schema version is
``PRAGMA user_version`` (each applied migration is also recorded, with a time stamp,
in the ``schema_version`` table).  Opening a file that is not SQLite, is another
program's SQLite database, or was written by a newer sitmap raises
:class:`~dashboard.errors.DataError` naming the file and the way out; such a file is
never modified (it is checked *before* WAL mode is switched on or anything is written).

Connections run in WAL mode with ``synchronous=NORMAL`` (a committed document
survives the process being killed; an OS crash may lose the last commits but never
corrupts the file), ``foreign_keys=ON`` and a ``busy_timeout``.  Every write is one
``BEGIN IMMEDIATE`` … ``COMMIT`` transaction, so a crash loses at most the document
in flight.

Migrations
----------
:data:`MIGRATIONS` is a tuple of SQL scripts; script *i* takes the schema from version
*i* to *i + 1*.  Opening an older file applies the missing scripts in order **in one
transaction** (all or nothing) and sets ``user_version``.  Version 2 is a one-line
addition to the tuple, e.g. ``"ALTER TABLE documents ADD COLUMN lang TEXT;"``.

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

import abc
import json
import math
import os
import sqlite3
import threading
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from dashboard import config
from dashboard.errors import DataError, InputError
from dashboard.model import Document
from dashboard.model import EVENT_TYPES, MODALITIES, Event

__all__ = [
    "APPLICATION_ID",
    "DEFAULT_DB",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "SQLiteStore",
    "Store",
    "StoredDocument",
    "default_db_path",
]

#: ``PRAGMA application_id`` of a sitmap event store: the bytes "SMAP".
APPLICATION_ID = 0x534D4150
DEFAULT_DB = config.DEFAULT_DB
BUSY_TIMEOUT_MS = 10_000
_FIX = "move it away or pass --db (or set SITMAP_DB) to use another file"

_V1 = """
CREATE TABLE schema_version (
    version     INTEGER PRIMARY KEY,
    applied_at  TEXT NOT NULL
);
CREATE TABLE documents (
    doc_id      TEXT PRIMARY KEY,
    path        TEXT,
    title       TEXT,
    published   TEXT,
    url         TEXT,
    text        TEXT NOT NULL,
    ingested_at TEXT NOT NULL
);
CREATE INDEX documents_published ON documents(published);
-- the toponyms of a document, in the order the geoparser gave them
CREATE TABLE mentions (
    doc_id       TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    seq          INTEGER NOT NULL,
    start        INTEGER NOT NULL,
    "end"        INTEGER NOT NULL,
    text         TEXT NOT NULL,
    role         TEXT,
    place_id     INTEGER,
    name         TEXT,
    kind         TEXT,
    country_code TEXT,
    lat          REAL,
    lon          REAL,
    score        REAL,
    PRIMARY KEY (doc_id, seq)
);
-- the events extracted from one document (input of fusion), as Event.to_dict() JSON
CREATE TABLE events (
    doc_id   TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    seq      INTEGER NOT NULL,
    event_id TEXT NOT NULL,
    json     TEXT NOT NULL,
    PRIMARY KEY (doc_id, seq)
);
CREATE INDEX events_event_id ON events(event_id);
-- fused events (output of fusion): the filterable fields as columns, the whole event as JSON
CREATE TABLE fused (
    id             TEXT PRIMARY KEY,
    type           TEXT NOT NULL,
    actor          TEXT,
    actor_country  TEXT,
    place_name     TEXT,
    place_kind     TEXT,
    country_code   TEXT,
    lat            REAL,
    lon            REAL,
    date_start     TEXT,
    date_end       TEXT,
    date_precision TEXT,
    modality       TEXT NOT NULL,
    corroboration  INTEGER NOT NULL,
    confidence     REAL NOT NULL,
    summary        TEXT NOT NULL,
    json           TEXT NOT NULL
);
CREATE INDEX fused_date_start ON fused(date_start);
CREATE INDEX fused_date_end ON fused(date_end);
CREATE INDEX fused_type ON fused(type);
-- the reports behind each fused event (doc_id is not a foreign key: fused data is derived)
CREATE TABLE sources (
    event_id  TEXT NOT NULL REFERENCES fused(id) ON DELETE CASCADE,
    seq       INTEGER NOT NULL,
    doc_id    TEXT NOT NULL,
    sentence  TEXT,
    start     INTEGER,
    "end"     INTEGER,
    published TEXT,
    PRIMARY KEY (event_id, seq)
);
CREATE INDEX sources_doc_id ON sources(doc_id);
"""

#: Forward migrations: ``MIGRATIONS[i]`` takes a file from schema version i to i + 1.
MIGRATIONS: tuple[str, ...] = (
    _V1,
)
SCHEMA_VERSION = len(MIGRATIONS)

#: Tables every sitmap store of version >= 1 has (checked on open).
_TABLES = frozenset({"schema_version", "documents", "mentions", "events", "fused", "sources"})


def default_db_path() -> Path:
    """``$SITMAP_DB`` if set (and not empty), else ``./.sitmap/sitmap.db``."""
    return config.db_path()


@dataclass(frozen=True)
class StoredDocument:
    """A stored document's metadata; ``text`` is None unless it was asked for."""

    doc_id: str
    path: str | None
    title: str | None
    published: str | None
    url: str | None
    ingested_at: str
    text: str | None = None

    def to_document(self) -> Document:
        """The :class:`~dashboard.ingest.Document` (needs ``text``; ``meta`` is not stored)."""
        if self.text is None:
            raise InputError(f"document {self.doc_id!r} was read without its text: use Store.document()")
        return Document(self.doc_id, self.text, self.title, self.published, self.path, self.url)


# --------------------------------------------------------------------------- interface


class Store(abc.ABC):
    """What the pipeline, CLI and app need from an event store (see :class:`SQLiteStore`)."""

    @abc.abstractmethod
    def add_document(self, doc: Document, toponyms: Sequence[Mapping[str, Any]], events: Sequence[Event]) -> bool:
        """Store a document with its toponyms and events in one transaction.

        Returns False, changing nothing, when ``doc.doc_id`` is already stored."""

    @abc.abstractmethod
    def has_document(self, doc_id: str) -> bool: ...

    @abc.abstractmethod
    def documents(self, *, text: bool = False) -> Iterator[StoredDocument]:
        """All documents, by publication date (undated last), then doc_id."""

    @abc.abstractmethod
    def document(self, doc_id: str) -> StoredDocument | None:
        """One document with its text, or None if it is not stored."""

    @abc.abstractmethod
    def mentions(self, doc_id: str) -> list[dict]:
        """The toponyms stored for a document, in their original order."""

    @abc.abstractmethod
    def count(self) -> int:
        """Number of stored documents."""

    @abc.abstractmethod
    def document_events(self, doc_id: str | None = None) -> Iterator[Event]:
        """The per-document events (all documents, or one), by doc_id then original order."""

    @abc.abstractmethod
    def replace_fused(self, events: Sequence[Event]) -> int:
        """Replace all fused events atomically; returns how many were stored."""

    @abc.abstractmethod
    def query(self, *, start: str | date | None = None, end: str | date | None = None,
              types: Iterable[str] | str | None = None, actors: Iterable[str] | str | None = None,
              modality: Iterable[str] | str | None = None, doc_ids: Iterable[str] | str | None = None,
              min_corroboration: int = 1, text: str | None = None,
              bbox: Sequence[float] | None = None, include_undated: bool = True,
              limit: int | None = None) -> list[Event]:
        """Fused events matching every given filter, ordered by (date_start, id), undated last."""

    @abc.abstractmethod
    def span(self) -> tuple[str | None, str | None]:
        """(earliest start, latest end) over the fused events' dates; (None, None) if none."""

    @abc.abstractmethod
    def facets(self) -> dict[str, list]:
        """Distinct values for UI filters: types, actors, modalities, documents."""

    @abc.abstractmethod
    def close(self) -> None: ...

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


# --------------------------------------------------------------------------- helpers


def _statements(script: str) -> list[str]:
    """Split an SQL script into statements (lossless re-joining at ';', then sqlite3's
    own completeness test, so ';' inside strings, comments and triggers is safe)."""
    out, buf = [], ""
    for part in script.split(";"):
        buf += part + ";"
        if sqlite3.complete_statement(buf):
            stmt = buf.strip()
            if any(ln.strip() and not ln.strip().startswith("--") for ln in stmt.rstrip(";").splitlines()):
                out.append(stmt)
            buf = ""
    if buf.rstrip(";").strip():
        raise ValueError(f"incomplete SQL statement in migration: {buf.strip()[:80]!r}")
    return out


def _fold(value: str | None) -> str | None:
    """Case- and accent-insensitive form for text search ("São Paulo" ~ "sao paulo")."""
    if value is None:
        return None
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _like_escape(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _event_json(event: Event) -> str:
    if event.type not in EVENT_TYPES:
        raise InputError(f"event type {event.type!r} is not one of the taxonomy's types "
                         f"({', '.join(sorted(EVENT_TYPES))}): fix the extractor or the event")
    return json.dumps(event.to_dict(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _event_from_json(text: str) -> Event:
    return Event.from_dict(json.loads(text))


def _day(value: str | date | None, name: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            if len(value) == 10:
                return date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    raise InputError(f"{name} {value!r} is not a date: give YYYY-MM-DD")


def _values(value: Iterable[str] | str | None, name: str, allowed: Iterable[str] | None = None) -> tuple | None:
    if value is None:
        return None
    vals = (value,) if isinstance(value, str) else tuple(value)
    for v in vals:
        if not isinstance(v, str):
            raise InputError(f"{name} filter value {v!r} is not a string")
    if allowed is not None:
        allowed = tuple(allowed)
        bad = [v for v in vals if v not in allowed]
        if bad:
            raise InputError(f"unknown {name} {bad[0]!r}: use one of {', '.join(sorted(allowed))}")
    return vals


def _in(column: str, vals: tuple) -> tuple[str, list]:
    if not vals:
        return "0", []  # an empty selection matches nothing
    return f"{column} IN ({','.join('?' * len(vals))})", list(vals)


def _bbox(bbox: Sequence[float]) -> tuple[float, float, float, float]:
    try:
        x0, y0, x1, y1 = (float(v) for v in bbox)
    except (TypeError, ValueError):
        raise InputError(f"bbox {bbox!r} is not four numbers (min_lon, min_lat, max_lon, max_lat)") from None
    if not all(math.isfinite(v) for v in (x0, y0, x1, y1)) or not (-180 <= x0 <= 180 and -180 <= x1 <= 180) \
            or not (-90 <= y0 <= y1 <= 90):
        raise InputError(f"bbox {tuple(bbox)!r} is not (min_lon, min_lat, max_lon, max_lat) in degrees with "
                         "min_lat <= max_lat (min_lon > max_lon means a box across the antimeridian)")
    return x0, y0, x1, y1


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


_DOC_COLS = "doc_id, path, title, published, url, ingested_at"
_MENTION_KEYS = ("start", "end", "text", "role", "place_id", "name", "kind", "country_code", "lat", "lon", "score")


# --------------------------------------------------------------------------- SQLite


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

    # ------------------------------------------------------------------ opening

    @property
    def schema_version(self) -> int:
        return len(self.migrations)

    def _connect(self) -> sqlite3.Connection:
        try:
            con = sqlite3.connect(str(self.path), isolation_level=None, check_same_thread=False,
                                  timeout=BUSY_TIMEOUT_MS / 1000)
        except sqlite3.Error as exc:
            raise DataError(f"cannot open event store {str(self.path)!r} ({exc}): {_FIX}") from None
        return con

    def _configure(self, con: sqlite3.Connection) -> None:
        con.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_MS)}")
        con.execute("PRAGMA foreign_keys = ON")
        con.execute("PRAGMA synchronous = NORMAL")
        con.create_function("sitmap_fold", 1, _fold, deterministic=True)

    def _foreign(self, why: str) -> DataError:
        return DataError(f"{str(self.path)!r} is not a sitmap event store ({why}); it was left unchanged: {_FIX}")

    def _header_says_ours(self) -> bool:
        """Does the file start with a SQLite header carrying sitmap's application_id?
        (Read directly: a damaged file's header can still say whose it was.)"""
        try:
            with open(self.path, "rb") as f:
                head = f.read(100)
        except OSError:
            return False
        return len(head) == 100 and head.startswith(b"SQLite format 3\x00") \
            and int.from_bytes(head[68:72], "big") == APPLICATION_ID

    def _check(self, con: sqlite3.Connection) -> int:
        """Check the file is ours (or empty) and not newer; return its schema version."""
        try:
            app_id = con.execute("PRAGMA application_id").fetchone()[0]
            version = con.execute("PRAGMA user_version").fetchone()[0]
            objects = con.execute("SELECT type, name FROM sqlite_master").fetchall()
        except sqlite3.DatabaseError as exc:
            if self._header_says_ours():
                raise DataError(
                    f"event store {str(self.path)!r} is damaged ({exc}); it was left unchanged: move it away "
                    "(keep it for recovery, e.g. with sqlite3's .recover) and run 'sitmap ingest' on your documents "
                    "again into a new store, or pass --db (or set SITMAP_DB) to use another file") from None
            raise self._foreign(f"not a readable SQLite database: {exc}") from None
        tables = {name for kind, name in objects if kind == "table"}
        if app_id == 0 and version == 0 and not objects:
            return 0  # a new or empty file
        if app_id != APPLICATION_ID:
            what = f"application_id {app_id:#x}" if app_id else "no application_id"
            shown = ", ".join(sorted(tables)[:5]) or "no tables"
            raise self._foreign(f"SQLite database of another program: {what}, tables {shown}")
        if version > self.schema_version:
            raise DataError(
                f"event store {str(self.path)!r} has schema version {version}, newer than this sitmap "
                f"supports ({self.schema_version}): upgrade sitmap, or {_FIX}")
        if version < 1 or not _TABLES <= tables:
            missing = ", ".join(sorted(_TABLES - tables)) or "none"
            raise DataError(f"event store {str(self.path)!r} is damaged (schema version {version}, "
                            f"missing tables: {missing}): {_FIX}")
        return version

    def _open(self) -> None:
        con = self._connect()
        try:
            version = self._check(con)  # before anything is set or written
            try:
                self._configure(con)
                mode = con.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            except sqlite3.DatabaseError as exc:
                raise self._foreign(str(exc)) from None
            self.journal_mode = str(mode).lower()
            if version < self.schema_version:
                self._migrate(con)
        except BaseException:
            con.close()
            raise
        with self._lock:
            self._cons[threading.get_ident()] = (threading.current_thread(), con)

    def _migrate(self, con: sqlite3.Connection) -> None:
        """Apply the missing migrations, all in one transaction."""
        with self._write_lock, self._errors("migrating"):
            con.execute("BEGIN IMMEDIATE")
            try:
                version = self._check(con)  # again, under the write lock: another process may have migrated
                for target in range(version + 1, self.schema_version + 1):
                    for stmt in _statements(self.migrations[target - 1]):
                        con.execute(stmt)
                    con.execute("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)", (target, _now()))
                if version < self.schema_version:
                    con.execute(f"PRAGMA application_id = {int(APPLICATION_ID)}")
                    con.execute(f"PRAGMA user_version = {int(self.schema_version)}")
            except BaseException:
                if con.in_transaction:
                    con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")

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
        con = self._connect()
        try:
            with self._errors("opening"):
                self._configure(con)
        except BaseException:
            con.close()
            raise
        with self._lock:
            self._cons[ident] = (threading.current_thread(), con)
        return con

    @contextmanager
    def _errors(self, doing: str):
        try:
            yield
        except sqlite3.Error as exc:
            if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
                raise DataError(f"event store {str(self.path)!r} is busy ({exc}) while {doing}: another "
                                "process is writing to it; try again when it has finished") from None
            raise DataError(f"event store {str(self.path)!r} failed while {doing} ({exc}): "
                            f"if the file is damaged, {_FIX}") from None

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

    # ------------------------------------------------------------------ documents

    def add_document(self, doc: Document, toponyms: Sequence[Mapping[str, Any]] = (),
                     events: Sequence[Event] = ()) -> bool:
        if not isinstance(doc.doc_id, str) or not doc.doc_id or not isinstance(doc.text, str):
            raise InputError(f"document {getattr(doc, 'doc_id', doc)!r} has no doc_id or text")
        # Serialise everything before taking the write lock: the transaction only writes.
        mentions = []
        for i, t in enumerate(toponyms):
            if hasattr(t, "to_dict") and not isinstance(t, Mapping):
                t = t.to_dict(alternatives=False)
            missing = [k for k in ("start", "end", "text") if t.get(k) is None]
            if missing:
                raise InputError(f"toponym {i} of document {doc.doc_id!r} lacks {', '.join(missing)}")
            bad = [k for k in _MENTION_KEYS if t.get(k) is not None and not isinstance(t.get(k), (str, int, float))]
            if bad or isinstance(t["start"], bool) or not isinstance(t["start"], int) \
                    or isinstance(t["end"], bool) or not isinstance(t["end"], int):
                key = bad[0] if bad else "start/end"
                raise InputError(f"toponym {i} of document {doc.doc_id!r} has a bad {key} "
                                 f"({t.get(key, (t['start'], t['end']))!r}): give numbers and strings")
            mentions.append((doc.doc_id, i, *(t.get(k) for k in _MENTION_KEYS)))
        rows = [(doc.doc_id, i, e.id or e.with_id().id, _event_json(e)) for i, e in enumerate(events)]
        if self.has_document(doc.doc_id):
            return False
        with self._write(f"adding document {doc.doc_id!r}") as con:
            cur = con.execute(
                "INSERT INTO documents (doc_id, path, title, published, url, text, ingested_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (doc_id) DO NOTHING",
                (doc.doc_id, None if doc.path is None else str(doc.path), doc.title, doc.published, doc.url,
                 doc.text, _now()))
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
        return [dict(zip(_MENTION_KEYS, row)) for row in rows]

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
            try:
                while rows := cur.fetchmany(512):
                    for (text,) in rows:
                        yield _event_from_json(text)
            finally:
                cur.close()

    def replace_fused(self, events: Sequence[Event]) -> int:
        """Replace the fused events (one transaction).  Events without an id get
        :meth:`Event.with_id`'s; two events with the same id are an InputError."""
        fused, sources, seen = [], [], set()
        for e in events:
            e = e if e.id else e.with_id()
            if e.id in seen:
                raise InputError(f"two fused events have the id {e.id!r}: give them distinct ids")
            seen.add(e.id)
            a, p, d = e.actor, e.place, e.date
            fused.append((e.id, e.type, a and a.name, a and a.country_code, p and p.name, p and p.kind,
                          p and p.country_code, p and p.lat, p and p.lon, d and d.start, d and (d.end or d.start),
                          d and d.precision, e.modality, e.corroboration, float(e.confidence), e.summary or "",
                          _event_json(e)))
            sources.extend((e.id, i, s.doc_id, s.sentence, s.start, s.end, s.published)
                           for i, s in enumerate(e.sources))
        with self._write("replacing fused events") as con:
            con.execute("DELETE FROM sources")
            con.execute("DELETE FROM fused")
            con.executemany(f"INSERT INTO fused VALUES ({','.join('?' * 17)})", fused)
            con.executemany('INSERT INTO sources (event_id, seq, doc_id, sentence, start, "end", published) '
                            "VALUES (?, ?, ?, ?, ?, ?, ?)", sources)
        return len(fused)

    def query(self, *, start=None, end=None, types=None, actors=None, modality=None, doc_ids=None,
              min_corroboration: int = 1, text: str | None = None, bbox=None, include_undated: bool = True,
              limit: int | None = None) -> list[Event]:
        """Fused events matching all given filters.

        * window: a dated event matches when its interval [date_start, date_end] overlaps
          [start, end] (either bound may be None = open); undated events are returned
          only when ``include_undated``;
        * ``types``/``actors`` (actor name)/``modality``/``doc_ids`` (any source):
          a string or a collection; None = no filter, an empty collection matches nothing;
        * ``text``: every whitespace-separated term must occur in the summary, the actor
          or the place name (substring, case- and accent-insensitive; % and _ are literal);
        * ``bbox``: (min_lon, min_lat, max_lon, max_lat); events without coordinates are
          excluded; min_lon > max_lon means across the antimeridian.
        """
        start, end = _day(start, "window start"), _day(end, "window end")
        if start and end and start > end:
            raise InputError(f"window start {start!r} is after its end {end!r}: swap them")
        if isinstance(min_corroboration, bool) or not isinstance(min_corroboration, int) or min_corroboration < 0:
            raise InputError(f"min_corroboration {min_corroboration!r} is not a whole number >= 0")
        if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 0):
            raise InputError(f"limit {limit!r} is not a whole number >= 0")
        where: list[str] = []
        params: list[Any] = []

        dated = ["date_start IS NOT NULL"]
        if start:
            dated.append("date_end >= ?")
            params.append(start)
        if end:
            dated.append("date_start <= ?")
            params.append(end)
        where.append(f"(date_start IS NULL OR ({' AND '.join(dated)}))" if include_undated
                     else f"({' AND '.join(dated)})")

        for column, value, name, allowed in (("type", types, "event type", EVENT_TYPES),
                                             ("actor", actors, "actor", None),
                                             ("modality", modality, "modality", MODALITIES)):
            vals = _values(value, name, allowed)
            if vals is not None:
                sql, p = _in(column, vals)
                where.append(sql)
                params += p
        ids = _values(doc_ids, "doc_id")
        if ids is not None:
            sql, p = _in("s.doc_id", ids)
            where.append(f"EXISTS (SELECT 1 FROM sources s WHERE s.event_id = fused.id AND {sql})")
            params += p
        if min_corroboration > 1:
            where.append("corroboration >= ?")
            params.append(min_corroboration)
        for term in (text or "").split():
            pattern = f"%{_like_escape(_fold(term))}%"
            where.append("(" + " OR ".join(f"sitmap_fold({c}) LIKE ? ESCAPE '\\'"
                                           for c in ("summary", "actor", "place_name")) + ")")
            params += [pattern] * 3
        if bbox is not None:
            x0, y0, x1, y1 = _bbox(bbox)
            where.append("lat IS NOT NULL AND lon IS NOT NULL AND lat BETWEEN ? AND ?")
            params += [y0, y1]
            if x0 <= x1:
                where.append("lon BETWEEN ? AND ?")
            else:
                where.append("(lon >= ? OR lon <= ?)")
            params += [x0, x1]

        sql = f"SELECT json FROM fused WHERE {' AND '.join(where)} ORDER BY date_start IS NULL, date_start, id"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        with self._errors("querying events"):
            rows = self._con().execute(sql, params).fetchall()
        return [_event_from_json(r[0]) for r in rows]

    def span(self) -> tuple[str | None, str | None]:
        with self._errors("reading the date span"):
            row = self._con().execute("SELECT min(date_start), max(date_end) FROM fused").fetchone()
        return row[0], row[1]

    def facets(self) -> dict[str, list]:
        """``types``, ``actors``, ``modalities`` (sorted lists of the fused events' values)
        and ``documents``: the source documents of fused events as dicts with doc_id,
        title and published (from the documents table when stored) and ``events`` (how
        many fused events cite them), by publication date then title."""
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
        out["documents"] = [{"doc_id": r[0], "title": r[1], "published": r[2], "events": r[3]} for r in rows]
        return out
