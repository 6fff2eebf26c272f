"""Ingest at scale (issue 7): 10,000 synthetic news-like documents through `sitmap ingest`
(the real command in a subprocess: ingest → geoparse → extract → store → re-fusion),
with throughput and the process tree's resident memory sampled every 0.5 s — peak (the sum over the command
and its workers, which counts pages they share once per process, and the largest single
process), and at each quarter of the documents committed.

Documents are generated from the gazetteer's own country, city and sea names, with
dates, force counts and event phrasing varied, so nothing is repeated verbatim.
Prints JSON lines; asserts nothing.  About 2 minutes on 2 cores (quick: 20 s).

    SITMAP_BENCH_QUICK=1   1,000 documents instead of 10,000
    SITMAP_BENCH_DOCS=N    any number
    SITMAP_BENCH_WORKERS=N worker processes (default 2)
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from _proc import Sampler  # noqa: E402

QUICK = bool(os.environ.get("SITMAP_BENCH_QUICK"))
N = int(os.environ.get("SITMAP_BENCH_DOCS") or (1_000 if QUICK else 10_000))
WORKERS = int(os.environ.get("SITMAP_BENCH_WORKERS") or 2)

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
UNITS = ["troops", "soldiers", "marines", "paratroopers", "reservists"]
SHIPS = ["warships", "destroyers", "frigates", "patrol boats", "submarines"]
AIR = ["fighter jets", "drones", "helicopters", "bombers"]
FILLER = [
    "The ministry did not give further details.",
    "Analysts said the move was largely symbolic.",
    "Officials declined to comment on the timing.",
    "The statement was read on state television.",
    "Opposition leaders criticised the decision.",
    "Residents reported heavy traffic near the base.",
    "Diplomats said talks would continue next week.",
]


def names():
    from dashboard.gazetteer import Gazetteer

    g = Gazetteer()
    countries = sorted({n for n, _, _ in g.iter_names(("country",), min_importance=0.9, name_types=("name",))})
    cities = sorted({n for n, _, _ in g.iter_names(("city",), min_importance=0.85, name_types=("name",))})
    seas = sorted({n for n, _, _ in g.iter_names(("sea",), min_importance=0.5, name_types=("name",))
                   if n.endswith((" Sea", " Gulf", " Bay"))})
    return countries, cities, seas


def document(i: int, rnd: random.Random, countries, cities, seas) -> str:
    a, b = rnd.sample(countries, 2)
    city, sea = rnd.choice(cities), rnd.choice(seas)
    day = rnd.randint(1, 28)
    month = rnd.choice([6, 7, 8, 9])
    wd = rnd.choice(WEEKDAYS)
    n = rnd.choice([150, 300, 1200, 2500, 4000, 15000])
    k = rnd.randint(2, 9)
    events = [
        f"{a} on {wd} deployed {n:,} {rnd.choice(UNITS)} to {city}, the defence ministry said.",
        f"{a} sent {k} {rnd.choice(SHIPS)} to the {sea} last week.",
        f"{a} accused {b} of massing forces near the border on {wd}.",
        f"The armed forces of {a} began a military exercise near {city} involving {n:,} soldiers.",
        f"{a} threatened military action against {b} if the blockade continued.",
        f"{b} said it would deploy {rnd.choice(AIR)} to patrol the {sea}.",
        f"{a} imposed sanctions on officials from {b} on {wd}.",
    ]
    body = rnd.sample(events, rnd.randint(2, 4)) + rnd.sample(FILLER, rnd.randint(1, 3))
    rnd.shuffle(body)
    title = f"{a} and {b}: report {i}"
    return f"Title: {title}\nPublished: 2025-{month:02d}-{day:02d}\n\n" + " ".join(body) + "\n"


def committed(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return con.execute("SELECT count(*) FROM documents").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def main() -> None:
    countries, cities, seas = names()
    rnd = random.Random(7)
    with tempfile.TemporaryDirectory(prefix="sitmap-bench-") as tmp:
        corpus, db = Path(tmp) / "corpus", Path(tmp) / "s.db"
        corpus.mkdir()
        t = time.perf_counter()
        for i in range(N):
            (corpus / f"doc{i:05d}.txt").write_text(document(i, rnd, countries, cities, seas), encoding="utf-8")
        gen_s = time.perf_counter() - t
        size_mb = sum(p.stat().st_size for p in corpus.iterdir()) / 1e6

        cmd = [sys.executable, "-m", "dashboard.cli", "ingest", str(corpus), "--db", str(db),
               "--workers", str(WORKERS)]
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        with Sampler(proc.pid, 0.5, extra=lambda: committed(db)) as s:
            _, err = proc.communicate()
        wall = time.perf_counter() - t0
        samples = s.samples
        first_commit = next((t for t, _, c in samples if c and c > 0), None)
        last_commit = next((t for t, _, c in samples if c and c >= N), None)
        marks = {}
        for q in (0.25, 0.5, 0.75, 1.0):
            target = int(N * q)
            hit = next(((round(t, 1), round(mb, 1)) for t, mb, c in samples if c and c >= target), None)
            marks[f"{target}"] = {"s": hit[0], "rss_mb": hit[1]} if hit else None
        per_doc = (N / (last_commit - first_commit)) if first_commit is not None and last_commit and \
            last_commit > first_commit else None
        print(json.dumps({
            "bench": "ingest_scale", "size": "custom" if os.environ.get("SITMAP_BENCH_DOCS") else "quick" if QUICK else "full", "docs": N, "workers": WORKERS,
            "corpus_mb": round(size_mb, 1), "generate_s": round(gen_s, 1), "exit": proc.returncode,
            "wall_s": round(wall, 1), "docs_per_s": round(N / wall, 1),
            "docs_per_s_after_model_load": round(per_doc, 1) if per_doc else None,
            "stored": committed(db), "peak_rss_mb": s.peak, "peak_rss_mb_largest_process": round(s.largest, 1), "rss_mb_start": s.first, "rss_mb_end": s.last,
            "rss_at_committed": marks, "summary": err.strip().splitlines()[-1] if err.strip() else "",
            "command": " ".join(["sitmap", *cmd[3:]]),
        }), flush=True)


if __name__ == "__main__":
    main()
