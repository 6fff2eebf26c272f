"""What a store keeps, as plain rows, shared by every backend: checks the documents,
toponyms and events callers give, and flattens them into the tuples of the store's
tables (documents, mentions, events, fused, sources); events are kept as their
canonical JSON (:func:`event_json`, read back by :func:`event_from_json`).

All checking happens here, before a backend opens its write transaction, so a bad
value raises :class:`~dashboard.errors.InputError` and changes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from typing import Any

from dashboard.errors import InputError
from dashboard.model import EVENT_TYPES, Document, Event

__all__ = [
    "FUSED_COLUMNS", "MENTION_KEYS", "document_row", "document_rows", "event_from_json", "event_json",
    "fused_rows", "now",
]

#: A stored toponym's fields, in column order (after ``doc_id`` and ``seq``).
MENTION_KEYS = ("start", "end", "text", "role", "place_id", "name", "kind", "country_code", "lat", "lon", "score")

#: A fused event's columns, in the order of :func:`fused_rows`' tuples: the filterable
#: fields, then the whole event as JSON.
FUSED_COLUMNS = ("id", "type", "actor", "actor_country", "place_name", "place_kind", "country_code", "lat", "lon",
                 "date_start", "date_end", "date_precision", "modality", "corroboration", "confidence", "summary",
                 "json")


def now() -> str:
    """The current UTC time stamp, to the second (``ingested_at``, ``applied_at``)."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def event_json(event: Event) -> str:
    """The event's canonical JSON (compact, sorted keys); its type must be in the taxonomy."""
    if event.type not in EVENT_TYPES:
        raise InputError(f"event type {event.type!r} is not one of the taxonomy's types "
                         f"({', '.join(sorted(EVENT_TYPES))}): fix the extractor or the event")
    return json.dumps(event.to_dict(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def event_from_json(text: str, shared: dict[str, str] | None = None) -> Event:
    """The event of :func:`event_json`'s text.  With ``shared`` (a dict kept across calls),
    equal place geometries are one string: events read in bulk for fusion repeat the same
    border or region geometry thousands of times."""
    d = json.loads(text)
    place = d.get("place") if shared is not None else None
    if place and place.get("geometry"):
        place["geometry"] = shared.setdefault(place["geometry"], place["geometry"])
    return Event.from_dict(d)


def document_row(doc: Document) -> tuple:
    """The documents row: doc_id, path, title, published, url, text, ingested_at (now)."""
    return (doc.doc_id, None if doc.path is None else str(doc.path), doc.title, doc.published, doc.url,
            doc.text, now())


def document_rows(doc: Document, toponyms: Sequence[Mapping[str, Any]],
                  events: Sequence[Event]) -> tuple[list[tuple], list[tuple]]:
    """Check a document and serialise its toponyms and events: the mentions rows
    ``(doc_id, seq, *MENTION_KEYS)`` and the events rows ``(doc_id, seq, event_id, json)``."""
    if not isinstance(doc.doc_id, str) or not doc.doc_id or not isinstance(doc.text, str):
        raise InputError(f"document {getattr(doc, 'doc_id', doc)!r} has no doc_id or text")
    mentions = []
    for i, t in enumerate(toponyms):
        if hasattr(t, "to_dict") and not isinstance(t, Mapping):
            t = t.to_dict(alternatives=False)
        missing = [k for k in ("start", "end", "text") if t.get(k) is None]
        if missing:
            raise InputError(f"toponym {i} of document {doc.doc_id!r} lacks {', '.join(missing)}")
        bad = [k for k in MENTION_KEYS if t.get(k) is not None and not isinstance(t.get(k), (str, int, float))]
        if bad or isinstance(t["start"], bool) or not isinstance(t["start"], int) \
                or isinstance(t["end"], bool) or not isinstance(t["end"], int):
            key = bad[0] if bad else "start/end"
            raise InputError(f"toponym {i} of document {doc.doc_id!r} has a bad {key} "
                             f"({t.get(key, (t['start'], t['end']))!r}): give numbers and strings")
        mentions.append((doc.doc_id, i, *(t.get(k) for k in MENTION_KEYS)))
    rows = [(doc.doc_id, i, e.id or e.with_id().id, event_json(e)) for i, e in enumerate(events)]
    return mentions, rows


def fused_rows(events: Sequence[Event]) -> tuple[list[tuple], list[tuple]]:
    """The fused rows (:data:`FUSED_COLUMNS`) and the sources rows ``(event_id, seq,
    doc_id, sentence, start, end, published)``.  Events without an id get
    :meth:`Event.with_id`'s; two events with the same id are an InputError."""
    fused, sources, seen = [], [], set()
    for e in events:
        e = e if e.id else e.with_id()
        if e.id in seen:
            raise InputError(f"two fused events have the id {e.id!r}: give them distinct ids")
        seen.add(e.id)
        a, p, d = e.actor, e.place, e.date
        fused.append((e.id, e.type, a and a.name, a and a.country_code, p and p.name, p and p.kind,
                      p and p.country_code, p and p.lat, p and p.lon, d and d.start, d and (d.end or d.start),
                      d and d.precision, e.modality, e.corroboration, float(e.confidence), e.summary or "",
                      event_json(e)))
        sources.extend((e.id, i, s.doc_id, s.sentence, s.start, s.end, s.published)
                       for i, s in enumerate(e.sources))
    return fused, sources
