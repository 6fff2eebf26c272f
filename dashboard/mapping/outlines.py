"""The offline base map's country outlines: simplified from the gazetteer's country
geometries into GeoJSON text, cached per process and on disk.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
from functools import lru_cache
from pathlib import Path

from dashboard import config

BASEMAP_VERSION = 1  # bump when the outlines' recipe below changes


def cache_dir() -> Path:
    """Where derived files are cached: ``$SITMAP_CACHE_DIR``, else ``$XDG_CACHE_HOME/sitmap``,
    else ``~/.cache/sitmap``."""
    return config.cache_dir()


@lru_cache(maxsize=2)
def base_countries(gazetteer_path: str, tolerance: float = 0.05) -> str:
    """Country outlines for the offline base map, as GeoJSON text.

    Cached per process and on disk (:func:`cache_dir`), keyed by the gazetteer file's
    size and modification time: simplifying 250 outlines takes ~0.8 s, most of a cold
    start.  A cache that cannot be read or written is ignored."""
    try:
        st_ = os.stat(gazetteer_path)
        key = hashlib.sha256(f"{os.path.abspath(gazetteer_path)}|{st_.st_size}|{st_.st_mtime_ns}|{tolerance}|"
                             f"{BASEMAP_VERSION}".encode()).hexdigest()[:20]
        cached = cache_dir() / f"basemap-{key}.json"
        text = cached.read_text(encoding="utf-8")
        json.loads(text)  # a torn or foreign file is rebuilt
        return text
    except (OSError, ValueError):
        pass
    text = _build_base_countries(gazetteer_path, tolerance)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_name(f"{cached.name}.{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, cached)
    except (OSError, NameError):  # read-only home, or no key (the gazetteer could not be stat'ed)
        pass
    return text


def _build_base_countries(gazetteer_path: str, tolerance: float) -> str:
    import shapely

    from dashboard.gazetteer import Gazetteer  # lazy: it loads geopy (~0.25 s), needed only on a cache miss

    gaz = Gazetteer(gazetteer_path)
    feats = []
    for p in gaz.features(["country"]):
        g = shapely.simplify(gaz.geometry(p, simple=True), tolerance, preserve_topology=True)
        if g.is_empty:
            continue
        feats.append({"type": "Feature", "geometry": json.loads(shapely.to_geojson(shapely.set_precision(g, 0.01))),
                      "properties": {"name": html.escape(p.name)}})
    return json.dumps({"type": "FeatureCollection", "features": feats}, separators=(",", ":"))

