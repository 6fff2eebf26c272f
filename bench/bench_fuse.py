"""Fusion at scale: 10,000 and 100,000 events of one type (deployments by 40 states over
two years at places all over the map, a third of them repeated by a second report), fused
in the same run; prints both times and their ratio (target: under 10x for 10x the events,
i.e. sub-quadratic thanks to the date blocking of dashboard.fuse.cluster).  Asserts nothing."""

from __future__ import annotations

import json
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard.fuse import fuse  # noqa: E402
from dashboard.model import Actor, DateRef, Event, ForceRef, PlaceRef, Source  # noqa: E402

STATES = [chr(65 + i // 26) + chr(65 + i % 26) for i in range(40)]
START = date(2025, 1, 1)


def events(n: int, seed: int = 7) -> list[Event]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        k = i if rng.random() > 1 / 3 or i == 0 else i - 1  # a third repeat the previous report
        r = random.Random(k)
        day = (START + timedelta(days=r.randrange(730))).isoformat()
        lat, lon = r.uniform(-50, 60), r.uniform(-150, 150)
        cc = STATES[r.randrange(len(STATES))]
        out.append(Event(
            type="deployment", actor=Actor(cc, "state", cc),
            place=PlaceRef(f"place {k}", "city", cc, k, round(lat, 4), round(lon, 4)),
            date=DateRef(day, day, "day", "on Monday"), summary=f"report {i}",
            forces=(ForceRef(r.choice((500, 1000, 3000)), "troops", False, "troops"),),
            sources=(Source(doc_id=f"d{i}", sentence=f"sentence {i}", start=0, end=10),)))
    return out


def timed(n: int) -> tuple[float, int]:
    evs = events(n)
    t = time.perf_counter()
    fused = fuse(evs)
    return time.perf_counter() - t, len(fused)


def main() -> None:
    small_s, small_n = timed(10_000)
    big_s, big_n = timed(100_000)
    print(json.dumps({"bench": "fuse_scaling", "events_small": 10_000, "seconds_small": round(small_s, 2),
                      "fused_small": small_n, "events_big": 100_000, "seconds_big": round(big_s, 2),
                      "fused_big": big_n, "ratio": round(big_s / small_s, 2), "target_ratio": 10}), flush=True)


if __name__ == "__main__":
    main()
