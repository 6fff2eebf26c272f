"""The offline gazetteer: ranked name lookup, geometry and reverse lookup.

The data is one SQLite file, ``geodata/gazetteer.sqlite``, built by
``geodata/build.py`` (``make geodata``) from pinned public inputs.  It is opened
read-only and shared: one :class:`Gazetteer` per process is enough, and it is safe to use
from several threads (each thread gets its own read-only connection).

Coordinates: every :class:`Place` carries ``lat``/``lon`` as named fields and its
``bbox`` in GeoJSON order ``(min_lon, min_lat, max_lon, max_lat)``; geometries are
shapely objects in lon/lat (EPSG:4326), as GeoJSON wants them.

The schema and the ``kind`` vocabulary are in :mod:`dashboard.gazetteer.schema`; the
answer types and input checks in :mod:`dashboard.gazetteer.values`.

In: place names (:meth:`Gazetteer.lookup`), points (:meth:`Gazetteer.reverse`), feature
ids.  Out: ranked :class:`~dashboard.gazetteer.values.Candidate` values,
:class:`~dashboard.model.Place` values, shapely geometries, a
:class:`~dashboard.gazetteer.values.ReverseResult`.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import zlib
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from dashboard import config
from dashboard.errors import GazetteerError, InputError
from dashboard.gazetteer.schema import FEATURE_COLS, KINDS, NAME_TYPES, SCHEMA_VERSION, lookup_sql
from dashboard.gazetteer.suggest import MIN_IMPORTANCE, NameIndex
from dashboard.gazetteer.values import Candidate, ReverseResult, validate_point, validate_query
from dashboard.model import Place
from dashboard.util.geo import distances_km
from dashboard.util.text import NORMALIZATION_VERSION, normalize

# A name written exactly as the gazetteer writes it (case, accents, dots) wins ties against
# a different spelling that folds to the same key ("Ky." the state vs "KY" the code).
EXACT_SURFACE_BONUS = 1.05

# Answers kept per process: news names the same places again and again ("Washington" in
# every other report), and a lookup answered from memory costs a tenth of one answered by
# SQLite.  65,536 answers hold about 20 MB; the gazetteer is read-only, so they never go stale.
ANSWER_CACHE = 65_536


def default_path() -> Path:
    """``$SITMAP_GAZETTEER`` or the artifact shipped in the repository's geodata/."""
    return config.gazetteer_path()


class Gazetteer:
    """Read-only access to the gazetteer artifact.

    >>> gaz = Gazetteer()                       # doctest: +SKIP
    >>> gaz.lookup("Sao Paulo")[0].place.name   # doctest: +SKIP
    'São Paulo'
    """

    def __init__(self, path: str | os.PathLike | None = None, *, cache: int = ANSWER_CACHE):
        self.path = Path(path) if path is not None else default_path()
        if not self.path.is_file():
            raise GazetteerError(
                f"gazetteer file {str(self.path)!r} not found: run 'make geodata' or set SITMAP_GAZETTEER")
        self._local = threading.local()
        self._lock = threading.Lock()
        self._places: dict[int, Place] = {}
        # lru_cache is thread-safe; a size of 0 turns the cache off (the benchmark's
        # "distinct names" figure).
        self._answers = lru_cache(maxsize=max(0, int(cache)))(self._answer)
        try:
            meta = dict(self._con().execute("SELECT key, value FROM meta").fetchall())
        except sqlite3.DatabaseError as exc:
            raise GazetteerError(f"gazetteer file {str(self.path)!r} is not a sitmap gazetteer ({exc}): "
                                 "rebuild it with 'make geodata'") from None
        self.meta = {k: json.loads(v) for k, v in meta.items()}
        if self.meta.get("schema_version") != SCHEMA_VERSION or \
                self.meta.get("normalization_version") != NORMALIZATION_VERSION:
            raise GazetteerError(
                f"gazetteer file {str(self.path)!r} has schema {self.meta.get('schema_version')}/"
                f"normalization {self.meta.get('normalization_version')}, this sitmap needs "
                f"{SCHEMA_VERSION}/{NORMALIZATION_VERSION}: rebuild it with 'make geodata'")

    # ------------------------------------------------------------------ plumbing

    def _con(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is not None and self._local.pid != os.getpid():
            con = None  # a forked worker: never use the parent's SQLite connection
        if con is None:
            uri = f"file:{self.path.as_posix()}?mode=ro&immutable=1"
            con = sqlite3.connect(uri, uri=True, check_same_thread=False, cached_statements=256)
            con.execute("PRAGMA query_only = 1")
            con.execute("PRAGMA cache_size = -65536")  # 64 MB page cache
            con.execute("PRAGMA mmap_size = 268435456")
            self._local.con = con
            self._local.pid = os.getpid()
        return con

    def _place(self, row: Sequence) -> Place:
        place = self._places.get(row[0])
        if place is None:
            (fid, kind, subtype, name, cc, countries, iso, a1c, a1n, pop, lat, lon,
             x0, y0, x1, y1, imp, gid) = row[:18]
            if a1n is None and a1c is not None:
                a1n = self._admin1_names.get(a1c)
            place = Place(id=fid, kind=kind, name=name, lat=lat, lon=lon, country_code=cc,
                          countries=tuple(countries.split(",")) if countries else ((cc,) if cc else ()),
                          subtype=subtype, iso_code=iso, admin1_code=a1c, admin1_name=a1n,
                          population=pop, bbox=(x0, y0, x1, y1) if x0 is not None else None,
                          importance=imp, geonameid=gid)
            if len(self._places) < 500_000:
                self._places[fid] = place
        return place

    def get(self, feature_id: int) -> Place:
        """The place with this id; :class:`InputError` if there is none."""
        place = self._places.get(feature_id)
        if place is not None:
            return place
        row = self._con().execute(f"SELECT {FEATURE_COLS} FROM features WHERE id = ?", (feature_id,)).fetchone()
        if row is None:
            raise InputError(f"no gazetteer feature with id {feature_id!r}")
        return self._place(row)

    # ------------------------------------------------------------------ lookup

    def lookup(self, name: str, *, country: str | Iterable[str] | None = None,
               kinds: str | Iterable[str] | None = None, limit: int = 10,
               name_types: Iterable[str] | None = None) -> list[Candidate]:
        """Ranked candidates for a place name.

        Matching is exact on the normalised name (case, accents and punctuation folded:
        "Sao Paulo" = "São Paulo", "U.S." = "US"), over primary, long, alternate names,
        codes, demonyms and short forms ("Gwinnett" for Gwinnett County).  ``country``
        (alpha-2, one or several) and ``kinds`` narrow the answer; ``name_types`` restricts
        which names may match (default: all but demonyms, which name people, not places).  The score is the feature's prior
        (kind, population, capital status) times the weight of the kind of name matched.

        "X border" queries resolve to the land borders of country X, restricted to the
        borders shared with ``country`` when given ("Colombia border", country="VE").
        """
        name = validate_query(name)
        key = normalize(name)
        if not key:
            return []
        countries = _as_tuple(country, upper=True)
        kind_t = _as_tuple(kinds)
        for k in kind_t:
            if k not in KINDS:
                raise InputError(f"unknown kind {k!r}: use one of {', '.join(KINDS)}")
        types = tuple(name_types) if name_types is not None else ("name", "long", "abbr", "alt", "code", "short")
        for t in types:
            if t not in NAME_TYPES:
                raise InputError(f"unknown name type {t!r}: use one of {', '.join(NAME_TYPES)}")
        limit = max(1, min(int(limit), 1000))
        return list(self._answers(key, countries, kind_t, types, limit, name.strip()))

    def _answer(self, key: str, countries: tuple, kind_t: tuple, types: tuple, limit: int,
                surface: str) -> tuple[Candidate, ...]:
        out = self._query(key, countries, kind_t, types, limit, surface=surface)
        if (not out or key.endswith(" border")) and (not kind_t or "border" in kind_t):
            extra = self._border_query(key, countries, limit)
            seen = {c.place.id for c in out}
            out = sorted(out + [c for c in extra if c.place.id not in seen], key=lambda c: -c.score)[:limit]
        return tuple(out)

    def suggest(self, name: str, *, limit: int = 5) -> list[str]:
        """Primary names of prominent features spelt like *name* ("Tachria" → ["Táchira"]),
        closest first: the "did you mean" for a lookup that found nothing.  The first call
        loads the candidate names (under a second); see :mod:`dashboard.gazetteer.suggest`."""
        return self._name_index.suggest(validate_query(name), limit=max(0, min(int(limit), 100)))

    def close_names(self, name: str, *, cutoff: float = 90.0) -> list[tuple[str, float]]:
        """Names of prominent features spelt within *cutoff* (0–100) of *name*
        ("Lower Shabelle" → "lower shabeelle"), closest first, as ``(normalised name, score)``."""
        return self._name_index.closest(validate_query(name), cutoff)

    @cached_property
    def _name_index(self) -> NameIndex:
        rows = self._con().execute(
            "SELECT n.norm, f.name, f.importance, n.name_type FROM names n JOIN features f ON f.id = n.feature_id "
            "WHERE f.importance >= ? AND n.name_type IN ('name', 'long', 'alt', 'short')", (MIN_IMPORTANCE,))
        return NameIndex(rows)

    def _query(self, key: str, countries: tuple, kinds: tuple, types: tuple, limit: int,
               surface: str | None = None) -> list[Candidate]:
        sql = lookup_sql(types, len(kinds), len(countries))
        params = [key, *types, *kinds, *countries, *(f"%,{c},%" for c in countries), limit * 4]
        rows = self._con().execute(sql, params).fetchall()
        out: list[Candidate] = []
        seen: set[int] = set()
        for row in rows:
            if row[0] in seen:
                continue
            seen.add(row[0])
            matched = row[18] or row[3]
            score = row[20]
            if surface is not None and matched == surface:
                score *= EXACT_SURFACE_BONUS  # "Ky." written as the gazetteer writes it
            out.append(Candidate(self._place(row), score, matched, row[19]))
        out.sort(key=lambda c: -c.score)  # stable: ties keep SQL order (population, id)
        return out[:limit]

    def _border_query(self, key: str, countries: tuple, limit: int) -> list[Candidate]:
        stem = key[: -len(" border")].strip() if key.endswith(" border") else ""
        if not stem:
            return []
        # "Colombia", "Colombian", "the Colombian-Venezuelan": resolve the side(s) named.
        sides = self._query(stem, (), ("country",), ("name", "long", "abbr", "alt", "code", "demonym"), 3)
        if not sides:
            return []
        side = sides[0].place
        out = []
        for p in self._borders.get(side.country_code, ()):
            other = [c for c in p.countries if c != side.country_code]
            if countries and not (set(other) & set(countries)):
                continue
            length = (p.bbox[2] - p.bbox[0]) + (p.bbox[3] - p.bbox[1]) if p.bbox else 0.0
            score = 0.75 * sides[0].score / max(sides[0].place.importance, 1e-9) * min(1.0, 0.8 + length / 100)
            out.append(Candidate(p, score, p.name, "derived"))
        out.sort(key=lambda c: (-c.score, c.place.id))
        return out[:limit]

    @cached_property
    def _borders(self) -> dict[str, tuple[Place, ...]]:
        by_cc: dict[str, list[Place]] = {}
        for p in self.features(["border"]):
            for cc in p.countries:
                by_cc.setdefault(cc, []).append(p)
        return {cc: tuple(ps) for cc, ps in by_cc.items()}

    @cached_property
    def _admin1_names(self) -> dict[str, str]:
        return dict(self._con().execute(
            "SELECT admin1_code, name FROM features WHERE kind = 'admin1' AND admin1_code IS NOT NULL"))

    def borders_of(self, cc: str) -> tuple[Place, ...]:
        """Every land border line of a country (ISO alpha-2)."""
        return self._borders.get(cc.upper(), ())

    def border(self, cc1: str, cc2: str) -> Place | None:
        """The land border line between two countries (ISO alpha-2), if they touch."""
        other = cc2.upper()
        return next((p for p in self.borders_of(cc1) if other in p.countries), None)

    def country(self, cc: str) -> Place | None:
        """The country with this ISO alpha-2 code."""
        return self._countries_by_code.get(cc.upper())

    @cached_property
    def _countries_by_code(self) -> dict[str, Place]:
        out: dict[str, Place] = {}
        for p in sorted(self.features(["country"]), key=lambda p: -p.importance):
            if p.country_code:
                out.setdefault(p.country_code, p)
        return out

    @cached_property
    def _capitals_by_code(self) -> dict[str, Place]:
        rows = self._con().execute(f"SELECT {FEATURE_COLS} FROM features WHERE kind = 'city' "
                                   "AND subtype = 'capital' ORDER BY population DESC").fetchall()
        out: dict[str, Place] = {}
        for row in rows:
            p = self._place(row)
            if p.country_code:
                out.setdefault(p.country_code, p)
        return out

    def capital(self, cc: str) -> Place | None:
        """The national capital of a country (ISO alpha-2), if the gazetteer knows it."""
        return self._capitals_by_code.get(cc.upper())

    def features(self, kinds: Iterable[str] | None = None, *, min_importance: float = 0.0) -> Iterator[Place]:
        """Every feature of the given kinds (all kinds when None), in id order."""
        kind_t = _as_tuple(kinds) or KINDS
        sql = (f"SELECT {FEATURE_COLS} FROM features WHERE kind IN ({','.join('?' * len(kind_t))}) "
               "AND importance >= ? ORDER BY id")
        for row in self._con().execute(sql, (*kind_t, min_importance)):
            yield self._place(row)

    def names(self, feature_id: int) -> list[tuple[str, str]]:
        """All (name, name_type) pairs of a feature."""
        primary = self.get(feature_id).name
        rows = self._con().execute("SELECT name, name_type FROM names WHERE feature_id = ?", (feature_id,))
        return sorted((n or primary, t) for n, t in rows)

    def iter_names(self, kinds: Iterable[str] | None = None, *, min_importance: float = 0.0,
                   name_types: Iterable[str] = ("name", "long", "alt")) -> Iterator[tuple[str, str, int]]:
        """(name, normalised key, feature id) for phrase matching, filtered by kind and prior."""
        kind_t = _as_tuple(kinds) or KINDS
        types = tuple(name_types)
        sql = ("SELECT coalesce(n.name, f.name), n.norm, n.feature_id FROM names n JOIN features f ON f.id = n.feature_id "
               f"WHERE f.kind IN ({','.join('?' * len(kind_t))}) AND f.importance >= ? "
               f"AND n.name_type IN ({','.join('?' * len(types))})")
        yield from self._con().execute(sql, (*kind_t, min_importance, *types))

    # ------------------------------------------------------------------ geometry

    def geometry(self, place: Place | int, *, simple: bool = False):
        """The shapely geometry (lon/lat) of a place; a Point where the source has none."""
        import shapely

        fid = place.id if isinstance(place, Place) else int(place)
        row = self._con().execute("SELECT wkb, simple_wkb FROM geometries WHERE feature_id = ?", (fid,)).fetchone()
        if row is None:
            p = place if isinstance(place, Place) else self.get(fid)
            return shapely.Point(p.lon, p.lat)
        return shapely.from_wkb(zlib.decompress(row[1] if simple and row[1] is not None else row[0]))

    @cached_property
    def _areas(self):
        """Spatial index over countries, admin1, seas and lakes, built on first reverse()."""
        import numpy as np
        import shapely

        rows = self._con().execute(
            "SELECT f.id, f.kind, g.wkb FROM geometries g JOIN features f ON f.id = g.feature_id "
            "WHERE f.kind IN ('country', 'admin1', 'admin2', 'sea', 'lake') ORDER BY f.id").fetchall()
        ids = np.array([r[0] for r in rows])
        kinds = np.array([r[1] for r in rows])
        geoms = shapely.from_wkb([zlib.decompress(r[2]) for r in rows])
        areas = shapely.area(geoms)
        return ids, kinds, geoms, areas, shapely.STRtree(geoms)

    @cached_property
    def _city_index(self):
        import numpy as np

        rows = self._con().execute("SELECT id, lat, lon FROM features WHERE kind = 'city' ORDER BY id").fetchall()
        arr = np.array(rows, dtype=float) if rows else np.zeros((0, 3))
        return arr[:, 0].astype(int), np.radians(arr[:, 1]), np.radians(arr[:, 2])

    def reverse(self, lat: float, lon: float, *, city_km: float = 50.0) -> ReverseResult:
        """What lies at (lat, lon): the smallest containing admin unit, the country, the sea
        (for points at sea: the smallest containing sea or gulf), and the nearest populated
        place within ``city_km``."""
        import numpy as np
        import shapely

        lat, lon = validate_point(lat, lon)
        ids, kinds, geoms, areas, tree = self._areas
        pt = shapely.Point(lon, lat)
        hits = tree.query(pt, predicate="intersects")
        best: dict[str, tuple[float, int]] = {}
        for i in hits:
            k = kinds[i]
            k = "admin1" if k == "admin2" else "sea" if k == "lake" else k
            if k not in best or areas[i] < best[k][0]:
                best[k] = (areas[i], int(ids[i]))
        cids, clat, clon = self._city_index
        city = None
        dist = None
        if len(cids):
            d = distances_km(lat, lon, clat, clon)
            j = int(np.argmin(d))
            if d[j] <= city_km:
                city, dist = self.get(int(cids[j])), float(d[j])
        return ReverseResult(lat=lat, lon=lon,
                             admin1=self.get(best["admin1"][1]) if "admin1" in best else None,
                             country=self.get(best["country"][1]) if "country" in best else None,
                             sea=self.get(best["sea"][1]) if "sea" in best else None,
                             city=city, city_km=dist)

    def stats(self) -> dict:
        """Build metadata: inputs, counts, schema — for status pages and `sitmap status`."""
        return {"path": str(self.path), "size_mb": round(self.path.stat().st_size / 1e6, 1), **self.meta}


def _as_tuple(value, *, upper: bool = False) -> tuple:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [v for v in value.replace(",", " ").split() if v]
    out = tuple(str(v).strip().upper() if upper else str(v).strip() for v in value if str(v).strip())
    return out
