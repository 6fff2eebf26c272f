"""Event extraction quality against the hand-annotated gold set (bench/gold/events.json):
precision / recall / F1 of fused events (statements excluded), per type and overall, and
the gold events missed.  Prints JSON lines; asserts nothing."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    from dashboard.pipeline import batched
    from dashboard.evaluate import score_events
    from dashboard.fuse import fuse
    from dashboard.model import Document
    from dashboard.ingest import iter_documents
    from dashboard.pipeline import DocumentStage

    spec = json.loads((ROOT / "bench" / "gold" / "events.json").read_text(encoding="utf-8"))
    docs = [d for d in iter_documents([ROOT / p for p in spec["corpus"]]) if isinstance(d, Document)]
    stage = DocumentStage()
    stage.setup()
    events = [e for b in batched(docs, 8) for r in stage.run(b) for e in r.events]
    fused = fuse(events)
    score, pairs = score_events(spec["events"], fused)
    by_type = Counter()
    hit_type = Counter()
    for g, hit in pairs:
        by_type[g["types"][0]] += 1
        hit_type[g["types"][0]] += hit is not None
    print(json.dumps({"bench": "events_gold", "documents": len(docs), **score.to_dict(),
                      "recall_by_type": {t: f"{hit_type[t]}/{n}" for t, n in sorted(by_type.items())}}), flush=True)
    missed = [g for g, hit in pairs if hit is None]
    print(json.dumps({"bench": "events_gold_missed", "missed": missed}), flush=True)


if __name__ == "__main__":
    main()
