"""Whole-pipeline benchmark (issue #4): extraction + fusion against geoparsing alone on the
same texts (same run, ratio printed; target ≥ 0.7), and 1,000 documents in one run with
peak RSS sampled as it goes (memory must not grow with the number of documents).
Prints JSON lines; asserts nothing.  Uses TR-News texts when ../shared/eval is present,
the sample corpus otherwise.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
EVAL = Path(os.environ.get("SITMAP_EVAL_DIR", ROOT.parent / "shared" / "eval"))


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    from dashboard.pipeline import batched
    from dashboard.fuse import fuse
    from dashboard.geoparse import GeoparseStage
    from dashboard.ingest import read_text
    from dashboard.pipeline import DocumentStage

    if (EVAL / "TR-News.xml").exists():
        from dashboard.evaluate import read_corpus

        texts = [d.text for d in read_corpus(EVAL / "TR-News.xml")]
        corpus = "TR-News"
    else:
        texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))] * 40
        corpus = "seeds x40"
    docs = [read_text(t, published="2025-08-29") for t in texts]
    geo, full = GeoparseStage(alternatives=False), DocumentStage()
    geo.setup()
    full.setup()
    geo.run([{"text": t} for t in texts[:4]])
    full.run(docs[:4])
    best_geo = best_full = float("inf")
    n_events = 0
    for _ in range(2):
        t = time.perf_counter()
        for b in batched(({"text": x} for x in texts), 16):
            geo.run(b)
        best_geo = min(best_geo, time.perf_counter() - t)
        t = time.perf_counter()
        events = []
        for b in batched(docs, 16):
            for r in full.run(b):
                events.extend(r.events)
        fused = fuse(events)
        best_full = min(best_full, time.perf_counter() - t)
        n_events = len(events)
    print(json.dumps({"bench": "pipeline_throughput", "corpus": corpus, "docs": len(texts),
                      "geoparse_s": round(best_geo, 2), "pipeline_s": round(best_full, 2),
                      "ratio": round(best_geo / best_full, 3), "target_ratio": 0.7,
                      "events": n_events, "fused": len(fused)}), flush=True)

    # 1,000 documents, one run; RSS sampled after each 250 (distinct texts so nothing is cached)
    target = 1000
    samples = []
    t = time.perf_counter()
    all_events = []
    done = 0
    for rep in range(target // len(texts) + 1):
        batch_docs = [read_text(f"{x}\n\n(copy {rep})", published="2025-08-29") for x in texts]
        for b in batched(batch_docs, 16):
            b = b[: max(0, target - done)]
            if not b:
                break
            for r in full.run(b):
                all_events.extend(r.events)
            done += len(b)
            if done % 250 < 16 or done == target:
                samples.append((done, round(rss_mb(), 1)))
    fused = fuse(all_events)
    elapsed = time.perf_counter() - t
    print(json.dumps({"bench": "pipeline_1000_docs", "docs": done, "seconds": round(elapsed, 1),
                      "docs_per_s": round(done / elapsed, 2), "events": len(all_events), "fused": len(fused),
                      "rss_mb_samples": samples,
                      "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}),
          flush=True)


if __name__ == "__main__":
    main()
