"""Gazetteer benchmark: cold load, warm exact-lookup throughput, reverse latency, memory.

Targets (issue #2): cold load ≤ 1.5 s; ≥ 50,000 warm exact lookups/s; RSS ≤ 600 MB.
"warm" is a process that has seen the names before (the answer cache: news repeats its
places); "distinct" is the same mix with the cache off, every answer from SQLite.
Run with ``make bench`` (or ``python bench/bench_gazetteer.py``). Prints figures; asserts nothing.
"""

from __future__ import annotations

import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

COLD = """
import time, resource
t = time.perf_counter()
from dashboard.gazetteer import Gazetteer
g = Gazetteer()
g.lookup("Caracas")
print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def lookups_per_s(gaz, queries: list[str], *, rounds: int) -> float:
    """Lookups per second over ``rounds`` passes of ``queries``, after one warm-up pass
    (pages, Place objects and, when the cache is on, the answers)."""
    for q in queries:
        gaz.lookup(q, limit=5)
    t = time.perf_counter()
    for _ in range(rounds):
        for q in queries:
            gaz.lookup(q, limit=5)
    return rounds * len(queries) / (time.perf_counter() - t)


def main() -> None:
    from dashboard.gazetteer import Gazetteer

    # cold: a fresh interpreter, import + open + first lookup (median of 5)
    colds = []
    for _ in range(5):
        out = subprocess.run([sys.executable, "-c", COLD], capture_output=True, text=True, cwd=ROOT, check=True)
        colds.append(float(out.stdout.split()[0]))
    colds.sort()

    gaz = Gazetteer()
    rng = random.Random(7)
    # A realistic query mix: names of every kind, weighted toward the prominent places
    # news mentions, plus misses.
    pool = [row[0] for row in gaz._con().execute(
        "SELECT coalesce(n.name, f.name) FROM names n JOIN features f ON f.id = n.feature_id "
        "WHERE n.name_type IN ('name', 'alt') AND (f.kind != 'city' OR f.population > 50000)")]
    small = [row[0] for row in gaz._con().execute(
        "SELECT name FROM features WHERE kind = 'city' AND population < 50000 ORDER BY id LIMIT 200000")]
    queries = rng.sample(pool, 8000) + rng.sample(small, 1500) + [f"Nowhere {i}" for i in range(500)]
    rng.shuffle(queries)
    warm = lookups_per_s(gaz, queries, rounds=5)
    # the same mix with the answer cache off: every answer from SQLite
    distinct = lookups_per_s(Gazetteer(cache=0), queries, rounds=3)

    t = time.perf_counter()
    gaz.reverse(10.49, -66.88)
    rev_first = time.perf_counter() - t
    pts = [(rng.uniform(-60, 70), rng.uniform(-180, 180)) for _ in range(2000)]
    t = time.perf_counter()
    for lat, lon in pts:
        gaz.reverse(lat, lon)
    rev = (time.perf_counter() - t) / len(pts) * 1000

    figures = {
        "gazetteer_mb": round(gaz.path.stat().st_size / 1e6, 1),
        "cold_load_s_median": round(colds[2], 3),
        "cold_load_s_max": round(colds[-1], 3),
        "warm_lookups_per_s": int(warm),
        "distinct_lookups_per_s": int(distinct),
        "lookup_queries": len(queries),
        "reverse_first_call_s": round(rev_first, 3),
        "reverse_ms_per_point": round(rev, 3),
        "peak_rss_mb": round(rss_mb(), 1),
        "targets": {"cold_load_s": 1.5, "warm_lookups_per_s": 50000, "peak_rss_mb": 600},
    }
    print(json.dumps({"bench": "gazetteer", **figures}))


if __name__ == "__main__":
    main()
