"""Event extraction quality on the events gold set (tests/data/events_gold): precision,
recall and F1 by type, actor/date/forces/modality accuracy, fusion completeness — on the
dev half (the one rules are tuned on) and the test half (reported, not tuned on).
Also the sample corpus's event count.  Prints JSON lines; asserts nothing."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    from dashboard.evaluate import evaluate_events
    from dashboard.pipeline import DocumentStage, extract_events

    stage = DocumentStage()
    stage.setup()
    for split in ("dev", "test"):
        report, counts = evaluate_events(ROOT / "tests" / "data" / "events_gold" / split, stage=stage)
        d = report.to_dict()
        by_type = d.pop("by_type")
        print(json.dumps({"bench": f"events_gold_{split}", **counts, **d}), flush=True)
        print(json.dumps({"bench": f"events_gold_{split}_by_type",
                          **{t: f"P {v['precision']:.2f} R {v['recall']:.2f} ({v['matched']}/{v['gold']}, "
                                f"{v['predicted']} predicted)" for t, v in by_type.items()}}), flush=True)
    seeds = extract_events(ROOT / "seeds")
    print(json.dumps({"bench": "events_sample_corpus", "events": len(seeds),
                      "by_type": {t: sum(e.type == t for e in seeds) for t in sorted({e.type for e in seeds})}}),
          flush=True)


if __name__ == "__main__":
    main()
