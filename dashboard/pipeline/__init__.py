"""The pipeline: wires the stages together.  The per-document stage (read → geoparse →
extract) as a picklable :class:`DocumentStage`, the batch runner that maps it over many
documents in-process or across worker processes, reading inputs (paths, stdin, JSON
Lines), ingest into the store followed by the fusion reduce, and the library's
:func:`extract_events`.
May import: every core stage — :mod:`dashboard.ingest`, :mod:`dashboard.gazetteer`,
:mod:`dashboard.geoparse`, :mod:`dashboard.extract`, :mod:`dashboard.fuse`,
:mod:`dashboard.store` — and :mod:`dashboard.model`, :mod:`dashboard.errors`,
:mod:`dashboard.config`, :mod:`dashboard.util`; never mapping, export or the shells.
"""

from .api import extract_events, geoparse_records, geoparse_spans, process
from .batch import batched, progress, run_stage
from .inputs import Inputs, read_jsonl_records
from .into_store import ingest_ahead, ingest_into_store, refuse, store_ingest_lock
from .stage import DocResult, DocumentStage

__all__ = [
    "extract_events", "geoparse_records", "geoparse_spans", "process", "batched", "progress", "run_stage", "Inputs", "read_jsonl_records",
    "ingest_ahead", "ingest_into_store", "refuse", "store_ingest_lock", "DocResult", "DocumentStage",
]
