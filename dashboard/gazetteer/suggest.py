""""Did you mean …?": gazetteer names close to a name that matched nothing.

:class:`NameIndex` holds the normalised names (primary, long, alternate and short forms)
of the features a user is likely to look up — those with a ranking prior of at least
:data:`MIN_IMPORTANCE`: countries, first-level divisions, seas, regions, borders and the
larger towns — one entry per key, keeping its most important feature.  A query is
normalised the same way and compared with every key by rapidfuzz's edit-distance
``ratio`` (a whole-name comparison: "Tachria" is close to "tachira", not to every name
holding "ta").  A match through an alternate name counts :data:`ALT_PENALTY` points less
(the answer shown is the feature's primary name, which may not look like the query), and
only answers within :data:`WINDOW` points of the best are offered: features' primary
names, best score first, ties to the more important feature.  The whole list is scanned
(some 160,000 keys, tens of milliseconds), so a typo in the first letter is found too.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property

from rapidfuzz import fuzz, process

from dashboard.util.text import normalize

__all__ = ["ALT_PENALTY", "MIN_IMPORTANCE", "MIN_SCORE", "NameIndex", "WINDOW"]

#: Features below this prior (villages, airstrips) are not offered as suggestions.
MIN_IMPORTANCE = 0.7
#: The least similarity (0–100, rapidfuzz ``ratio`` of the normalised names) worth offering.
MIN_SCORE = 76.0
#: Points taken off a match through an alternate (often foreign-language) name.
ALT_PENALTY = 8.0
#: How far below the best answer an answer may score and still be offered.
WINDOW = 8.0


class NameIndex:
    """Normalised names → (primary name, importance, alternate?), searched by edit distance."""

    def __init__(self, rows: Iterable[tuple[str, str, float, str]]):
        """*rows*: ``(normalised name, feature's primary name, feature importance, name type)``."""
        best: dict[str, tuple[str, float, bool]] = {}
        for key, name, importance, name_type in rows:
            if not key or not key.isascii():  # the keys an English-typed query can be close to
                continue
            alt = name_type == "alt"
            known = best.get(key)
            if known is None or (known[2], -known[1]) > (alt, -importance):  # a primary name first
                best[key] = (name, importance, alt)
        self._keys = list(best)
        self._best = best

    def __len__(self) -> int:
        return len(self._keys)

    def closest(self, name: str, cutoff: float) -> list[tuple[str, float]]:
        """The normalised names (primary or alternate: a lookup by the name finds the feature
        either way) within *cutoff* (0–100) of *name*, closest first: ``(name key, score)``."""
        key = normalize(name)
        if not key:
            return []
        # a ratio of at least `cutoff` bounds the length difference: only names of about the
        # same length, with the same first letter, are compared (a geoparser asks this of
        # every unresolved name, so the full scan is kept for "did you mean")
        slack = int(len(key) * (100 - cutoff) / cutoff) + 1
        pool = [k for n in range(len(key) - slack, len(key) + slack + 1) for k in self._by_start.get((key[0], n), ())]
        hits = process.extract(key, pool, scorer=fuzz.ratio, limit=8, score_cutoff=cutoff)
        return sorted(((k, round(score, 6)) for k, score, _index in hits),
                      key=lambda h: (-h[1], -self._best[h[0]][1], h[0]))

    @cached_property
    def _by_start(self) -> dict[tuple[str, int], list[str]]:
        out: dict[tuple[str, int], list[str]] = {}
        for k in self._keys:
            out.setdefault((k[0], len(k)), []).append(k)
        return out

    def suggest(self, name: str, limit: int = 5) -> list[str]:
        """Up to *limit* primary names of features whose names are close to *name*."""
        key = normalize(name)
        if not key or limit < 1:
            return []
        hits = process.extract(key, self._keys, scorer=fuzz.ratio, limit=limit * 8, score_cutoff=MIN_SCORE)
        scored = [(round(score - ALT_PENALTY * self._best[k][2], 6), k) for k, score, _index in hits]
        scored = [h for h in scored if h[0] >= MIN_SCORE]
        if not scored:
            return []
        top = max(score for score, _k in scored)
        scored.sort(key=lambda h: (-h[0], -self._best[h[1]][1], h[1]))
        out: list[str] = []
        for score, hit_key in scored:
            primary = self._best[hit_key][0]
            if score >= top - WINDOW and primary not in out:
                out.append(primary)
            if len(out) == limit:
                break
        return out
