"""Resolution: rank every mention's gazetteer candidates with document-level evidence.

The candidate's prior (kind, population, capital status), the document's country and
admin-1 focus (votes of the other mentions, demonyms included), containment patterns
("X, Y", "X in Y"), type words next to the mention ("state", "county", "border", "sea"),
and spatial coherence with the other resolved places.  Several rounds let early
decisions inform later ones.

In: the :class:`~dashboard.geoparse.cues.Draft` values of one document.  Out: the
same drafts with ``cands``, ``best`` and ``score`` set; and the document's focus.
"""

from __future__ import annotations

import math
import re
from collections import Counter

import numpy as np

from dashboard.gazetteer import Candidate
from dashboard.geoparse.lexicon import DIRECTIONS, LOCAL_KINDS, SEATS_OF_GOVERNMENT
from dashboard.geoparse.names import PlaceNames
from dashboard.geoparse.ranker import Ranker, features, shipped_ranker
from dashboard.geoparse.cues import Draft
from dashboard.geoparse.variants import VARIANT_WEIGHT, rewrites
from dashboard.model import Place
from dashboard.util.geo import distances_km, haversine_km
from dashboard.util.text import normalize

# Weights of the evidence in resolution (tuned on the LGL/TR-News dev sets; few, coarse).
DEFAULT_WEIGHTS = {
    "country": 0.30,  # the candidate's country is the document's (share of the top country's votes)
    "admin1": 0.22,  # ... its state/province is the document's
    "contain": 0.30,  # "X, Y" / "X in Y" with Y containing the candidate
    "type": 0.18,  # a type word next to the mention fits the candidate's kind
    "near": 0.15,  # close to the other places of the document
    "near_km": 150.0,
    "demonym": 0.92,  # weight of a demonym reading ("Canadian" -> Canada) relative to the country prior
    "rounds": 3,  # passes of the document-level votes (each uses the previous pass's choices)
}


#: how far from an airport the town it is named after may lie (see _served_town)
SERVED_TOWN_KM = 60.0


class Resolver:
    """Choose one gazetteer candidate per mention of a document."""

    def __init__(self, names: PlaceNames, *, candidates: int = 25, weights: dict | None = None,
                 ranker: Ranker | None | str = "shipped"):
        self.names = names
        self.n_candidates = candidates
        self.weights = {**DEFAULT_WEIGHTS, **(weights or {})}
        #: the learned ranker of the last round (:mod:`dashboard.geoparse.ranker`); None: the hand-set weights
        self.ranker = shipped_ranker() if ranker == "shipped" else ranker
        #: when a list, the last round appends ``(mention, candidates, features, hand-set choice)`` per
        #: mention (for training the ranker)
        self.trace: list | None = None

    def demonym_votes(self, sdoc) -> Counter:
        """Country votes of the document's demonyms ("Venezuelan" -> VE)."""
        votes: Counter = Counter()
        for ent in sdoc.ents:
            if ent.label_ == "NORP":
                p = self.names.demonym_of(ent.text)
                if p is not None and p.kind == "country":
                    votes[p.country_code] += 1
        return votes

    def candidates(self, m: Draft) -> list[Candidate]:
        return self.candidates_for_text(m.text)

    def candidates_for_text(self, text: str) -> list[Candidate]:
        """The gazetteer's readings of a mention's text, best first."""
        text = text.strip()
        text = re.sub(r"^(?:the|The|THE)\s+", "", text)
        text = re.sub(r"['’]s$", "", text)
        if not text:
            return []
        seat = SEATS_OF_GOVERNMENT.get(normalize(text))
        if seat is not None:  # "the White House": in Washington (not Casablanca, "Dar el Beida")
            capital = self.names.gazetteer.capital(seat)
            if capital is not None:
                return [Candidate(capital, 1.0, text, "name")]
        lookup = self.names.lookup
        cands = lookup(text, limit=self.n_candidates)
        # "Canadian", "European": the demonym's country or region is a reading too, usually
        # a better one than a town of that name
        dems = lookup(text, limit=2, kinds=("country", "region", "admin1"), name_types=("demonym",))
        if not cands and not dems:  # "Readington Township", "North London": another form of the name
            return self.variant_candidates(text)
        if dems:
            w = self.weights["demonym"]
            best: dict[int, Candidate] = {c.place.id: c for c in cands}
            for c in dems:
                c = Candidate(c.place, c.place.importance * w, c.matched, c.name_type)
                if c.place.id not in best or best[c.place.id].score < c.score:
                    best[c.place.id] = c
            cands = sorted(best.values(), key=lambda c: -c.score)
        return cands

    def variant_candidates(self, text: str) -> list[Candidate]:
        """Candidates of the first other form of the name that has any
        (:func:`dashboard.geoparse.variants.rewrites`: "Readington Township", "North London",
        "Londoners"), their scores discounted; none when no form has any."""
        for query, kinds, rule in rewrites(text):
            name_types = ("name", "long") if rule == "inhabitant" else None
            found = self.names.lookup(query, limit=self.n_candidates, kinds=kinds, name_types=name_types)
            if found:
                return [Candidate(c.place, c.score * VARIANT_WEIGHT, c.matched, c.name_type) for c in found]
        if len(text.split()) >= 2 and len(text) >= FUZZY_MIN_CHARS:
            # "Lower Shabelle" for "Lower Shabeelle": a prominent feature spelt within a letter
            # or two — multi-word names only (a one-word near miss is as often a surname)
            for key, score in self.names.close_names(text, FUZZY_MIN_SCORE)[:1]:
                found = self.names.lookup(key, limit=self.n_candidates)
                return [Candidate(c.place, c.score * VARIANT_WEIGHT * score / 100, c.matched, c.name_type)
                        for c in found]
        return []

    def resolve(self, sdoc, mentions: list[Draft], demonyms: Counter) -> None:
        W = self.weights
        by_text: dict[str, list[Candidate]] = {}
        keys: dict[int, str] = {}
        for m in mentions:
            key = keys[id(m)] = normalize(m.text)
            if key not in by_text:
                by_text[key] = _demote_alt_spellings(self.candidates(m))
        # A name found only in another form ("New Londoners", "Hamilton Township") that the
        # document also uses as such ("New London") is that mention's place: one name, one vote.
        for m in mentions:
            cands = by_text[keys[id(m)]]
            if cands:
                other = normalize(cands[0].matched)
                if other != keys[id(m)] and by_text.get(other):
                    keys[id(m)] = other
        for m in mentions:
            key = keys[id(m)]
            m.cands = by_text[key]
            if m.label == "NORP" or (m.label == "ORG-PART" and self.names.demonym_of(m.text) is not None):
                # a nationality word reads as its country ("Indian troops", "the Indian Army":
                # India, not the ocean)
                m.cands = [c for c in m.cands if c.name_type == "demonym"] or m.cands
            if m.decisive and m.type_hint:  # "the Kherson region", "the Dnipro river": the head noun's kind
                of_kind = [c for c in m.cands if c.place.kind in m.type_hint]
                if of_kind:
                    m.cands = of_kind
            m.best = m.cands[0] if m.cands else None
        containers = _containers(sdoc, mentions)
        # Candidate points of every distinct name, for spatial coherence: a reading is
        # likelier when some reading of another name in the document lies near it.
        local = {}
        used = set(keys.values())
        for key, cands in by_text.items():
            if key not in used:
                continue
            pts = [(math.radians(c.place.lat), math.radians(c.place.lon), c.score) for c in cands[:10]
                   if c.place.kind in LOCAL_KINDS]
            if pts:
                arr = np.array(pts)
                arr[:, 2] = arr[:, 2] / arr[:, 2].max()
                local[key] = arr
        rounds = int(W["rounds"])
        bureaus: dict[str, Candidate] = {}
        for _round in range(rounds):
            last = _round == rounds - 1
            learned = last and (self.ranker is not None or self.trace is not None)
            bests = {keys[id(m)]: m.best for m in mentions if m.best is not None}
            country_votes, admin1_votes = Counter(), Counter()
            for cc, n in demonyms.items():
                country_votes[cc] += 0.5 * n
            for c in bests.values():
                _vote(c.place, country_votes, admin1_votes, +1)
            coherence = {}
            for key, arr in local.items():
                others = [a for k, a in local.items() if k != key]
                if not others:
                    continue
                pts = np.vstack(others)
                owner = np.concatenate([[i] * len(a) for i, a in enumerate(others)])
                coherence[key] = (pts, owner, len(others))
            for m in mentions:
                if not m.cands:
                    continue
                key = keys[id(m)]
                cv, av = Counter(country_votes), Counter(admin1_votes)
                own = bests.get(key)
                if own is not None:  # votes from the *other* mentions only
                    _vote(own.place, cv, av, -1)
                cmax = max([v for v in cv.values() if v > 0] or [1.0])
                amax = max([v for v in av.values() if v > 0] or [1.0])
                container = containers.get(id(m))
                coh = coherence.get(key)
                best, best_s = None, -1.0
                rows, sums = [], []
                for rank, c in enumerate(m.cands):
                    p = c.place
                    ev = {"country_vote": 0.0, "admin1_vote": 0.0, "contain": 0.0, "type_fit": 0.0, "coherence": 0.0}
                    if p.country_code and cv[p.country_code] > 0:
                        ev["country_vote"] = cv[p.country_code] / cmax
                    elif p.kind == "border" and any(cv[x] > 0 for x in p.countries):
                        ev["country_vote"] = max(cv[x] for x in p.countries) / cmax
                    code = p.admin1_code or (p.iso_code if p.kind == "admin1" else None)
                    if code and av[code] > 0:
                        ev["admin1_vote"] = av[code] / amax
                    if container is not None and _inside(p, container):
                        ev["contain"] = 1.0
                    if m.type_hint and p.kind in m.type_hint:
                        ev["type_fit"] = 1.0
                    if coh is not None and p.kind in LOCAL_KINDS:
                        ev["coherence"] = _coherence(p, *coh, W["near_km"])
                    s = c.score + W["country"] * ev["country_vote"] + W["admin1"] * ev["admin1_vote"] + \
                        W["contain"] * ev["contain"] + W["type"] * ev["type_fit"] + W["near"] * ev["coherence"]
                    sums.append(s)
                    ev["hand_set"] = s
                    if learned:
                        rows.append(features(c, ev, rank, len(m.cands)))
                    if s > best_s:
                        best, best_s = c, s
                if learned:
                    X = np.vstack(rows)
                    if self.trace is not None:
                        self.trace.append((m, list(m.cands), X, int(np.argmax(sums))))
                    if self.ranker is not None:
                        i = int(np.argmax(self.ranker.scores(X)))
                        best, best_s = m.cands[i], sums[i]
                m.best, m.score = _own_name_reading(m, _served_town(m, best)), best_s
                if last and container is None and _dateline(sdoc, m):
                    m.best = _bureau_city(m)
                    if m.best is not None:
                        bureaus[key] = m.best
        # one sense per discourse: the dateline's city is the city of the same name in the text
        for m in mentions:
            bureau = bureaus.get(keys[id(m)])
            if bureau is not None and m.best is not None and m.best.place.kind == "city" and \
                    containers.get(id(m)) is None:
                m.best = bureau


#: a city this populous (or a capital) is a wire bureau's; a smaller dateline is local news
WORLD_CITY_POPULATION = 1_000_000
#: how many times more populous a dateline's biggest reading must be to beat the one chosen
BUREAU_POPULATION_RATIO = 3.0


#: a multi-word name with no candidate is read as the prominent feature spelt this close
#: (rapidfuzz ratio of the normalised names, 0–100) and at least this long
FUZZY_MIN_SCORE = 92.0
FUZZY_MIN_CHARS = 10


def _dateline(sdoc, m: Draft) -> bool:
    """A dateline: recognised as one, or a capitals-only name opening the text or a line
    ("WASHINGTON Christopher Steele, who …")."""
    if m.label == "DATELINE":
        return True
    if m.tok_start is None or not m.text.isupper() or sum(ch.isalpha() for ch in m.text) < 3:
        return False
    return m.tok_start == 0 or "\n" in sdoc[m.tok_start - 1].text_with_ws or sdoc[m.tok_start - 1].is_space


def _bureau_city(m: Draft) -> Candidate | None:
    """A dateline names the bureau a story was filed from: a capital or a world city, not its
    small namesake however much the story is about the namesake's country ("WASHINGTON"
    over a story of British spies is the US capital, not Washington, Tyne and Wear) —
    unless the dateline names its state or country ("PORTLAND, Maine").  A local paper's
    dateline ("ROSWELL —") keeps the reading its context chose."""
    best = m.best
    if best is None or best.place.kind != "city":
        return best
    # by its own name: "Islamabad" is an old name of Chittagong, a bigger city
    cities = [c for c in m.cands if c.place.kind == "city" and c.name_type in ("name", "long", "abbr")]
    if not cities:
        return best
    big = max(cities, key=lambda c: c.place.population or 0)
    world_city = big.place.subtype == "capital" or (big.place.population or 0) >= WORLD_CITY_POPULATION
    if world_city and (big.place.population or 0) >= BUREAU_POPULATION_RATIO * max(1, best.place.population or 0):
        return big
    return best


def focus(mentions: list[Draft], demonyms: Counter) -> tuple[tuple[str, float], ...]:
    """The document's countries with their shares of the votes, most-mentioned first."""
    votes: Counter = Counter()
    for m in mentions:
        if m.best is None:
            continue
        p = m.best.place
        for cc in (p.countries if p.kind != "region" else ()):
            votes[cc] += (2.0 if p.kind == "country" else 1.0) / max(1, len(p.countries))
    for cc, n in demonyms.items():
        votes[cc] += n
    total = sum(votes.values()) or 1.0
    return tuple((cc, round(v / total, 4)) for cc, v in sorted(votes.items(), key=lambda kv: (-kv[1], kv[0])))


#: what may stand between a place and the unit containing it: "X, Y", "X in Y", "X of Y",
#: also with a part of Y named ("Redding, northern California", "a town in eastern Ukraine")
_CONTAINED_BY = re.compile(r"\s*(?:,|in|,\s*in|of)\s*(?:(?:%s)\s+)?" % "|".join(sorted(DIRECTIONS, key=len, reverse=True)),
                           re.IGNORECASE)


def _containers(sdoc, mentions: list[Draft]) -> dict[int, Place]:
    """'X, Y' and 'X in Y': Y (a country or admin1) contains X."""
    out: dict[int, Place] = {}
    ordered = sorted(mentions, key=lambda m: m.start)
    text = sdoc.text
    for a, b in zip(ordered, ordered[1:]):
        between = text[a.end:b.start]
        if not _CONTAINED_BY.fullmatch(between):
            continue
        outer = [c for c in b.cands[:3] if c.place.kind in ("country", "admin1")]
        if outer:
            out[id(a)] = outer[0].place
    return out


def _vote(p: Place, countries: Counter, admin1: Counter, sign: int) -> None:
    """Add (sign=+1) or withdraw (-1) a resolved place's votes for its country and state."""
    if p.kind != "region":
        for cc in p.countries:
            countries[cc] += sign / max(1, len(p.countries))
    if p.kind == "admin1":
        code = p.admin1_code or p.iso_code
        if code:
            admin1[code] += sign * 1.5
    elif p.admin1_code:
        admin1[p.admin1_code] += sign * 1.0


def _coherence(p: Place, pts, owner, n_owners: int, scale_km: float) -> float:
    """Mean over the other names of the best (closeness × relative score) of their readings."""
    d = distances_km(p.lat, p.lon, pts[:, 0], pts[:, 1])
    val = np.exp(-d / scale_km) * pts[:, 2]
    best = np.zeros(n_owners)
    np.maximum.at(best, owner, val)
    return float(best.mean())


def _demote_alt_spellings(cands: list[Candidate]) -> list[Candidate]:
    """A town that merely lists the name among its alternates ("Minneota" for
    "Minnesota") ranks below a place that bears it as its own name."""
    if not any(c.name_type in ("name", "long", "abbr") for c in cands):
        return cands
    out = [Candidate(c.place, c.score * 0.9, c.matched, c.name_type)
           if c.name_type == "alt" and c.place.kind == "city" and normalize(c.matched) != normalize(c.place.name)
           else c for c in cands]
    return sorted(out, key=lambda c: -c.score)


def stands_for_its_town(m: Draft, c: Candidate) -> bool:
    """Is ``c`` an airport the mention names only by the place it serves ("Portland", no
    "airport" beside it)?  Then the mention means that place, not the airport."""
    return c.place.kind == "facility" and c.name_type == "short" and "facility" not in m.type_hint


def _served_town(m: Draft, best: Candidate) -> Candidate:
    """"Portland" with no "airport" beside it is the town, not the airport named after it:
    an airport that :func:`stands_for_its_town` gives way to the place bearing the name
    within SERVED_TOWN_KM of it, when there is one.  (The ranker is trained not to choose
    such airports, see :func:`dashboard.evaluate.ranker.collect`; this keeps the promise
    when it still does.)"""
    if not stands_for_its_town(m, best):
        return best
    towns = [c for c in m.cands if c.place.kind in ("city", "admin2") and c.name_type in ("name", "long")
             and haversine_km(best.place.lat, best.place.lon, c.place.lat, c.place.lon) <= SERVED_TOWN_KM]
    return max(towns, key=lambda c: c.score) if towns else best


def _own_name_reading(m: Draft, best: Candidate) -> Candidate:
    """"Moscow", "Beijing", "Kyiv" alone are the city, not the province that bears the
    city's name only as an alternate ("Moskovskaya oblast'", "Beijing Shi"): a province
    read by an alternate name gives way to the city of that own name inside it, unless a
    type word asks for the province ("the Kyiv region").  A state whose own name it is
    ("New York", "Tokyo") keeps its reading; so does a country ("Mexico" is no city)."""
    p = best.place
    if best.name_type == "alt" and p.kind != "country" and not m.type_hint:
        # "Mexico" beside "Mexico City": the country whose own name it is, not the city that
        # has it as an alternate (the city's own mention must not lend it its votes)
        own = [c for c in m.cands if c.place.kind == "country" and c.name_type in ("name", "long")]
        if own:
            return own[0]
    if p.kind != "admin1" or best.name_type != "alt" or "admin1" in m.type_hint:
        return best
    code = p.admin1_code or p.iso_code
    towns = [c for c in m.cands if c.place.kind == "city" and c.name_type in ("name", "long")
             and c.place.country_code == p.country_code
             and (c.place.admin1_code == code or c.place.subtype == "capital")]
    return max(towns, key=lambda c: c.score) if towns else best


def _inside(p: Place, container: Place) -> bool:
    if p.id == container.id:
        return False
    if container.kind == "country":
        return p.country_code == container.country_code and p.kind != "country"
    if container.kind == "admin1":
        code = container.admin1_code or container.iso_code
        return bool(code) and p.admin1_code == code and p.kind != "admin1"
    return False
