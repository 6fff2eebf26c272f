"""The event store: documents, their mentions and events in; queries by time window,
filters and bounding box out.  One interface (:class:`Store`); SQLite is the embedded
backend.  Nothing else in sitmap writes SQL.

Modules: :mod:`.base` (the :class:`Store` interface and :class:`StoredDocument`),
:mod:`.filters` (checks of query arguments) and :mod:`.rows` (checks and table rows of
what is stored), both shared by every backend; :mod:`.sqlite` (the SQLite backend,
:class:`SQLiteStore`).

May import: :mod:`dashboard.model`, :mod:`dashboard.errors`, :mod:`dashboard.config`,
:mod:`dashboard.util`.
"""

from dashboard.store.base import Store, StoredDocument
from dashboard.store.sqlite.store import SQLiteStore, default_db_path

__all__ = [
    "default_db_path", "SQLiteStore", "Store", "StoredDocument",
]
