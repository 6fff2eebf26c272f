"""Reaching a sitmap store on a PostgreSQL server safely: the URL, one connection pool
per process and URL, telling a sitmap database from a foreign or newer one, creating
PostGIS and migrating; and turning driver errors into
:class:`~dashboard.errors.DataError` messages that name the database (never its
password) and the way out.

A database is a sitmap store when it has the table ``sitmap_schema_version``; one that
has none of sitmap's tables is new and gets the schema; one that has some of them but
not the version table belongs to another program and is left unchanged.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from contextlib import contextmanager

import psycopg
import sqlalchemy as sa
from sqlalchemy.engine import URL, Connection, Engine, make_url

from dashboard.errors import DataError, InputError
from dashboard.store.base import check_schema_version
from dashboard.store.postgres.schema import TABLES, VERSION_TABLE
from dashboard.store.rows import now

__all__ = ["FIX", "MIGRATE_LOCK", "INGEST_LOCK", "acquire", "check", "db_errors", "migrate", "parse_url",
           "release", "shown"]

#: The way out every "cannot use this database" message ends with.
FIX = "pass --db (or set SITMAP_DB) with another database, e.g. postgresql://USER@HOST:5432/sitmap"
#: Advisory-lock keys: "SMAPMIGR" (schema changes) and "SMAPINGS" (one ingest at a time).
MIGRATE_LOCK = int.from_bytes(b"SMAPMIGR", "big") - 2**63
INGEST_LOCK = int.from_bytes(b"SMAPINGS", "big") - 2**63
_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")


def parse_url(location: str) -> URL:
    """The SQLAlchemy URL (psycopg 3 driver) of ``postgresql://USER[:PW]@HOST[:PORT]/DB``."""
    try:
        url = make_url(location)
    except Exception:  # noqa: BLE001 - sqlalchemy raises ArgumentError and ValueError alike
        raise InputError(f"event store {location.split('@')[-1]!r} is not a database URL: give "
                         "postgresql://USER@HOST:5432/DATABASE") from None
    if url.drivername not in _SCHEMES or not url.database:
        raise InputError(f"event store {url.render_as_string(hide_password=True)!r} is not a PostgreSQL URL "
                         "with a database name: give postgresql://USER@HOST:5432/DATABASE")
    return url.set(drivername="postgresql+psycopg")


def shown(url: URL) -> str:
    """The URL as messages show it: the password hidden, the driver name left out."""
    return url.set(drivername="postgresql").render_as_string(hide_password=True)


# --------------------------------------------------------------------------- pools

_POOLS: dict[tuple[int, str], list] = {}  # (pid, url) -> [engine, users]
_POOLS_LOCK = threading.Lock()


def acquire(url: URL) -> Engine:
    """This process's connection pool for ``url`` (shared by the stores open on it)."""
    key = (os.getpid(), url.render_as_string(hide_password=False))
    with _POOLS_LOCK:
        entry = _POOLS.get(key)
        if entry is None:
            engine = sa.create_engine(url, pool_size=4, max_overflow=8, pool_pre_ping=True,
                                      connect_args={"connect_timeout": 10, "application_name": "sitmap"})
            entry = _POOLS[key] = [engine, 0]
        entry[1] += 1
        return entry[0]


def release(url: URL) -> None:
    """One store fewer on ``url``: the last one closes the pool's connections."""
    key = (os.getpid(), url.render_as_string(hide_password=False))
    with _POOLS_LOCK:
        entry = _POOLS.get(key)
        if entry is None:
            return
        entry[1] -= 1
        if entry[1] <= 0:
            del _POOLS[key]
            entry[0].dispose()


# --------------------------------------------------------------------------- errors


@contextmanager
def db_errors(url: URL, doing: str):
    """Turn a driver (psycopg) or SQLAlchemy error raised inside into a DataError about ``url``."""
    try:
        yield
    except (sa.exc.DBAPIError, psycopg.Error) as exc:
        orig = exc.orig if isinstance(exc, sa.exc.DBAPIError) else exc
        reason = " ".join(str(orig or exc).split())[:300]
        if isinstance(orig, psycopg.OperationalError) and _is_connect_error(reason) \
                or getattr(exc, "connection_invalidated", False):
            raise DataError(f"cannot reach event store {shown(url)!r} while {doing} ({reason}): check the "
                            f"server runs and the URL's user, host, port and database, or {FIX}") from None
        raise DataError(f"event store {shown(url)!r} failed while {doing} ({reason})") from None
    except sa.exc.SQLAlchemyError as exc:
        raise DataError(f"event store {shown(url)!r} failed while {doing} ({exc})") from None


def _is_connect_error(reason: str) -> bool:
    return any(s in reason for s in ("connection", "could not", "timeout expired", "does not exist",
                                     "authentication", "password", "role", "server closed"))


# --------------------------------------------------------------------------- schema


def check(con: Connection, url: URL, schema_version: int) -> int:
    """The database's schema version: 0 when it has none of sitmap's tables; refuses a
    foreign database (some of the names, no version table), a newer or a damaged one."""
    present = {r[0] for r in con.execute(sa.text(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
        "AND table_name = ANY(:names)"), {"names": sorted(TABLES)})}
    if not present:
        return 0
    if VERSION_TABLE not in present:
        raise DataError(f"database {shown(url)!r} is not a sitmap event store (it has the tables "
                        f"{', '.join(sorted(present))} but no {VERSION_TABLE}); it was left unchanged: {FIX}")
    version = con.execute(sa.text(f"SELECT coalesce(max(version), 0) FROM {VERSION_TABLE}")).scalar_one()
    return check_schema_version(shown(url), version, schema_version, TABLES - present, FIX)


def _ensure_postgis(con: Connection, url: URL) -> None:
    if con.execute(sa.text("SELECT 1 FROM pg_extension WHERE extname = 'postgis'")).first():
        return
    if not con.execute(sa.text("SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'")).first():
        raise DataError(f"the server of {shown(url)!r} has no PostGIS: install it there (Debian: apt-get install "
                        "postgresql-15-postgis-3), or use a file store (--db ./sitmap.db)")
    try:
        with con.begin_nested():
            con.execute(sa.text("CREATE EXTENSION postgis"))
    except (sa.exc.DBAPIError, psycopg.Error) as exc:
        reason = " ".join(str(getattr(exc, "orig", None) or exc).split())[:200]
        raise DataError(f"database {shown(url)!r} lacks PostGIS and its user may not add it ({reason}): ask its "
                        "owner to run CREATE EXTENSION postgis in it, then try again") from None


def migrate(engine: Engine, url: URL, migrations: Sequence[str]) -> None:
    """Create PostGIS if needed and apply the missing ``migrations``, all in one
    transaction under an advisory lock (another process may be migrating too)."""
    target = len(migrations)
    with db_errors(url, "migrating"), engine.begin() as con:
        con.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATE_LOCK})
        version = check(con, url, target)
        if version >= target:
            return
        _ensure_postgis(con, url)
        cursor = con.connection.driver_connection.cursor()
        for v in range(version + 1, target + 1):
            cursor.execute(migrations[v - 1])  # a whole script: no parameters, the package's own text
            con.execute(sa.text(f"INSERT INTO {VERSION_TABLE} (version, applied_at) VALUES (:v, :at)"),
                        {"v": v, "at": now()})
