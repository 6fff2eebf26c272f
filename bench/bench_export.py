"""Export speed on the sample corpus (seeds/): the map as PNG (1920x1080) cold — browser
launch and base map included — and warm (the same Renderer reused, as within one
``sitmap`` process or app server), the standalone HTML, the GeoPackage, and the briefing
deck as PPTX and PDF.  Targets: PNG <= 5 s warm, deck <= 10 s.  Prints JSON lines; asserts
nothing.  Needs Debian's chromium (``make setup`` installs it)."""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timed(fn):
    t = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t


def main() -> None:
    from dashboard.pipeline import batched
    from dashboard.errors import SitmapError
    from dashboard.export import (ExportView, Renderer, deck_pdf, deck_pptx, filter_events,
        options_for, render_png, standalone_html)
    from dashboard.export.vector import gpkg_bytes
    from dashboard.fuse import fuse
    from dashboard.model import Document
    from dashboard.ingest import iter_documents
    from dashboard.pipeline import DocumentStage

    docs = [d for d in iter_documents([ROOT / "seeds"]) if isinstance(d, Document)]
    stage = DocumentStage()
    stage.setup()
    fused = fuse([e for b in batched(docs, 8) for r in stage.run(b) for e in r.events])
    view = ExportView()
    events = filter_events(fused, view)
    opts = options_for(view, events, width=1920, height=1080, title="Situation briefing")
    base = {"documents": len(docs), "events": len(events)}

    html, t_html = timed(lambda: standalone_html(events, opts))
    print(json.dumps({"bench": "export_html", **base, "seconds": round(t_html, 2),
                      "megabytes": round(len(html.encode()) / 1e6, 2),
                      "note": "first call includes loading the base map from the gazetteer"}), flush=True)
    gpkg, t_gpkg = timed(lambda: gpkg_bytes(events))
    print(json.dumps({"bench": "export_gpkg", **base, "seconds": round(t_gpkg, 2), "bytes": len(gpkg)}), flush=True)

    try:
        renderer = Renderer()
    except SitmapError as exc:
        print(json.dumps({"bench": "export_png", "skipped": str(exc)}), flush=True)
        return
    with renderer:
        png, cold = timed(lambda: render_png(events, opts, renderer=renderer))
        warm = [timed(lambda: render_png(events, opts, renderer=renderer))[1] for _ in range(3)]
        print(json.dumps({"bench": "export_png", **base, "size": f"{opts.width}x{opts.height}", "bytes": len(png),
                          "cold_s": round(cold, 2), "warm_median_s": round(statistics.median(warm), 2),
                          "warm_max_s": round(max(warm), 2), "target_warm_s": 5.0,
                          "browser_launches": renderer.launches}), flush=True)
        pptx, t_pptx = timed(lambda: deck_pptx(events, opts, renderer=renderer))
        pdf, t_pdf = timed(lambda: deck_pdf(events, opts, renderer=renderer))
        print(json.dumps({"bench": "export_deck", **base, "pptx_s": round(t_pptx, 2), "pdf_s": round(t_pdf, 2),
                          "pptx_bytes": len(pptx), "pdf_bytes": len(pdf), "target_s": 10.0,
                          "note": "each deck renders its own map image"}), flush=True)


if __name__ == "__main__":
    main()
