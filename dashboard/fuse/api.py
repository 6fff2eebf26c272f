"""Fusion entry point: many documents' reports of one event become one fused event.

In: the per-document events of extraction (each carrying the sources of its own
document).  Out (:func:`fuse`): fused events that keep every source, count their
corroboration (distinct documents), pick main values by support and list what the
sources disagree on as :class:`~dashboard.model.Conflict`.  Pure Python, no I/O, no
spaCy; the result does not depend on the order of the input (the input is sorted
canonically first).  The rules live with the code that applies them:

* when two reports are the same event: :mod:`dashboard.fuse.similarity`;
* how reports are grouped: :mod:`dashboard.fuse.cluster`;
* main values, conflicts, confidence, sources and ids: :mod:`dashboard.fuse.merge`;
* actor names linked across the corpus first: :mod:`dashboard.fuse.actors`.

An exact duplicate report (the same document read twice) counts once.  Should two fused
events share an id, the serialised member reports are hashed in as well.  The output is
sorted by ``(undated last, date start, date end, type, id)``.

Inputs are expected to be per-document events; an input that already spans several
documents is accepted (each of its documents votes for its values), events without
sources vote under the empty document id ``""``.
"""

from __future__ import annotations

import gc

from dataclasses import replace
from typing import Iterable

from dashboard.errors import InputError
from dashboard.fuse.actors import link_actor_names
from dashboard.fuse.cluster import Member, canonical_key, cluster_members
from dashboard.fuse.features import actor_key, features_of
from dashboard.fuse.merge import build_event, short_hash
from dashboard.model import EVENT_TYPES, Event


def signature(event: Event) -> tuple[str, str | None]:
    """The bucket of an event: ``(type, actor key)``; the actor key is ``"cc:XX"`` for
    an actor with a country code, ``"name:<normalised name>"`` otherwise, None without
    an actor."""
    return (event.type, actor_key(event.actor))


def _output_key(e: Event) -> tuple:
    return (e.date is None, e.date.start if e.date else "", e.date.end if e.date else "", e.type, e.id)


def fuse(events: Iterable[Event]) -> list[Event]:
    """Merge per-document events into fused events (see the module docstring).

    Deterministic and independent of the input order: the same events in any order give
    equal lists (same events, same ids, same order).  Raises
    :class:`~dashboard.errors.InputError` for an unknown event type or a malformed date.
    """
    # Fusion builds hundreds of thousands of small acyclic objects: the cyclic collector's
    # full passes over them made 10x the events cost 15x the time.  Paused, restored after.
    paused = gc.isenabled()
    gc.disable()
    try:
        return _fuse(list(events))
    finally:
        if paused:
            gc.enable()


def _fuse(items: list[Event]) -> list[Event]:
    for e in items:
        if not isinstance(e, Event):
            raise InputError(f"fuse() takes Event objects, got {type(e).__name__}: {e!r}")
        if e.type not in EVENT_TYPES:
            raise InputError(f"event {e.summary!r}: unknown type {e.type!r}; use one of {', '.join(EVENT_TYPES)}")
    items = link_actor_names(items)
    keyed = sorted(((canonical_key(e), e) for e in items), key=lambda t: t[0])
    # An exact duplicate (the same document read twice: two copies of a file, a file
    # named twice) is one report, not corroboration; it would also repeat a fused id.
    keyed = [t for i, t in enumerate(keyed) if i == 0 or t[0] != keyed[i - 1][0]]
    members = []
    for i, (key, e) in enumerate(keyed):
        docs = tuple(sorted({s.doc_id for s in e.sources})) or ("",)
        members.append(Member(e, features_of(e), docs, i))
    clusters = cluster_members(members)
    fused = [(build_event(c), c) for c in clusters]
    # Disambiguate the (rare) events that share sentences, type and actor but were kept apart.
    counts: dict[str, int] = {}
    for e, _ in fused:
        counts[e.id] = counts.get(e.id, 0) + 1
    out = []
    for e, c in fused:
        if counts[e.id] > 1:
            serials = sorted(keyed[m.order][0][-1].hex() for m in c.members)
            e = replace(e, id=short_hash([e.id, serials]))
        out.append(e)
    out.sort(key=_output_key)
    return out
