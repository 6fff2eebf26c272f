"""Military and security force mentions in news text ("4,000 troops", "multiple warships").

:func:`find_forces` returns every force mention of a text as a :class:`Force`: how many
(``count``, or ``None`` when the text gives no number), of what (``unit``, one of
:data:`UNITS`, with an optional more specific ``qualifier`` such as ``"destroyer"``),
whether the number is approximate, and the character span.  :func:`strength` turns a
list of forces into one "troop equivalent" figure (:data:`TROOP_EQUIVALENT`) that the
map uses, log-scaled elsewhere, to size symbols.

The module is pure Python + :mod:`re` (no spaCy), its result is plain picklable data,
and its cost is linear in the text: one scan for force nouns, then a bounded look back
(at most :data:`LOOKBACK_CHARS` characters) from each noun for its quantity.

Rules
-----
A mention is a *force noun* (see ``_ENTRIES``: "troops", "soldiers", "Marines",
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

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

from dashboard.errors import InputError
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


TROOP_EQUIVALENT: dict[str, float] = {
    "troops": 1.0,  # one service member
    "militia": 0.5,  # lightly armed, partly trained
    "police": 0.5,
    "warships": 300.0,  # crew of a destroyer/frigate
    "submarines": 100.0,
    "aircraft": 20.0,  # aircraft + crew + ground support
    "drones": 5.0,
    "vehicles": 4.0,  # crew + firepower of an armoured vehicle
    "artillery": 5.0,
    "missiles": 1.0,
}
"""Weight of one item of each unit on the "force strength" scale (troops = 1)."""

QUALIFIER_EQUIVALENT: dict[str, float] = {
    "aircraft carrier": 3000.0,  # ~5,000 crew + air wing
    "carrier strike group": 7500.0,
    "amphibious ship": 1000.0,  # carries a Marine contingent
    "patrol boat": 30.0,
    "gunboat": 30.0,
    "missile boat": 40.0,
    "coast guard": 100.0,
    "tank": 6.0,
}
"""Weights that override :data:`TROOP_EQUIVALENT` for a specific qualifier."""

VAGUE_NOMINAL: dict[str, int] = {
    "a few": 3,
    "several": 3,
    "multiple": 3,
    "a handful": 5,
    "a number": 5,
    "numerous": 10,
    "many": 10,
    "countless": 1000,
    "dozens": 24,
    "scores": 40,
    "hundreds": 200,
    "thousands": 2000,
    "tens of thousands": 20000,
    "hundreds of thousands": 200000,
    "millions": 2000000,
    # "a <collective> of <force noun>"
    "fleet": 6,
    "flotilla": 6,
    "armada": 10,
    "squadron": 12,
    "swarm": 10,
    "convoy": 10,
    "barrage": 10,
    "salvo": 6,
    "volley": 6,
    "wave": 10,
    "platoon": 30,
    "company": 120,
    "battalion": 600,
    "regiment": 1500,
    "brigade": 3000,
    "division": 12000,
    "contingent": 500,
}
"""Nominal size of a vague quantity, used by :func:`strength` only (``count`` stays None)."""

BARE_NOMINAL: dict[str, int] = {
    "troops": 100,
    "militia": 100,
    "police": 100,
}
"""Nominal size of a bare plural ("sending troops"); any unit not listed here: 3."""

MAX_COUNT = 100_000_000
"""Larger numbers are not taken as force sizes (they are money, populations, ...)."""
LOOKBACK_CHARS = 80
"""How far left of a force noun its quantity and modifiers are looked for."""
CONTEXT_CHARS = 150
"""Half-width of the window searched for a military word around a generic noun."""


# ---------------------------------------------------------------------------------------
# Force nouns.  Each entry: (regex, unit or None for "recognised, not a force",
# qualifier, flags).  Flags: "g" generic, needs a quantity and military context;
# "n" generic, needs a quantity and naval context; "i" invariant (singular = plural);
# "D" aircraft designator; "S" "N-strong" construction.  Order matters: the first entry
# that matches at a position wins, so compounds come before their heads.

_ENTRIES: list[tuple[str, str | None, str | None, str]] = [
    # -- designators: F-35(s), MQ-9 Reaper drones, T-72 tanks, Su-30 fighters
    (
        r"(?-i:[A-Z][A-Za-z]{0,2}-\d{1,3}[A-Z]?)(?:s\b)?"
        r"(?:\s+(?-i:[A-Z][a-z]+))?"
        r"(?:\s+(?:fighter\s+jets?|fighter\s+planes?|fighters?|jets?|bombers?|aircraft|warplanes?|planes?"
        r"|helicopters?|gunships?|drones?|tanks?|(?:armou?red\s+)?vehicles?|howitzers?|missiles?|rockets?))?",
        "aircraft",
        None,
        "D",
    ),
    # -- "N-strong force"
    (
        r"strong\s+(?:[A-Za-z.]+\s+){0,2}?(?:task\s+force|forces?|contingents?|army|brigades?|battalions?"
        r"|divisions?|regiments?|units?|garrisons?|detachments?|deployments?|corps|militias?|fleet|flotilla"
        r"|armada|mission)",
        "troops",
        None,
        "S",
    ),
    # -- civilian look-alikes, recognised so that their heads are not taken as forces
    (r"suicide\s+bombers?", None, None, ""),
    (r"(?:cruise|cargo|container|merchant|fishing|passenger|civilian|commercial|migrant|drug|research|supply|tanker|aid|hospital)\s+(?:ships?|vessels?|boats?)", None, None, ""),
    (r"(?:cargo|passenger|commercial|civilian|private|charter|airline)\s+(?:jets?|planes?|aircraft|flights?|airliners?)", None, None, ""),
    (r"(?:oil|fuel|water|gas|storage|septic|think|fish)\s+tanks?", None, None, ""),
    (r"(?:oil\s+)?tankers?", None, None, ""),
    (r"(?:toy|delivery|hobby|camera)\s+drones?", None, None, ""),
    # -- vehicles (before "personnel", "carriers", "tanks")
    (r"arm(?:ou?red|ed)\s+personnel\s+carriers?", "vehicles", "armored personnel carrier", ""),
    (r"(?-i:APCs?)", "vehicles", "armored personnel carrier", ""),
    (r"infantry\s+fighting\s+vehicles?", "vehicles", "infantry fighting vehicle", ""),
    (r"(?:main\s+)?battle\s+tanks?", "vehicles", "tank", ""),
    (r"tanks?", "vehicles", "tank", ""),
    (r"(?:armou?red|military|army|combat|tactical)\s+(?:vehicles?|cars?|trucks?)", "vehicles", None, ""),
    (r"humvees?", "vehicles", None, ""),
    (r"vehicles?", "vehicles", None, "g"),
    # -- warships
    (r"carrier\s+strike\s+groups?", "warships", "carrier strike group", ""),
    (r"aircraft\s+carriers?", "warships", "aircraft carrier", ""),
    (r"amphibious\s+(?:assault\s+)?(?:ships?|vessels?)", "warships", "amphibious ship", ""),
    (r"(?:landing|assault)\s+ships?", "warships", "amphibious ship", ""),
    (r"landing\s+craft", "warships", "landing craft", "i"),
    (r"missile\s+boats?", "warships", "missile boat", ""),
    (r"patrol\s+(?:boats?|vessels?|ships?|craft)", "warships", "patrol boat", ""),
    (r"coast\s+guard\s+(?:cutters?|ships?|vessels?|boats?)", "warships", "coast guard", ""),
    (r"(?:naval|navy|military|war)\s+(?:ships?|vessels?|boats?)", "warships", None, ""),
    (r"warships?|warvessels?", "warships", None, ""),
    (r"battleships?", "warships", "battleship", ""),
    (r"destroyers?", "warships", "destroyer", ""),
    (r"frigates?", "warships", "frigate", ""),
    (r"corvettes?", "warships", "corvette", ""),
    (r"cruisers?", "warships", "cruiser", ""),
    (r"minesweepers?", "warships", "minesweeper", ""),
    (r"gunboats?", "warships", "gunboat", ""),
    (r"ships?|vessels?", "warships", None, "n"),
    (r"submarines?", "submarines", None, ""),
    # -- drones
    (r"unmanned\s+(?:aerial\s+vehicles?|aerial\s+systems?|aircraft|(?:surface|underwater)\s+vessels?)", "drones", None, "i"),
    (r"(?-i:UAVs?|UCAVs?)", "drones", None, ""),
    (r"loitering\s+munitions?", "drones", "loitering munition", ""),
    (r"drones?|quadcopters?", "drones", None, ""),
    # -- crewed aircraft
    (r"fighter\s+(?:jets?|planes?|aircraft|bombers?)", "aircraft", "fighter jet", ""),
    (r"(?:stealth|jet)\s+fighters?", "aircraft", "fighter jet", ""),
    (r"(?:attack|military|army|navy|combat)\s+helicopters?|helicopter\s+gunships?|gunships?", "aircraft", "helicopter", ""),
    (r"(?:surveillance|reconnaissance|spy|maritime\s+patrol|patrol)\s+(?:aircraft|planes?|jets?|drones?)", "aircraft", "surveillance aircraft", ""),
    (r"(?:military\s+)?(?:transport|tanker|refuel(?:l)?ing)\s+(?:aircraft|planes?)", "aircraft", "transport aircraft", ""),
    (r"warplanes?|war\s+planes?|(?:military|combat)\s+(?:aircraft|jets?|planes?)", "aircraft", None, ""),
    (r"bombers?", "aircraft", "bomber", ""),
    (r"helicopters?", "aircraft", "helicopter", "g"),
    (r"aircraft", "aircraft", None, "gi"),
    (r"jets?|planes?|airplanes?|aeroplanes?", "aircraft", None, "g"),
    # -- artillery (before "missiles", "rockets")
    (r"artillery\s+(?:pieces|guns|systems|batteries|units)", "artillery", None, ""),
    (r"howitzers?", "artillery", "howitzer", ""),
    (r"(?:multiple\s+)?(?:rocket|missile)\s+launch(?:ers?|ing\s+systems?)", "artillery", "rocket launcher", ""),
    (r"(?-i:HIMARS)", "artillery", "rocket launcher", "i"),
    (r"(?:air|anti|missile)[-\s](?:defen[cs]e|aircraft)\s+(?:systems?|batteries|battery|units?)", "artillery", "air defense system", ""),
    (r"mortars", "artillery", "mortar", ""),
    (r"artillery", "artillery", None, "i"),
    # -- missiles
    (r"ballistic\s+missiles?", "missiles", "ballistic missile", ""),
    (r"cruise\s+missiles?", "missiles", "cruise missile", ""),
    (r"hypersonic\s+missiles?", "missiles", "hypersonic missile", ""),
    (r"missiles?", "missiles", None, ""),
    (r"rockets?", "missiles", "rocket", ""),
    # -- personnel (plural forms only: "a soldier" is never a force)
    (r"national\s+guard(?:smen|\s+(?:troops|soldiers|members|personnel|forces))", "troops", "national guard", "i"),
    (r"guardsmen", "troops", "national guard", "i"),
    (r"(?:military|armed|uniformed)\s+personnel", "troops", None, "i"),
    (r"service\s*members|service(?:wo)?men", "troops", None, "i"),
    (r"special\s+(?:operations\s+)?forces", "troops", "special forces", "i"),
    (r"security\s+(?:forces|personnel)", "troops", "security forces", "i"),
    (r"(?:military|armed|ground|government|coalition|allied)\s+forces", "troops", None, "i"),
    (r"peacekeepers", "troops", "peacekeeper", ""),
    (r"paratroop(?:er)?s", "troops", "paratrooper", ""),
    (r"commandos", "troops", "commando", ""),
    (r"marines", "troops", "marine", ""),
    (r"soldiers|troops", "troops", None, ""),
    (r"reservists", "troops", "reservist", ""),
    (r"sailors", "troops", "sailor", ""),
    (r"airmen", "troops", "airman", "i"),
    (r"infantry(?:men)?", "troops", "infantry", "i"),
    (r"personnel", "troops", None, "gi"),
    (r"forces", "troops", None, "g"),
    # -- militia
    (r"militia\s*(?:men|women)|militia\s+(?:members|fighters|troops|forces|volunteers|recruits)", "militia", None, "i"),
    (r"militias", "militia", None, ""),
    (r"paramilitaries|paramilitary\s+(?:fighters|troops|forces|members)", "militia", "paramilitary", ""),
    (r"mercenaries", "militia", "mercenary", ""),
    (r"fighters", "militia", "fighter", ""),
    (r"militants", "militia", "militant", ""),
    (r"insurgents", "militia", "insurgent", ""),
    (r"rebels", "militia", "rebel", ""),
    (r"guerr?ill?as", "militia", "guerrilla", ""),
    (r"jihadists", "militia", "jihadist", ""),
    # -- police
    (r"police\s*(?:officers|men|women|forces)|policemen|policewomen", "police", None, "i"),
    (r"riot\s+police", "police", "riot police", "i"),
    (r"(?:border|federal|military|national|state)\s+police", "police", None, "i"),
    (r"gendarmes", "police", "gendarme", ""),
    (r"border\s+guards", "police", "border guard", ""),
    (r"police", "police", None, "i"),
]

def _entry_regex(i: int) -> str:
    pat, _unit, _qual, flags = _ENTRIES[i]
    if "S" in flags:  # "2,000-strong": right after a hyphen or a blank
        return rf"(?<=[\s\-\u2010\u2011])(?P<e{i}>{pat})\b"
    return rf"(?<![\w\-\u2010\u2011])(?P<e{i}>{pat})\b"


@lru_cache(maxsize=None)
def _alternation(indices: tuple[int, ...]) -> re.Pattern[str]:
    """One regex for the given entries, in their order (compiled on first use)."""
    return re.compile("|".join(_entry_regex(i) for i in indices), re.IGNORECASE)


def _reference_regex() -> re.Pattern[str]:
    """All entries in one regex: what the prefiltered scan must be equivalent to (tests)."""
    return _alternation(tuple(range(len(_ENTRIES))))


# The scan tries a regex only at the start of a letter run, and only the entries that
# contain a word beginning with the run's first three letters (in their original order,
# so compounds still win over their heads); designators ("F-35") have their own regex.
# This keeps the scan linear and fast on any input.
_RUN_RE = re.compile(r"[A-Za-z][A-Za-z0-9]*")
_DESIGNATOR_START_RE = re.compile(r"[A-Z][A-Za-z]{0,2}-\d")


def _build_prefix_index() -> tuple[dict[str, tuple[int, ...]], tuple[int, ...]]:
    by_prefix: dict[str, list[int]] = {}
    designators: list[int] = []
    for i, (pat, _unit, _qual, flags) in enumerate(_ENTRIES):
        if "D" in flags:
            designators.append(i)
            continue
        for prefix in sorted({frag[:3] for frag in re.findall(r"[a-z]{3,}", pat.lower())}):
            by_prefix.setdefault(prefix, []).append(i)
    return {p: tuple(ix) for p, ix in by_prefix.items()}, tuple(designators)


_PREFIX_ENTRIES, _DESIGNATOR_ENTRIES = _build_prefix_index()


def _noun_matches(text: str) -> Iterable[re.Match[str]]:
    """Non-overlapping matches of the noun entries, left to right (as ``finditer`` would)."""
    pos = 0
    get = _PREFIX_ENTRIES.get
    for run in _RUN_RE.finditer(text):
        start = run.start()
        if start < pos:
            continue
        m = None
        if text[start].isupper() and _DESIGNATOR_START_RE.match(text, start):
            m = _alternation(_DESIGNATOR_ENTRIES).match(text, start)
        if m is None:
            entries = get(text[start : start + 3].lower())
            if entries is not None:
                m = _alternation(entries).match(text, start)
        if m is not None:
            yield m
            pos = m.end()


_DESIGNATOR_RE = re.compile(r"(?P<code>([A-Z][A-Za-z]{0,2})-\d{1,3}[A-Z]?)")
_DESIGNATOR_PREFIX_UNIT = {
    **dict.fromkeys(
        ["F", "B", "A", "E", "C", "P", "KC", "EA", "AH", "UH", "CH", "MH", "HH", "V", "Su", "MiG", "J", "Tu", "Mi", "Ka", "Yak", "JF", "FA"],
        "aircraft",
    ),
    "MQ": "drones",
    "RQ": "drones",
}
_DESIGNATOR_TYPE_UNIT = [
    (re.compile(r"drones?$", re.I), "drones"),
    (re.compile(r"(?:tanks?|vehicles?)$", re.I), "vehicles"),
    (re.compile(r"howitzers?$", re.I), "artillery"),
    (re.compile(r"(?:missiles?|rockets?)$", re.I), "missiles"),
    (re.compile(r"(?:jets?|fighters?|bombers?|aircraft|planes?|helicopters?|gunships?)$", re.I), "aircraft"),
]

# ---------------------------------------------------------------------------------------
# Words around the noun.

_TOKEN_RE = re.compile(
    r"(?:[A-Za-z]\.){2,}"  # U.S., U.K.
    r"|[$€£¥]?\d{1,3}(?:[\u00a0\u202f]\d{3})+(?![\d.,])"  # 4 000 with a no-break or thin space
    r"|[$€£¥]?\d+(?:[.,]\d+)*%?"  # numbers, with currency or percent attached
    r"|[^\W\d_]+(?:[\-\u2010\u2011'’][^\W\d_]+)*"  # words, hyphen compounds, possessives
    r"|\S"  # punctuation
)
_DIGITS_RE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:[\u00a0\u202f]\d{3})+|\d+(?:\.\d+)?")
_HYPHEN_RE = re.compile(r"[\-\u2010\u2011]")
_POSSESSIVE_ENDINGS = ("'s", "’s")

_UNIT_WORDS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen".split()
    )
    if i
}
_TENS_WORDS = {w: 10 * i for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if i > 1}
_SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_NUMBERISH = set(_UNIT_WORDS) | set(_TENS_WORDS) | set(_SCALES) | {"hundred", "dozen", "a", "an", "half"}

_VAGUE_PLURALS = {"thousands", "hundreds", "millions", "dozens", "scores"}
_VAGUE_SINGLE = {"multiple", "several", "numerous", "many", "countless"}
_COLLECTIVES = {
    "fleet", "flotilla", "armada", "squadron", "swarm", "convoy", "barrage", "salvo", "volley",
    "wave", "platoon", "company", "battalion", "regiment", "brigade", "division", "contingent",
}  # fmt: skip
_ARTICLES = {"a", "an"}
_SINGLE_MARKERS = {"a", "an", "one", "single", "another", "1"}

_DETERMINERS = {
    "the", "these", "those", "this", "that", "its", "his", "her", "their", "our", "my", "your",
    "such", "said", "which", "whose", "what", "whatever", "no", "any", "every", "each", "both",
    "either", "neither", "all", "own",
}  # fmt: skip
_APPROX_1 = {
    "some", "about", "around", "roughly", "approximately", "nearly", "almost", "over", "estimated",
    "approx", "circa", "ca", "~", "≈", "maybe", "perhaps", "possibly", "reportedly",
}  # fmt: skip
_APPROX_2 = {
    ("up", "to"), ("more", "than"), ("at", "least"), ("close", "to"), ("fewer", "than"),
    ("less", "than"), ("an", "estimated"), ("just", "over"), ("just", "under"), ("well", "over"),
    ("upwards", "of"),
}  # fmt: skip
_APPROX_3 = {("as", "many", "as"), ("in", "excess", "of"), ("as", "few", "as"), ("no", "fewer", "than"), ("no", "more", "than")}
_RANGE_WORDS = {"to", "-", "–", "—", "or"}
_YEAR_PRECEDERS = {
    "in", "since", "by", "until", "till", "from", "during", "before", "after", "of", "year",
    "years", "early", "late", "mid", "summer", "winter", "spring", "autumn", "fall", "jan", "feb",
    "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "january", "february",
    "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "between", "and", "through", "circa",
}  # fmt: skip

_DEPLOY_VERBS = {
    "deploy", "deploys", "deployed", "deploying", "redeploy", "redeploys", "redeployed", "redeploying",
    "send", "sends", "sent", "sending", "dispatch", "dispatches", "dispatched", "dispatching",
    "station", "stations", "stationed", "stationing", "mobilize", "mobilizes", "mobilized",
    "mobilizing", "mobilise", "mobilises", "mobilised", "mobilising", "move", "moves", "moved",
    "moving", "position", "positions", "positioned", "positioning", "preposition", "prepositioned",
    "amass", "amasses", "amassed", "amassing", "mass", "massed", "massing", "rush", "rushed",
    "rushing", "airlift", "airlifted", "airlifting", "fly", "flew", "flown", "flying", "launch",
    "launches", "launched", "launching", "fire", "fires", "fired", "firing", "recruit", "recruits",
    "recruited", "recruiting", "muster", "mustered", "mustering", "bring", "brings", "brought",
    "bringing", "pour", "poured", "pouring", "order", "ordered", "ordering", "scramble",
    "scrambled", "scrambling", "sail", "sailed", "sailing", "add", "added", "adding", "reinforce",
    "reinforced", "reinforcing", "field", "fielded", "fielding", "commit", "committed", "committing",
}  # fmt: skip
_DEPLOY_NOUNS = {
    "deployment", "deployments", "redeployment", "dispatch", "arrival", "arrivals", "buildup",
    "build-up", "mobilization", "mobilisation", "presence", "movement", "movements", "influx",
    "surge", "launch", "launches", "recruitment", "stationing",
}  # fmt: skip
_PARTICLES = {"in", "out", "back"}

_MOD_WORDS = {
    "additional", "more", "extra", "new", "fresh", "further", "other", "armed", "heavily",
    "lightly", "well", "elite", "military", "naval", "navy", "army", "combat", "foreign", "enemy",
    "government", "rebel", "regular", "reserve", "ground", "special", "heavy", "light", "armored",
    "armoured", "unmanned", "attack", "stealth", "nuclear", "allied", "coalition", "federal",
    "national", "local", "surveillance", "reconnaissance", "spy", "riot", "border", "infantry",
    "airborne", "mechanized", "mechanised", "amphibious", "ballistic", "cruise", "hypersonic",
    "guided", "anti", "pro", "advanced", "modern", "fighter", "strike", "assault", "active",
    "volunteer", "loyalist", "paramilitary", "uniformed", "trained", "battle", "frontline", "front",
    "peacekeeping", "kamikaze", "transport", "long", "short", "medium", "range", "powered", "made",
    "built", "class", "capable", "equipped", "based", "backed", "led", "era", "duty", "ready",
    "hardened", "missile", "drone", "marine", "militia", "police", "tank", "combat-ready",
    "multirole", "supersonic", "latest", "older", "fast", "tactical", "strategic", "air", "sea",
    "land", "ship", "surface", "aerial", "underwater", "diesel", "electric", "patrol", "guard",
    "coast", "border", "state", "mobile", "rapid", "reaction", "commando", "marines", "troop",
}  # fmt: skip
_NOT_MOD = (
    _NUMBERISH | _VAGUE_PLURALS | _VAGUE_SINGLE | _DETERMINERS | _APPROX_1 | _DEPLOY_VERBS
    | _DEPLOY_NOUNS | _COLLECTIVES
    | {"of", "and", "or", "but", "to", "in", "on", "at", "by", "for", "with", "from", "as", "than",
       "plus", "nor", "few", "couple", "handful", "number", "tens", "i", "we", "they", "he", "she", "it"}
)  # fmt: skip

_ATTRIBUTIVE_HEADS = {
    "strike", "strikes", "attack", "attacks", "program", "programme", "programs", "test", "tests",
    "launch", "launches", "launcher", "launchers", "base", "bases", "system", "systems", "defense",
    "defence", "site", "sites", "crew", "crews", "pilot", "pilots", "operator", "operators", "maker",
    "makers", "factory", "factories", "technology", "capability", "capabilities", "deal", "deals",
    "sale", "sales", "fire", "barrage", "shield", "battery", "batteries", "battalion", "battalions",
    "brigade", "brigades", "division", "regiment", "unit", "units", "squadron", "squadrons", "fleet",
    "drill", "drills", "exercise", "exercises", "warfare", "operation", "operations", "threat",
    "threats", "incursion", "incursions", "sighting", "sightings", "footage", "industry",
    "production", "engine", "engines", "commander", "commanders", "officer", "officers", "force",
    "group", "groups", "corps", "hunter", "hunters", "killer", "manufacturer", "plant", "depot",
    "stockpile", "arsenal", "fragments", "debris", "components", "parts", "wreckage", "sirens",
    "alert", "alerts", "shelter", "shelters", "war", "wars", "route", "routes", "flight", "flights",
    "crash", "station", "stations", "chief", "chiefs", "academy", "school", "training", "strategy",
    "doctrine", "hit", "hits", "raid", "raids", "shells", "fuel", "parade", "show", "deployment",
    "budget", "contract", "contracts", "mission", "missions", "carrier", "carriers", "boat", "boats",
}  # fmt: skip

_MILITARY_CONTEXT_RE = re.compile(
    r"\b(?:militar\w*|army|armies|navy|naval|air\s+force|marines?|troops?|soldiers?|warships?|"
    r"deploy\w*|defen[cs]e|pentagon|armed|combat|strikes?|attack\w*|war|wars|fleet|militias?|"
    r"missiles?|bomb\w*|patrol\w*|drills?|exercises?|invasion|invade\w*|coast\s+guard|"
    r"national\s+guard|mobili[sz]\w*|offensive|airstrikes?|sorties?|squadron|battalion|brigade|"
    r"regiment|frontline|front\s+line|insurgen\w*|rebels?|militants?|ceasefire|hostilit\w*)\b",
    re.IGNORECASE,
)
_NAVAL_CONTEXT_RE = re.compile(
    r"\b(?:nav(?:y|al|ies)|warships?|fleet|flotilla|coast\s+guard|destroyers?|frigates?|"
    r"corvettes?|maritime\s+forces?|sailors|admiral\w*|carrier\s+strike\s+group)\b",
    re.IGNORECASE,
)
_COORD_RE = re.compile(
    r"\s*(?:,\s*(?:(?:and|or|plus)\s+)?|(?:and|or|plus|as\s+well\s+as|along\s+with|together\s+with|alongside)\s+)",
    re.IGNORECASE,
)
_VAGUE_TEXT_RE = re.compile(
    r"(?:(?:a|an)\s+)?("
    + "|".join(sorted((re.escape(k.removeprefix("a ")) for k in VAGUE_NOMINAL), key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)
_SPACES_RE = re.compile(r"\s+")
_LEFT_STOP_RE = re.compile(r"(?:(?<![A-Za-z])(?:and|or|but|nor|plus)|[,;:()\[\]\"“”!?])[ \t]*\Z", re.IGNORECASE)
_SEPARATORS_RE = re.compile(r"[,\u00a0\u202f]")
_FOUR_DIGITS_RE = re.compile(r"\d{4}")
_NEXT_WORD_RE = re.compile(r"[ \t]+([A-Za-z]+)")


class _Tok(NamedTuple):
    text: str
    low: str
    start: int
    end: int


class _Quantity(NamedTuple):
    count: int | None
    approx: bool
    start: int  # offset of the first character of hedge + quantity
    vague: str | None = None


class _Cand:
    """A force noun found in the text, with what was found to its left."""

    __slots__ = (
        "start", "end", "unit", "qualifier", "flags", "plural", "singular", "qty", "lead",
        "det_before", "deploy_before", "ok", "is_strong",
    )  # fmt: skip

    def __init__(self, start: int, end: int, unit: str | None, qualifier: str | None, flags: str, plural: bool, singular: bool):
        self.start, self.end, self.unit, self.qualifier, self.flags = start, end, unit, qualifier, flags
        self.plural, self.singular = plural, singular
        self.qty: _Quantity | None = None
        self.lead = start  # start of the noun phrase (modifiers included)
        self.det_before = False
        self.deploy_before = False
        self.ok = False
        self.is_strong = "S" in flags


# ---------------------------------------------------------------------------------------
# Numbers.


def _small_words(words: list[str], i: int) -> tuple[int, int] | None:
    """Parse "seven", "twenty", "twenty five", "twenty-five" at ``words[i]``."""
    if i >= len(words):
        return None
    w = words[i]
    if w in _UNIT_WORDS:
        return _UNIT_WORDS[w], i + 1
    if w in _TENS_WORDS:
        if i + 1 < len(words) and words[i + 1] in _UNIT_WORDS and _UNIT_WORDS[words[i + 1]] < 10:
            return _TENS_WORDS[w] + _UNIT_WORDS[words[i + 1]], i + 2
        return _TENS_WORDS[w], i + 1
    parts = _HYPHEN_RE.split(w)
    if len(parts) == 2 and parts[0] in _TENS_WORDS and parts[1] in _UNIT_WORDS and _UNIT_WORDS[parts[1]] < 10:
        return _TENS_WORDS[parts[0]] + _UNIT_WORDS[parts[1]], i + 1
    return None


def _group_words(words: list[str], i: int) -> tuple[int, int] | None:
    """Parse a number below 1000 in words ("two hundred fifty") at ``words[i]``."""
    if i < len(words) and words[i] in _ARTICLES and i + 1 < len(words) and words[i + 1] == "hundred":
        value, i = 100, i + 2
    else:
        small = _small_words(words, i)
        if small is None:
            return None
        value, i = small
        if i < len(words) and words[i] == "hundred":
            value, i = value * 100, i + 1
        else:
            return value, i
    rest = _small_words(words, i)
    if rest is not None:
        value, i = value + rest[0], rest[1]
    return value, i


def _parse_plain(words: list[str]) -> int | None:
    """Value of a whole number phrase ("4,000", "1.2 million", "a thousand", "five thousand")."""
    if not words:
        return None
    if _DIGITS_RE.fullmatch(words[0]):
        raw = _SEPARATORS_RE.sub("", words[0])
        rest = words[1:]
        if not rest:
            return int(raw) if "." not in raw else None
        if len(rest) == 1 and (rest[0] in _SCALES or rest[0] == "hundred"):
            return int(round(float(raw) * (_SCALES.get(rest[0]) or 100)))
        return None
    if words[0] in _ARTICLES and len(words) == 2 and words[1] in _SCALES:
        return _SCALES[words[1]]
    group = _group_words(words, 0)
    if group is None:
        return None
    value, i = group
    if i < len(words) and words[i] in _SCALES:
        value, i = value * _SCALES[words[i]], i + 1
        tail = _group_words(words, i)
        if tail is not None:
            value, i = value + tail[0], tail[1]
    return value if i == len(words) else None


def _parse_number(words: list[str]) -> tuple[int, bool] | None:
    """(value, approx) of a number phrase, dozens included; None if it is not one."""
    if words and words[-1] == "dozen":
        head = words[:-1]
        if head in (["a"], ["an"]):
            return 12, True
        if head == ["half", "a"]:
            return 6, True
        value = _parse_plain(head)
        return (value * 12, True) if value else None
    value = _parse_plain(words)
    return (value, False) if value is not None else None


def _is_numberish(low: str) -> bool:
    if low in _NUMBERISH:
        return True
    if low[0].isdigit():
        return _DIGITS_RE.fullmatch(low) is not None
    parts = _HYPHEN_RE.split(low)
    return len(parts) == 2 and parts[0] in _TENS_WORDS and parts[1] in _UNIT_WORDS


def _number_ending_at(toks: list[_Tok], i: int) -> tuple[int, bool, int] | None:
    """The longest number phrase ending at ``toks[i]``: (value, approx, first index)."""
    k = i
    while k >= 0 and i - k < 6 and _is_numberish(toks[k].low):
        k -= 1
    for first in range(k + 1, i + 1):
        parsed = _parse_number([t.low for t in toks[first : i + 1]])
        if parsed is not None:
            return parsed[0], parsed[1], first
    return None


def _is_year(toks: list[_Tok], first: int, last: int, value: int) -> bool:
    if first != last or not 1800 <= value <= 2199 or not _FOUR_DIGITS_RE.fullmatch(toks[first].low):
        return False
    return first > 0 and (toks[first - 1].low in _YEAR_PRECEDERS or toks[first - 1].low == ",")


# ---------------------------------------------------------------------------------------
# Looking left of a noun.


class _Spans:
    """Sorted, disjoint spans (added left to right) with a membership test."""

    __slots__ = ("starts", "ends")

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def add(self, start: int, end: int) -> None:
        self.starts.append(start)
        self.ends.append(end)

    def __contains__(self, offset: int) -> bool:
        i = bisect.bisect_right(self.starts, offset) - 1
        return i >= 0 and offset < self.ends[i]

    def intersects(self, lo: int, hi: int) -> bool:
        """True if some span overlaps ``[lo, hi)``."""
        i = bisect.bisect_right(self.ends, lo)
        return i < len(self.starts) and self.starts[i] < hi


def _is_modifier(tok: _Tok, absorbed: _Spans) -> bool:
    if tok.start in absorbed:
        return True
    if not tok.text[0].isalpha():
        return False
    low = tok.low
    if low in _NOT_MOD or low.endswith(_POSSESSIVE_ENDINGS):
        return False
    if low in _MOD_WORDS:
        return True
    if _HYPHEN_RE.search(low):
        parts = _HYPHEN_RE.split(low)
        return any(p in _MOD_WORDS for p in parts)
    return tok.text[0].isupper()


def _is_determiner(tok: _Tok) -> bool:
    return tok.low in _DETERMINERS or tok.low.endswith(_POSSESSIVE_ENDINGS)


def _approx_before(toks: list[_Tok], first: int) -> int | None:
    """Index of the first token of a hedge ("some", "up to", "as many as") before ``first``."""
    if first >= 3 and (toks[first - 3].low, toks[first - 2].low, toks[first - 1].low) in _APPROX_3:
        return first - 3
    if first >= 2 and (toks[first - 2].low, toks[first - 1].low) in _APPROX_2:
        return first - 2
    if first >= 1 and toks[first - 1].low in _APPROX_1:
        return first - 1
    return None


def _vague_ending_at(toks: list[_Tok], i: int, has_of: bool) -> tuple[str, int, int | None] | None:
    """A vague quantity ending at ``toks[i]``: (VAGUE_NOMINAL key, first index, exact count or None)."""
    low = toks[i].low
    prev = toks[i - 1].low if i >= 1 else ""
    if low in ("thousands", "millions") and i >= 2 and prev == "of" and toks[i - 2].low in ("tens", "hundreds"):
        key = f"{toks[i - 2].low} of {low}"
        return (key, i - 2, None) if key in VAGUE_NOMINAL else (low, i, None)
    if low in _VAGUE_PLURALS or (low in _VAGUE_SINGLE and prev not in ("how", "so", "too", "as", "not")):
        return low, i, None
    if low == "few" and prev in _ARTICLES:
        return "a few", i - 1, None
    if low == "couple" and prev in _ARTICLES:
        return "a couple", i - 1, 2
    if has_of and low in ("handful", "number") and prev in _ARTICLES:
        return f"a {low}", i - 1, None
    if has_of and low in _COLLECTIVES and prev in _ARTICLES:
        return low, i - 1, None
    return None


def _tokens_before(text: str, floor: int, pos: int, width: int) -> list[_Tok]:
    """Tokens of ``text[max(floor, pos - width):pos]`` (a token cut by the window is dropped)."""
    lo = max(floor, pos - width)
    new = tuple.__new__
    toks = [new(_Tok, (g, g.lower(), m.start(), m.end())) for m in _TOKEN_RE.finditer(text, lo, pos) for g in (m.group(),)]
    if toks and lo > floor and lo > 0 and not text[lo - 1].isspace() and toks[0].start == lo:
        toks.pop(0)  # cut in half by the window
    return toks


_Memo = dict[tuple[str, bool, bool, bool, bool], tuple["_Quantity | None", int, bool, bool]]


def _look_left(text: str, cand: _Cand, floor: int, absorbed: _Spans, memo: _Memo) -> None:
    """Fill in ``cand.qty``, ``lead``, ``det_before`` and ``deploy_before``.

    The result depends only on the look-back window (and on spans absorbed into it), so it
    is memoised per call of :func:`find_forces` in offsets relative to the noun: repeated
    contexts ("4,000 troops, 4,000 troops, ...") are parsed once.
    """
    start = cand.start
    if not cand.is_strong and _LEFT_STOP_RE.search(text, max(floor, start - 8), start):
        return  # "..., troops", "troops and warships": nothing to the left belongs to the noun
    lo = max(floor, start - LOOKBACK_CHARS)
    key = None
    if not absorbed.intersects(lo, start):
        key = (text[lo:start], lo == floor, lo == 0 or text[lo - 1].isspace(), cand.is_strong, cand.singular)
        hit = memo.get(key)
        if hit is not None:
            qty, lead, cand.det_before, cand.deploy_before = hit
            cand.qty = None if qty is None else qty._replace(start=qty.start + start)
            cand.lead = lead + start
            return
    _parse_left(text, cand, _tokens_before(text, floor, start, LOOKBACK_CHARS), absorbed)
    if key is not None:
        qty = cand.qty
        memo[key] = (
            None if qty is None else qty._replace(start=qty.start - start),
            cand.lead - start,
            cand.det_before,
            cand.deploy_before,
        )


def _parse_left(text: str, cand: _Cand, toks: list[_Tok], absorbed: _Spans) -> None:
    """Parse the tokens left of ``cand`` (see :func:`_look_left`)."""
    j = len(toks) - 1

    if cand.is_strong:  # "2,000-strong force": a number right before the hyphen
        if j >= 1 and toks[j].low in ("-", "\u2010", "\u2011") and toks[j].end == cand.start:
            j -= 1
        elif j >= 0 and toks[j].end == cand.start:
            return
        if j < 0:
            return
        num = _number_ending_at(toks, j)
        if num is None:
            return
        value, approx, first = num
        if not 1 <= value <= MAX_COUNT or _is_year(toks, first, j, value):
            return
        hedge = _approx_before(toks, first)
        start = toks[hedge if hedge is not None else first].start
        cand.qty = _Quantity(value, approx or hedge is not None, start)
        cand.lead = start
        return

    # modifiers: "4,000 [American] troops", "three [U.S. Navy] destroyers"
    n_mods = 0
    while (
        j >= 0
        and n_mods < 4
        and _is_modifier(toks[j], absorbed)
        and _adjacent(text, toks[j].end, toks[j + 1].start if j + 1 < len(toks) else cand.start)
    ):
        cand.lead = toks[j].start
        j -= 1
        n_mods += 1
    if j < 0 or not _adjacent(text, toks[j].end, cand.lead):
        return
    has_of = toks[j].low == "of"
    q = j - 1 if has_of else j

    if q >= 0 and (not has_of or _adjacent(text, toks[q].end, toks[j].start)):
        vague = _vague_ending_at(toks, q, has_of)
        if vague is not None:
            key, first, exact = vague
            cand.qty = _Quantity(exact, True, toks[first].start, key)
        elif not has_of:
            cand.qty = _numeric_quantity(toks, q)
        if cand.qty is not None:
            cand.lead = cand.qty.start
            k = q
            while k >= 0 and toks[k].start >= cand.qty.start:
                k -= 1
            cand.det_before = k >= 0 and _is_determiner(toks[k])
            return

    # no quantity: what governs the bare noun?
    prev = toks[j]
    if _is_determiner(prev):
        cand.det_before = True
    elif has_of:
        cand.deploy_before = j >= 1 and toks[j - 1].low in _DEPLOY_NOUNS
    elif prev.low in _DEPLOY_VERBS:
        cand.deploy_before = True
    elif prev.low in _PARTICLES and j >= 1 and toks[j - 1].low in _DEPLOY_VERBS:
        cand.deploy_before = True
    elif prev.low in _SINGLE_MARKERS:
        if cand.singular:
            cand.qty = _Quantity(1, False, prev.start, "single")
            cand.lead = prev.start


def _adjacent(text: str, end: int, start: int) -> bool:
    """Only blanks (no line break of a new paragraph) between two tokens."""
    gap = text[end:start]
    return gap == " " or (not gap.strip() and gap.count("\n") < 2)


def _numeric_quantity(toks: list[_Tok], q: int) -> _Quantity | None:
    num = _number_ending_at(toks, q)
    if num is None:
        return None
    value, approx, first = num
    if not 1 <= value <= MAX_COUNT or _is_year(toks, first, q, value):
        return None
    if first >= 1 and toks[first - 1].low in ("$", "€", "£", "¥", "us$", "usd", "eur"):
        return None
    # range: "3,000 to 5,000", "two or three", "between 3,000 and 5,000"
    if first >= 2 and (toks[first - 1].low in _RANGE_WORDS or toks[first - 1].low == "and"):
        low_num = _number_ending_at(toks, first - 2)
        if low_num is not None and low_num[0] <= value:
            if toks[first - 1].low != "and":
                first, approx = low_num[2], True
            elif low_num[2] >= 1 and toks[low_num[2] - 1].low == "between":
                first, approx = low_num[2] - 1, True
    hedge = _approx_before(toks, first)
    if hedge is not None:
        first, approx = hedge, True
    return _Quantity(value, approx, toks[first].start)


# ---------------------------------------------------------------------------------------
# The scan.


@lru_cache(maxsize=4096)
def _noun_info(idx: int, matched: str) -> tuple[str | None, str | None, str, bool, bool]:
    """(unit, qualifier, flags, plural, singular) of entry ``idx`` matching ``matched``."""
    _pat, unit, qualifier, flags = _ENTRIES[idx]
    low = matched.lower()
    if "D" in flags:
        code = _DESIGNATOR_RE.match(matched)
        assert code is not None
        qualifier = code.group("code")
        unit = None
        for type_re, type_unit in _DESIGNATOR_TYPE_UNIT:
            if type_re.search(matched):
                unit = type_unit
                break
        if unit is None:
            unit = _DESIGNATOR_PREFIX_UNIT.get(code.group(2))
        plural = matched.endswith("s")
        return unit, qualifier, flags, plural, not plural
    if "S" in flags:
        if "militia" in low:
            unit = "militia"
        elif "fleet" in low or "flotilla" in low or "armada" in low:
            unit = "warships"
        return unit, None, flags, True, False
    invariant = "i" in flags
    plural = invariant or low.endswith("s") or low.endswith("men")
    return unit, qualifier, flags, plural, invariant or not plural


def _classify(m: re.Match[str]) -> _Cand:
    name = m.lastgroup
    assert name is not None
    return _Cand(m.start(), m.end(), *_noun_info(int(name[1:]), m.group()))


def _has_context(text: str, cand: _Cand) -> bool:
    lo, hi = max(0, cand.start - CONTEXT_CHARS), min(len(text), cand.end + CONTEXT_CHARS)
    pattern = _NAVAL_CONTEXT_RE if "n" in cand.flags else _MILITARY_CONTEXT_RE
    return pattern.search(text, lo, hi) is not None


def _attributive(text: str, cand: _Cand) -> bool:
    """True if a singular noun modifies the next word ("a drone strike", "a destroyer's crew")."""
    follow = _TOKEN_RE.match(text, cand.end) if cand.end < len(text) and not text[cand.end].isspace() else None
    if follow is not None and follow.group() in ("'", "’"):
        return True
    m = _NEXT_WORD_RE.match(text, cand.end, min(len(text), cand.end + 40))
    return m is not None and m.group(1).lower() in _ATTRIBUTIVE_HEADS


def find_forces(text: str) -> list[Force]:
    """All force mentions in ``text``, in order and non-overlapping (see the module rules)."""
    if not isinstance(text, str):
        raise InputError(f"find_forces() needs a str, got {type(text).__name__} {text!r:.60}")
    if not text:
        return []

    matches = list(_noun_matches(text))

    # a noun right before another one modifies it: "infantry troops", "missile destroyers"
    absorbed = _Spans()
    merged: list[tuple[re.Match[str], int]] = []  # (match, floor of its look-back)
    floor = 0
    for k, m in enumerate(matches):
        if (
            k + 1 < len(matches)
            and "S" not in _ENTRIES[int(m.lastgroup[1:])][3]  # type: ignore[index]
            and _adjacent(text, m.end(), matches[k + 1].start())
        ):
            absorbed.add(m.start(), m.end())
            continue
        merged.append((m, floor))
        floor = m.end()

    kept: list[_Cand] = []
    memo: _Memo = {}
    for m, fl in merged:
        cand = _classify(m)
        if cand.unit is None:
            continue
        _look_left(text, cand, fl, absorbed, memo)
        qty = cand.qty
        generic = "g" in cand.flags or "n" in cand.flags
        if qty is not None:
            is_one = qty.vague == "single" or (qty.count == 1 and not qty.approx)
            if cand.singular and not cand.plural:
                # singular: only one piece of equipment
                if not is_one or cand.unit in BARE_NOMINAL or _attributive(text, cand):
                    continue
            elif qty.vague == "single":
                if cand.unit in BARE_NOMINAL or generic or _attributive(text, cand):
                    continue
            if generic and (qty.vague == "single" or not _has_context(text, cand)):
                continue
            cand.ok = True
        elif cand.is_strong or generic or not cand.plural:
            continue
        kept.append(cand)

    # bare plurals: deployment word, or coordination with another force
    chains: list[list[_Cand]] = []
    for cand in kept:
        if chains:
            prev = chains[-1][-1]
            gap_start = prev.end
            if cand.lead >= gap_start and _COORD_RE.fullmatch(text, gap_start, cand.lead) and text.count("\n", gap_start, cand.lead) < 2:
                chains[-1].append(cand)
                continue
        chains.append([cand])
    for chain in chains:
        head = chain[0]
        blocked = head.det_before
        for cand in chain:
            if cand.ok or blocked:
                continue
            cand.ok = len(chain) > 1 or cand.deploy_before

    forces: list[Force] = []
    for cand in kept:
        if not cand.ok:
            continue
        assert cand.unit is not None
        qty = cand.qty
        if qty is None:
            count, approx, start = None, True, cand.start
        else:
            count, approx, start = qty.count, qty.approx, qty.start
        forces.append(Force(count, cand.unit, approx, text[start : cand.end], start, cand.end, cand.qualifier))
    return forces


# ---------------------------------------------------------------------------------------
# Strength.


def nominal_count(force: Force) -> int:
    """The size of ``force`` for :func:`strength`.

    ``count`` when known; otherwise the :data:`VAGUE_NOMINAL` value of the vague quantity
    its text starts with ("thousands" -> 2000, "multiple" -> 3), or :data:`BARE_NOMINAL`
    for a bare plural.
    """
    if force.count is not None:
        return force.count
    words = _SPACES_RE.sub(" ", force.text.strip().lower())
    m = _VAGUE_TEXT_RE.match(words)
    if m is not None:
        key = m.group(1)
        if key in ("few", "handful", "number"):
            key = f"a {key}"
        return VAGUE_NOMINAL[key]
    return BARE_NOMINAL.get(force.unit, 3)


def weight(force: Force) -> float:
    """Troop equivalent of one item of ``force`` (qualifier override, else unit weight)."""
    if force.qualifier is not None and force.qualifier.lower() in QUALIFIER_EQUIVALENT:
        return QUALIFIER_EQUIVALENT[force.qualifier.lower()]
    return TROOP_EQUIVALENT[force.unit]


def strength(forces: Iterable[Force]) -> float:
    """Total force strength in troop equivalents: sum of nominal count x weight."""
    return float(sum(nominal_count(f) * weight(f) for f in forces))
