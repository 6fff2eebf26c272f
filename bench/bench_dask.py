"""Ingest on Dask (issue: scale out): the same documents through ``sitmap ingest --engine
dask`` with one worker and with two, in the same run; prints docs/s for each and the
ratio (target ≥ 1.8× on 2 cores), and checks both stores hold the same events.

Documents: TR-News texts (../shared/eval) or the sample corpus, each copy made distinct
by a reference line (a store skips a document it already holds), 2,000 in all
(``SITMAP_BENCH_QUICK=1``: 240).  Prints JSON lines; asserts nothing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
EVAL = Path(os.environ.get("SITMAP_EVAL_DIR", ROOT.parent / "shared" / "eval"))


def texts() -> list[str]:
    corpus = EVAL / "TR-News.xml"
    if corpus.exists():
        from dashboard.evaluate import read_corpus

        return [d.text for d in read_corpus(corpus)]
    return [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]


def ingest(folder: Path, db: Path, workers: int) -> float:
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "dashboard.cli", "--quiet", "ingest", str(folder), "--db", str(db),
                    "--engine", "dask", "--workers", str(workers)], cwd=ROOT, check=True)
    return time.perf_counter() - t


def main() -> None:
    n = 240 if os.environ.get("SITMAP_BENCH_QUICK") else 2000
    base = texts()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "docs"
        folder.mkdir()
        for i in range(n):
            (folder / f"{i:05d}.txt").write_text(f"Published: 2025-08-{1 + i % 28:02d}\n\n{base[i % len(base)]}\n\n"
                                                f"Ref. {i}.\n", encoding="utf-8")
        one = ingest(folder, Path(tmp) / "one.db", 1)
        two = ingest(folder, Path(tmp) / "two.db", 2)
        from dashboard.store import SQLiteStore

        def events(db):
            with SQLiteStore(db) as store:
                return sorted(e.id for e in store.query(include_undated=True))

        same = events(Path(tmp) / "one.db") == events(Path(tmp) / "two.db")
    print(json.dumps({"bench": "ingest_dask", "docs": n, "workers_1_s": round(one, 1),
                      "workers_1_docs_per_s": round(n / one, 2), "workers_2_s": round(two, 1),
                      "workers_2_docs_per_s": round(n / two, 2), "speedup": round(one / two, 2),
                      "same_events": same, "target_speedup": 1.8, "cores": os.cpu_count()}), flush=True)


if __name__ == "__main__":
    main()
