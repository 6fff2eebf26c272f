"""Events out: GeoJSON (RFC 7946, lon/lat), JSON and CSV in the documented schema
(docs/events.md).  Pure functions returning text; the CLI and the app decide where it goes.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Iterable

from dashboard.model import Event

CSV_COLUMNS = ["id", "type", "cameo", "actor", "actor_country", "target", "modality", "summary", "place_name",
               "place_kind", "place_country", "lat", "lon", "date_start", "date_end", "date_precision",
               "date_text", "forces", "corroboration", "conflicts", "confidence", "source_docs", "source_quotes",
               "forces_sides", "source_titles", "source_published"]
#: Columns holding text that came from documents (guarded against spreadsheet formulas in CSV).
TEXT_COLUMNS = ("actor", "target", "summary", "place_name", "date_text", "conflicts", "source_quotes",
                "source_titles")


def properties(e: Event) -> dict:
    """The Feature properties of one event."""
    return {
        "id": e.id, "type": e.type, "cameo": e.cameo,
        "actor": e.actor.name if e.actor else None,
        "actor_country": e.actor.country_code if e.actor else None,
        "target": e.target.name if e.target else None,
        "summary": e.summary, "modality": e.modality,
        "place": ({"name": e.place.name, "kind": e.place.kind, "country_code": e.place.country_code,
                   "modifier": e.place.modifier} if e.place else None),
        "date_start": e.date.start if e.date else None,
        "date_end": e.date.end if e.date else None,
        "date_precision": e.date.precision if e.date else None,
        "date_text": e.date.text if e.date else None,
        "forces": [{"count": f.count, "unit": f.unit, "approx": f.approx, "text": f.text, "side": f.side}
                   for f in e.forces],
        "sources": [{"doc_id": s.doc_id, "path": s.path, "title": s.title, "published": s.published,
                     "sentence": s.sentence, "start": s.start, "end": s.end} for s in e.sources],
        "corroboration": e.corroboration,
        "conflicts": [{"field": c.field, "values": [{"value": v.value, "doc_ids": list(v.doc_ids)}
                                                    for v in c.values]} for c in e.conflicts],
        "confidence": e.confidence,
        "attributes": dict(e.attributes),
    }


def feature(e: Event) -> dict:
    return {"type": "Feature", "id": e.id, "geometry": e.place.geojson() if e.place else None,
            "properties": properties(e)}


def to_geojson(events: Iterable[Event]) -> str:
    return json.dumps({"type": "FeatureCollection", "features": [feature(e) for e in events]},
                      ensure_ascii=False, indent=1)


def to_json(events: Iterable[Event]) -> str:
    return json.dumps([e.to_dict() for e in events], ensure_ascii=False, indent=1)


def flat_row(e: Event) -> dict:
    """One event as a flat record (the CSV columns): forces and sources joined into text,
    ``None`` where a value is missing.  Used by the CSV and the GeoPackage exports."""
    return {
        "id": e.id, "type": e.type, "cameo": e.cameo, "actor": e.actor.name if e.actor else None,
        "actor_country": e.actor.country_code if e.actor else None, "target": e.target.name if e.target else None,
        "modality": e.modality, "summary": e.summary,
        "place_name": e.place.name if e.place else None, "place_kind": e.place.kind if e.place else None,
        "place_country": e.place.country_code if e.place else None,
        "lat": e.place.lat if e.place else None, "lon": e.place.lon if e.place else None,
        "date_start": e.date.start if e.date else None, "date_end": e.date.end if e.date else None,
        "date_precision": e.date.precision if e.date else None, "date_text": e.date.text if e.date else None,
        "forces": "; ".join(f"{f.count if f.count is not None else '~'} {f.unit}" for f in e.forces),
        "corroboration": e.corroboration,
        "conflicts": "; ".join(f"{c.field}: " + " | ".join(f"{v.value} ({','.join(v.doc_ids)})" for v in c.values)
                               for c in e.conflicts),
        "confidence": e.confidence,
        "source_docs": ";".join(s.doc_id for s in e.sources),
        "source_quotes": " || ".join(s.sentence for s in e.sources),
        "forces_sides": "; ".join(f.side or "" for f in e.forces) if any(f.side for f in e.forces) else "",
        "source_titles": " || ".join(s.title or s.path or s.doc_id for s in e.sources),
        "source_published": ";".join(s.published or "" for s in e.sources),
    }


def to_csv(events: Iterable[Event]) -> str:
    """One row per event (:data:`CSV_COLUMNS`); document text that would start a
    spreadsheet formula gets a leading apostrophe."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
    w.writeheader()
    for e in events:
        row = {k: "" if v is None else v for k, v in flat_row(e).items()}
        for k in TEXT_COLUMNS:
            row[k] = _csv_safe(row[k])
        w.writerow(row)
    return buf.getvalue()


def _csv_safe(value: str) -> str:
    """Neutralise spreadsheet formula injection from document text (=, +, -, @ first)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
