"""The pipeline: wires the stages together.  The per-document stage (read → geoparse →
extract) as a picklable :class:`DocumentStage`, the batch runner that maps it over many
documents in-process or across worker processes, and ingest into the store followed by
the fusion reduce.
May import: every core stage (ingest, gazetteer, geoparse, extract, fuse, store) and the
shared modules; never mapping, export or app.
"""

from .stage import DocResult, DocumentStage, ingest_into_store, refuse, store_ingest_lock
from .batch import batched, progress, run_stage

__all__ = [
    "DocResult", "DocumentStage", "ingest_into_store", "refuse", "store_ingest_lock", "batched",
    "progress", "run_stage",
]
