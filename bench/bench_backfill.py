"""A synthetic backfill (issue: scale out): 100,000 generated reports (bench/synthetic.py:
templates over 32 countries and eleven kinds of event; ``SITMAP_BENCH_QUICK=1``: 2,000;
``SITMAP_BACKFILL_DOCS=N`` for another size) in JSON Lines files of 1,000, through
``sitmap ingest --engine dask --workers 2`` into a SQLite store on 2 cores.

Prints docs/s, the peak RSS of every worker process and of the client, and each one's
RSS over the run (sampled every 2 s; the median of the first and of the last quarter of
the ingest phase, and their ratio: ~1 means flat), then the store's counts.  Prints JSON
lines; asserts nothing.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.synthetic import documents  # noqa: E402


def write_corpus(folder: Path, n: int, per_file: int = 1000) -> int:
    folder.mkdir()
    size = 0
    out = None
    for i, rec in enumerate(documents(n)):
        if i % per_file == 0:
            if out:
                out.close()
            out = open(folder / f"wire-{i // per_file:04d}.jsonl", "w", encoding="utf-8")
        line = json.dumps(rec, ensure_ascii=False) + "\n"
        size += len(line.encode("utf-8"))
        out.write(line)
    if out:
        out.close()
    return size


def workers_of(proc: psutil.Process) -> list[psutil.Process]:
    """The Dask worker processes under the ingest (spawned by its nannies)."""
    out = []
    for child in proc.children(recursive=True):
        try:
            cmd = " ".join(child.cmdline())
        except psutil.Error:
            continue
        if "multiprocessing" in cmd and "resource_tracker" not in cmd:
            out.append(child)
    return out


def quarter_medians(series: list[tuple[float, int]], t0: float, t1: float) -> tuple[float, float]:
    span = max(t1 - t0, 1e-9)
    first = [r for t, r in series if t0 <= t <= t0 + span / 4]
    last = [r for t, r in series if t1 - span / 4 <= t <= t1]
    mb = 1 << 20
    return (round(statistics.median(first) / mb, 1) if first else 0.0,
            round(statistics.median(last) / mb, 1) if last else 0.0)


def main() -> None:
    n = int(os.environ.get("SITMAP_BACKFILL_DOCS") or (2000 if os.environ.get("SITMAP_BENCH_QUICK") else 100_000))
    with tempfile.TemporaryDirectory() as tmp:
        corpus, db = Path(tmp) / "wire", Path(tmp) / "backfill.db"
        size = write_corpus(corpus, n)
        t0 = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "dashboard.cli", "--quiet", "ingest", str(corpus), "--db",
                                 str(db), "--engine", "dask", "--workers", "2"], cwd=ROOT)
        me = psutil.Process(proc.pid)
        series: dict[int, list[tuple[float, int]]] = {}
        client: list[tuple[float, int]] = []
        last_growth, docs_seen = None, 0
        while proc.poll() is None:
            now = time.perf_counter() - t0
            try:
                client.append((now, me.memory_info().rss))
                for w in workers_of(me):
                    series.setdefault(w.pid, []).append((now, w.memory_info().rss))
            except psutil.Error:
                pass
            time.sleep(2)
        wall = time.perf_counter() - t0
        # the ingest phase: while the workers were alive (fusion and storing run after, in the client)
        ends = [s[-1][0] for s in series.values() if s]
        ingest_end = max(ends) if ends else wall
        from dashboard.store import SQLiteStore

        with SQLiteStore(db) as store:
            counts = store.counts()
    mb = 1 << 20
    per_worker = []
    for pid, s in sorted(series.items()):
        first, last = quarter_medians(s, s[0][0], s[-1][0])
        per_worker.append({"peak_rss_mb": round(max(r for _, r in s) / mb, 1), "rss_first_quarter_mb": first,
                           "rss_last_quarter_mb": last, "last_over_first": round(last / first, 2) if first else None})
    c_first, c_last = quarter_medians(client, 0.0, ingest_end)
    print(json.dumps({"bench": "backfill_dask", "docs": n, "corpus_mb": round(size / mb, 1), "workers": 2,
                      "exit_code": proc.returncode, "wall_s": round(wall, 1),
                      "docs_per_s": round(n / wall, 1), "ingest_phase_s": round(ingest_end, 1),
                      "ingest_docs_per_s": round(n / max(ingest_end, 1e-9), 1),
                      "worker_processes": per_worker,
                      "client_peak_rss_mb": round(max((r for _, r in client), default=0) / mb, 1),
                      "client_rss_first_quarter_mb": c_first, "client_rss_last_quarter_of_ingest_mb": c_last,
                      "store": counts}), flush=True)


if __name__ == "__main__":
    main()
