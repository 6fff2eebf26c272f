"""One very long document through the per-document stage (issue 7): seconds, seconds per
MB and the peak resident memory of a fresh process, for 0.5 MB and 2 MB of news-like
text — time should grow linearly with the size, memory stay around a gigabyte.  (Before
the fix a 2 MB article took 455 s and 2.3 GB.)  Prints JSON lines; asserts nothing.

    SITMAP_BENCH_QUICK=1   0.5 MB only (about 25 s; the full run takes about 2 minutes)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUICK = bool(os.environ.get("SITMAP_BENCH_QUICK"))
SIZES_MB = [0.5] if QUICK else [0.5, 2.0]

CHILD = r"""
import json, resource, sys, time
from dashboard.model import Document
from dashboard.pipeline import DocumentStage
mb = float(sys.argv[1])
para = ("Venezuela on Monday deployed 2,000 troops to Caracas, the defence minister said. "
        "The United States sent three warships to the southern Caribbean on Tuesday. "
        "Analysts said the move was largely symbolic and officials declined to comment.\n\n")
text = para * int(mb * 1e6 / len(para))
stage = DocumentStage(); stage.setup()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
t = time.perf_counter()
res = stage.run([Document.from_text(text, published="2025-08-29")])
s = time.perf_counter() - t
print(json.dumps({"chars": len(text), "seconds": round(s, 1), "events": len(res[0].events),
                  "toponyms": len(res[0].toponyms), "rss_mb_model_loaded": round(before),
                  "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}))
"""


def main() -> None:
    for mb in SIZES_MB:
        proc = subprocess.run([sys.executable, "-c", CHILD, str(mb)], cwd=ROOT, capture_output=True, text=True,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
        if proc.returncode != 0:
            print(json.dumps({"bench": "long_document", "mb": mb, "error": proc.stderr.strip()[-300:]}), flush=True)
            continue
        out = json.loads(proc.stdout.strip().splitlines()[-1])
        print(json.dumps({"bench": "long_document", "size": "quick" if QUICK else "full", "mb": mb, **out,
                          "seconds_per_mb": round(out["seconds"] / mb, 1)}), flush=True)


if __name__ == "__main__":
    main()
