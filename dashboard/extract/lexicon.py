"""Event extraction's word lists (``lexicon.json``): trigger verbs and nouns per event
type, the cues and filters that qualify them, titles and state nouns for actors, and the
summary verb per type.  Loaded once, at import."""

from __future__ import annotations

import json
from importlib.resources import files

_DATA = json.loads((files("dashboard.extract") / "lexicon.json").read_text(encoding="utf-8"))

#: verb lemma -> event type; noun (lower case) -> event type
VERB_TRIGGERS: dict[str, str] = dict(_DATA["verb_triggers"])
NOUN_TRIGGERS: dict[str, str] = dict(_DATA["noun_triggers"])
#: verbs that trigger only when negated ("will not accept": a rejection)
NEGATED_ONLY = frozenset(_DATA["negated_only"])
#: what must be fired or launched for it to be an attack
WEAPON_WORDS = frozenset(_DATA["weapon_words"])
#: types that are speech acts (said, not done): located where said, not where they are about
SPEECH_TYPES = frozenset(_DATA["speech_types"])
#: a noun trigger of an attack needs one of these in the sentence ("attacks on X" are words otherwise)
MILITARY_WORDS = frozenset(_DATA["military_words"])
#: a noun trigger needs a cue nearby to count (a "drive" is only a recruitment drive)
NOUN_CUES: dict[str, frozenset[str]] = {k: frozenset(v) for k, v in _DATA["noun_cues"].items()}
#: precedence when one clause fires several types: the most specific wins
TYPE_RANK: list[str] = list(_DATA["type_rank"])
#: types that carry forces
FORCE_TYPES = frozenset(_DATA["force_types"])
PLACE_PREPS = frozenset(_DATA["place_prepositions"])
CONSIDER_LEMMAS = frozenset(_DATA["consider_lemmas"])
INTENT_LEMMAS = frozenset(_DATA["intent_lemmas"])
MODAL_WORDS = frozenset(_DATA["modal_words"])
#: titles before a person's name ("President", "Gen.")
TITLES = frozenset(_DATA["titles"])
#: nouns that stand for a state ("the government", "the military")
STATE_NOUNS = frozenset(_DATA["state_nouns"])
#: the summary's verb phrase per type
VERB_PAST: dict[str, str] = dict(_DATA["verb_past"])
