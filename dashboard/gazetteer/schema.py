"""The gazetteer artifact's schema and the SQL run against it.

``geodata/build.py`` writes geodata/gazetteer.sqlite with :data:`SCHEMA_SQL` and stamps it
with :data:`SCHEMA_VERSION`; :class:`~dashboard.gazetteer.index.Gazetteer` refuses files of
another version.  :func:`lookup_sql` builds the ranked name-lookup statement.

Kinds (the ``kind`` vocabulary, :data:`KINDS`):

``country``  sovereign states and dependencies (Natural Earth admin-0)
``admin1``   first-level divisions: states, provinces, regions (ISO 3166-2 where known)
``admin2``   US counties (points), and Natural Earth admin-1 units that sit below a
             GeoNames admin1 (e.g. French departments); ``admin1_code`` names the parent
``city``     populated places with at least 500 inhabitants (GeoNames)
``sea``      oceans, seas, gulfs, bays, straits, channels, sounds (``subtype`` says which)
``lake``     lakes and lagoons named in the marine layer
``river``    estuaries named in the marine layer
``border``   the land border between two neighbouring countries (a line); ``countries``
             holds both ISO codes
``region``   macro-regions (continents, UN sub-regions, World Bank regions, and the
             curated ones in geodata/regions.json), as unions of countries
``facility`` airports and military air bases (OurAirports; ``subtype`` airport | airbase),
             points
"""

from __future__ import annotations

from functools import lru_cache

SCHEMA_VERSION = 1
KINDS = ("country", "admin1", "admin2", "city", "sea", "lake", "river", "border", "region", "facility")
NAME_TYPES = ("name", "long", "abbr", "alt", "code", "demonym", "short")

SCHEMA_SQL = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE features (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    subtype TEXT,
    name TEXT NOT NULL,
    country_code TEXT,          -- ISO 3166-1 alpha-2 (NULL for multi-country features)
    countries TEXT,             -- comma-separated alpha-2 codes (borders, regions)
    iso_code TEXT,              -- alpha-3 for countries, ISO 3166-2 for admin1
    admin1_code TEXT,           -- ISO 3166-2 (or GeoNames CC.code) of the containing admin1
    admin1_name TEXT,           -- NULL for cities: read from the admin1 feature
    population INTEGER,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    min_lon REAL, min_lat REAL, max_lon REAL, max_lat REAL,
    importance REAL NOT NULL,   -- ranking prior in [0, 1]
    geonameid INTEGER
);
CREATE TABLE names (
    norm TEXT NOT NULL,         -- dashboard.text.normalize(name)
    feature_id INTEGER NOT NULL REFERENCES features(id),
    name TEXT,                  -- the name as written; NULL when it is features.name
    name_type TEXT NOT NULL,    -- name | long | abbr | alt | code | demonym | short (the best for this key)
    PRIMARY KEY (norm, feature_id)
) WITHOUT ROWID;
CREATE TABLE geometries (
    feature_id INTEGER PRIMARY KEY REFERENCES features(id),
    wkb BLOB NOT NULL,          -- zlib-compressed WKB of the full geometry, lon/lat
    simple_wkb BLOB             -- the same, simplified for display (NULL: use wkb)
);
"""

# How much a match through each kind of name is worth, relative to the primary name.
NAME_TYPE_WEIGHT = {"name": 1.0, "long": 0.99, "abbr": 0.96, "alt": 0.93, "code": 0.9, "demonym": 0.6,
                    "short": 0.75}  # short: a county without "County" ("Gwinnett")

FEATURE_COLS = ("id, kind, subtype, name, country_code, countries, iso_code, admin1_code, admin1_name, "
                "population, lat, lon, min_lon, min_lat, max_lon, max_lat, importance, geonameid")


@lru_cache(maxsize=256)
def lookup_sql(types: tuple, n_kinds: int, n_countries: int) -> str:
    """The lookup statement for one shape of query (cached: building it is not free)."""
    weight = " ".join(f"WHEN '{t}' THEN {NAME_TYPE_WEIGHT[t]}" for t in types)
    cols = ", ".join("f." + c.strip() for c in FEATURE_COLS.split(","))
    sql = [f"SELECT {cols}, n.name, n.name_type, f.importance * (CASE n.name_type {weight} ELSE 0 END) AS score "
           "FROM names n JOIN features f ON f.id = n.feature_id WHERE n.norm = ?",
           f"AND n.name_type IN ({','.join('?' * len(types))})"]
    if n_kinds:
        sql.append(f"AND f.kind IN ({','.join('?' * n_kinds)})")
    if n_countries:
        ors = " OR ".join(["f.country_code = ?"] * n_countries +
                          ["(',' || f.countries || ',') LIKE ?"] * n_countries)
        sql.append(f"AND ({ors})")
    # A feature can match through several of its names: the caller keeps its best match.
    sql.append("ORDER BY score DESC, f.population DESC, f.id LIMIT ?")
    return " ".join(sql)
