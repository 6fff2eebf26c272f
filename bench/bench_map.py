"""The dashboard's map payload with 10,000 synthetic events spread over a year and a region.

What a time-window or filter change costs the server on every rerun: building the event
feature groups (mapping.event_groups) and turning them into the JavaScript that
streamlit-folium sends to the live map (its own _get_feature_group_string), plus the
bytes sent.  Targets (issue 5): ≤ 0.5 s and ≤ 3 MB.  Also: the same for a typical
window (a month: ~830 events), and the base map (sent on every rerun, unchanged, so the
map is not remounted).  With SITMAP_BENCH_BROWSER=1 (default when chromium is
installed) the 10,000-event page is also drawn in headless Chromium: time to first
draw.  Prints JSON lines; asserts nothing.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def synthetic_events(n: int, seed: int = 7):
    """``n`` events over 2025 in a 20°×30° box (the Caribbean and northern South America):
    10 sides, every event type, 1–4 sources with sentence-length quotes, a tenth of them on
    one of 30 shared areas (state-sized polygons) or 10 border lines, some conflicts."""
    from dashboard.model import (EVENT_TYPES, Actor, Conflict, ConflictValue, DateRef, Event, ForceRef, PlaceRef,
        Source)

    rnd = random.Random(seed)
    sides = [Actor(f"Side {c}", "state", c) for c in ("AA", "BB", "CC", "DD", "EE", "FF", "GG", "HH", "II", "JJ")]
    types = list(EVENT_TYPES)
    areas = []
    for i in range(30):
        x, y = rnd.uniform(-80, -55), rnd.uniform(2, 20)
        ring = [[round(x + 1.5 * __import__("math").cos(a / 12 * 6.283), 3),
                 round(y + 1.0 * __import__("math").sin(a / 12 * 6.283), 3)] for a in range(12)]
        ring.append(ring[0])
        areas.append(json.dumps({"type": "Polygon", "coordinates": [ring]}))
    lines = []
    for i in range(10):
        x, y = rnd.uniform(-80, -55), rnd.uniform(2, 20)
        lines.append(json.dumps({"type": "LineString", "coordinates": [[round(x + k * 0.3, 3), round(y + k * 0.2, 3)]
                                                                       for k in range(20)]}))
    day0 = date(2025, 1, 1)
    out = []
    for i in range(n):
        side = rnd.choice(sides)
        typ = rnd.choice(types)
        d = day0 + timedelta(days=rnd.randrange(365))
        d2 = d + timedelta(days=rnd.choice((0, 0, 0, 1, 2, 6)))
        lat, lon = rnd.uniform(0, 20), rnd.uniform(-82, -52)
        geom = None
        r = rnd.random()
        if r < 0.07:
            geom = rnd.choice(areas)
        elif r < 0.10:
            geom = rnd.choice(lines)
        place = PlaceRef(f"Place {rnd.randrange(2000)}", "city" if geom is None else "admin1", side.country_code,
                         lat=round(lat, 4), lon=round(lon, 4), geometry=geom)
        forces = (ForceRef(rnd.choice((200, 1500, 4000, 15000)), "troops", False, "troops"),) if rnd.random() < 0.4 else ()
        srcs = tuple(Source(f"doc{rnd.randrange(5000)}", f"{side.name} reported a {typ.replace('_', ' ')} near "
                            f"{place.name} involving units of its forces on {d.isoformat()}, officials said.",
                            0, 100, d2.isoformat(), title=f"Wire report {rnd.randrange(10000)}")
                     for _ in range(rnd.choice((1, 1, 2, 3, 4))))
        conflicts = ((Conflict("date", (ConflictValue(d.isoformat(), (srcs[0].doc_id,)),
                                        ConflictValue(d2.isoformat(), ("docX",)))),) if rnd.random() < 0.05 else ())
        out.append(Event(type=typ, actor=side, place=place, date=DateRef(d.isoformat(), d2.isoformat(), "day"),
                         summary=f"{side.name} {typ.replace('_', ' ')} at {place.name}", forces=forces, sources=srcs,
                         conflicts=conflicts, id=f"ev{i:05d}"))
    return out


def payload(events, base):
    """Build the groups and the streamlit-folium JavaScript for them; (seconds, bytes)."""
    import folium
    from streamlit_folium import _get_feature_group_string, _get_layer_control_string

    from dashboard.mapping import base_map, event_groups

    t = time.perf_counter()
    m = base_map(base_geojson=None, bounds=base)
    groups = event_groups(events)
    js = "".join(_get_feature_group_string(g, map=m, idx=i) for i, g in enumerate(groups))
    js += _get_layer_control_string(folium.LayerControl(collapsed=True), m)
    return time.perf_counter() - t, len(js.encode("utf-8")), js


def browser_draw(events) -> dict | None:
    chromium = os.environ.get("SITMAP_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if os.environ.get("SITMAP_BENCH_BROWSER", "1") == "0" or not Path(chromium).exists():
        return None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    from dashboard.mapping import inline_assets
    from dashboard.mapping import build_map

    page_html = inline_assets(build_map(events).get_root().render())
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / "map.html"
        f.write_text(page_html, encoding="utf-8")
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            page = b.new_page(viewport={"width": 1400, "height": 900})
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
            t = time.perf_counter()
            page.goto(f.as_uri())
            page.wait_for_function("() => document.querySelector('.leaflet-overlay-pane canvas') !== null")
            loaded = time.perf_counter() - t
            n = page.evaluate("() => { let n = 0; for (const k in window) { const m = window[k];"
                              " if (k.startsWith('map_') && m && m.eachLayer) m.eachLayer(l => {"
                              " if (l instanceof L.SitmapSymbol) n++; }); } return n; }")
            b.close()
    return {"page_mb": round(len(page_html) / 1e6, 2), "load_and_draw_s": round(loaded, 2), "symbols": n}


def main() -> None:
    from dashboard.mapping import base_countries, bounds_of
    from dashboard.gazetteer import default_path

    events = synthetic_events(10_000)
    bounds = bounds_of(events)
    runs = [payload(events, bounds)[:2] for _ in range(3)]
    secs = statistics.median(r[0] for r in runs)
    size = runs[0][1]
    month = [e for e in events if e.date.start <= "2025-06-30" and e.date.end >= "2025-06-01"]
    mruns = [payload(month, bounds)[:2] for _ in range(3)]
    t = time.perf_counter()
    base = base_countries(str(default_path()))
    base_first = time.perf_counter() - t
    print(json.dumps({"bench": "map_payload", "events": len(events), "seconds_median": round(secs, 3),
                      "mb": round(size / 1e6, 2), "target": "≤ 0.5 s and ≤ 3 MB",
                      "month_window": {"events": len(month), "seconds": round(statistics.median(r[0] for r in mruns), 3),
                                       "mb": round(mruns[0][1] / 1e6, 2)},
                      "base_countries": {"mb": round(len(base) / 1e6, 2), "first_build_s": round(base_first, 2)}}),
          flush=True)
    drawn = browser_draw(events)
    if drawn:
        print(json.dumps({"bench": "map_browser_10k", **drawn}), flush=True)


if __name__ == "__main__":
    main()
