"""The PostgreSQL store's schema: its migrations and version, and the tables the
queries are built on.

:data:`MIGRATIONS` is a tuple of SQL scripts read from the package's
``schema_v<N>.sql`` files (script *i* takes a database from version *i* to *i + 1*),
applied in one transaction by :func:`dashboard.store.postgres.database.migrate`; the
applied versions are rows of ``sitmap_schema_version``.  The next version is a new file,
``schema_v2.sql``, appended to :data:`_SCRIPTS`.

:data:`FUSED` and :data:`SOURCES` describe the two tables the map's query reads, for
SQLAlchemy Core (GeoAlchemy2's type for the PostGIS point).
"""

from __future__ import annotations

from importlib.resources import files

from geoalchemy2 import Geometry
from sqlalchemy import Column, Date, Float, Integer, MetaData, Table, Text
from sqlalchemy.dialects.postgresql import DATERANGE, TSVECTOR

__all__ = ["FUSED", "MIGRATIONS", "SCHEMA_VERSION", "SOURCES", "TABLES", "VERSION_TABLE"]

_SCRIPTS = ("schema_v1.sql",)

#: Forward migrations: ``MIGRATIONS[i]`` takes a database from schema version i to i + 1.
MIGRATIONS: tuple[str, ...] = tuple(
    (files("dashboard.store.postgres") / name).read_text(encoding="utf-8") for name in _SCRIPTS)
SCHEMA_VERSION = len(MIGRATIONS)

#: The table whose presence (and comment) marks a database as a sitmap store.
VERSION_TABLE = "sitmap_schema_version"
#: Tables every sitmap store of version >= 1 has (checked on open).
TABLES = frozenset({VERSION_TABLE, "sitmap_changes", "documents", "mentions", "events", "fused", "sources"})

_META = MetaData()
FUSED = Table(
    "fused", _META,
    Column("id", Text, primary_key=True), Column("type", Text), Column("actor", Text),
    Column("actor_country", Text), Column("place_name", Text), Column("place_kind", Text),
    Column("country_code", Text), Column("lat", Float), Column("lon", Float), Column("date_start", Date),
    Column("date_end", Date), Column("date_precision", Text), Column("modality", Text),
    Column("corroboration", Integer), Column("confidence", Float), Column("summary", Text), Column("json", Text),
    Column("folded", Text), Column("words", TSVECTOR),
    Column("geom", Geometry("POINT", srid=4326, spatial_index=False)), Column("days", DATERANGE),
)
SOURCES = Table(
    "sources", _META,
    Column("event_id", Text), Column("seq", Integer), Column("doc_id", Text), Column("sentence", Text),
    Column("start", Integer), Column("end", Integer), Column("published", Text),
)
