"""The per-document stage (ingest → geoparse → extract) and the batch runner around it.

:class:`DocumentStage` is a pure function of a :class:`~dashboard.ingest.Document` plus
the loaded model and gazetteer, returning plain picklable :class:`DocResult` values, so
it runs in-process, across ``--workers`` processes (:mod:`dashboard.batch`) or, later,
as a Dask/Ray map — fusion is a separate reduce over its results (:mod:`dashboard.fuse`).
"""

from __future__ import annotations

import os
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path

from dashboard.geoparse import GeoparseStage
from dashboard.model import Document
from dashboard.model import Event


@dataclass(frozen=True)
class DocResult:
    document: Document
    toponyms: tuple[dict, ...]
    events: tuple[Event, ...]


class DocumentStage(GeoparseStage):
    """Geoparse and extract events from documents; ``setup()`` (inherited) loads the model
    and gazetteer once per process."""

    def run(self, batch: list[Document]) -> list[DocResult]:
        from dashboard.extract import extract_events
        from dashboard.geoparse import pipe_texts

        gp = self.geoparser
        out = []
        for doc, sdoc in zip(batch, pipe_texts(gp.nlp, [d.text for d in batch])):
            res = gp.parse_spacy(sdoc, doc_id=doc.doc_id)
            events = extract_events(sdoc, list(res.toponyms), doc_id=doc.doc_id, published=doc.published,
                                    path=doc.path, title=doc.title, gazetteer=gp.gazetteer)
            out.append(DocResult(doc, tuple(t.to_dict(alternatives=False) for t in res.toponyms), tuple(events)))
        return out


def refuse(store) -> int:
    """Fuse every per-document event of the store again (fusion is order-independent)."""
    from dashboard.fuse import fuse

    fused = fuse(list(store.document_events()))
    store.replace_fused(fused)
    return len(fused)


@contextmanager
def store_ingest_lock(db: str | Path):
    """One ingest into a store at a time, across processes (``flock`` on ``DB.ingest.lock``
    beside the store): the pre-start ingest of ``sitmap serve`` and the app's own pass,
    or two analysts' uploads, never read the same new documents twice."""
    import fcntl

    lock = Path(f"{db}.ingest.lock")
    lock.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def ingest_into_store(paths, db: str | Path, on_progress=None, *, lock: bool = True) -> dict:
    """Read, geoparse and extract the documents in ``paths`` into the store at ``db``,
    streaming (one document in memory at a time, committed one by one), then re-fuse if
    anything was added.  Documents already stored are skipped without loading the
    language model.  Calls ``on_progress(done, name)`` after each added document.
    Holds :func:`store_ingest_lock` unless ``lock=False`` (the caller holds it).
    Returns ``{"added", "skipped", "failures": [reason, ...], "fused"}``."""
    import itertools

    from dashboard.pipeline.batch import run_stage
    from dashboard.ingest import IngestFailure, iter_documents
    from dashboard.store import SQLiteStore

    counts = {"added": 0, "skipped": 0}
    failures: list[str] = []
    with (store_ingest_lock(db) if lock else nullcontext()), SQLiteStore(db) as store:
        def new_documents():
            for item in iter_documents([Path(p) for p in paths]):
                if isinstance(item, IngestFailure):
                    failures.append(str(item))
                elif store.has_document(item.doc_id):
                    counts["skipped"] += 1
                else:
                    yield item

        pending = new_documents()
        first = next(pending, None)
        if first is not None:  # loading the model costs seconds: only when there is something to read
            for res in run_stage(DocumentStage(), itertools.chain([first], pending), workers=1, batch_size=4):
                counts["added"] += store.add_document(res.document, list(res.toponyms), list(res.events))
                if on_progress:
                    on_progress(counts["added"], res.document.title or res.document.path or res.document.doc_id)
        fused = refuse(store) if counts["added"] or not store.span()[0] else None
    return {**counts, "failures": failures, "fused": fused}
