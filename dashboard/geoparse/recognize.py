"""Recognition: which spans of a spaCy ``Doc`` name places.

Hybrid: spaCy's NER (GPE, LOC, FAC); ORG/PERSON entities taken back only where the whole
entity is a known place in a place context; news datelines; gazetteer phrase matching
over capitalised token runs the NER did not claim (never inside a PERSON or ORG entity:
"Sinaloa Cartel", "CBS News" stay organisations); places inside organisation names
("University of Oklahoma") as affiliations; demonyms ("Venezuelan") as context.

Out: :class:`Draft` values (span, source, label, type hint, modifier) that resolution
(:mod:`dashboard.geoparse.resolve`) fills with candidates.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dashboard.gazetteer import Candidate
from dashboard.geoparse.lexicon import (DATELINE, DIRECTIONS, ENT_PLACE_LABELS, GENERIC_WORDS, LOCATIVE_PREPS,
                                        NON_PLACE_LABELS, DECISIVE_TYPE_WORDS, ORG_WORDS, PERSON_TITLES, PLACE_HEAD_WORDS, PLACE_SUFFIX, TYPE_WORDS, VESSEL_NOUNS,
                                        VESSEL_PREFIXES)
from dashboard.geoparse.names import PlaceNames
from dashboard.util.text import normalize


@dataclass
class Draft:
    """A mention being recognised and resolved (mutable working state of one document)."""

    start: int  # char offsets
    end: int
    text: str
    source: str
    tok_start: int | None = None  # token span in the spaCy doc, when known
    tok_end: int | None = None
    label: str | None = None
    type_hint: tuple[str, ...] = ()
    decisive: bool = False  # the type word is a head noun that fixes the kind ("the X river")
    modifier: str | None = None
    cands: list[Candidate] = field(default_factory=list)
    best: Candidate | None = None
    score: float = 0.0


def draft(sdoc, s: int, e: int, source: str, label: str | None) -> Draft:
    """A draft for the token span ``s..e`` (without a hyphen the tokeniser left on its last
    word: "the Egyptian- Israeli treaty")."""
    span = sdoc[s:e]
    text = span.text.rstrip("-‐–")
    return Draft(span.start_char, span.start_char + len(text), text, source, s, e, label)


class Recognizer:
    """Find the place mentions of a processed spaCy ``Doc``."""

    def __init__(self, names: PlaceNames):
        self.names = names

    def recognize(self, sdoc) -> list[Draft]:
        lex, longest = self.names.lexicon
        codes = self.names.codes
        taken = [False] * len(sdoc)
        blocked = [False] * len(sdoc)  # inside PERSON / ORG / other non-place entities
        mentions: list[Draft] = []
        doubtful = []
        demonyms = self.names.demonyms
        for ent in sdoc.ents:
            if ent.label_ in ENT_PLACE_LABELS and normalize(ent.text) in demonyms:
                continue  # "Ukrainian" tagged GPE: a nationality (found below), not a place
            if ent.label_ in ENT_PLACE_LABELS:
                s, e = _strip_the(ent)
                e = self._civic_suffix(sdoc, s, e)
                modifier = None
                if e - s > 1 and sdoc[s].lower_ in DIRECTIONS and normalize(sdoc[s:e].text) not in lex \
                        and not self.names.named(sdoc[s:e].text):
                    # "Northeast Georgia": Georgia, north-east part; "South Charleston" is a town
                    modifier = DIRECTIONS[sdoc[s].lower_]
                    s += 1
                if s >= e:
                    continue
                m = draft(sdoc, s, e, "ner", ent.label_)
                m.modifier = modifier
                mentions.append(m)
                for i in range(ent.start, e):
                    taken[i] = True
            elif ent.label_ in ("ORG", "PERSON", "PRODUCT") or (
                    ent.label_ == "NORP" and self.names.demonym_of(ent.text) is None):
                # NORP that is no nationality: "the Odesa region"; PRODUCT: "its Kaliningrad
                # exclave" (taken back in a place context)
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
            if e - s > 1 and sdoc[e - 1].lower_ in STREET_HEADS and key not in lex and \
                    all(_capitalised(t) for t in sdoc[s:e]) and not any(taken[s:e]):
                # "Bucknell Drive", "Danielsville Road" called a person or an organisation: the
                # head noun says it is a street
                mentions.append(draft(sdoc, s, e, "ner", "FAC"))
                for i in range(s, e):
                    taken[i], blocked[i] = True, False
                continue
            if words & ORG_WORDS or key not in lex or key in GENERIC_WORDS:
                if ent.label_ == "ORG" or (ent.label_ == "PERSON" and words & ORG_WORDS):
                    # "McMinn County Sheriff", "Alexandria Police" (the model's PERSON)
                    mentions.extend(self._places_in_org(sdoc, s, e, lex))
                continue
            # A prominent place the model called PERSON, or any place it called either,
            # is taken back only where a place stands ("in Torrington", "Dublin, Ohio").
            strong = self.names.strong_place(key)
            in_context = key in placed or place_context(sdoc, s, e, taken)
            if not (in_context or (strong and ent.label_ == "ORG") or sdoc[e - 1].lower_ in ("county", "parish")
                    or (strong and e - s == 1 and PLACE_SUFFIX.search(sdoc[s].text))):
                continue
            mentions.append(draft(sdoc, s, e, "ner", "LOC" if ent.label_ in ("NORP", "PRODUCT") else ent.label_))
            for i in range(ent.start, ent.end):
                blocked[i] = False
            for i in range(s, e):
                taken[i] = True
        mentions.extend(self._datelines(sdoc, taken, blocked))
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
                if not any(ch.isalpha() for ch in last.text):
                    continue  # a sentence's full stop or a bracket is no part of a name ("Colombo.")
                span = sdoc[i:j]
                key = normalize(span.text)
                if key in GENERIC_WORDS:
                    continue
                if (key in lex or span.text in codes) and self._plausible_match(span):
                    found = (i, j)
                    break
            if found:
                mentions.append(draft(sdoc, found[0], found[1], "gazetteer", None))
                for k in range(*found):
                    taken[k] = True
                i = found[1]
            else:
                i += 1
        mentions.extend(self._listed_before_type_word(sdoc, taken))
        mentions.extend(self._small_places(sdoc, taken, blocked))
        # Demonyms ("Venezuelan", "Canadians") point to their country or region: kept as
        # toponyms with role "demonym" (context and actor hints, never an event's place).
        for ent in sdoc.ents:
            if ent.label_ == "NORP" and self.names.demonym_of(ent.text) is not None and \
                    not _ethnic_compound(sdoc, ent.start, ent.end):
                mentions.append(draft(sdoc, ent.start, ent.end, "ner", "NORP"))
                for i in range(ent.start, ent.end):
                    taken[i] = True
        mentions.extend(self._demonym_words(sdoc, taken))
        surnames = {e[-1].text for e in sdoc.ents if e.label_ == "PERSON" and len(e) > 1}
        mentions = [m for m in mentions if not _ship_name(sdoc, m) and not _clitic(m) and not self._speaker(sdoc, m)
                    and not self._person_word(sdoc, m, surnames) and not _era(sdoc, m)]
        mentions.sort(key=lambda m: m.start)
        for m in mentions:
            add_type_hint(sdoc, m)
        return mentions

    def _demonym_words(self, sdoc, taken: list[bool]) -> list[Draft]:
        """Nationality words the model did not tag ("The Lithuanian government", "Ukrainian
        and Russian delegations"): any capitalised word (or two: "North Korean") that is a
        known demonym and no place name, outside the place mentions."""
        demonyms = self.names.demonyms
        out: list[Draft] = []
        i, n = 0, len(sdoc)
        while i < n:
            if taken[i] or not sdoc[i].text[:1].isupper() or sdoc[i].is_stop or sdoc[i].ent_type_ == "PERSON":
                i += 1
                continue
            for j in (i + 2, i + 1):
                if j <= n and not any(taken[i:j]) and all(t.is_alpha for t in sdoc[i + 1:j]) and \
                        normalize(sdoc[i:j].text) in demonyms and not _ethnic_compound(sdoc, i, j):
                    out.append(draft(sdoc, i, j, "gazetteer", "NORP"))
                    for k in range(i, j):
                        taken[k] = True
                    i = j - 1
                    break
            i += 1
        return out

    def _speaker(self, sdoc, m: Draft) -> bool:
        """"… it wasn't patriotic to show such work," Petrova said: a one-word name that is
        the subject of a reporting verb is a person unless it is a prominent place (a capital
        speaking for its government: "Moscow said")."""
        if m.source != "ner" or m.tok_start is None or m.tok_end - m.tok_start != 1:
            return False
        tok = sdoc[m.tok_start]
        return tok.dep_ == "nsubj" and tok.head.lemma_.lower() in SPEAKING_VERBS and \
            not self.names.strong_place(normalize(m.text))

    def _person_word(self, sdoc, m: Draft, surnames: set[str]) -> bool:
        """One word that is a person's in this document: after a title ("coach Ripley",
        "Judge Fairfield"), or the surname of a person it names in full ("Lisa Fairfield …
        Fairfield's lawyers") — one sense per discourse — unless the word is a country's,
        a state's or a capital's name ("Denzel Washington … Washington announced")."""
        if m.source not in ("ner", "gazetteer") or m.tok_start is None or m.tok_end - m.tok_start != 1 \
                or m.label == "NORP":
            return False
        titled = m.tok_start > 0 and sdoc[m.tok_start - 1].lower_ in PERSON_TITLES
        if not (titled or m.text in surnames):
            return False
        best = self.names.lookup(m.text, limit=1)  # a state or a capital may share the word
        return not (best and (best[0].place.kind in ("country", "admin1", "region", "sea") or
                              best[0].place.subtype == "capital"))

    def _listed_before_type_word(self, sdoc, taken: list[bool]) -> list[Draft]:
        """"Becker, Clay, Otter Tail and Wilkin counties", "the Kherson and Zaporizhzhia
        regions", "Phanom Dong Rak and Kap Choeng districts": names listed before a plural
        place-type word are places of that kind, whatever label the model gave them (it
        often calls such a list people or organisations)."""
        out: list[Draft] = []
        for k, tok in enumerate(sdoc):
            if tok.lower_ not in PLURAL_TYPE_WORDS or tok.i == tok.sent.start:
                continue
            groups, i, lo = [], k, tok.sent.start
            while i > lo:
                j = i
                while j > lo and i - j < MAX_LISTED_WORDS and _capitalised(sdoc[j - 1]) and not sdoc[j - 1].is_stop \
                        and sdoc[j - 1].is_alpha:
                    j -= 1
                if j == i:
                    break
                groups.append((j, i))
                if j - 1 > lo and sdoc[j - 1].lower_ in ("and", "or", "&") and sdoc[j - 2].text == ",":
                    i = j - 2  # "…, Swift, and Wilkin"
                elif j > lo and sdoc[j - 1].text == "," or j > lo and sdoc[j - 1].lower_ in ("and", "or", "&"):
                    i = j - 1
                else:
                    break
            if len(groups) < 2:
                continue  # one name before a type word: the type hint does that ("the Kherson region")
            hints = TYPE_WORDS[tok.lower_]
            for a, b in groups:
                if any(taken[a:b]):
                    continue
                m = draft(sdoc, a, b, "pattern", None)
                m.type_hint, m.decisive = hints, True
                out.append(m)
                for x in range(a, b):
                    taken[x] = True
        return out

    def _small_places(self, sdoc, taken: list[bool], blocked: list[bool]) -> list[Draft]:
        """Towns below the phrase lexicon's size that the model did not tag, where the text
        says a place stands: "off the coast of Mokha", "the town of Diboli", "near
        Makhmour" — a capitalised name of one to three words, not inside another entity,
        after a place noun + "of" or a spatial preposition, that the gazetteer knows."""
        out: list[Draft] = []
        n = len(sdoc)
        persons = {e.start: e for e in sdoc.ents if e.label_ == "PERSON"}
        i = 0
        while i < n:
            if i in persons and not taken[i] and not sdoc[i].is_sent_start and (
                    _place_noun_of(sdoc, i) or sdoc[i - 1].lower_ in PERSON_PLACE_PREPS):
                # the model's PERSON label is evidence, not a gate: "the villages of Kfar
                # Kila", "near Markaba" are places when the gazetteer has the whole name
                ent = persons[i]
                if ent.end - ent.start <= 3 and not any(taken[ent.start:ent.end]) and \
                        normalize(ent.text) not in GENERIC_WORDS and self.names.lookup(ent.text, limit=1):
                    out.append(draft(sdoc, ent.start, ent.end, "gazetteer", "CONTEXT"))
                    for k in range(ent.start, ent.end):
                        taken[k], blocked[k] = True, False
                    i = ent.end
                    continue
            if taken[i] or blocked[i] or not _capitalised(sdoc[i]) or sdoc[i].is_sent_start or \
                    not _strong_place_context(sdoc, i):
                i += 1
                continue
            j = i
            while j < n and j - i < 3 and not taken[j] and not blocked[j] and \
                    (_capitalised(sdoc[j]) or (sdoc[j].text in ("-", "al", "el") and j + 1 < n and _capitalised(sdoc[j + 1]))):
                j += 1
            if j < n and sdoc[j].text in ("'s", "’s"):
                i = j
                continue  # "near Smith's farm"
            span = sdoc[i:j]
            key = normalize(span.text)
            if key and key not in GENERIC_WORDS and not any(t.is_stop for t in span) and \
                    self.names.lookup(span.text, limit=1):
                out.append(draft(sdoc, i, j, "gazetteer", "CONTEXT"))
                for k in range(i, j):
                    taken[k] = True
            i = max(j, i + 1)
        return out

    def _datelines(self, sdoc, taken: list[bool], blocked: list[bool]) -> list[Draft]:
        """News datelines: "TORRINGTON — The city council…", "SOUTH CHARLESTON, W.Va. --",
        "BEIRUT (Reuters) -" at the start of the text, a line or a sentence.  The small model
        rarely tags capitals-only words; a dateline names a place by convention, so any
        gazetteer entry will do (small towns included)."""
        out: list[Draft] = []
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
                if key in GENERIC_WORDS or not (raw in self.names.codes or self.names.lookup(raw, limit=1)):
                    break  # not a place: neither is what follows the comma
                span = sdoc.char_span(s, e, alignment_mode="expand")
                if span is None or any(taken[i] for i in range(span.start, span.end)):
                    continue
                out.append(draft(sdoc, span.start, span.end, "dateline", "DATELINE" if group == "name" else None))
                for i in range(span.start, span.end):
                    taken[i], blocked[i] = True, False
        return out

    def _civic_suffix(self, sdoc, s: int, e: int) -> int:
        """The end of the place in "Fargo City Commissioner", "Dublin City Council members",
        "Ohio State University": the town or state before "City"/"State", which with the
        office after it names an institution of that place — unless "X City" is a town's
        own name ("Kansas City Council", "Carson City schools")."""
        if e - s < 2 or sdoc[e - 1].lower_ not in CIVIC_SUFFIXES or e >= len(sdoc):
            return e
        nxt = sdoc[e]
        if not (nxt.lower_ in ORG_WORDS or nxt.lower_ in OFFICE_WORDS or nxt.lemma_.lower() in OFFICE_WORDS):
            return e
        if not self.names.lookup(sdoc[s:e - 1].text, limit=1):
            return e
        whole = self.names.lookup(sdoc[s:e].text, limit=5)
        if any(c.name_type == "name" and c.place.kind == "city" for c in whole):
            return e
        return e - 1

    def drop_unknown_words(self, sdoc, mentions: list[Draft]) -> list[Draft]:
        """A single word the model calls a place that no gazetteer entry knows is, far more
        often than a hamlet, a surname the small model mis-tagged ("Farrin", "Saakashvili"):
        it is kept only where a place stands ("in Zamalek", "Oconee County").  A longer
        name no entry knows is kept when its words say it is a place ("Cooper Street",
        "Mount Hood", "Kanawha Valley"), not a person, a day or an institution ("Sheryl
        Gorsuch", "St. Patrick's Day", "Henderson County Jail")."""
        taken = [False] * len(sdoc)
        for m in mentions:
            if m.tok_start is not None:
                for i in range(m.tok_start, m.tok_end):
                    taken[i] = True
        return [m for m in mentions
                if m.cands or m.source != "ner" or m.tok_start is None
                or (m.tok_end - m.tok_start > 1 and _place_like(sdoc[m.tok_start:m.tok_end]))
                or (m.tok_end - m.tok_start == 1 and place_context(sdoc, m.tok_start, m.tok_end, taken))]

    def _places_in_org(self, sdoc, s: int, e: int, lex) -> list[Draft]:
        """"Texas Department of State Health Services", "Laurel County Sheriff's Office",
        "University of Oklahoma": the place an organisation's name carries, as an affiliation
        (role "org") — never the place where something happens.  A leading name counts when
        it is a prominent place, a county or parish, or when the rest of the name is an
        institution ("Middletown High School"); so does the place after "of"."""
        out: list[Draft] = []
        institution = any(t.lower_ in ORG_WORDS for t in sdoc[s:e])

        def place_at(i: int, stop: int) -> int | None:
            for j in range(min(stop, i + 4), i, -1):
                span = sdoc[i:j]
                if not _capitalised(span[0]) or not (_capitalised(span[-1]) or span[-1].text.endswith(".")):
                    continue
                key = normalize(span.text)
                if key in GENERIC_WORDS or not (key in lex or span.text in self.names.codes):
                    continue
                if self.names.strong_place(key) or (institution and self.names.own_name(span.text)) or \
                        span[-1].lower_ in ("county", "parish"):
                    return j
            return None

        def org_part(a: int, b: int) -> Draft:
            m = draft(sdoc, a, b, "org", "ORG")
            m.label = "ORG-PART"
            return m

        j = place_at(s, e - 1 if e - s > 1 else s)  # never the whole entity (checked by the caller)
        if j is not None:
            j = self._civic_suffix(sdoc, s, j)  # "Ohio State University": Ohio
            out.append(org_part(s, j))
        for i in range(max(s + 1, j or s), e - 1):
            if sdoc[i].lower_ != "of":
                continue
            k = i + 1 + (sdoc[i + 1].lower_ == "the" and i + 2 < e)
            j2 = place_at(k, e)
            if j2 is not None:
                out.append(org_part(k, j2))
                break
        return out

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
            if not self.names.strong_place(normalize(t.text)):
                return False  # "March", "Grove": a small town's name is a common word too
            if t.pos_ not in ("PROPN", "") and not (t.text.isupper() and len(t.text) > 2):
                return False
            if t.is_stop or (t.is_sent_start and t.pos_ != "PROPN"):
                return False
            if len(t.text) <= 2:
                return False
        return True


def _place_like(span) -> bool:
    """Do the words of a multi-word name say it is a place?  A place head word anywhere
    but in a leading "St." (a saint), and no organisation word."""
    words = [t.lower_ for t in span]
    if words[0] in ("st.", "st", "saint"):
        words = words[1:]
    return any(w in PLACE_HEAD_WORDS for w in words) and not any(w in ORG_WORDS for w in words)


def add_type_hint(sdoc, m: Draft) -> None:
    """The place-type word next to a mention ("Zulia state", "the state of Zulia") and a
    direction word before it ("southern Zulia")."""
    if m.tok_start is None:
        return
    after = sdoc[m.tok_end].lower_ if m.tok_end < len(sdoc) else ""
    if m.tok_end + 1 < len(sdoc) and f"{after} {sdoc[m.tok_end + 1].lower_}" in TYPE_WORDS:
        after = f"{after} {sdoc[m.tok_end + 1].lower_}"  # "Ain al-Asad air base"
    last = sdoc[m.tok_end - 1].lower_
    before = sdoc[m.tok_start - 1].lower_ if m.tok_start > 0 else ""
    hints: tuple[str, ...] = ()
    for w in (last, after):
        if w in TYPE_WORDS:
            hints = TYPE_WORDS[w]
            m.decisive = w in DECISIVE_TYPE_WORDS
            break
    if m.tok_start > 1 and before == "of" and sdoc[m.tok_start - 2].lower_ in TYPE_WORDS:
        hints = TYPE_WORDS[sdoc[m.tok_start - 2].lower_]
        m.decisive = sdoc[m.tok_start - 2].lower_ in DECISIVE_TYPE_WORDS
    if not hints and m.label == "DATELINE":
        hints = ("city",)  # a dateline names the town the story was filed from
    m.type_hint = hints
    if before in DIRECTIONS and m.modifier is None:
        m.modifier = DIRECTIONS[before]


def _ship_name(sdoc, m: Draft) -> bool:
    """"the frigate Psara", "the tanker Kira", "USS Carney": ships bear place names."""
    if m.tok_start is None or m.tok_start == 0:
        return False
    before = sdoc[m.tok_start - 1]
    return before.lower_ in VESSEL_NOUNS or before.text in VESSEL_PREFIXES


#: nouns whose "of" phrase is a place ("the coast of X", "the town of X", "outskirts of X")
PLACE_OF_NOUNS = frozenset({"coast", "town", "city", "village", "port", "outskirts", "suburb", "suburbs", "district",
                            "province", "region", "governorate", "area", "vicinity", "edge", "north", "south", "east",
                            "west", "northeast", "northwest", "southeast", "southwest", "centre", "center", "harbour",
                            "harbor", "island", "islands", "municipality", "county", "state", "capital", "shores",
                            "hill", "hills", "neighbourhood", "neighborhood", "camp", "valley"})
#: prepositions that put a name on the map ("near X", "outside X") — not "of", "in" alone
SPATIAL_PREPS = frozenset({"near", "outside", "towards", "toward", "off", "opposite", "around"})


def _strong_place_context(sdoc, i: int) -> bool:
    prev = sdoc[i - 1] if i > 0 else None
    if prev is None:
        return False
    if prev.lower_ in SPATIAL_PREPS:
        return True
    return _place_noun_of(sdoc, i)


def _place_noun_of(sdoc, i: int) -> bool:
    """"the villages of X", "the port of X": a place noun (singular or plural) and "of"."""
    return i > 1 and sdoc[i - 1].lower_ == "of" and (
        sdoc[i - 2].lower_ in PLACE_OF_NOUNS or sdoc[i - 2].lemma_.lower() in PLACE_OF_NOUNS)


#: prepositions after which a name the model called a person is still taken as a place
#: when the gazetteer knows it ("near Kfar Kila") — not "towards" or "around" ("policy
#: towards X", "the circle around X")
PERSON_PLACE_PREPS = frozenset({"near", "outside", "off", "opposite"})


def place_context(sdoc, s: int, e: int, taken: list[bool]) -> bool:
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
    if sdoc.has_annotation("SENT_START") and all(t.is_punct or t.is_space or s <= t.i < e for t in sdoc[s].sent):
        return True  # a line that is only the name: a dateline or section head ("Mali.")
    return False


#: verbs a person reports with (their one-word subject is a surname, not a village)
SPEAKING_VERBS = frozenset({"say", "tell", "add", "explain", "recall", "note", "write", "insist", "argue"})


#: first halves of a pan-ethnic name ("African-American", "Asian-Americans"): no country
PAN_ETHNIC = frozenset({"african", "asian", "european", "arab", "latin", "hispanic", "pacific"})
#: the second half of a diaspora's name ("African-American", "Mexican-Americans")
DIASPORA_HOMES = frozenset({"american", "americans", "canadian", "canadians", "australian", "australians"})


def _ethnic_compound(sdoc, i: int, j: int) -> bool:
    """"Native Americans", "African-Americans", "Mexican-American artists": an ethnic
    identity, not a reference to a country (neither Africa nor the United States)."""
    words = [t.lower_ for t in sdoc[i:j]]
    if i > 0 and sdoc[i - 1].lower_ == "native" and words[-1] in DIASPORA_HOMES | {"alaskan", "alaskans"}:
        return True
    if j + 1 < len(sdoc) and sdoc[j].text in ("-", "‐") and sdoc[j + 1].lower_ in DIASPORA_HOMES and \
            words[-1] in PAN_ETHNIC:
        return True  # "African-Americans": the first half ("Russian-American art" is Russia's)
    return i > 1 and sdoc[i - 1].text in ("-", "‐") and words[-1] in DIASPORA_HOMES and \
        sdoc[i - 2].lower_ in PAN_ETHNIC


def _era(sdoc, m: Draft) -> bool:
    """"built between 250 and 100 B.C.": an era after a year, not British Columbia."""
    return m.text in ("B.C.", "A.D.", "BC", "AD", "BCE", "CE") and m.tok_start is not None and \
        m.tok_start > 0 and sdoc[m.tok_start - 1].like_num


def _clitic(m: Draft) -> bool:
    """A contraction's clitic the model tagged ("haven’t" → "n’t": the code of the Northern
    Territory), or a span without two letters, is no name."""
    letters = sum(ch.isalpha() for ch in m.text)
    return letters < 2 or m.text.lower().replace("’", "'") in ("n't", "'s", "'re", "'ve", "'ll", "'d", "'m")


#: head nouns that make a capitalised name a street or road, whatever the model tagged it
#: (not "lane" or "court": Nathan Lane, Margaret Court)
STREET_HEADS = frozenset({"drive", "road", "street", "avenue", "boulevard", "circle", "parkway", "highway",
                          "st.", "rd.", "ave.", "blvd.", "dr."})
#: plural place-type words a list of names may stand before ("X, Y and Z counties")
PLURAL_TYPE_WORDS = frozenset(w for w in TYPE_WORDS if w.endswith("s") and w.isalpha())
#: the most words of one listed name ("Otter Tail", "Phanom Dong Rak")
MAX_LISTED_WORDS = 3

#: the words after a place name that make it "the X city/state" institution's
CIVIC_SUFFIXES = frozenset({"city", "state"})
#: offices and bodies of a town or state ("City Commissioner", "State Senator")
OFFICE_WORDS = frozenset({"commissioner", "councilman", "councilwoman", "councilmember", "councillor",
                          "councilor", "manager", "attorney", "clerk", "treasurer", "auditor", "engineer",
                          "planner", "senator", "representative", "trooper", "patrol", "schools", "hall",
                          "officials", "employees", "leaders", "fair", "park", "parks", "budget"})


def _strip_the(ent) -> tuple[int, int]:
    s, e = ent.start, ent.end
    doc = ent.doc
    while s < e and doc[s].lower_ in ("the",):
        s += 1
    while e > s and doc[e - 1].text in ("'s", "’s", "'", "’"):
        e -= 1
    return s, e


def _capitalised(tok) -> bool:
    return bool(tok.text) and tok.text[0].isupper()
