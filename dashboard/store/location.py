"""Where a store is, and opening it: a file path is an embedded SQLite store, a
``postgresql://`` URL a shared PostgreSQL + PostGIS one (``--db`` / ``$SITMAP_DB``).

The PostgreSQL backend (SQLAlchemy, psycopg) is imported only when a URL is given, so
the embedded store costs nothing more at start-up.
"""

from __future__ import annotations

import os
from pathlib import Path

from dashboard import config
from dashboard.store.base import Store

__all__ = ["default_location", "is_server_url", "open_store", "resolved"]

_SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://")


def is_server_url(location: str | os.PathLike | None) -> bool:
    """Is ``location`` a database server's URL (rather than a file path)?"""
    return isinstance(location, str) and location.strip().lower().startswith(_SCHEMES)


def default_location() -> str | Path:
    """``$SITMAP_DB`` (a URL or a file path) if set, else ``./.sitmap/sitmap.db``."""
    env = os.environ.get("SITMAP_DB", "").strip()
    if is_server_url(env):
        return env
    return config.db_path()


def resolved(location: str | os.PathLike | None) -> str:
    """The location as another process (in another folder) must be given it: a URL as
    it is, a path made absolute."""
    location = default_location() if location is None else location
    if is_server_url(location):
        return str(location).strip()
    return str(Path(location).expanduser().resolve())


def open_store(location: str | os.PathLike | None = None) -> Store:
    """The store at ``location`` (default :func:`default_location`): a
    :class:`~dashboard.store.postgres.PostgresStore` for a URL, else a
    :class:`~dashboard.store.sqlite.SQLiteStore` for a file path."""
    location = default_location() if location is None else location
    if is_server_url(location):
        from dashboard.store.postgres import PostgresStore

        return PostgresStore(str(location).strip())
    from dashboard.store.sqlite import SQLiteStore

    return SQLiteStore(location)
