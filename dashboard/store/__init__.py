"""The event store: documents, their mentions and events in; queries by time window,
filters and bounding box out.  One interface (:class:`Store`); SQLite is the embedded
backend.  Nothing else in sitmap writes SQL.
May import: :mod:`dashboard.model`, :mod:`dashboard.errors`, :mod:`dashboard.config`,
:mod:`dashboard.util`.
"""

from .sqlite import default_db_path, SQLiteStore, Store, StoredDocument

__all__ = [
    "default_db_path", "SQLiteStore", "Store", "StoredDocument",
]
