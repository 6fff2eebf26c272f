"""Exports for briefings: the map as PNG and as one standalone HTML file, the events as
GeoJSON, CSV and GeoPackage, and a briefing deck as PPTX and PDF.

The core of ``sitmap export`` and of the app's download buttons (no streamlit here):

* :class:`ExportView` says *which* events (a window or an "as of" day, filters);
  :func:`select_events` asks a store for them, :func:`filter_events` filters a list the
  same way.  :class:`ExportOptions` says *how* they look (size, title, caption, legend,
  attribution).
* Every writer returns bytes or text, so the app can offer them for download:
  :func:`export_bytes` gives ``(data, mime, filename)`` for any format; :func:`export`
  writes a file (a temporary file in the same folder, then an atomic rename; an existing
  file is kept unless ``force``).
* The map is the dashboard's map (:func:`dashboard.mapping.build_map`), rendered to one
  HTML page with every asset inlined (:func:`dashboard.mapping.assets.inline_assets`).  The PNG
  and the PDF deck are that page (or the deck's pages) drawn by headless Chromium through
  Playwright: :class:`Renderer` launches Debian's ``chromium`` once and is reused for
  every export of a process; every request that would leave the machine is aborted.
* Document text is escaped wherever it goes into HTML (the map's own builders escape
  theirs; the overlay, the time control and the deck pages here escape everything);
  in the PPTX it is plain text runs.
"""

from __future__ import annotations

import atexit
import base64
import html
import io
import json
import os
import re
import shutil
import tempfile
import threading
import weakref
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterable, NamedTuple, Sequence

from dashboard import config
from dashboard.errors import DataError, InputError
from dashboard.model import EVENT_TYPES, Event

FORMATS: tuple[str, ...] = ("png", "html", "geojson", "csv", "gpkg", "pptx", "pdf")
TEXT_FORMATS = frozenset({"html", "geojson", "csv"})
MIME: dict[str, str] = {
    "png": "image/png",
    "html": "text/html; charset=utf-8",
    "geojson": "application/geo+json",
    "csv": "text/csv; charset=utf-8",
    "gpkg": "application/geopackage+sqlite3",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pdf": "application/pdf",
}
EXTENSION: dict[str, str] = {f: f for f in FORMATS}

#: Where Debian installs Chromium (the last place :func:`find_chromium` looks).
FALLBACK_CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
CHROMIUM_HINT = ("install Debian's chromium (apt-get install chromium, or `make setup`), "
                 "or set SITMAP_CHROMIUM to a Chromium or Chrome executable")

MIN_SIDE, MAX_SIDE = 200, 8000
BASE_MAP_CREDIT = "Base map: Natural Earth (public domain)"

# ------------------------------------------------------------------ views and options


def _iso_day(value: str | date | None, name: str) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    raise InputError(f"{name} {value!r} is not a date: give YYYY-MM-DD")


@dataclass(frozen=True)
class ExportView:
    """Which events to export: a window ``[start, end]`` *or* everything known up to
    ``as_of``, narrowed by type, actor (name), minimum corroboration and text."""

    start: str | None = None
    end: str | None = None
    as_of: str | None = None
    types: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    min_corroboration: int = 1
    text: str | None = None
    include_undated: bool = False

    def __post_init__(self):
        object.__setattr__(self, "start", _iso_day(self.start, "window start (--from)"))
        object.__setattr__(self, "end", _iso_day(self.end, "window end (--to)"))
        object.__setattr__(self, "as_of", _iso_day(self.as_of, "as-of day (--as-of)"))
        object.__setattr__(self, "types", tuple(self.types))
        object.__setattr__(self, "actors", tuple(self.actors))
        if self.as_of and (self.start or self.end):
            raise InputError("give either a window (--from/--to) or an as-of day (--as-of), not both")
        if self.start and self.end and self.start > self.end:
            raise InputError(f"window start {self.start!r} is after its end {self.end!r}: swap them")
        bad = [t for t in self.types if t not in EVENT_TYPES]
        if bad:
            raise InputError(f"unknown event type {bad[0]!r}: use one of {', '.join(EVENT_TYPES)}")
        if isinstance(self.min_corroboration, bool) or not isinstance(self.min_corroboration, int) \
                or self.min_corroboration < 1:
            raise InputError(f"minimum corroboration {self.min_corroboration!r} is not a whole number >= 1")

    def window(self) -> tuple[str | None, str | None]:
        """The date window to query: [start, end], or everything up to the as-of day."""
        return (None, self.as_of) if self.as_of else (self.start, self.end)

    def label(self) -> str:
        """A caption for the view: "As of D", "D1 – D2", "From D", "Up to D" or "All dates"."""
        if self.as_of:
            return f"As of {self.as_of}"
        if self.start and self.end:
            return f"{self.start} – {self.end}" if self.start != self.end else self.start
        if self.start:
            return f"From {self.start}"
        if self.end:
            return f"Up to {self.end}"
        return "All dates"


def select_events(store, view: ExportView) -> list[Event]:
    """The store's fused events in ``view`` (ordered by date, undated last)."""
    start, end = view.window()
    return store.query(start=start, end=end, types=view.types or None, actors=view.actors or None,
                       min_corroboration=view.min_corroboration, text=view.text or None,
                       include_undated=view.include_undated)


def _fold(text: str | None) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def filter_events(events: Iterable[Event], view: ExportView) -> list[Event]:
    """``events`` narrowed to ``view`` with the store's rules: dated events whose interval
    overlaps the window (undated ones only with ``include_undated``), type, actor name,
    minimum corroboration, and every text term in the summary, actor or place name (case-
    and accent-insensitive); ordered by first day, undated last."""
    start, end = view.window()
    terms = [_fold(t) for t in (view.text or "").split()]
    out = []
    for e in events:
        if terms:
            hay = " ".join(_fold(x) for x in (e.summary, e.actor.name if e.actor else "", e.place.name if e.place else ""))
            if not all(t in hay for t in terms):
                continue
        if e.date is None:
            if not view.include_undated:
                continue
        elif (start and e.date.end < start) or (end and e.date.start > end):
            continue
        if view.types and e.type not in view.types:
            continue
        if view.actors and (e.actor is None or e.actor.name not in view.actors):
            continue
        if e.corroboration < view.min_corroboration:
            continue
        out.append(e)
    return sorted(out, key=lambda e: (e.date is None, e.date.start if e.date else "", e.id))


@dataclass(frozen=True)
class ExportOptions:
    """How an export looks.

    ``width``/``height``: the PNG's size in pixels (the map is laid out at that size);
    ``title``/``caption``: an overlay at the top of the map (and the deck's title slide),
    escaped; ``as_of``: the day the deck and the file name are dated with;
    ``legend``/``controls``: show the side legend / the zoom and layer buttons;
    ``attribution``: True for the default credit line (sources, base map), a string for
    your own, False for none; ``time_slider``: the standalone HTML's date control;
    ``base_geojson``: the base map (None: the gazetteer's countries, loaded once per
    process; "" for none).
    """

    width: int = 1600
    height: int = 900
    title: str | None = None
    caption: str | None = None
    as_of: str | None = None
    legend: bool = True
    controls: bool = True
    attribution: bool | str = True
    time_slider: bool = True
    base_geojson: str | None = field(default=None, repr=False)

    def __post_init__(self):
        for name in ("width", "height"):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, int) or not MIN_SIDE <= v <= MAX_SIDE:
                raise InputError(f"{name} {v!r} is not a whole number of pixels between {MIN_SIDE} and {MAX_SIDE}")
        object.__setattr__(self, "as_of", _iso_day(self.as_of, "as-of day"))
        if self.title is not None and len(self.title) > 300:
            raise InputError("title is over 300 characters: shorten it")


def options_for(view: ExportView, events: Sequence[Event] = (), **kw) -> ExportOptions:
    """Options whose caption and date follow ``view`` (the as-of day, the window's end,
    else the latest event's end day); keyword arguments override."""
    latest = max((e.date.end for e in events if e.date is not None), default=None)
    kw.setdefault("caption", view.label())
    kw.setdefault("as_of", view.as_of or view.end or latest)
    return ExportOptions(**kw)


# ------------------------------------------------------------------ file names and writing

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_filename(name: str, default: str = "sitmap-export") -> str:
    """``name`` reduced to ``[A-Za-z0-9._-]`` (no folders, no leading dot, at most 120
    characters, the extension kept)."""
    name = Path(str(name).replace("\\", "/")).name
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    stem = _UNSAFE.sub("-", stem).strip(".-_")[:100] or default
    ext = _UNSAFE.sub("", ext)[:10]
    return f"{stem}.{ext}" if ext else stem


def default_filename(fmt: str, options: ExportOptions | None = None) -> str:
    """``sitmap-<day>.<ext>``, dated with ``options.as_of`` (else today)."""
    _check_format(fmt)
    day = (options.as_of if options and options.as_of else None) or date.today().isoformat()
    return safe_filename(f"sitmap-{day}.{EXTENSION[fmt]}")


def write_atomic(path: str | os.PathLike, data: bytes | str, *, force: bool = False) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder and an atomic
    rename: readers never see a half-written file.  Without ``force`` an existing file is
    kept (:class:`InputError` naming it and ``--force``), even one created meanwhile."""
    path = Path(path)
    check_target(path, force)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:60]}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
        os.chmod(tmp, _file_mode())  # mkstemp makes 0600; a new file normally follows the umask
        _publish(Path(tmp), path, force)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


def _file_mode() -> int:
    """0666 less the process umask (read from /proc: os.umask would change it for every thread)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return 0o666 & ~int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o644


def check_target(path: str | os.PathLike, force: bool = False) -> None:
    """Refuse (:class:`InputError`) to write ``path`` when it is a folder, its folder is
    missing, or it exists and ``force`` is not set."""
    path = Path(path)
    if path.is_dir():
        raise InputError(f"{str(path)!r} is a folder: give a file name such as {default_filename('png')}")
    if not path.parent.is_dir():
        raise InputError(f"folder {str(path.parent)!r} does not exist: create it or write elsewhere")
    if path.exists() and not force:
        raise InputError(f"{str(path)!r} exists: pass --force to overwrite it")


def _publish(tmp: Path, path: Path, force: bool) -> None:
    if force:
        os.replace(tmp, path)
        return
    try:
        os.link(tmp, path)  # fails if the target appeared meanwhile: never overwrites
    except FileExistsError:
        raise InputError(f"{str(path)!r} exists: pass --force to overwrite it") from None
    except OSError:  # a file system without hard links
        if path.exists():
            raise InputError(f"{str(path)!r} exists: pass --force to overwrite it") from None
        os.replace(tmp, path)


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise InputError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")


# ------------------------------------------------------------------ data formats


def to_geojson(events: Sequence[Event]) -> str:
    """A GeoJSON FeatureCollection in the event schema (docs/events.md)."""
    from dashboard.export.eventio import to_geojson as fc

    return fc(events)


def to_csv(events: Sequence[Event]) -> str:
    """One row per event, forces and sources flattened (:data:`dashboard.eventio.CSV_COLUMNS`)."""
    from dashboard.export.eventio import to_csv as rows

    return rows(events)


def gpkg_frames(events: Sequence[Event]):
    """The three GeoPackage layers as (geo)pandas frames: ``events`` (a point per event,
    attributes flattened), ``places`` (each distinct place's geometry: points, lines or
    polygons, with the ids of its events) and ``sources`` (one row per source, no geometry)."""
    import geopandas as gpd
    import pandas as pd
    from shapely.geometry import Point, shape

    from dashboard.export.eventio import CSV_COLUMNS, flat_row

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
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:60]}.", suffix=".gpkg", dir=path.parent)
    os.close(fd)
    os.unlink(tmp)  # the driver creates the file itself
    try:
        _write_gpkg(events, Path(tmp))
        _publish(Path(tmp), path, force)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
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


# ------------------------------------------------------------------ the map page


def _esc(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _js_json(obj: Any) -> str:
    """JSON that is safe inside a <script> element."""
    return (json.dumps(obj, separators=(",", ":"), ensure_ascii=True)
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def _base_geojson(options: ExportOptions) -> str | None:
    if options.base_geojson is not None:
        return options.base_geojson or None
    from dashboard.gazetteer import default_path
    from dashboard.mapping import base_countries

    return base_countries(str(default_path()))


def _documents(events: Iterable[Event]) -> dict[str, Any]:
    docs: dict[str, Any] = {}
    for e in events:
        for s in e.sources:
            docs.setdefault(s.doc_id, s)
    return docs


def _credit(events: Sequence[Event], options: ExportOptions) -> str | None:
    if options.attribution is False or options.attribution is None:
        return None
    if isinstance(options.attribution, str):
        return options.attribution
    n = len(_documents(events))
    return (f"{len(events)} event{'s' if len(events) != 1 else ''} from {n} source document"
            f"{'s' if n != 1 else ''} · {BASE_MAP_CREDIT} · sitmap")


_EXPORT_CSS = """
.sitmap-export-head{position:absolute;top:10px;left:50%;transform:translateX(-50%);z-index:1100;
 background:rgba(255,255,255,.93);padding:6px 16px;border-radius:4px;text-align:center;
 font:600 22px/1.25 sans-serif;color:#111;max-width:70%;box-shadow:0 1px 4px rgba(0,0,0,.25)}
.sitmap-export-head .cap{font:400 15px/1.3 sans-serif;color:#333;margin-top:2px}
.sitmap-export-credit{position:absolute;right:8px;bottom:22px;z-index:1100;background:rgba(255,255,255,.85);
 padding:2px 6px;border-radius:3px;font:11px sans-serif;color:#333;max-width:60%}
.sitmap-timebar{position:absolute;left:50%;bottom:26px;transform:translateX(-50%);z-index:1100;
 background:rgba(255,255,255,.95);padding:6px 12px;border-radius:4px;font:12px sans-serif;color:#222;
 box-shadow:0 1px 4px rgba(0,0,0,.3);min-width:320px;text-align:center}
.sitmap-timebar input{width:45%;margin:4px 2%}
"""

# The export's own script, after every layer of the map: exposes the map for tests
# (``window.sitmapExport``), sets ``window.sitmapReady`` once Leaflet has drawn, and
# (interactive pages) adds a date-range control that shows only the events whose date
# interval overlaps the chosen days.  Dates come from the features' ``start``/``end``
# properties, else from the table of event ids written here.  Text is set with
# textContent only.
_EXPORT_JS = """
(function () {
  "use strict";
  var map = {{ this._parent.get_name() }};
  var table = {{ this.dates }};
  var withSlider = {{ this.slider }};
  function eventId(f) {
    var p = f.properties || {};
    return String(f.id != null ? f.id : (p.id != null ? p.id : "")).replace(/:pt$/, "");
  }
  function span(f) {
    var p = f.properties || {};
    if ("start" in p || "end" in p) { return p.start ? [p.start, p.end || p.start] : null; }
    var id = eventId(f);
    return Object.prototype.hasOwnProperty.call(table, id) ? table[id] : undefined;
  }
  // Every event symbol or shape: a layer with a GeoJSON-like .feature, found in its
  // direct parent group (an L.GeoJSON or a plain feature group) among the map's layers.
  var items = [];
  map.eachLayer(function (g) {
    if (!(g instanceof L.LayerGroup)) { return; }
    g.eachLayer(function (l) {
      if (!l.feature) { return; }
      var d = span(l.feature);
      if (d === undefined) { return; }
      items.push({ g: g, l: l, d: d, id: eventId(l.feature), point: typeof l.getLatLng === "function" });
    });
  });
  function symbols() {
    var out = [];
    items.forEach(function (it) {
      if (!it.point || !map.hasLayer(it.l)) { return; }
      var ll = it.l.getLatLng(), p = map.latLngToContainerPoint(ll);
      out.push({ id: it.id, lat: ll.lat, lng: ll.lng, x: p.x, y: p.y,
                 colour: it.l.options && it.l.options.fillColor });
    });
    return out;
  }
  function show(lo, hi) {
    var ids = {};
    items.forEach(function (it) {
      var vis = !it.d || (it.d[1] >= lo && it.d[0] <= hi);
      if (vis && !it.g.hasLayer(it.l)) { it.g.addLayer(it.l); }
      if (!vis && it.g.hasLayer(it.l)) { it.g.removeLayer(it.l); }
      if (vis && it.point) { ids[it.id] = 1; }
    });
    return Object.keys(ids).length;
  }
  window.sitmapExport = { map: map, symbols: symbols, show: show };
  var days = [];
  items.forEach(function (it) { if (it.d) { days.push(it.d[0], it.d[1]); } });
  if (withSlider && days.length) {
    days.sort();
    var first = Date.parse(days[0] + "T00:00:00Z"), last = Date.parse(days[days.length - 1] + "T00:00:00Z");
    var n = Math.max(0, Math.round((last - first) / 864e5));
    var iso = function (i) { return new Date(first + i * 864e5).toISOString().slice(0, 10); };
    var total = show("0000-00-00", "9999-99-99");
    var bar = document.createElement("div");
    bar.className = "sitmap-timebar";
    var label = document.createElement("div");
    var a = document.createElement("input"), b = document.createElement("input");
    [a, b].forEach(function (r) { r.type = "range"; r.min = "0"; r.max = String(n); r.step = "1"; });
    a.value = "0"; b.value = String(n);
    a.setAttribute("aria-label", "first day"); b.setAttribute("aria-label", "last day");
    a.className = "sitmap-from"; b.className = "sitmap-to";
    function update() {
      var i = Math.min(+a.value, +b.value), j = Math.max(+a.value, +b.value);
      var lo = iso(i), hi = iso(j), k = show(lo, hi);
      label.textContent = (lo === hi ? lo : lo + " \\u2013 " + hi) + " \\u00b7 " + k + " of " + total + " events";
      bar.setAttribute("data-shown", String(k));
    }
    a.addEventListener("input", update);
    b.addEventListener("input", update);
    bar.appendChild(label); bar.appendChild(a); bar.appendChild(b);
    document.body.appendChild(bar);
    if (L.DomEvent) { L.DomEvent.disableClickPropagation(bar); L.DomEvent.disableScrollPropagation(bar); }
    update();
  }
  // Ready once the view has settled: no zoom or pan animation (fitBounds on a loaded map
  // animates) for a few frames in a row, so the canvas has redrawn at its final zoom.
  function ready() {
    var calm = 0;
    (function tick() {
      var busy = map._animatingZoom || (map._panAnim && map._panAnim._inProgress) || map._flyToFrame;
      calm = busy ? 0 : calm + 1;
      if (calm >= 4) { window.sitmapReady = true; } else { requestAnimationFrame(tick); }
    })();
  }
  map.whenReady(function () {
    if (document.fonts && document.fonts.ready) { document.fonts.ready.then(ready, ready); } else { ready(); }
  });
})();
"""


def _export_element(events: Sequence[Event], slider: bool):
    from branca.element import MacroElement
    from folium.template import Template

    class ExportRuntime(MacroElement):
        _template = Template("{% macro script(this, kwargs) %}" + _EXPORT_JS + "{% endmacro %}")

        def __init__(self):
            super().__init__()
            self._name = "SitmapExport"
            self.dates = _js_json({e.id: [e.date.start, e.date.end] if e.date else None for e in events})
            self.slider = "true" if slider else "false"

    return ExportRuntime()


def map_html(events: Sequence[Event], options: ExportOptions | None = None, *, interactive: bool = True) -> str:
    """The dashboard's map of ``events`` as one self-contained HTML page: every script,
    style, font and image inlined, nothing fetched from anywhere, so it opens from a
    ``file://`` URL offline.  With ``interactive``, a date-range control filters the
    events (the standalone export); without, the page is laid out for a screenshot."""
    import folium

    from dashboard.mapping import find_remote_links, inline_assets
    from dashboard.mapping import build_map

    options = options or ExportOptions()
    events = list(events)
    m = build_map(events, base_geojson=_base_geojson(options))
    root = m.get_root()
    page_title = options.title or (f"sitmap — {options.caption}" if options.caption else "sitmap — situation map")
    root.header.add_child(folium.Element(f"<title>{_esc(page_title)}</title>"), name="sitmap_export_title")
    css = _EXPORT_CSS
    if not options.legend:
        css += "#sitmap-legend,.sitmap-legend{display:none!important}"
    if not options.controls:
        css += ".leaflet-control-zoom,.leaflet-control-layers{display:none!important}"
    root.header.add_child(folium.Element(f"<style>{css}</style>"), name="sitmap_export_css")
    overlay = ""
    if options.title or options.caption:
        overlay += ("<div class='sitmap-export-head'>" + (_esc(options.title) if options.title else "")
                    + (f"<div class='cap'>{_esc(options.caption)}</div>" if options.caption else "") + "</div>")
    credit = _credit(events, options)
    if credit:
        overlay += f"<div class='sitmap-export-credit'>{_esc(credit)}</div>"
    if not interactive:  # a still picture: no zoom/fade animations to wait for
        overlay += ("<script>if(window.L){L.Map.mergeOptions({zoomAnimation:false,fadeAnimation:false,"
                    "markerZoomAnimation:false});}</script>")
    if overlay:
        root.html.add_child(folium.Element(overlay), name="sitmap_export_overlay")
    m.add_child(_export_element(events, interactive and options.time_slider), name="sitmap_export")
    page = inline_assets(root.render())
    remote = find_remote_links(page)
    if remote:
        raise DataError(f"the exported map would load {remote[0]!r} from the network: "
                        "vendor that asset (python -m dashboard.mapping.assets) before exporting")
    return page


def standalone_html(events: Sequence[Event], options: ExportOptions | None = None) -> str:
    """The standalone HTML export: the map with its layers, popups and a time control,
    in one file that works offline in any browser."""
    return map_html(events, options, interactive=True)


# ------------------------------------------------------------------ the browser


def find_chromium(explicit: str | os.PathLike | None = None) -> str:
    """The Chromium to drive: ``explicit``, else ``$SITMAP_CHROMIUM``, else ``chromium``,
    ``chromium-browser`` or ``google-chrome`` on PATH, else ``/usr/bin/chromium``.
    Raises :class:`DataError` naming the fix when there is none."""
    for given, origin in ((explicit, "--chromium"), (config.chromium(),
                                                    "SITMAP_CHROMIUM")):
        if given:
            p = Path(given).expanduser()
            if p.is_file() and os.access(p, os.X_OK):
                return str(p)
            found = shutil.which(str(given))
            if found:
                return found
            raise DataError(f"{origin} {str(given)!r} is not an executable Chromium: {CHROMIUM_HINT}")
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    if FALLBACK_CHROMIUM.is_file() and os.access(FALLBACK_CHROMIUM, os.X_OK):
        return str(FALLBACK_CHROMIUM)
    raise DataError(f"no Chromium found for PNG/PDF exports (looked at SITMAP_CHROMIUM, "
                    f"{', '.join(CHROMIUM_NAMES)} on PATH and {FALLBACK_CHROMIUM}): {CHROMIUM_HINT}")


_LOCAL_PREFIXES = ("file:", "data:", "blob:", "about:", "http://localhost", "http://127.0.0.1", "http://[::1]",
                   "https://localhost", "https://127.0.0.1", "https://[::1]")


def is_local_request(url: str) -> bool:
    """Whether the export browser may load ``url``: files, inline data and localhost only."""
    if not url.startswith(_LOCAL_PREFIXES):
        return False
    if url.startswith(("http://", "https://")):  # "http://localhost.evil.example" is not local
        rest = url.split("://", 1)[1]
        host_end = rest[1:].find("]") + 2 if rest.startswith("[") else len(re.match(r"[^/:?#]*", rest).group(0))
        return rest[:host_end] in ("localhost", "127.0.0.1", "[::1]")
    return True


class RenderResult(NamedTuple):
    png: bytes
    value: Any


class Renderer:
    """Headless Chromium (Playwright) for PNG screenshots and PDF printing, launched on
    first use and reused for every export until :meth:`close` (or the ``with`` block ends).

    All browser work runs on one private thread, so one renderer can be shared by many
    threads (a Streamlit server's sessions, say): calls are served one at a time.  Every
    request for anything but files, inline data and localhost is aborted (``blocked``
    lists them), and JavaScript dialogs are dismissed (``dialogs`` lists them).
    """

    def __init__(self, chromium: str | os.PathLike | None = None, *, timeout_s: float = 60.0):
        self.executable = find_chromium(chromium)
        self.timeout_ms = int(timeout_s * 1000)
        self.blocked: list[str] = []
        self.dialogs: list[str] = []
        self.launches = 0
        self._pool: ThreadPoolExecutor | None = ThreadPoolExecutor(1, thread_name_prefix="sitmap-chromium")
        self._pw = None
        self._browser = None
        self._lock = threading.Lock()
        ref = weakref.ref(self)
        atexit.register(lambda: ref() is not None and ref().close())

    # -- lifecycle
    def __enter__(self) -> "Renderer":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Close the browser and stop the thread (idempotent)."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is None:
            return
        try:
            pool.submit(self._shutdown).result(timeout=30)
        except Exception:  # closing a browser that already died: nothing left to release
            pass
        pool.shutdown(wait=True)

    def _shutdown(self) -> None:
        browser, pw, self._browser, self._pw = self._browser, self._pw, None, None
        try:
            if browser is not None:
                browser.close()
        finally:
            if pw is not None:
                pw.stop()

    def _run(self, fn: Callable, *args):
        with self._lock:
            pool = self._pool
        if pool is None:
            raise DataError("the export renderer is closed: make a new Renderer")
        return pool.submit(fn, *args).result()

    def _ensure(self):
        if self._browser is not None and self._browser.is_connected():
            return self._browser
        try:
            from playwright.sync_api import Error as PlaywrightError
            from playwright.sync_api import sync_playwright
        except ImportError:
            raise DataError("playwright is not installed: run `make setup` (pip install -e .)") from None
        if self._pw is None:
            self._pw = sync_playwright().start()
        try:
            self._browser = self._pw.chromium.launch(
                executable_path=self.executable, timeout=self.timeout_ms,
                args=["--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                      "--disable-component-update", "--disable-sync", "--disable-default-apps",
                      "--disable-domain-reliability", "--metrics-recording-only", "--no-pings",
                      # belt and braces besides the request filter (which WebSockets bypass):
                      # no host name but localhost resolves
                      "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost"])
        except PlaywrightError as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise DataError(f"cannot start Chromium {self.executable!r} ({first}): {CHROMIUM_HINT}") from None
        self.launches += 1
        return self._browser

    def _route(self, route) -> None:
        url = route.request.url
        if is_local_request(url):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def _open(self, html_text: str, width: int, height: int):
        from playwright.sync_api import Error as PlaywrightError

        browser = self._ensure()
        ctx = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1,
                                  service_workers="block", accept_downloads=False)
        try:
            ctx.route("**/*", self._route)
            page = ctx.new_page()
            page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
            page.set_default_timeout(self.timeout_ms)
            page.set_content(html_text, wait_until="load")
            page.wait_for_function("window.sitmapReady === true")
        except PlaywrightError as exc:
            ctx.close()
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise DataError(f"Chromium could not draw the page ({first})") from None
        return ctx, page

    # -- work
    def render(self, html_text: str, width: int, height: int, *, evaluate: str | None = None,
               screenshot: bool = True) -> RenderResult:
        """Load ``html_text`` at ``width``×``height``, wait until the page sets
        ``window.sitmapReady``, then screenshot it (PNG bytes) and/or evaluate a
        JavaScript expression in it."""

        def work():
            ctx, page = self._open(html_text, width, height)
            try:
                value = page.evaluate(evaluate) if evaluate else None
                png = page.screenshot(type="png", full_page=False) if screenshot else b""
                return RenderResult(png, value)
            finally:
                ctx.close()

        return self._run(work)

    def screenshot(self, html_text: str, width: int, height: int) -> bytes:
        return self.render(html_text, width, height).png

    def pdf(self, html_text: str, *, width: str = "13.333in", height: str = "7.5in") -> bytes:
        """Print ``html_text`` to PDF (page size from the page's CSS ``@page``, else these)."""

        def work():
            ctx, page = self._open(html_text, 1280, 720)
            try:
                return page.pdf(width=width, height=height, print_background=True, prefer_css_page_size=True)
            finally:
                ctx.close()

        return self._run(work)


def _renderer_for(renderer: Renderer | None, chromium: str | None):
    """(renderer, owned): the given renderer, or a new one the caller must close."""
    if renderer is not None:
        return renderer, False
    return Renderer(chromium), True


def render_png(events: Sequence[Event], options: ExportOptions | None = None, *,
               renderer: Renderer | None = None, chromium: str | None = None) -> bytes:
    """The map as a PNG of exactly ``options.width``×``options.height`` pixels, drawn by
    headless Chromium from :func:`map_html` (with the title/caption/attribution overlay)."""
    options = options or ExportOptions()
    page = map_html(events, options, interactive=False)
    r, owned = _renderer_for(renderer, chromium)
    try:
        return r.screenshot(page, options.width, options.height)
    finally:
        if owned:
            r.close()


# ------------------------------------------------------------------ the briefing deck


@dataclass(frozen=True)
class Slide:
    """One slide of the deck, shared by the PPTX and PDF writers: ``kind`` is
    ``title`` (title, subtitle, lines), ``map`` (title, image) or ``table`` (title,
    columns, rows, widths as fractions)."""

    kind: str
    title: str
    subtitle: str = ""
    lines: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    widths: tuple[float, ...] = ()
    image: bytes | None = field(default=None, repr=False)


EVENT_ROWS_PER_SLIDE = 10
FACT_ROWS_PER_SLIDE = 12
SOURCE_ROWS_PER_SLIDE = 14
#: A deck is for a briefing, not an archive: beyond these, the best-corroborated (then
#: latest) events, the largest force groups and the most-cited sources are shown, and
#: the last slide of each kind says how many more the data exports hold.
MAX_DECK_EVENTS = 50
MAX_DECK_FACTS = 36
MAX_DECK_SOURCES = 42
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _plain(value: Any, limit: int | None = None) -> str:
    """Text for a slide: control characters removed, whitespace folded, clipped."""
    text = " ".join(_CONTROL.sub(" ", "" if value is None else str(value)).split())
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def _when(e: Event) -> str:
    if e.date is None:
        return "undated"
    return e.date.start if e.date.start == e.date.end else f"{e.date.start} – {e.date.end}"


def _chunks(rows: list, n: int) -> list[list]:
    return [rows[i:i + n] for i in range(0, len(rows), n)] or [[]]


def key_facts(events: Sequence[Event]) -> list[tuple[str, str, str, str, str]]:
    """Forces by side and place: (side, place, forces, events, latest day), where forces
    gives per unit the largest number reported there (reports of one force repeat, so
    numbers are not added up)."""
    groups: dict[tuple[str, str], dict] = {}
    for e in events:
        if not e.forces:
            continue
        side = e.actor.name if e.actor else "unknown"
        place = e.place.name if e.place else "no place"
        g = groups.setdefault((side, place), {"units": {}, "events": 0, "latest": ""})
        g["events"] += 1
        if e.date is not None:
            g["latest"] = max(g["latest"], e.date.end)
        for f in e.forces:
            cur = g["units"].get(f.unit)
            if f.count is not None and (cur is None or cur < f.count):
                g["units"][f.unit] = f.count
            else:
                g["units"].setdefault(f.unit, None)
    out = []
    for (side, place), g in sorted(groups.items(), key=lambda kv: (kv[0][0].lower(), kv[0][1].lower())):
        forces = "; ".join(f"{n:,} {u}" if n is not None else f"{u} (no number)" for u, n in g["units"].items())
        out.append((side, place, forces, str(g["events"]), g["latest"] or "undated"))
    return out


def deck_slides(events: Sequence[Event], options: ExportOptions | None = None,
                map_png: bytes | None = None) -> list[Slide]:
    """The briefing deck's slides: title (as-of day, counts), the map, key facts (forces
    by side and place), the events (dates, corroboration, disputes) and the sources."""
    options = options or ExportOptions()
    events = list(events)
    docs = _documents(events)
    dated = sorted((e for e in events if e.date is not None), key=lambda e: (e.date.start, e.date.end, e.id))
    undated = [e for e in events if e.date is None]
    as_of = options.as_of or max((e.date.end for e in dated), default=None)
    title = _plain(options.title or "Situation briefing", 200)
    lines = [f"{len(events)} event{'s' if len(events) != 1 else ''} from {len(docs)} source document"
             f"{'s' if len(docs) != 1 else ''}"]
    if dated:
        lines.append(f"Reported dates {dated[0].date.start} – {max(e.date.end for e in dated)}")
    subtitle = f"As of {as_of}" if as_of else "All reported dates"
    if options.caption and _plain(options.caption) != subtitle:
        lines.append(_plain(options.caption, 200))
    lines.append(f"Prepared {date.today().isoformat()} with sitmap")
    slides = [Slide("title", title, subtitle=subtitle, lines=tuple(lines))]
    if map_png is not None:
        slides.append(Slide("map", _plain(f"Situation map{' — as of ' + as_of if as_of else ''}"), image=map_png))

    facts = key_facts(events)
    if len(facts) > MAX_DECK_FACTS:
        keep = sorted(facts, key=lambda r: (-int(r[3]), r[0].lower(), r[1].lower()))[:MAX_DECK_FACTS]
        facts = [r for r in facts if r in keep] + [_more(len(facts) - MAX_DECK_FACTS, "side/place rows", 5)]
    for i, chunk in enumerate(_chunks(facts, FACT_ROWS_PER_SLIDE)):
        slides.append(Slide("table", "Key facts: forces by side and place" + _part(i, facts, FACT_ROWS_PER_SLIDE),
                            columns=("Side", "Place", "Forces (largest reported)", "Events", "Latest"),
                            rows=tuple(tuple(_plain(c, 120) for c in r) for r in chunk)
                            or (("No forces reported in this view", "", "", "", ""),),
                            widths=(0.2, 0.25, 0.35, 0.08, 0.12)))

    shown = dated + undated
    if len(shown) > MAX_DECK_EVENTS:
        best = sorted(shown, key=lambda e: (-e.corroboration, -_day_number(e), e.id))[:MAX_DECK_EVENTS]
        ids = {e.id for e in best}
        shown = [e for e in shown if e.id in ids]
    ev_rows = []
    for e in shown:
        n = e.corroboration
        corr = f"{n} source{'s' if n != 1 else ''}"
        if e.conflicts:
            corr += " · disputed: " + ", ".join(sorted({c.field for c in e.conflicts}))
        ev_rows.append((_when(e), e.type.replace("_", " "), _plain(e.actor.name if e.actor else "", 40),
                        _plain(e.place.name if e.place else "", 50), _plain(e.summary, 170), corr))
    if len(events) > len(shown):
        ev_rows.append(_more(len(events) - len(shown), "events, less corroborated", 6, column=4))
    for i, chunk in enumerate(_chunks(ev_rows, EVENT_ROWS_PER_SLIDE)):
        slides.append(Slide("table", "Events" + _part(i, ev_rows, EVENT_ROWS_PER_SLIDE),
                            columns=("When", "Type", "Actor", "Place", "What", "Corroboration"),
                            rows=tuple(chunk) or (("", "", "", "", "No events in this view", ""),),
                            widths=(0.13, 0.1, 0.11, 0.14, 0.38, 0.14)))

    cites: dict[str, int] = {}
    for e in events:
        for d in {s.doc_id for s in e.sources}:
            cites[d] = cites.get(d, 0) + 1
    ordered = sorted(docs.items(), key=lambda kv: (kv[1].published or "9999", kv[1].title or "", kv[0]))
    if len(ordered) > MAX_DECK_SOURCES:
        top = {d for d, _ in sorted(ordered, key=lambda kv: (-cites[kv[0]], kv[0]))[:MAX_DECK_SOURCES]}
        ordered = [kv for kv in ordered if kv[0] in top]
    src_rows = [(_plain(s.title or s.path or s.doc_id, 110), s.published or "undated", str(cites[d]), d[:16])
                for d, s in ordered]
    if len(docs) > len(ordered):
        src_rows.append(_more(len(docs) - len(ordered), "sources, less cited", 4))
    for i, chunk in enumerate(_chunks(src_rows, SOURCE_ROWS_PER_SLIDE)):
        slides.append(Slide("table", "Sources" + _part(i, src_rows, SOURCE_ROWS_PER_SLIDE),
                            columns=("Document", "Published", "Events", "Id"),
                            rows=tuple(chunk) or (("No sources", "", "", ""),), widths=(0.6, 0.14, 0.08, 0.18)))
    return slides


def _more(n: int, what: str, width: int, column: int = 0) -> tuple[str, ...]:
    row = [""] * width
    row[column] = f"… and {n:,} more {what}: see the CSV or GeoPackage export"
    return tuple(row)


def _day_number(e: Event) -> int:
    return date.fromisoformat(e.date.end).toordinal() if e.date is not None else 0


def _part(i: int, rows: list, per: int) -> str:
    n = max(1, -(-len(rows) // per))
    return f" ({i + 1}/{n})" if n > 1 else ""


def _deck_map(events: Sequence[Event], options: ExportOptions, renderer: Renderer | None,
              chromium: str | None) -> bytes:
    opts = replace(options, width=1280, height=720, controls=False, title=None, caption=None)
    return render_png(events, opts, renderer=renderer, chromium=chromium)


def deck_pptx(events: Sequence[Event], options: ExportOptions | None = None, *, renderer: Renderer | None = None,
              chromium: str | None = None, map_png: bytes | None = None) -> bytes:
    """The briefing deck as PowerPoint (16:9): title, map, key facts, events, sources.
    The map image is rendered (needs Chromium) unless ``map_png`` is given."""
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.util import Emu, Inches, Pt

    options = options or ExportOptions()
    if map_png is None:
        map_png = _deck_map(events, options, renderer, chromium)
    slides = deck_slides(events, options, map_png)
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    blank = prs.slide_layouts[6]
    prs.core_properties.title = slides[0].title
    prs.core_properties.subject = slides[0].subtitle
    margin = Inches(0.5)
    width = prs.slide_width - 2 * margin

    def text(slide, s: str, top, height, size, bold=False, colour=(0x22, 0x22, 0x22)):
        box = slide.shapes.add_textbox(margin, top, width, height)
        tf = box.text_frame
        tf.word_wrap = True
        run = tf.paragraphs[0].add_run()
        run.text = s
        run.font.size, run.font.bold = Pt(size), bold
        run.font.color.rgb = RGBColor(*colour)
        return tf

    for sl in slides:
        slide = prs.slides.add_slide(blank)
        if sl.kind == "title":
            text(slide, sl.title, Inches(2.0), Inches(1.2), 40, bold=True)
            text(slide, sl.subtitle, Inches(3.2), Inches(0.8), 26, colour=(0x44, 0x44, 0x44))
            tf = text(slide, sl.lines[0] if sl.lines else "", Inches(4.3), Inches(2.0), 16, colour=(0x55, 0x55, 0x55))
            for line in sl.lines[1:]:
                run = tf.add_paragraph().add_run()
                run.text = line
                run.font.size = Pt(16)
                run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
            continue
        text(slide, sl.title, Inches(0.3), Inches(0.7), 26, bold=True)
        if sl.kind == "map" and sl.image:
            from PIL import Image

            with Image.open(io.BytesIO(sl.image)) as im:
                w, h = im.size
            avail_w, avail_h = width, prs.slide_height - Inches(1.2) - Inches(0.3)
            scale = min(avail_w / w, avail_h / h)
            pw, ph = int(w * scale), int(h * scale)
            slide.shapes.add_picture(io.BytesIO(sl.image), Emu(int((prs.slide_width - pw) / 2)), Inches(1.1),
                                     Emu(pw), Emu(ph))
            continue
        rows, cols = len(sl.rows) + 1, len(sl.columns)
        shape = slide.shapes.add_table(rows, cols, margin, Inches(1.1), width, Inches(0.4) * rows)
        table = shape.table
        widths = sl.widths or tuple(1 / cols for _ in sl.columns)
        for i, frac in enumerate(widths):
            table.columns[i].width = Emu(int(width * frac))
        for r, values in enumerate((sl.columns, *sl.rows)):
            for c, value in enumerate(values):
                cell = table.cell(r, c)
                cell.text = value
                for para in cell.text_frame.paragraphs:
                    for run in para.runs:
                        run.font.size = Pt(12 if r == 0 else 11)
                        run.font.bold = r == 0
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


_DECK_CSS = """
@page { size: 13.333in 7.5in; margin: 0 }
* { box-sizing: border-box }
html, body { margin: 0; padding: 0; font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #222 }
.slide { width: 13.333in; height: 7.5in; padding: 0.35in 0.5in; overflow: hidden; page-break-after: always;
         break-after: page; position: relative }
.slide:last-child { page-break-after: auto; break-after: auto }
h1 { font-size: 26pt; margin: 0 0 0.2in 0 }
.title h1 { font-size: 40pt; margin-top: 1.6in }
.title h2 { font-size: 26pt; font-weight: normal; color: #444; margin: 0.2in 0 }
.title p { font-size: 16pt; color: #555; margin: 0.06in 0 }
img.map { display: block; margin: 0 auto; max-width: 100%; max-height: 6.3in; border: 1px solid #bbb }
table { width: 100%; border-collapse: collapse; font-size: 11pt; table-layout: fixed }
th { background: #3b5f8a; color: #fff; text-align: left; padding: 5px 6px; font-size: 12pt }
td { padding: 4px 6px; border-bottom: 1px solid #ccc; vertical-align: top; overflow-wrap: anywhere }
tr:nth-child(even) td { background: #eef2f7 }
"""


def deck_html(slides: Sequence[Slide]) -> str:
    """The deck as one HTML document, one ``<section>`` per printed page; every piece of
    text escaped."""
    parts = ["<!DOCTYPE html><html><head><meta charset='utf-8'>",
             f"<title>{_esc(slides[0].title if slides else 'sitmap briefing')}</title>",
             f"<style>{_DECK_CSS}</style></head><body>"]
    for sl in slides:
        if sl.kind == "title":
            parts.append(f"<section class='slide title'><h1>{_esc(sl.title)}</h1><h2>{_esc(sl.subtitle)}</h2>"
                         + "".join(f"<p>{_esc(line)}</p>" for line in sl.lines) + "</section>")
        elif sl.kind == "map":
            src = "data:image/png;base64," + base64.b64encode(sl.image or b"").decode("ascii")
            parts.append(f"<section class='slide'><h1>{_esc(sl.title)}</h1>"
                         f"<img class='map' alt='map' src='{src}'></section>")
        else:
            widths = sl.widths or tuple(1 / len(sl.columns) for _ in sl.columns)
            cols = "".join(f"<col style='width:{w * 100:.1f}%'>" for w in widths)
            head = "".join(f"<th>{_esc(c)}</th>" for c in sl.columns)
            body = "".join("<tr>" + "".join(f"<td>{_esc(v)}</td>" for v in row) + "</tr>" for row in sl.rows)
            parts.append(f"<section class='slide'><h1>{_esc(sl.title)}</h1><table><colgroup>{cols}</colgroup>"
                         f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></section>")
    parts.append("<script>window.addEventListener('load',function(){window.sitmapReady=true;});"
                 "if(document.readyState==='complete'){window.sitmapReady=true;}</script></body></html>")
    return "".join(parts)


def deck_pdf(events: Sequence[Event], options: ExportOptions | None = None, *, renderer: Renderer | None = None,
             chromium: str | None = None, map_png: bytes | None = None) -> bytes:
    """The briefing deck as PDF: the same slides as :func:`deck_pptx`, one page each,
    printed by headless Chromium."""
    options = options or ExportOptions()
    r, owned = _renderer_for(renderer, chromium)
    try:
        if map_png is None:
            map_png = _deck_map(events, options, r, None)
        return r.pdf(deck_html(deck_slides(events, options, map_png)))
    finally:
        if owned:
            r.close()


# ------------------------------------------------------------------ one entry point


class ExportResult(NamedTuple):
    data: bytes
    mime: str
    filename: str


def export_bytes(events: Sequence[Event], fmt: str, options: ExportOptions | None = None, *,
                 renderer: Renderer | None = None, chromium: str | None = None,
                 progress: Callable[[float, str], None] | None = None) -> ExportResult:
    """Any export as ``(data, mime, filename)``: what a download button needs.

    ``renderer``: a :class:`Renderer` to reuse (PNG, PDF, PPTX); without one, a browser is
    launched for this export and closed after.  ``progress(fraction, message)`` is called
    as the work advances."""
    _check_format(fmt)
    options = options or ExportOptions()
    events = list(events)
    say = progress or (lambda _f, _m: None)
    say(0.0, f"exporting {len(events)} events as {fmt.upper()}")
    if fmt == "geojson":
        data = to_geojson(events).encode("utf-8")
    elif fmt == "csv":
        data = to_csv(events).encode("utf-8")
    elif fmt == "gpkg":
        data = gpkg_bytes(events)
    elif fmt == "html":
        data = standalone_html(events, options).encode("utf-8")
    else:
        r, owned = _renderer_for(renderer, chromium)
        try:
            say(0.1, "drawing the map")
            if fmt == "png":
                data = render_png(events, options, renderer=r)
            else:
                png = _deck_map(events, options, r, None)
                say(0.6, "building the deck")
                data = (deck_pptx(events, options, map_png=png) if fmt == "pptx"
                        else deck_pdf(events, options, renderer=r, map_png=png))
        finally:
            if owned:
                r.close()
    say(1.0, "done")
    return ExportResult(data, MIME[fmt], default_filename(fmt, options))


def export(events: Sequence[Event], fmt: str, path: str | os.PathLike, options: ExportOptions | None = None, *,
           force: bool = False, renderer: Renderer | None = None, chromium: str | None = None,
           progress: Callable[[float, str], None] | None = None) -> Path:
    """Write one export to ``path`` atomically; an existing file is kept unless ``force``
    (checked before any work is done, and again when the file is put in place)."""
    _check_format(fmt)
    path = Path(path)
    check_target(path, force)
    if fmt == "gpkg":
        return to_gpkg(events, path, force=force)
    data = export_bytes(events, fmt, options, renderer=renderer, chromium=chromium, progress=progress).data
    return write_atomic(path, data, force=force)
