"""The SQL of a fused-events query on PostgreSQL: :func:`fused_select` checks the
filters of :meth:`Store.query <dashboard.store.base.Store.query>` (the shared checks
of :mod:`dashboard.store.filters`) and builds one SQLAlchemy Core ``SELECT json FROM
fused``; every value is a bound parameter.

The map's query (a bounding box and a time window) is answered from the GiST index over
``(geom, days)``: ``geom && envelope`` and ``days && daterange``; the exact conditions
follow, as in the SQLite store.  Text search: every word of a term must begin a word of
the event (``words @@ 'word':*``, a GIN index), and the term as typed must occur in the
folded text (``LIKE``), the same rule as the SQLite store's FTS5.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import TSQUERY

from dashboard.model import EVENT_TYPES, MODALITIES
from dashboard.store.filters import check_bbox, filter_values, fold, search_words, whole_number, window
from dashboard.store.postgres.schema import FUSED, SOURCES

__all__ = ["MAX_WORD", "fused_select", "like_escape", "prefix_query"]

#: Words are indexed and searched by their first MAX_WORD characters (tsvector's lexeme
#: limit is 2 KB); the exact check still compares the whole term.
MAX_WORD = 200


def like_escape(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def lexeme(word: str) -> str:
    """A word as a quoted tsvector/tsquery lexeme (taken verbatim: no parser, no stemming)."""
    return "'" + word[:MAX_WORD].replace("\\", "\\\\").replace("'", "''") + "'"


def prefix_query(words: Sequence[str]) -> str:
    """The tsquery text "every word begins a word": ``'w1':* & 'w2':*``."""
    return " & ".join(f"{lexeme(w)}:*" for w in words)


def fused_select(*, start: str | date | None = None, end: str | date | None = None,
                 types: Iterable[str] | str | None = None, actors: Iterable[str] | str | None = None,
                 modality: Iterable[str] | str | None = None, doc_ids: Iterable[str] | str | None = None,
                 min_corroboration: int = 1, text: str | None = None, bbox: Sequence[float] | None = None,
                 include_undated: bool = True, limit: int | None = None) -> sa.Select:
    """The SELECT of the fused events' JSON matching all given filters, ordered by
    (date_start, id), undated last (the filters' meaning is :meth:`Store.query
    <dashboard.store.base.Store.query>`'s)."""
    start, end = window(start, end)
    whole_number(min_corroboration, "min_corroboration")
    if limit is not None:
        whole_number(limit, "limit")
    f = FUSED.c
    where: list = []
    if start or end:
        # undated events span every day (their `days` is unbounded), dated ones overlap
        where.append(f.days.op("&&")(sa.func.daterange(
            sa.cast(start, sa.Date) if start else None, sa.cast(end, sa.Date) if end else None,
            sa.literal("[]"))))
    if not include_undated:
        where.append(f.date_start.is_not(None))

    for column, value, name, allowed in ((f.type, types, "event type", EVENT_TYPES),
                                         (f.actor, actors, "actor", None),
                                         (f.modality, modality, "modality", MODALITIES)):
        vals = filter_values(value, name, allowed)
        if vals is not None:
            where.append(column.in_(vals) if vals else sa.false())
    ids = filter_values(doc_ids, "doc_id")
    if ids is not None:
        where.append(sa.exists().where(SOURCES.c.event_id == f.id, SOURCES.c.doc_id.in_(ids)) if ids
                     else sa.false())
    if min_corroboration > 1:
        where.append(f.corroboration >= min_corroboration)
    for term in (text or "").split():
        words = search_words(fold(term))
        if words:
            where.append(f.words.op("@@")(sa.cast(sa.literal(prefix_query(words)), TSQUERY)))
        where.append(f.folded.like(f"%{like_escape(fold(term))}%", escape="\\"))
    if bbox is not None:
        x0, y0, x1, y1 = check_bbox(bbox)
        boxes = [(x0, x1)] if x0 <= x1 else [(x0, 180.0), (-180.0, x1)]  # across the antimeridian: two
        where.append(sa.or_(*(f.geom.op("&&")(sa.func.ST_MakeEnvelope(a, y0, b, y1, 4326)) for a, b in boxes)))
        # the index's boxes are single-precision and conservative: the exact conditions decide
        where.append(f.lat.between(y0, y1))
        where.append(f.lon.between(x0, x1) if x0 <= x1 else sa.or_(f.lon >= x0, f.lon <= x1))

    query = (sa.select(f.json).where(*where)
             .order_by(f.date_start.is_(None), f.date_start, f.id))
    return query.limit(limit) if limit is not None else query
