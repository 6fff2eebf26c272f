"""Geoparser benchmark: throughput against the bare spaCy pipeline, worker scaling, accuracy.

Targets (issue #3): end-to-end geoparsing ≥ 0.8× the speed of the bare spaCy pipeline on
the same texts (same run, ratio printed); --workers 2 near 2× on 2 cores; accuracy on
../shared/eval (oracle Acc@161 ≥ 0.85 LGL / ≥ 0.90 TR-News; end-to-end F1 ≥ 0.75 with
Acc@161 ≥ 0.85). Prints one JSON line per measurement; asserts nothing.
Skips the corpus parts cleanly when ../shared/eval is absent.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
EVAL = Path(os.environ.get("SITMAP_EVAL_DIR", ROOT.parent / "shared" / "eval"))


def texts_from_corpus(path: Path) -> list[str]:
    from dashboard.evaluate import read_corpus

    return [d.text for d in read_corpus(path)]


def fallback_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))] * 40


def main() -> None:
    from dashboard.pipeline import run_stage
    from dashboard.geoparse import GeoparseStage
    from dashboard.geoparse.nlp import load_model

    corpus = EVAL / "TR-News.xml"
    texts = texts_from_corpus(corpus) if corpus.exists() else fallback_texts()
    chars = sum(len(t) for t in texts)
    nlp = load_model()  # the bare model, without sitmap's components
    stage = GeoparseStage(alternatives=False)
    stage.setup()
    list(nlp.pipe(texts[:8]))  # warm both paths
    stage.run([{"text": t} for t in texts[:8]])

    rounds = []
    for _ in range(2):  # interleave to share the machine's noise
        t = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=16):
            pass
        bare = time.perf_counter() - t
        t = time.perf_counter()
        list(run_stage(stage, ({"text": x} for x in texts), workers=1, batch_size=16))
        geo = time.perf_counter() - t
        rounds.append((bare, geo))
    bare, geo = min(r[0] for r in rounds), min(r[1] for r in rounds)
    print(json.dumps({"bench": "geoparse_throughput", "corpus": corpus.name if corpus.exists() else "seeds x40",
                      "docs": len(texts), "chars": chars, "bare_spacy_docs_per_s": round(len(texts) / bare, 2),
                      "geoparse_docs_per_s": round(len(texts) / geo, 2), "ratio": round(bare / geo, 3),
                      "target_ratio": 0.8}), flush=True)

    # worker scaling, each in a fresh process (model load excluded from the timing)
    times = {}
    for workers in (1, 2):
        code = (
            "import sys,time; sys.path.insert(0, %r)\n"
            "from dashboard.pipeline import run_stage\nfrom dashboard.geoparse import GeoparseStage\n"
            "from dashboard.evaluate import read_corpus\nimport json\n"
            "texts=json.loads(sys.stdin.read())\n"
            "st=GeoparseStage(alternatives=False); st.setup()\n"
            "t=time.perf_counter(); list(run_stage(st, ({'text':x} for x in texts), workers=%d, batch_size=8));"
            "print(time.perf_counter()-t)" % (str(ROOT), workers))
        out = subprocess.run([sys.executable, "-c", code], input=json.dumps(texts), capture_output=True,
                             text=True, check=True)
        times[workers] = float(out.stdout.strip().splitlines()[-1])
    print(json.dumps({"bench": "geoparse_workers", "docs": len(texts), "workers_1_s": round(times[1], 2),
                      "workers_2_s": round(times[2], 2), "speedup": round(times[1] / times[2], 2),
                      "cores": os.cpu_count()}), flush=True)

    if not EVAL.exists():
        print(json.dumps({"bench": "geoparse_accuracy", "skipped": f"{EVAL} not found"}))
        return
    for name in ("lgl.xml", "TR-News.xml"):
        for oracle in (True, False):
            cmd = [sys.executable, "-m", "dashboard.cli", "evaluate", str(EVAL / name), "--format", "json",
                   "--workers", "2"] + (["--oracle"] if oracle else [])
            rep = json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=ROOT).stdout)
            keep = ("precision", "recall", "f1", "resolved", "acc161", "acc161_area", "mean_km", "median_km", "auc")
            print(json.dumps({"bench": "geoparse_accuracy", "corpus": name, "mode": "oracle" if oracle else "end-to-end",
                              **{k: rep.get(k) for k in keep}}), flush=True)


if __name__ == "__main__":
    main()
