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

import hashlib
import math
from dataclasses import dataclass, field
from typing import Iterator

from dashboard.fuse.features import Features
from dashboard.fuse.similarity import DATE_TOLERANCE_DAYS, MERGE_THRESHOLD, NEAR_KM, STRONG, UNKNOWN, part_scores

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
    """(evidence tier, date start, doc_id, sentence start, serialisation digest): reports with a
    plain date first, then suspect-dated, then undated ones, so weak evidence attaches to
    the groups strong evidence formed instead of seeding them."""
    first = min(((s.doc_id, s.start) for s in e.sources), default=("", -1))
    # the serialisation as a digest: deterministic (dataclass fields in order, far cheaper
    # than asdict + json), equal for equal reports, and 16 bytes where the text would keep
    # kilobytes (a border's geometry) per report alive for the whole fusion
    serial = hashlib.blake2b(repr(e).encode("utf-8", "surrogatepass"), digest_size=16).digest()
    tier = 2 if e.date is None else 1 if e.date.suspect else 0
    return (tier, e.date.start if e.date else "", first[0], first[1], serial)


CELL_DEG = 3.0  # the spatial blocks: 3° cells, searched as far as NEAR_KM reaches


def _small_place(m: Member) -> tuple[float, float] | None:
    """The point of a report placed at a town or district (no geometry): such places are
    one event only within :data:`NEAR_KM` of each other, or under the same name."""
    p = m.feat.place
    if p is None or p.ref.kind not in ("city", "admin2") or p.ref.geometry or p.ref.lat is None or p.pair:
        return None
    return p.ref.lat, p.ref.lon


class Blocks:
    """Which clusters a report can join.  Two hard rules of :mod:`.similarity` block: a
    plainly dated report meets only reports dated within :data:`DATE_TOLERANCE_DAYS`, and a
    report placed at a town only reports within :data:`NEAR_KM` of it or of the same place
    name (or with a wider or no place).  Each cluster is filed under the days and the 3°
    cells its members cover; a cluster with no plain date, or with a member placed wider
    than a town, floats on that axis and is a candidate for every report.  The clusters
    formed are exactly those without blocking, found in time that grows with the events
    of a day and a region instead of all of them."""

    def __init__(self):
        self.by_day: dict[int, set[int]] = {}
        self.undated: set[int] = set()
        self.by_cell: dict[tuple[int, int], set[int]] = {}
        self.by_name: dict[str, set[int]] = {}
        self.unplaced: set[int] = set()
        self.clusters: list[Cluster] = []

    def add(self, cluster: Cluster) -> None:
        self.clusters.append(cluster)
        i = len(self.clusters) - 1
        self.undated.add(i)
        for m in cluster.members:
            self.file(i, m)

    def file(self, i: int, m: Member) -> None:
        d = m.feat.date
        if d is not None and not d.suspect:
            self.undated.discard(i)
            for day in range(d.start - DATE_TOLERANCE_DAYS, d.end + DATE_TOLERANCE_DAYS + 1):
                self.by_day.setdefault(day, set()).add(i)
        point = _small_place(m)
        if point is None:
            self.unplaced.add(i)
        else:
            self.by_cell.setdefault(_cell(*point), set()).add(i)
            self.by_name.setdefault("full:" + m.feat.place.full, set()).add(i)
            self.by_name.setdefault("core:" + m.feat.place.core, set()).add(i)

    def join(self, i: int, m: Member) -> None:
        self.clusters[i].members.append(m)
        self.file(i, m)

    def candidates(self, m: Member) -> list[int]:
        found = None
        d = m.feat.date
        if d is not None and not d.suspect and d.end - d.start <= 400:
            found = set(self.undated)
            for day in range(d.start, d.end + 1):
                found |= self.by_day.get(day, set())
        point = _small_place(m)
        if point is not None:
            near = set(self.unplaced) | self.by_name.get("full:" + m.feat.place.full, set()) | \
                self.by_name.get("core:" + m.feat.place.core, set())
            for cell in _cells_near(*point):
                near |= self.by_cell.get(cell, set())
            found = near if found is None else found & near
        return sorted(found) if found is not None else list(range(len(self.clusters)))


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return int(math.floor(lat / CELL_DEG)), int(math.floor(lon / CELL_DEG))


def _cells_near(lat: float, lon: float) -> list[tuple[int, int]]:
    """The cells within NEAR_KM of the point (longitude cells widen towards the poles)."""
    r_lat = math.ceil(NEAR_KM / (111.0 * CELL_DEG))
    cos = max(math.cos(math.radians(min(abs(lat) + r_lat * CELL_DEG, 89.0))), 0.01)
    r_lon = min(math.ceil(NEAR_KM / (111.0 * cos * CELL_DEG)), int(180 / CELL_DEG))
    ci, cj = _cell(lat, lon)
    n_lon = int(360 / CELL_DEG)
    return [(ci + a, (cj + b + n_lon // 2) % n_lon - n_lon // 2) for a in range(-r_lat, r_lat + 1)
            for b in range(-r_lon, r_lon + 1)]


def candidate_clusters(m: Member, clusters: list[Cluster] | Blocks) -> Iterator[tuple[int, Cluster]]:
    """The clusters ``m`` is scored against, with their index, oldest first (ties go to
    the older cluster, so keep that order).  The one place candidate pairs are generated:
    with :class:`Blocks`, only the clusters its date can meet."""
    if isinstance(clusters, Blocks):
        return ((i, clusters.clusters[i]) for i in clusters.candidates(m))
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
    blocks = Blocks()
    for m in members:
        best, best_score = None, MERGE_THRESHOLD
        for i, c in candidate_clusters(m, blocks):
            s = _fits(m, c)
            if s is not None and s >= best_score and (best is None or s > best_score):
                best, best_score = i, s
        if best is None:
            blocks.add(Cluster([m]))
        else:
            blocks.join(best, m)
    return blocks.clusters


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
