"""Opening a sitmap SQLite file safely: connect and configure a connection, tell a
sitmap store from a foreign, damaged or newer file, switch on WAL, migrate; and turn
:mod:`sqlite3` errors into :class:`~dashboard.errors.DataError` messages.

The file
--------
The file is marked with ``PRAGMA application_id`` =
:data:`~dashboard.store.sqlite.schema.APPLICATION_ID` and its schema version is
``PRAGMA user_version`` (each applied migration is also recorded, with a time stamp,
in the ``schema_version`` table).  Opening a file that is not SQLite, is another
program's SQLite database, or was written by a newer sitmap raises
:class:`~dashboard.errors.DataError` naming the file and the way out; such a file is
never modified (:func:`check` runs *before* WAL mode is switched on or anything is
written, see :func:`prepare`).

Connections run in WAL mode with ``synchronous=NORMAL`` (a committed document
survives the process being killed; an OS crash may lose the last commits but never
corrupts the file), ``foreign_keys=ON`` and a ``busy_timeout`` (:func:`configure`).

Every value reaches SQLite as a bound parameter; the only text put into SQL is this
package's own constants, such as the integer ``PRAGMA`` values, which SQLite does not
accept as parameters.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
from collections.abc import Sequence
from contextlib import contextmanager
from pathlib import Path

from dashboard.errors import DataError
from dashboard.store.base import check_schema_version
from dashboard.store.filters import fold
from dashboard.store.rows import now
from dashboard.store.sqlite.schema import APPLICATION_ID, TABLES, statements

__all__ = ["BUSY_TIMEOUT_MS", "FIX", "check", "configure", "connect", "file_lock", "migrate", "prepare",
           "sqlite_errors"]

BUSY_TIMEOUT_MS = 10_000
#: The way out every "cannot use this file" message ends with.
FIX = "move it away or pass --db (or set SITMAP_DB) to use another file"


def connect(path: str | os.PathLike) -> sqlite3.Connection:
    """A new autocommit connection to ``path`` (usable from any thread), not yet configured."""
    try:
        con = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False,
                              timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        raise DataError(f"cannot open event store {str(path)!r} ({exc}): {FIX}") from None
    return con


def configure(con: sqlite3.Connection) -> None:
    """Set the per-connection pragmas and register ``sitmap_fold`` (text search)."""
    con.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_MS)}")
    con.execute("PRAGMA foreign_keys = ON")
    con.execute("PRAGMA synchronous = NORMAL")
    con.create_function("sitmap_fold", 1, fold, deterministic=True)


@contextmanager
def sqlite_errors(path: str | os.PathLike, doing: str):
    """Turn a :class:`sqlite3.Error` raised inside into a DataError about ``path``:
    "busy" when it is locked by another writer, else "failed while <doing>"."""
    try:
        yield
    except sqlite3.Error as exc:
        if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
            raise DataError(f"event store {str(path)!r} is busy ({exc}) while {doing}: another "
                            "process is writing to it; try again when it has finished") from None
        raise DataError(f"event store {str(path)!r} failed while {doing} ({exc}): "
                        f"if the file is damaged, {FIX}") from None


def _foreign(path: str | os.PathLike, why: str) -> DataError:
    return DataError(f"{str(path)!r} is not a sitmap event store ({why}); it was left unchanged: {FIX}")


def _header_says_ours(path: str | os.PathLike) -> bool:
    """Does the file start with a SQLite header carrying sitmap's application_id?
    (Read directly: a damaged file's header can still say whose it was.)"""
    try:
        with open(path, "rb") as f:
            head = f.read(100)
    except OSError:
        return False
    return len(head) == 100 and head.startswith(b"SQLite format 3\x00") \
        and int.from_bytes(head[68:72], "big") == APPLICATION_ID


def check(con: sqlite3.Connection, path: str | os.PathLike, schema_version: int) -> int:
    """Check the file is ours (or empty) and not newer than ``schema_version``; return
    its schema version (0 for a new or empty file)."""
    try:
        app_id = con.execute("PRAGMA application_id").fetchone()[0]
        version = con.execute("PRAGMA user_version").fetchone()[0]
        objects = con.execute("SELECT type, name FROM sqlite_master").fetchall()
    except sqlite3.DatabaseError as exc:
        if _header_says_ours(path):
            raise DataError(
                f"event store {str(path)!r} is damaged ({exc}); it was left unchanged: move it away "
                "(keep it for recovery, e.g. with sqlite3's .recover) and run 'sitmap ingest' on your documents "
                "again into a new store, or pass --db (or set SITMAP_DB) to use another file") from None
        raise _foreign(path, f"not a readable SQLite database: {exc}") from None
    tables = {name for kind, name in objects if kind == "table"}
    if app_id == 0 and version == 0 and not objects:
        return 0  # a new or empty file
    if app_id != APPLICATION_ID:
        what = f"application_id {app_id:#x}" if app_id else "no application_id"
        shown = ", ".join(sorted(tables)[:5]) or "no tables"
        raise _foreign(path, f"SQLite database of another program: {what}, tables {shown}")
    return check_schema_version(str(path), version, schema_version, TABLES - tables, FIX)


def prepare(con: sqlite3.Connection, path: str | os.PathLike, schema_version: int) -> tuple[int, str]:
    """:func:`check` the file (before anything is set or written), then configure the
    connection and switch on WAL; returns (the file's schema version, the journal mode)."""
    version = check(con, path, schema_version)
    try:
        configure(con)
        mode = con.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise _foreign(path, str(exc)) from None
    return version, str(mode).lower()


def migrate(con: sqlite3.Connection, path: str | os.PathLike, migrations: Sequence[str]) -> None:
    """Apply the missing ``migrations``, all in one transaction (the caller holds the
    store's write lock)."""
    target_version = len(migrations)
    with sqlite_errors(path, "migrating"):
        con.execute("BEGIN IMMEDIATE")
        try:
            version = check(con, path, target_version)  # again, in the transaction: another process may have migrated
            for target in range(version + 1, target_version + 1):
                for stmt in statements(migrations[target - 1]):
                    con.execute(stmt)
                con.execute("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)", (target, now()))
            if version < target_version:
                con.execute(f"PRAGMA application_id = {int(APPLICATION_ID)}")
                con.execute(f"PRAGMA user_version = {int(target_version)}")
        except BaseException:
            if con.in_transaction:
                con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")


@contextmanager
def file_lock(path: str | os.PathLike):
    """One ingest into the store at ``path`` at a time, across processes: ``flock`` on
    ``PATH.ingest.lock`` beside it (the folder is created if needed)."""
    lock = Path(f"{path}.ingest.lock")
    lock.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock
