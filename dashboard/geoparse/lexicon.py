"""The geoparser's word lists (``lexicon.json``) and the patterns built from words.

Loaded once, at import: a few hundred words.  Everything is lower case; sets are
frozensets, mappings plain dicts (read-only by convention).
"""

from __future__ import annotations

import json
import re
from importlib.resources import files

from dashboard.util.text import normalize

_DATA = json.loads((files("dashboard.geoparse") / "lexicon.json").read_text(encoding="utf-8"))

#: Gazetteer kinds that are local readings: supported by a document's home country or
#: state and by nearby places, unlike a country, sea or region.
LOCAL_KINDS = ("city", "admin2", "facility")
#: spaCy entity labels that name places, and labels that never do.
ENT_PLACE_LABELS = frozenset(_DATA["place_entity_labels"])
NON_PLACE_LABELS = frozenset(_DATA["non_place_entity_labels"])
#: Words that make an entity an organisation ("Sinaloa Cartel", "CBS News").
ORG_WORDS = frozenset(_DATA["organisation_words"])
#: words before a name that make it a person's ("coach Ripley", "Judge Fairfield")
PERSON_TITLES = frozenset(_DATA["person_titles"])
#: A place-type word next to a name -> the gazetteer kinds it hints at ("Zulia state").
TYPE_WORDS: dict[str, tuple[str, ...]] = {w: tuple(kinds) for w, kinds in _DATA["type_words"].items()}
#: head nouns whose kind wins outright when a candidate of that kind exists
DECISIVE_TYPE_WORDS = frozenset(_DATA["decisive_type_words"])
#: Direction words -> compass direction ("southern" -> "south"), and back to the adjective.
DIRECTIONS: dict[str, str] = dict(_DATA["directions"])
DIRECTION_WORD: dict[str, str] = dict(_DATA["direction_adjectives"])
#: Nouns a country or capital governs when it acts ("Venezuela's president").
GOV_NOUNS = frozenset(_DATA["government_nouns"])
#: Capitalised words that name some place but, alone, almost always mean something else.
GENERIC_WORDS = frozenset(_DATA["generic_words"])
#: words that make a name no gazetteer knows still a place ("Cooper Street", "Mount Hood")
PLACE_HEAD_WORDS = frozenset(_DATA["place_head_words"])
#: Prepositions after which a name stands where a place stands ("in Torrington").
LOCATIVE_PREPS = frozenset(_DATA["locative_prepositions"])
BORDER_WORDS = frozenset(_DATA["border_words"])
#: Coast nouns -> the derived kind ("coastline" -> coast, "waters" -> waters).
COAST_NOUNS: dict[str, str] = dict(_DATA["coast_nouns"])
POSSESSIVE_PRONOUNS = frozenset(_DATA["possessive_pronouns"])
#: "the frigate Psara", "USS Carney": a ship's name, not a place
VESSEL_NOUNS = frozenset(_DATA["vessel_nouns"])
VESSEL_PREFIXES = frozenset(_DATA["vessel_prefixes"])

#: Kinds of place that can act (metonymy: "Washington deployed", "Caracas petitioned").
ACTOR_KINDS = frozenset({"country", "city", "admin1"})

# Endings of town names that are (almost) never surnames: "Gainesville", "Pittsburgh".
PLACE_SUFFIX = re.compile(r"(?:ville|burg|burgh|polis|town|borough|boro)$", re.I)

# "TORRINGTON —", "SOUTH CHARLESTON, W.Va. --", "BEIRUT (Reuters) -", "MOUNT GILEAD (AP) --"
# A dateline starts the text, a line or a sentence (after one or two spaces): the position
# test is part of the pattern and every word is bounded, so a 100,000-letter capitals-only
# token costs linear time, not a backtrack from each of its letters (that took 400 s).
DATELINE = re.compile(
    r"(?:\A|(?<=\n)|(?<=[.!?\"”'’][ ])|(?<=[.!?\"”'’][ ][ ]))"
    r"(?P<name>[A-Z][A-Z'’.\-]{0,29}(?:[ ][A-Z][A-Z'’.\-]{0,29}){0,3})"
    r"(?:,[ ]?(?P<region>[A-Z][A-Za-z.]{0,29}(?:[ ][A-Z][A-Za-z.]{0,29}){0,2}))?"
    r"[ ]?(?:\((?:AP|Reuters|AFP|UPI|CNN|dpa|Xinhua|PTI|IANS|TASS|Bloomberg)\)[ ]?)?(?:—|–|--|-|:)[ ]")
#: Buildings and streets that stand for a government ("the White House", "the Kremlin"),
#: by lookup key -> the country whose capital they are in.
SEATS_OF_GOVERNMENT: dict[str, str] = {normalize(k): v for k, v in _DATA["seats_of_government"].items()
                                       if not k.startswith("_")}
