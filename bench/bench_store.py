"""The store's queries at 100,000 fused events (``SITMAP_BENCH_QUICK=1``: 20,000), on
both backends side by side with the same events and queries: the map's query (a
bounding box and a 30-day window) and text search, p50/p95 over varied queries, with
the events decoded.  SQLite also without its R*Tree and with the LIKE scan its FTS5 index
replaced, on the same file in the same run (the ratios are printed).  PostgreSQL: a
server started for the run (tests/fixtures/postgres.py: initdb on a free port), or the
one at ``$SITMAP_BENCH_PG_URL``.  Prints JSON lines; asserts nothing.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard.model import Actor, DateRef, Event, PlaceRef, Source  # noqa: E402
from dashboard.store import SQLiteStore, open_store  # noqa: E402
from dashboard.store.sqlite.query import fused_query  # noqa: E402
from tests.fixtures.postgres import PostgresServer  # noqa: E402

PLACES = [("Kharkiv", 50.0, 36.2), ("Odesa", 46.5, 30.7), ("Caracas", 10.5, -66.9), ("Zulia", 10.0, -72.0),
          ("Hodeidah", 14.8, 42.9), ("Gaza", 31.5, 34.45), ("Taiwan Strait", 24.5, 119.5), ("Goma", -1.7, 29.2),
          ("Kayes", 14.4, -11.4), ("Baltic Sea", 57.0, 19.0), ("Sumy", 50.9, 34.8), ("Tripoli", 34.4, 35.8)]
ACTORS = [("Russia", "RU"), ("Ukraine", "UA"), ("Venezuela", "VE"), ("United States", "US"), ("Houthis", None),
          ("Israel", "IL"), ("China", "CN"), ("M23", None), ("JNIM", None), ("Lithuania", "LT")]
TYPES = ["deployment", "attack", "patrol", "seizure", "statement", "exercise", "mobilization"]


def events(n: int, rng: random.Random) -> list[Event]:
    day0 = date(2024, 1, 1)
    out = []
    for i in range(n):
        name, lat, lon = rng.choice(PLACES)
        actor, cc = rng.choice(ACTORS)
        etype = rng.choice(TYPES)
        d = (day0 + timedelta(days=rng.randrange(700))).isoformat()
        lat, lon = lat + rng.uniform(-2, 2), lon + rng.uniform(-2, 2)
        out.append(Event(type=etype, actor=Actor(actor, "state" if cc else "group", cc),
                         place=PlaceRef(name, "city", cc, None, round(lat, 4), round(lon, 4)),
                         date=DateRef(d, d, "day", None), summary=f"{actor} {etype} near {name} report {i}",
                         sources=(Source(f"d{i % 5000}", f"Sentence {i}.", 0, 10, d),), id=f"e{i:07d}"))
    return out


def timed(fn, queries) -> dict:
    times = []
    for q in queries:
        t = time.perf_counter()
        fn(q)
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return {"p50_ms": round(statistics.median(times), 2), "p95_ms": round(times[int(0.95 * (len(times) - 1))], 2)}


def server_figures(evs, boxes, terms) -> dict:
    """The PostgreSQL + PostGIS store's figures for the same events and queries."""
    url = os.environ.get("SITMAP_BENCH_PG_URL")
    server = None if url else PostgresServer().start()
    try:
        with open_store(url or server.create_database("bench")) as store:
            t = time.perf_counter()
            store.replace_fused(evs)
            write_s = time.perf_counter() - t
            store.query(bbox=boxes[0][0], start=boxes[0][1], end=boxes[0][2])  # a warm pool, as a dashboard has
            bbox = timed(lambda b: store.query(bbox=b[0], start=b[1], end=b[2], include_undated=False), boxes)
            text = timed(lambda term: store.query(text=term), terms)
    finally:
        if server is not None:
            server.stop()
    return {"write_s": round(write_s, 1), "map_query_bbox_30_days": bbox, "text_search_with_events_decoded": text}


def main() -> None:
    n = 20_000 if os.environ.get("SITMAP_BENCH_QUICK") else 100_000
    rng = random.Random(7)
    evs = events(n, rng)
    boxes = []
    for _ in range(40):
        name, lat, lon = rng.choice(PLACES)
        start = date(2024, 1, 1) + timedelta(days=rng.randrange(650))
        boxes.append(((lon - 3, lat - 3, lon + 3, lat + 3), start.isoformat(),
                      (start + timedelta(days=30)).isoformat()))
    terms = [rng.choice(["kharkiv", "hodeidah seizure", "venezuela", "m23 goma", "strait", "report 4242"])
             for _ in range(40)]
    with tempfile.TemporaryDirectory() as tmp:
        with SQLiteStore(Path(tmp) / "s.db") as store:
            t = time.perf_counter()
            store.replace_fused(evs)
            write_s = time.perf_counter() - t
            bbox = timed(lambda b: store.query(bbox=b[0], start=b[1], end=b[2], include_undated=False), boxes)
            con = store._con()

            def with_index(term):  # the rows the query selects (JSON not decoded: the same work as below)
                sql, params = fused_query(text=term)
                return con.execute(sql, params).fetchall()

            def like_only(term):  # the same query without the index: the LIKE scan the index replaced
                sql, params = fused_query(text=term)
                match = "id IN (SELECT id FROM fused_text WHERE fused_text MATCH ?) AND "
                kept, skip = [], sql.count(match)
                for p in params:  # the MATCH parameters are the ones ending in '*'
                    if skip and isinstance(p, str) and p.endswith("*"):
                        skip -= 1
                        continue
                    kept.append(p)
                return con.execute(sql.replace(match, ""), kept).fetchall()

            def box_scan(b):  # the map's query without the R*Tree clause (the scan it replaced)
                sql, params = fused_query(bbox=b[0], start=b[1], end=b[2], include_undated=False)
                rest = sql[sql.index("rowid IN (SELECT rid FROM fused_box"):]
                depth, stop = 0, 0
                for stop, ch in enumerate(rest):
                    depth += (ch == "(") - (ch == ")")
                    if ch == ")" and depth == 0:
                        break
                clause = rest[:stop + 1]
                n_box = clause.count("?")
                at = sql[:sql.index(clause)].count("?")
                return con.execute(sql.replace(clause + " AND ", ""), params[:at] + params[at + n_box:]).fetchall()

            def box_indexed(b):
                sql, params = fused_query(bbox=b[0], start=b[1], end=b[2], include_undated=False)
                return con.execute(sql, params).fetchall()

            bbox_rows = timed(box_indexed, boxes)
            bbox_scan = timed(box_scan, boxes)
            fts = timed(with_index, terms)
            like = timed(like_only, terms)
            end_to_end = timed(lambda term: store.query(text=term), terms)
    sqlite = {"write_s": round(write_s, 1), "map_query_bbox_30_days": bbox, "map_query_rows_indexed": bbox_rows,
              "map_query_rows_without_index": bbox_scan, "text_search_fts5": fts, "text_search_like_scan": like,
              "text_search_with_events_decoded": end_to_end,
              "text_speedup_p50": round(like["p50_ms"] / max(fts["p50_ms"], 1e-3), 1)}
    postgres = server_figures(evs, boxes, terms)
    print(json.dumps({"bench": "store_queries", "events": n, "target_map_p95_ms": 50,
                      "map_p95_ms_side_by_side": {"sqlite": bbox["p95_ms"],
                                                  "postgres": postgres["map_query_bbox_30_days"]["p95_ms"]},
                      "sqlite": sqlite, "postgres": postgres}), flush=True)


if __name__ == "__main__":
    main()
