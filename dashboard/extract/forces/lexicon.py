"""The closed word lists of the force rules, loaded from ``lexicon.json``: number words,
hedges, determiners, year preceders, deployment verbs and nouns, modifier words, the heads
that make a singular noun attributive, and the military and naval context words.

Loaded once, at import.  Words are lower case; sets are frozensets, mappings plain dicts
(read-only by convention).
"""

from __future__ import annotations

import json
from importlib.resources import files

_DATA = json.loads((files("dashboard.extract.forces") / "lexicon.json").read_text(encoding="utf-8"))

#: Number words and their values: "one".."nineteen", "twenty".."ninety", "thousand"...
NUMBER_WORDS: dict[str, int] = dict(_DATA["number_words"])
TENS_WORDS: dict[str, int] = dict(_DATA["tens_words"])
SCALE_WORDS: dict[str, int] = dict(_DATA["scale_words"])

_HEDGES = [tuple(h.split(" ")) for h in _DATA["hedges"]]
#: Hedges before a number, by length in words: "about", ("up", "to"), ("as", "many", "as").
HEDGES_1: frozenset[str] = frozenset(h[0] for h in _HEDGES if len(h) == 1)
HEDGES_2: frozenset[tuple[str, ...]] = frozenset(h for h in _HEDGES if len(h) == 2)
HEDGES_3: frozenset[tuple[str, ...]] = frozenset(h for h in _HEDGES if len(h) == 3)

#: Determiners and possessive pronouns: "the troops", "its warships".
DETERMINERS: frozenset[str] = frozenset(_DATA["determiners"])
#: Words after which a four-digit number is a year ("in 2013", "February 2025").
YEAR_PRECEDERS: frozenset[str] = frozenset(_DATA["year_preceders"])
#: A bare plural right after one of these verbs is deployed ("dispatching warships") ...
DEPLOY_VERBS: frozenset[str] = frozenset(_DATA["deploy_verbs"])
#: ... or after "<one of these nouns> of" ("the deployment of troops").
DEPLOY_NOUNS: frozenset[str] = frozenset(_DATA["deploy_nouns"])
#: Lower-case words that may stand between a quantity and its noun ("4,000 additional troops").
MODIFIER_WORDS: frozenset[str] = frozenset(_DATA["modifier_words"])
#: Function words that are never modifiers, capitalised or not.
NOT_MODIFIER_WORDS: frozenset[str] = frozenset(_DATA["not_modifier_words"])
#: A singular force noun followed by one of these modifies it ("a drone strike").
ATTRIBUTIVE_HEADS: frozenset[str] = frozenset(_DATA["attributive_heads"])
#: Regex alternatives (in order) of the words that make a generic noun military or naval.
MILITARY_CONTEXT: tuple[str, ...] = tuple(_DATA["military_context"])
NAVAL_CONTEXT: tuple[str, ...] = tuple(_DATA["naval_context"])
