"""The SQLite store's schema: its migrations, version and file mark.

:data:`MIGRATIONS` is a tuple of SQL scripts, read once at import from the package's
``schema_v<N>.sql`` files listed in :data:`_SCRIPTS` (order matters); script *i* takes
the schema from version *i* to *i + 1*.  Opening an older file applies the missing
scripts in order **in one transaction** (all or nothing) and sets ``user_version``
(see :func:`dashboard.store.sqlite.dbfile.migrate`).  Version 2 adds the full-text
index ``fused_text`` (FTS5), version 3 the R*Tree ``fused_box`` of the map's query.  The
next version is a new file, e.g. ``schema_v4.sql`` holding ``ALTER TABLE documents ADD
COLUMN lang TEXT;``, and its name appended to :data:`_SCRIPTS`.
"""

from __future__ import annotations

import sqlite3
from importlib.resources import files

__all__ = ["APPLICATION_ID", "MIGRATIONS", "SCHEMA_VERSION", "TABLES", "statements"]

#: ``PRAGMA application_id`` of a sitmap event store: the bytes "SMAP".
APPLICATION_ID = 0x534D4150

#: The migration scripts, in version order.
_SCRIPTS = ("schema_v1.sql", "schema_v2.sql", "schema_v3.sql")

#: Forward migrations: ``MIGRATIONS[i]`` takes a file from schema version i to i + 1.
MIGRATIONS: tuple[str, ...] = tuple(
    (files("dashboard.store.sqlite") / name).read_text(encoding="utf-8") for name in _SCRIPTS)
SCHEMA_VERSION = len(MIGRATIONS)

#: Tables every sitmap store of version >= 1 has (checked on open).
TABLES = frozenset({"schema_version", "documents", "mentions", "events", "fused", "sources"})


def statements(script: str) -> list[str]:
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
