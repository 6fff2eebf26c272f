"""Recognition's working values and the word cues it judges a span by.

:class:`Draft` is a mention being recognised and resolved; the functions here read the
words in and around a span: whether its words say it is a place (:func:`place_like`,
:func:`place_context`), a place-type word beside it (:func:`add_type_hint`), and what makes
a name-like span no place at all — a ship's name, an era, a contraction's clitic, an ethnic
identity (:func:`ship_name`, :func:`era`, :func:`clitic`, :func:`ethnic_compound`).  The
word lists are recognition's own; the shared vocabulary is :mod:`dashboard.geoparse.lexicon`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dashboard.gazetteer import Candidate
from dashboard.geoparse.lexicon import (BORDER_WORDS, DECISIVE_TYPE_WORDS, DIRECTIONS, LOCATIVE_PREPS, ORG_WORDS,
                                        PLACE_HEAD_WORDS, TYPE_WORDS, VESSEL_NOUNS, VESSEL_PREFIXES)

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


def place_like(span) -> bool:
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
    if not hints and after in (",", "and", "or"):
        hints = _listed_type(sdoc, m.tok_end)  # "the Kherson and Zaporizhzhia regions"
    if not hints and m.label == "DATELINE":
        hints = ("city",)  # a dateline names the town the story was filed from
    m.type_hint = hints
    if before in DIRECTIONS and m.modifier is None:
        m.modifier = DIRECTIONS[before]


def _listed_type(sdoc, i: int) -> tuple[str, ...]:
    """The kinds of the plural type word a list of names starting at token ``i`` (after its
    first name) runs to: ", Clay and Wilkin counties" -> admin2."""
    j, stop = i, min(len(sdoc), i + 12)
    while j < stop and (sdoc[j].text in (",", "and", "or") or capitalised(sdoc[j])):
        j += 1
    if i < j < len(sdoc) and capitalised(sdoc[j - 1]) and sdoc[j].lower_ in PLURAL_TYPE_WORDS:
        return TYPE_WORDS[sdoc[j].lower_]
    return ()


def ship_name(sdoc, m: Draft) -> bool:
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


def strong_place_context(sdoc, i: int) -> bool:
    prev = sdoc[i - 1] if i > 0 else None
    if prev is None:
        return False
    if prev.lower_ in SPATIAL_PREPS:
        return True
    return place_noun_of(sdoc, i)


def place_noun_of(sdoc, i: int) -> bool:
    """"the villages of X", "the port of X": a place noun (singular or plural) and "of"."""
    return i > 1 and sdoc[i - 1].lower_ == "of" and (
        sdoc[i - 2].lower_ in PLACE_OF_NOUNS or sdoc[i - 2].lemma_.lower() in PLACE_OF_NOUNS)


#: prepositions after which a name the model called a person is still taken as a place
#: when the gazetteer knows it ("near Kfar Kila") — not "towards" or "around" ("policy
#: towards X", "the circle around X")
PERSON_PLACE_PREPS = frozenset({"near", "outside", "off", "opposite"})


#: what stands on a border ("the Torkham border crossing", "the Chushul-Moldo border meeting point")
BORDER_POINT_NOUNS = frozenset({"crossing", "checkpoint", "post", "point", "gate", "terminal", "outpost", "pass",
                                "town", "village", "area", "market", "bridge"})


def on_border(sdoc, i: int) -> bool:
    """Do the tokens from ``i`` say "border crossing", "border checkpoint", "border meeting
    point" — that the name before them stands on a border?"""
    return i + 1 < len(sdoc) and sdoc[i].lower_ in BORDER_WORDS and (
        sdoc[i + 1].lower_ in BORDER_POINT_NOUNS or
        (i + 2 < len(sdoc) and sdoc[i + 1].lower_ == "meeting" and sdoc[i + 2].lower_ == "point"))


#: a town's officers and services, named after it ("East Bank Mayor Chuck Blair",
#: "Alexandria Police"): the name before them is the town's
MUNICIPAL_WORDS = frozenset({"mayor", "police", "sheriff", "council", "councilman", "councilwoman", "councilmember",
                             "councillors", "councilors", "aldermen", "selectmen", "firefighters"})


def place_context(sdoc, s: int, e: int, taken: list[bool]) -> bool:
    """Does the token span s..e stand where a place stands?"""
    before = sdoc[s - 1] if s > 0 else None
    if before is not None and before.lower_ == "the" and s > 2 and sdoc[s - 2].lower_ in ("and", ",", "or") and \
            taken[s - 3]:
        return True  # "South Australia and the Northern Territory"
    j = s - 1
    while j >= 0 and (sdoc[j].pos_ == "ADJ" or sdoc[j].tag_ in ("VBN", "VBG")) and sdoc[j].text.islower():
        j -= 1
    if j < s - 1 and j > 0 and sdoc[j].lower_ == "the" and sdoc[j - 1].lower_ in LOCATIVE_PREPS and \
            sdoc[j - 1].lower_ != "of":
        return True  # "near the disputed Scarborough Shoal", "in the restive Balochistan"
    after = sdoc[e] if e < len(sdoc) else None
    if after is not None and (after.lower_ in TYPE_WORDS or after.lower_ in MUNICIPAL_WORDS and capitalised(after)):
        return True
    if before is not None and (before.lower_ in LOCATIVE_PREPS or before.lower_ in TYPE_WORDS and before.pos_ == "NOUN"
                               and not capitalised(before)):
        return True  # "in Torrington", "the capital Colombo", "the village of" is the "of" case
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


def ethnic_compound(sdoc, i: int, j: int) -> bool:
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


#: words a language name stands beside ("French class", "Spanish speakers")
LANGUAGE_NOUNS = frozenset({"class", "classes", "course", "courses", "lesson", "lessons", "teacher", "teachers",
                            "student", "students", "immersion", "speaker", "speakers", "language", "translation",
                            "translations", "version", "subtitles", "dictionary", "grammar", "literature", "major"})
#: verbs whose object is a language ("spoke only French")
LANGUAGE_VERBS = frozenset({"speak", "learn", "teach", "study", "translate", "understand", "know"})


def language_use(sdoc, m: Draft) -> bool:
    """"in English and Spanish", "spoke only French and Farsi", "eighth-grade French
    students": a nationality word naming a language, no reference to the country."""
    if m.label != "NORP" or m.tok_start is None or m.tok_end - m.tok_start != 1:
        return False
    tok = sdoc[m.tok_start]
    nxt = sdoc[tok.i + 1] if tok.i + 1 < len(sdoc) else None
    if nxt is not None and nxt.lower_ in LANGUAGE_NOUNS:
        return True
    head = tok
    while head.dep_ == "conj" and head.head is not head:
        head = head.head  # "English and Spanish": the first of the list stands in the clause
    if head.dep_ == "pobj" and head.head.lower_ == "in" and head.pos_ in ("PROPN", "NOUN") and \
            not any(ch.dep_ in ("det", "amod", "compound") for ch in head.children):
        return True  # "airing in Spanish" (a country would be "in Spain")
    return head.dep_ == "dobj" and head.head.lemma_.lower() in LANGUAGE_VERBS


def era(sdoc, m: Draft) -> bool:
    """"built between 250 and 100 B.C.": an era after a year, not British Columbia."""
    return m.text in ("B.C.", "A.D.", "BC", "AD", "BCE", "CE") and m.tok_start is not None and \
        m.tok_start > 0 and sdoc[m.tok_start - 1].like_num


def clitic(m: Draft) -> bool:
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


def strip_the(ent) -> tuple[int, int]:
    s, e = ent.start, ent.end
    doc = ent.doc
    while s < e and doc[s].lower_ in ("the",):
        s += 1
    while e > s and doc[e - 1].text in ("'s", "’s", "'", "’"):
        e -= 1
    return s, e


def capitalised(tok) -> bool:
    return bool(tok.text) and tok.text[0].isupper()


#: a type or street word alone names no place ("Avenue" cut from "Avenue Q", "the metro")
NAMELESS_WORDS = STREET_HEADS | {"district", "metro", "county", "city", "town", "way"}


def nameless(m: Draft) -> bool:
    """Is the mention a type word alone, or a town's building or park with no name of its
    own ("City Hall", "Town Park", "the City of" the model cut from its name)?"""
    words = m.text.lower().split()
    if len(words) == 1:
        return words[0] in NAMELESS_WORDS
    return len(words) == 2 and words[0] in ("city", "town") and words[1] in ("hall", "park", "of")
