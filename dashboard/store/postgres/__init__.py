"""The shared event-store backend: :class:`PostgresStore`, one PostgreSQL database with
PostGIS (SQLAlchemy Core and psycopg 3; GeoAlchemy2 for the geometry column).  **Nothing
outside this package writes SQL** for it, and every value reaches the server as a bound
parameter or through ``COPY``.

In: a ``postgresql://`` URL (``--db`` or ``$SITMAP_DB``); documents with their toponyms
and events, fused events.  Out: what :class:`~dashboard.store.base.Store` promises, read
back from the database.

Modules: :mod:`.store` (:class:`PostgresStore`: one transaction per write, reads,
queries, the ingest lock), :mod:`.database` (the URL, connection pools, refusing foreign
and newer databases, PostGIS, migration, error messages), :mod:`.schema` (the
``schema_v<N>.sql`` migrations and the tables for SQLAlchemy), :mod:`.query` (the
fused-events SELECT).

May import: :mod:`dashboard.store.base`, :mod:`dashboard.store.filters`,
:mod:`dashboard.store.rows`, :mod:`dashboard.model`, :mod:`dashboard.errors`,
:mod:`dashboard.config`.
"""

from dashboard.store.postgres.schema import MIGRATIONS, SCHEMA_VERSION
from dashboard.store.postgres.store import PostgresStore

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "PostgresStore"]
