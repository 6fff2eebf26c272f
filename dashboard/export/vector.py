"""The events as vector data: GeoJSON (RFC 7946, lon/lat), JSON and CSV in the
documented schema (docs/events.md), as text for the CLI and the app to put wherever
they like; and a GeoPackage (layers ``events``, ``places``, ``sources``) as a file or
as bytes."""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from pathlib import Path
from typing import Iterable, Sequence

from dashboard.errors import DataError
from dashboard.export.files import check_target
from dashboard.model import Event
from dashboard.util.atomic import atomic_path

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
    """One event as a GeoJSON Feature (no geometry without a place)."""
    return {"type": "Feature", "id": e.id, "geometry": e.place.geojson() if e.place else None,
            "properties": properties(e)}


def to_geojson(events: Iterable[Event]) -> str:
    """A GeoJSON FeatureCollection in the event schema (docs/events.md)."""
    return json.dumps({"type": "FeatureCollection", "features": [feature(e) for e in events]},
                      ensure_ascii=False, indent=1)


def to_json(events: Iterable[Event]) -> str:
    """The events as a JSON list of :meth:`Event.to_dict` records."""
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


def gpkg_frames(events: Sequence[Event]):
    """The three GeoPackage layers as (geo)pandas frames: ``events`` (a point per event,
    attributes flattened), ``places`` (each distinct place's geometry: points, lines or
    polygons, with the ids of its events) and ``sources`` (one row per source, no geometry)."""
    import geopandas as gpd
    import pandas as pd
    from shapely.geometry import Point, shape

    rows = [flat_row(e) for e in events]
    geoms = [Point(e.place.lon, e.place.lat) if e.place and e.place.lat is not None and e.place.lon is not None
             else None for e in events]
    ev = gpd.GeoDataFrame(pd.DataFrame(rows, columns=CSV_COLUMNS), geometry=geoms, crs="EPSG:4326")
    for col in ("lat", "lon", "confidence"):
        ev[col] = pd.to_numeric(ev[col], errors="coerce").astype("float64")
    ev["corroboration"] = ev["corroboration"].astype("int64")

    places: dict[tuple, dict] = {}
    for e in events:
        p = e.place
        if p is None or p.geojson() is None:
            continue
        key = (p.name, p.kind, p.country_code, p.geometry or f"{p.lon},{p.lat}")
        rec = places.setdefault(key, {"name": p.name, "kind": p.kind, "country_code": p.country_code,
                                      "place_id": p.place_id, "modifier": p.modifier, "lat": p.lat, "lon": p.lon,
                                      "events": 0, "event_ids": [], "geometry": shape(p.geojson())})
        rec["events"] += 1
        rec["event_ids"].append(e.id)
    prow = [{**r, "event_ids": ";".join(r["event_ids"])} for r in places.values()]
    pl = gpd.GeoDataFrame(pd.DataFrame(prow, columns=["name", "kind", "country_code", "place_id", "modifier", "lat",
                                                      "lon", "events", "event_ids", "geometry"]),
                          geometry="geometry", crs="EPSG:4326")
    for col in ("lat", "lon"):
        pl[col] = pd.to_numeric(pl[col], errors="coerce").astype("float64")
    pl["place_id"] = pd.to_numeric(pl["place_id"], errors="coerce").astype("Int64")
    pl["events"] = pl["events"].astype("int64")

    src = pd.DataFrame([{"event_id": e.id, "seq": i, "doc_id": s.doc_id, "title": s.title, "path": s.path,
                         "published": s.published, "quote": s.sentence, "start": s.start, "end": s.end}
                        for e in events for i, s in enumerate(e.sources)],
                       columns=["event_id", "seq", "doc_id", "title", "path", "published", "quote", "start", "end"])
    for col in ("seq", "start", "end"):
        src[col] = src[col].astype("int64")
    for frame in (ev, pl, src):  # text columns as strings even when every value is missing
        for col in frame.columns:
            if frame[col].dtype == object and col != "geometry":
                frame[col] = frame[col].astype("string")
    return ev, pl, src


def to_gpkg(events: Sequence[Event], path: str | os.PathLike, *, force: bool = False) -> Path:
    """Write a GeoPackage with the layers ``events``, ``places`` and ``sources``
    (see :func:`gpkg_frames`), atomically; an existing file is kept unless ``force``."""
    path = Path(path)
    check_target(path, force)
    with atomic_path(path, overwrite=force, suffix=".gpkg") as tmp:
        _write_gpkg(events, tmp)
    return path


def gpkg_bytes(events: Sequence[Event]) -> bytes:
    """The GeoPackage of :func:`to_gpkg` as bytes (for a download button)."""
    with tempfile.TemporaryDirectory(prefix="sitmap-gpkg-") as d:
        p = Path(d) / "export.gpkg"
        _write_gpkg(events, p)
        return p.read_bytes()


def _write_gpkg(events: Sequence[Event], path: Path) -> None:
    import pyogrio

    ev, pl, src = gpkg_frames(events)
    try:
        pyogrio.write_dataframe(ev, path, layer="events", driver="GPKG", geometry_type="Point",
                                promote_to_multi=False)
        pyogrio.write_dataframe(pl, path, layer="places", driver="GPKG", geometry_type="Unknown",
                                promote_to_multi=False)
        pyogrio.write_dataframe(src, path, layer="sources", driver="GPKG")
    except Exception as exc:  # pyogrio/GDAL errors have no common base class worth naming
        raise DataError(f"cannot write the GeoPackage {str(path)!r}: {exc}") from exc

