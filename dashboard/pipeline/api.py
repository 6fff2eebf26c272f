"""The library's front door: documents in, fused events out, in one call.

    >>> from dashboard import Document, extract_events                      # doctest: +SKIP
    >>> events = extract_events("seeds/")                                 # doctest: +SKIP
    >>> doc = Document.from_text("Russia moved 10,000 troops to the Belgorod region on Monday.",
    ...                          published="2026-03-04")                  # doctest: +SKIP
    >>> [e.summary for e in extract_events(doc)]                           # doctest: +SKIP

The model and gazetteer load once per call (per worker with ``workers > 1``); for many
calls, hold a :class:`~dashboard.pipeline.stage.DocumentStage` and use :func:`process`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator

from dashboard.fuse import fuse as fuse_events
from dashboard.geoparse import GeoparseStage
from dashboard.ingest import DEFAULT_MAX_BYTES
from dashboard.model import Document, Event
from dashboard.pipeline.batch import progress, run_stage
from dashboard.pipeline.inputs import Inputs
from dashboard.pipeline.stage import DocResult, DocumentStage


def process(documents: Iterable[Document], *, workers: int = 1, stage: DocumentStage | None = None,
            batch_size: int = 8, desc: str = "extract") -> Iterator[DocResult]:
    """Geoparse and extract ``documents``; yields one :class:`DocResult` per document, in order
    (a progress bar on stderr when it is a terminal)."""
    yield from progress(run_stage(stage or DocumentStage(), documents, workers=workers, batch_size=batch_size),
                        desc=desc)


def extract_events(*sources: str | os.PathLike | Document | Inputs, workers: int = 1, fuse: bool = True,
                   max_bytes: int = DEFAULT_MAX_BYTES) -> list[Event]:
    """Events reported in ``sources`` — files, folders (``.txt .md .html .json .jsonl .rss .atom``),
    :class:`~dashboard.model.Document` values, or one :class:`Inputs` — fused across
    documents unless ``fuse=False``.  Files that cannot be read are logged and skipped."""
    inputs = sources[0] if len(sources) == 1 and isinstance(sources[0], Inputs) else \
        Inputs(sources, max_bytes=max_bytes)
    events = [e for res in process(inputs, workers=workers) for e in res.events]
    return fuse_events(events) if fuse else events


def geoparse_records(documents: Iterable[Document], *, workers: int = 1, batch_size: int = 16,
                     alternatives: bool = True) -> Iterator[dict]:
    """``{doc_id, path, title, published, toponyms}`` per document, in order (the same
    document may come twice)."""
    docs: dict[int, Document] = {}

    def items():
        for i, d in enumerate(documents):
            docs[i] = d
            yield {"id": i, "text": d.text}

    stage = GeoparseStage(alternatives=alternatives)
    for out in progress(run_stage(stage, items(), workers=workers, batch_size=batch_size), desc="geoparse"):
        d = docs.pop(out["id"])
        yield {"doc_id": d.doc_id, "path": d.path, "title": d.title, "published": d.published,
               "toponyms": out["toponyms"]}


def geoparse_spans(records: Iterable[dict], *, workers: int = 1, batch_size: int = 16,
                   alternatives: bool = True) -> Iterator[dict]:
    """``{"id", "toponyms"}`` per ``{"id", "text", "spans"?}`` record; with ``spans``
    (oracle mode) exactly those spans are resolved, in order."""
    items = ({"id": r.get("id"), "text": r["text"], "spans": r.get("spans")} for r in records)
    yield from progress(run_stage(GeoparseStage(alternatives=alternatives), items, workers=workers,
                                  batch_size=batch_size), desc="geoparse")
