"""Fusion: per-document events of many documents in; fused events out — one per real
event, keeping every source, counting corroboration and recording the conflicts between
sources.  A deterministic, order-independent reduce.
May import: :mod:`dashboard.model`, :mod:`dashboard.errors`, :mod:`dashboard.util`.
"""

from .fusion import MERGE_THRESHOLD, fuse, link_actor_names, same_event_score, signature

__all__ = [
    "MERGE_THRESHOLD", "fuse", "link_actor_names", "same_event_score", "signature",
]
