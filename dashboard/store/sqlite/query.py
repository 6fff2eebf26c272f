"""The SQL of a fused-events query: :func:`fused_query` checks the filters of
:meth:`Store.query <dashboard.store.base.Store.query>` and turns them into one
``SELECT json FROM fused`` statement and its bound parameters (values never enter
the SQL text: only column names and ``?`` placeholders do).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from dashboard.model import EVENT_TYPES, MODALITIES
from dashboard.store.filters import check_bbox, filter_values, fold, search_words, whole_number, window

__all__ = ["FUSED_BOX_SQL", "FUSED_TEXT_SQL", "fused_query"]

#: (re)fills the full-text index from the fused rows (schema_v2.sql does the same)
FUSED_TEXT_SQL = ("INSERT INTO fused_text (id, body) SELECT id, coalesce(summary, '') || ' ' || "
                  "coalesce(actor, '') || ' ' || coalesce(place_name, '') FROM fused")
#: (re)fills the R*Tree of the map's query from the fused rows (schema_v3.sql does the same)
FUSED_BOX_SQL = ("INSERT INTO fused_box SELECT rowid, lon, lon, lat, lat, coalesce(julianday(date_start), -1e7), "
                 "coalesce(julianday(date_end), 1e7) FROM fused WHERE lat IS NOT NULL AND lon IS NOT NULL")

def _like_escape(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _in(column: str, vals: tuple) -> tuple[str, list]:
    if not vals:
        return "0", []  # an empty selection matches nothing
    return f"{column} IN ({','.join('?' * len(vals))})", list(vals)


def fused_query(*, start: str | date | None = None, end: str | date | None = None,
                types: Iterable[str] | str | None = None, actors: Iterable[str] | str | None = None,
                modality: Iterable[str] | str | None = None, doc_ids: Iterable[str] | str | None = None,
                min_corroboration: int = 1, text: str | None = None, bbox: Sequence[float] | None = None,
                include_undated: bool = True, limit: int | None = None) -> tuple[str, list[Any]]:
    """(sql, params) selecting the JSON of the fused events matching all given filters,
    ordered by (date_start, id), undated last (the filters' meaning is
    :meth:`Store.query <dashboard.store.base.Store.query>`'s).
    """
    start, end = window(start, end)
    whole_number(min_corroboration, "min_corroboration")
    if limit is not None:
        whole_number(limit, "limit")
    where: list[str] = []
    params: list[Any] = []

    dated = ["date_start IS NOT NULL"]
    if start:
        dated.append("date_end >= ?")
        params.append(start)
    if end:
        dated.append("date_start <= ?")
        params.append(end)
    where.append(f"(date_start IS NULL OR ({' AND '.join(dated)}))" if include_undated
                 else f"({' AND '.join(dated)})")

    for column, value, name, allowed in (("type", types, "event type", EVENT_TYPES),
                                         ("actor", actors, "actor", None),
                                         ("modality", modality, "modality", MODALITIES)):
        vals = filter_values(value, name, allowed)
        if vals is not None:
            sql, p = _in(column, vals)
            where.append(sql)
            params += p
    ids = filter_values(doc_ids, "doc_id")
    if ids is not None:
        sql, p = _in("s.doc_id", ids)
        where.append(f"EXISTS (SELECT 1 FROM sources s WHERE s.event_id = fused.id AND {sql})")
        params += p
    if min_corroboration > 1:
        where.append("corroboration >= ?")
        params.append(min_corroboration)
    for term in (text or "").split():
        words = search_words(term)
        if words:
            # the full-text index narrows to events with words starting so (FTS5, fast);
            # the term as typed must then occur in one field ("50%", "a_b" exactly)
            where.append("id IN (SELECT id FROM fused_text WHERE fused_text MATCH ?)")
            params.append(" AND ".join(f'"{w}"*' for w in words))
        pattern = f"%{_like_escape(fold(term))}%"
        where.append("(" + " OR ".join(f"sitmap_fold({c}) LIKE ? ESCAPE '\\'"
                                       for c in ("summary", "actor", "place_name")) + ")")
        params += [pattern] * 3
    if bbox is not None:
        x0, y0, x1, y1 = check_bbox(bbox)
        # the R*Tree narrows to the events in the box and window; the exact tests follow
        box = ["max_lat >= ?", "min_lat <= ?"]
        box_params: list[Any] = [y0, y1]
        if x0 <= x1:
            box += ["max_lon >= ?", "min_lon <= ?"]
            box_params += [x0, x1]
        if start:
            box.append("max_day >= julianday(?) - 1")
            box_params.append(start)
        if end:
            box.append("min_day <= julianday(?) + 1")
            box_params.append(end)
        where.append(f"rowid IN (SELECT rid FROM fused_box WHERE {' AND '.join(box)})")
        params += box_params
        where.append("lat IS NOT NULL AND lon IS NOT NULL AND lat BETWEEN ? AND ?")
        params += [y0, y1]
        if x0 <= x1:
            where.append("lon BETWEEN ? AND ?")
        else:
            where.append("(lon >= ? OR lon <= ?)")
        params += [x0, x1]

    sql = f"SELECT json FROM fused WHERE {' AND '.join(where)} ORDER BY date_start IS NULL, date_start, id"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return sql, params
