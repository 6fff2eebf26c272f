"""Fusion: per-document events of many documents in; fused events out — one per real
event, keeping every source, counting corroboration and recording the conflicts between
sources.  A deterministic, order-independent reduce.
May import: :mod:`dashboard.model`, :mod:`dashboard.errors`, :mod:`dashboard.util`.

Modules, upstream first: :mod:`.features` (what of a report is compared),
:mod:`.similarity` (same event? hard rules and score), :mod:`.cluster` (grouping
reports), :mod:`.merge` (the fused event of a group), :mod:`.actors` (actor names linked
across the corpus) and :mod:`.api` (:func:`fuse`, :func:`signature`).
"""

from dashboard.fuse.actors import link_actor_names
from dashboard.fuse.api import fuse, signature
from dashboard.fuse.similarity import MERGE_THRESHOLD, same_event_score

__all__ = [
    "MERGE_THRESHOLD", "fuse", "link_actor_names", "same_event_score", "signature",
]
