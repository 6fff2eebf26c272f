"""Military and security force mentions in news text ("4,000 troops", "multiple warships").

:func:`find_forces` returns every force mention of a text as a :class:`Force`: how many
(``count``, or ``None`` when the text gives no number), of what (``unit``, one of
:data:`UNITS`, with an optional more specific ``qualifier`` such as ``"destroyer"``),
whether the number is approximate, and the character span.  :func:`strength` turns a
list of forces into one "troop equivalent" figure (:data:`TROOP_EQUIVALENT`) that the
map uses, log-scaled elsewhere, to size symbols.

The package is pure Python + :mod:`re` (no spaCy), its result is plain picklable data,
and its cost is linear in the text: one scan for force nouns, then a bounded look back
(at most :data:`LOOKBACK_CHARS` characters) from each noun for its quantity.

In: a text (``str``).  Out: a list of :class:`~dashboard.model.Force` (in text order,
non-overlapping); :func:`strength`, :func:`nominal_count` and :func:`weight` size them.

Modules: :mod:`.find` (:func:`find_forces`: which nouns make a mention), :mod:`.nouns`
(the force-noun table ``nouns.json`` and the scan), :mod:`.lookback` (modifiers, quantity,
determiner or deployment word left of a noun), :mod:`.quantities` (numbers, hedges, ranges,
vague quantities, years), :mod:`.tokens`, :mod:`.lexicon` (word lists, ``lexicon.json``),
:mod:`.scale` (weights and nominal sizes, ``scale.json``) and :mod:`.sizing` (strength).

May import: :mod:`dashboard.model`, :mod:`dashboard.errors`.

Rules
-----
A mention is a *force noun* (see ``nouns.json``: "troops", "soldiers", "Marines",
"warships", "destroyers", "F-35 fighter jets", "militia members", "tanks", ...) plus,
to its left, an optional quantity, an optional "of" and up to four modifiers
("4,000 *American* troops", "three *U.S. Navy* destroyers", "thousands *of* militia
members").  Modifiers are capitalised words (nationalities, "U.S."), a closed list of
adjectives ("additional", "armed", "nuclear", ...) and hyphenated words built from them
("nuclear-powered", "guided-missile").  Any other word between a number and the noun
breaks the link: in "eight drug trafficking groups" or "4,000 people" no force noun is
quantified (and "groups"/"people" are not force nouns anyway).

Quantities:

* digits ("4,000", "15 thousand", "1.2 million") and words ("three", "twenty-five",
  "two hundred", "a thousand") give an exact ``count`` with ``approx=False``;
* a hedge before the number ("some", "about", "around", "roughly", "nearly", "almost",
  "up to", "more than", "over", "at least", "as many as", "an estimated", ...) or a
  range ("3,000 to 5,000", "two or three"; the upper bound is kept) keeps the count and
  sets ``approx=True``;
* dozens: "a dozen" = 12, "half a dozen" = 6, "two dozen" = 24, all ``approx=True``
  (in news copy "a dozen" is a round figure); "a couple of" = 2, ``approx=True``;
* vague quantities ("multiple", "several", "a few", "dozens", "scores of", "hundreds",
  "thousands", "tens of thousands", "a fleet of", "a swarm of", ...) give
  ``count=None, approx=True``; their nominal size (:data:`VAGUE_NOMINAL`) is used only by
  :func:`strength`;
* money ("$50 million"), percentages ("8%"), counts over :data:`MAX_COUNT` and years
  ("in 2013", "February 2025") are never counts.

Nouns without a quantity:

* a *bare plural* ("dispatching warships and drones") is a force with ``count=None,
  approx=True`` when it is not preceded by a determiner or possessive (the, these,
  those, its, his, their, the army's, ...) and it is either the object of a
  deployment word (deploy, send, dispatch, station, mobilise, launch, recruit, ...,
  "deployment of", "arrival of", "presence of") or coordinated ("and", "or", ",",
  "as well as") with another force mention.  "the troops would bolster security",
  "deploying the troops" and "U.S. troops can invade" create no force: they refer back
  to or speak of forces without reporting a deployment;
* a singular noun counts only as *one* piece of equipment after "a/an/one/single/
  another" ("a nuclear-powered submarine", "an F-35"), never when it modifies another
  noun ("a drone strike", "a missile test"), and never for personnel ("a soldier").

A quantified mention counts even after a determiner ("the 15,000 troops"), but a
determiner before the first member of a coordination blocks its bare members ("the
4,000 troops and warships" gives the troops only).  Coordination does not reach across
a paragraph break.  A force noun directly followed by another one modifies it
("infantry troops", "missile destroyers"): one mention, the last noun decides the unit.

Generic nouns ("ships", "vessels", "jets", "planes", "aircraft", "helicopters",
"vehicles", "personnel", "forces") count only with a quantity and only when a military
(for ships and vessels: naval) word occurs within :data:`CONTEXT_CHARS` characters, so
"an airline grounded 20 aircraft" is not a force.  Civilian compounds ("cargo ships",
"cruise ships", "oil tankers", "suicide bombers", "fuel tanks") are recognised and
ignored.

Unit decisions: soldiers, Marines, paratroopers, sailors, reservists ("reservist"),
National Guard troops and guardsmen ("national guard"), security forces and peacekeepers
are ``troops``; militia members, militiamen, fighters, militants, insurgents, rebels,
guerrillas, paramilitaries and mercenaries are ``militia``; police officers, riot police,
gendarmes and border guards are ``police``; destroyers, frigates, aircraft carriers,
naval vessels and patrol boats are ``warships`` with the ship type as qualifier; tanks
and armoured personnel carriers are ``vehicles`` (qualifier "tank", ...); drones and UAVs
are ``drones``; "N-strong force/contingent" is N ``troops``.
"""

from dashboard.extract.forces.find import CONTEXT_CHARS, find_forces
from dashboard.extract.forces.lookback import LOOKBACK_CHARS
from dashboard.extract.forces.quantities import MAX_COUNT
from dashboard.extract.forces.scale import (
    BARE_NOMINAL,
    QUALIFIER_EQUIVALENT,
    TROOP_EQUIVALENT,
    VAGUE_NOMINAL,
)
from dashboard.extract.forces.sizing import nominal_count, strength, weight
from dashboard.model import FORCE_UNITS as UNITS
from dashboard.model import Force

__all__ = [
    "UNITS",
    "TROOP_EQUIVALENT",
    "QUALIFIER_EQUIVALENT",
    "VAGUE_NOMINAL",
    "BARE_NOMINAL",
    "MAX_COUNT",
    "LOOKBACK_CHARS",
    "CONTEXT_CHARS",
    "Force",
    "find_forces",
    "nominal_count",
    "weight",
    "strength",
]
