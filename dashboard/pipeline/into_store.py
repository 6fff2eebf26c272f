"""Documents into the store: read, geoparse and extract new documents one by one (one
transaction each), then re-fuse the store's events; one ingest per store at a time.
Also the read-ahead that ``sitmap serve`` starts while Streamlit boots."""

from __future__ import annotations

import itertools
import logging
import os
from contextlib import contextmanager, nullcontext
from pathlib import Path

from dashboard.fuse import fuse
from dashboard.ingest import DEFAULT_MAX_BYTES
from dashboard.pipeline.batch import progress, run_stage
from dashboard.pipeline.inputs import Inputs
from dashboard.pipeline.stage import DocumentStage
from dashboard.store import open_store

log = logging.getLogger("sitmap.pipeline")


def refuse(store) -> int:
    """Fuse every per-document event of the store again (fusion is order-independent)."""
    fused = fuse(list(store.document_events()))
    store.replace_fused(fused)
    return len(fused)


@contextmanager
def store_ingest_lock(db: str | Path):
    """One ingest into a store at a time, across processes: the pre-start ingest of
    ``sitmap serve`` and the app's own pass, or two analysts' uploads, never read the
    same new documents twice (``flock`` on ``DB.ingest.lock`` beside a file store, an
    advisory lock in a PostgreSQL store)."""
    with open_store(db) as store, store.ingest_lock():
        yield


def ingest_into_store(sources, db: str | Path, on_progress=None, *, workers: int = 1,
                      max_bytes: int = DEFAULT_MAX_BYTES, lock: bool = True, show_progress: bool = False,
                      engine: str = "local", scheduler: str | None = None) -> dict:
    """Read, geoparse and extract the documents of ``sources`` (paths, ``"-"``,
    :class:`~dashboard.model.Document` values or an :class:`Inputs`) into the store at
    ``db``, streaming (a few documents in memory at a time, committed one by one), then
    re-fuse if anything was added.  Documents already stored are skipped without loading
    the language model.  Calls ``on_progress(done, name)`` after each added document.
    Holds :func:`store_ingest_lock` unless ``lock=False`` (the caller holds it); with
    ``show_progress`` a progress bar runs on stderr when it is a terminal (the CLI).
    ``engine="dask"`` runs the per-document stage on Dask workers (a local cluster of
    ``workers`` processes, or the one at ``scheduler``); storing and fusion stay here.
    Returns ``{"added", "skipped", "failures": ["source: reason", ...], "fused"}`` where
    ``fused`` is the store's number of fused events."""
    inputs = sources if isinstance(sources, Inputs) else Inputs(sources, max_bytes=max_bytes)
    counts = {"added": 0, "skipped": 0}
    # the store is opened (and a foreign or damaged file refused, untouched) before the lock file is made
    with open_store(db) as store, (store.ingest_lock() if lock else nullcontext()):
        def new_documents():
            for doc in inputs:
                if store.has_document(doc.doc_id):
                    counts["skipped"] += 1
                else:
                    yield doc

        pending = new_documents()
        first = next(pending, None)
        if first is not None:  # loading the model costs seconds: only when there is something to read
            results = run_stage(DocumentStage(), itertools.chain([first], pending), workers=workers, batch_size=4,
                                engine=engine, scheduler=scheduler)
            for res in progress(results, desc="ingest") if show_progress else results:
                if store.add_document(res.document, list(res.toponyms), list(res.events)):
                    counts["added"] += 1
                else:  # the same document twice in one batch
                    counts["skipped"] += 1
                if on_progress:
                    on_progress(counts["added"], res.document.title or res.document.path or res.document.doc_id)
        fused = refuse(store) if counts["added"] or not store.span()[0] else store.counts()["fused"]
    return {**counts, "failures": list(inputs.failures), "fused": fused}


def ingest_ahead(paths: list[Path], db: Path) -> None:
    """Start reading the corpus into the store in a detached process while Streamlit
    boots and the browser loads the page: the first map waits for the rest of the ingest,
    not for all of it.  The app's own pass takes the same store lock afterwards and finds
    the documents there (a failure here only means the app does the work).  Returns once
    the process holds the lock, so the app cannot start its pass first."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: fork again so the grandchild is nobody's zombie, then leave
        os.close(r)
        try:
            if os.fork() != 0:
                os._exit(0)
            os.setsid()
            devnull = os.open(os.devnull, os.O_RDWR)
            for fd in (0, 1):
                os.dup2(devnull, fd)
            with store_ingest_lock(db):
                os.write(w, b"1")
                os.close(w)
                ingest_into_store(paths, db, lock=False)
        except BaseException as exc:  # noqa: BLE001 - report, never a traceback; the app redoes the work
            try:
                os.write(2, f"sitmap: reading ahead stopped ({type(exc).__name__}: {exc}); the app will read "
                            "the documents itself\n".encode("utf-8", "replace"))
            except OSError:
                pass
        finally:
            os._exit(0)
    os.close(w)
    os.waitpid(pid, 0)
    os.read(r, 1)  # the lock is held (or the reader gave up: empty read)
    os.close(r)
