"""The embedded event-store backend: :class:`SQLiteStore`, one SQLite file (stdlib
:mod:`sqlite3`).  **Nothing outside this package writes SQL** for the store, and every
value reaches SQLite as a bound parameter (the only text put into SQL is the package's
own constants: column names, ``?`` placeholders and the integer ``PRAGMA`` values).

In: a file path (or ``$SITMAP_DB``); documents with their toponyms and events, fused
events.  Out: :class:`~dashboard.store.base.StoredDocument` records, events and facets,
read back from the file.

Modules: :mod:`.store` (:class:`SQLiteStore`: per-thread connections, one transaction
per write, reads and queries; :func:`default_db_path`), :mod:`.dbfile` (opening a file
safely: foreign, damaged and newer files are refused unchanged; WAL; migration),
:mod:`.schema` (:data:`MIGRATIONS` from the ``schema_v<N>.sql`` files,
:data:`SCHEMA_VERSION`, :data:`APPLICATION_ID`), :mod:`.query` (the SQL of a
fused-events query).

May import: :mod:`dashboard.store.base`, :mod:`dashboard.store.filters`,
:mod:`dashboard.store.rows`, :mod:`dashboard.model`, :mod:`dashboard.errors`,
:mod:`dashboard.config`.
"""

from dashboard.store.sqlite.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION
from dashboard.store.sqlite.store import DEFAULT_DB, SQLiteStore, default_db_path

__all__ = [
    "APPLICATION_ID", "DEFAULT_DB", "MIGRATIONS", "SCHEMA_VERSION", "SQLiteStore", "default_db_path",
]
