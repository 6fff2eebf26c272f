"""Clustering: which reports are one event (complete linkage over :mod:`.similarity`).

Events are sorted by a canonical key ``(evidence tier, date start or "", doc_id,
sentence start, full serialisation)`` - tier 0 for a plain date, 1 for a suspect date,
2 for no date, so weak evidence joins the groups strong evidence formed instead of
seeding them - bucketed by :func:`~dashboard.fuse.api.signature` ``(type, actor key)``
and, within a bucket, agglomerated greedily in that order: each event joins the existing
cluster with which it is compatible with *every* member (complete linkage, so no
chaining) and has the highest mean score >= :data:`~dashboard.fuse.similarity.MERGE_THRESHOLD`;
ties go to the older cluster; otherwise it starts a new cluster.  Then each actorless
event, in canonical order, joins the best known-actor cluster of its type if it is
compatible with every member, matches at least one member strongly (place and date
scores >= :data:`~dashboard.fuse.similarity.STRONG`) and no cluster of *another* actor
qualifies too (ambiguous → it stays apart); the remaining actorless events are clustered
among themselves by the same greedy rule.

Which clusters a report is scored against is decided in one place,
:func:`candidate_clusters` (today: every cluster of its bucket).

For a distributed run, partition by type (actorless events may join any actor of their
type); within one type partition the reduce is exact and order-independent.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Iterator

from dashboard.fuse.features import Features
from dashboard.fuse.similarity import MERGE_THRESHOLD, STRONG, UNKNOWN, part_scores

#: forces that agree (an exact count of a common unit within 25 %, the others vague): one report
FORCES_MATCH = 0.85
from dashboard.model import Event


@dataclass
class Member:
    """One input report: the event, its features, its documents and canonical rank."""

    event: Event
    feat: Features
    docs: tuple[str, ...]
    order: int = 0


@dataclass
class Cluster:
    """The reports found to be one event, in the order they joined."""

    members: list[Member] = field(default_factory=list)


def canonical_key(e: Event) -> tuple:
    """(evidence tier, date start, doc_id, sentence start, serialisation): reports with a
    plain date first, then suspect-dated, then undated ones, so weak evidence attaches to
    the groups strong evidence formed instead of seeding them."""
    first = min(((s.doc_id, s.start) for s in e.sources), default=("", -1))
    serial = json.dumps(asdict(e), sort_keys=True, ensure_ascii=False, default=str)
    tier = 2 if e.date is None else 1 if e.date.suspect else 0
    return (tier, e.date.start if e.date else "", first[0], first[1], serial)


def candidate_clusters(m: Member, clusters: list[Cluster]) -> Iterator[tuple[int, Cluster]]:
    """The clusters ``m`` is scored against, with their index in ``clusters``, oldest first
    (ties go to the older cluster, so keep that order).

    The one place candidate pairs are generated: today every cluster given (those of
    ``m``'s bucket, or for an actorless report every known-actor cluster of its type);
    blocking keys that skip clusters which cannot fit belong here.
    """
    return enumerate(clusters)


def _fits(m: Member, c: Cluster) -> float | None:
    """Mean score of ``m`` against every member of ``c``; None if any pair is forbidden."""
    total = 0.0
    for other in c.members:
        p = part_scores(m.feat, other.feat)
        if p is None:
            return None
        total += p.score
    return total / len(c.members)


def _agglomerate(members: list[Member]) -> list[Cluster]:
    clusters: list[Cluster] = []
    for m in members:
        best, best_score = None, MERGE_THRESHOLD
        for _, c in candidate_clusters(m, clusters):
            s = _fits(m, c)
            if s is not None and s >= best_score and (best is None or s > best_score):
                best, best_score = c, s
        if best is None:
            clusters.append(Cluster([m]))
        else:
            best.members.append(m)
    return clusters


def _strong_join(m: Member, clusters: list[Cluster]) -> Cluster | None:
    candidates: list[tuple[float, int, Cluster]] = []
    for i, c in candidate_clusters(m, clusters):
        s = _fits(m, c)
        if s is None or s < MERGE_THRESHOLD:
            continue
        strong = False
        for other in c.members:
            if other.feat.actor_key is None:
                continue
            p = part_scores(m.feat, other.feat)
            # the same place and day; or, where a report states no date, the same place and forces
            if p is not None and p.place >= STRONG and (p.date >= STRONG or (p.date == UNKNOWN and
                                                                               p.forces >= FORCES_MATCH)):
                strong = True
                break
        if strong:
            candidates.append((s, i, c))
    if not candidates:
        return None
    actors = {next(o.feat.actor_key for o in c.members if o.feat.actor_key is not None) for _, _, c in candidates}
    if len(actors) > 1:
        return None  # ambiguous: several actors fit equally well on place and date
    candidates.sort(key=lambda t: (-t[0], t[1]))
    return candidates[0][2]


def cluster_members(members: list[Member]) -> list[Cluster]:
    """The clusters of ``members`` (given in canonical order), by type: the known-actor
    clusters, then those of the actorless reports that joined none of them."""
    buckets: dict[tuple[str, str | None], list[Member]] = {}
    for m in members:  # canonical order is kept inside each bucket
        buckets.setdefault((m.feat.type, m.feat.actor_key), []).append(m)
    known: dict[str, list[Cluster]] = {}
    for (typ, actor), ms in sorted(buckets.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        if actor is not None:
            known.setdefault(typ, []).extend(_agglomerate(ms))
    out: list[Cluster] = []
    for typ in sorted({t for t, _ in buckets}):
        clusters = known.get(typ, [])
        loose = []
        for m in buckets.get((typ, None), []):
            target = _strong_join(m, clusters)
            if target is None:
                loose.append(m)
            else:
                target.members.append(m)
        out.extend(clusters)
        out.extend(_agglomerate(loose))
    return out
