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

from dashboard.geoparse.cues import (CIVIC_SUFFIXES, MAX_LISTED_WORDS, MUNICIPAL_WORDS, OFFICE_WORDS,
                                     PERSON_PLACE_PREPS, PLURAL_TYPE_WORDS, SPEAKING_VERBS, STREET_HEADS, Draft,
                                     add_type_hint, capitalised, clitic, draft, era, ethnic_compound, language_use,
                                     nameless, on_border, place_context, place_like, place_noun_of, ship_name,
                                     strip_the, strong_place_context)
from dashboard.geoparse.lexicon import (DATELINE, DIRECTIONS, ENT_PLACE_LABELS, GENERIC_WORDS, NON_PLACE_LABELS,
                                        ORG_WORDS, PERSON_TITLES, PLACE_SUFFIX, TYPE_WORDS)
from dashboard.geoparse.names import PlaceNames
from dashboard.geoparse.spans import adjust_spans
from dashboard.util.text import normalize

__all__ = ["Draft", "Recognizer", "add_type_hint", "draft"]


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
                s, e = strip_the(ent)
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
            s, e = strip_the(ent)
            if s >= e:
                continue
            words = {t.lower_ for t in sdoc[s:e]}
            key = normalize(sdoc[s:e].text)
            if e - s > 1 and sdoc[e - 1].lower_ in STREET_HEADS and key not in lex and \
                    all(capitalised(t) for t in sdoc[s:e]) and not any(taken[s:e]):
                # "Bucknell Drive", "Danielsville Road" called a person or an organisation: the
                # head noun says it is a street
                mentions.append(draft(sdoc, s, e, "ner", "FAC"))
                for i in range(s, e):
                    taken[i], blocked[i] = True, False
                continue
            if not words & ORG_WORDS and on_border(sdoc, e) and not any(taken[s:e]):
                # "the Torkham border crossing" called an organisation: a place on a border
                mentions.append(draft(sdoc, s, e, "ner", "LOC"))
                for i in range(s, e):
                    taken[i], blocked[i] = True, False
                continue
            # "East Bank Mayor", "Alexandria Police": a town's officers name it (small towns too)
            civic = e < len(sdoc) and sdoc[e].lower_ in MUNICIPAL_WORDS and capitalised(sdoc[e]) and \
                bool(self.names.lookup(sdoc[s:e].text, limit=1))
            if (words & ORG_WORDS and not civic) or (key not in lex and not civic) or key in GENERIC_WORDS:
                if ent.label_ == "ORG" or (ent.label_ == "PERSON" and words & ORG_WORDS):
                    # "McMinn County Sheriff", "Alexandria Police" (the model's PERSON)
                    mentions.extend(self._places_in_org(sdoc, s, e, lex))
                continue
            # A prominent place the model called PERSON, or any place it called either,
            # is taken back only where a place stands ("in Torrington", "Dublin, Ohio").
            strong = self.names.strong_place(key)
            in_context = key in placed or place_context(sdoc, s, e, taken)
            # a prominent place the model called an organisation counts where it describes a
            # noun ("a Columbia woman", "the Krasnodar area") or heads a headline; standing
            # alone in a clause it is the organisation ("talking to Hamas", "Titan will drill")
            if not (in_context or (strong and ent.label_ == "ORG" and self._modifier_or_headline(sdoc, s, e))
                    or sdoc[e - 1].lower_ in ("county", "parish")
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
            if taken[i] or blocked[i] or not capitalised(tok):
                i += 1
                continue
            found = None
            for j in range(min(n, i + longest), i, -1):
                if any(taken[k] or blocked[k] for k in range(i, j)):
                    continue
                last = sdoc[j - 1]
                if not capitalised(last) and not last.text.endswith("."):
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
            if found and tok.lower_ == "the" and found[1] - found[0] > 1 and not any(
                    c.place.name.lower().startswith("the ") for c in self.names.lookup(sdoc[i:found[1]].text, limit=3)):
                found = (i + 1, found[1])  # "The Hounslow councillors": the name starts after the article
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
                    not ethnic_compound(sdoc, ent.start, ent.end):
                mentions.append(draft(sdoc, ent.start, ent.end, "ner", "NORP"))
                for i in range(ent.start, ent.end):
                    taken[i] = True
        mentions.extend(self._demonym_words(sdoc, taken))
        surnames = {e[-1].text for e in sdoc.ents if e.label_ == "PERSON" and len(e) > 1}
        mentions = [m for m in mentions if not ship_name(sdoc, m) and not clitic(m) and not self._speaker(sdoc, m)
                    and not self._person_word(sdoc, m, surnames) and not era(sdoc, m) and not language_use(sdoc, m)]
        mentions.sort(key=lambda m: m.start)
        adjust_spans(sdoc, mentions, self.names)
        mentions = [m for m in mentions if not nameless(m)]
        for m in mentions:
            add_type_hint(sdoc, m)
        return mentions

    @staticmethod
    def _modifier_or_headline(sdoc, s: int, e: int) -> bool:
        root = sdoc[s:e].root
        if root.dep_ in ("compound", "amod", "nmod", "poss") and root.head.i >= e:
            return True
        if e < len(sdoc) and sdoc[e].text in ("-", "‐") and e + 1 < len(sdoc) and sdoc[e + 1].lower_ == "based":
            return True  # "the Sligo-based mother"
        return s == 0 or "\n" in sdoc[s - 1].text_with_ws  # a headline's first word

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
                        normalize(sdoc[i:j].text) in demonyms and not ethnic_compound(sdoc, i, j):
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
                while j > lo and i - j < MAX_LISTED_WORDS and capitalised(sdoc[j - 1]) and not sdoc[j - 1].is_stop \
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
                    place_noun_of(sdoc, i) or sdoc[i - 1].lower_ in PERSON_PLACE_PREPS):
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
            if taken[i] or blocked[i] or not capitalised(sdoc[i]) or sdoc[i].is_sent_start or \
                    not strong_place_context(sdoc, i):
                i += 1
                continue
            j = i
            while j < n and j - i < 3 and not taken[j] and not blocked[j] and \
                    (capitalised(sdoc[j]) or (sdoc[j].text in ("-", "al", "el") and j + 1 < n and capitalised(sdoc[j + 1]))):
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
                if m.cands or m.source != "ner" or m.tok_start is None or m.label == "ROAD"
                or (m.tok_end - m.tok_start > 1 and place_like(sdoc[m.tok_start:m.tok_end]))
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
                if not capitalised(span[0]) or not (capitalised(span[-1]) or span[-1].text.endswith(".")):
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
            typed = nxt is not None and nxt.lower_ in TYPE_WORDS  # "the Kyiv region": tagged ADJ
            if t.pos_ not in ("PROPN", "") and not (t.text.isupper() and len(t.text) > 2) and not typed:
                return False
            if t.is_stop or (t.is_sent_start and t.pos_ != "PROPN"):
                return False
            if len(t.text) <= 2:
                return False
        return True
