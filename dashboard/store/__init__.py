"""The event store: documents, their mentions and events in; queries by time window,
filters and bounding box out.  One interface (:class:`Store`), two backends: SQLite
(embedded, one file) and PostgreSQL + PostGIS (shared by a team); :func:`open_store`
picks one from ``--db`` (a path or a ``postgresql://`` URL).  Nothing else in sitmap
writes SQL.

Modules: :mod:`.base` (the :class:`Store` interface and :class:`StoredDocument`),
:mod:`.filters` (checks of query arguments) and :mod:`.rows` (checks and table rows of
what is stored), both shared by every backend; :mod:`.sqlite` (the SQLite backend,
:class:`SQLiteStore`); :mod:`.postgres` (the PostgreSQL backend, :class:`PostgresStore`,
imported only for a URL); :mod:`.location` (paths and URLs, :func:`open_store`).

May import: :mod:`dashboard.model`, :mod:`dashboard.errors`, :mod:`dashboard.config`,
:mod:`dashboard.util`.
"""

from dashboard.store.base import Store, StoredDocument
from dashboard.store.location import default_location, is_server_url, open_store, resolved
from dashboard.store.sqlite.store import SQLiteStore, default_db_path


def __getattr__(name: str):
    if name == "PostgresStore":  # imported on demand: SQLAlchemy and psycopg only for a server store
        from dashboard.store.postgres import PostgresStore

        return PostgresStore
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "default_db_path", "default_location", "is_server_url", "open_store", "resolved", "PostgresStore", "SQLiteStore",
    "Store", "StoredDocument",
]
