"""Event extraction's vocabulary, read once from the package's data files:

* ``triggers.json`` — trigger verbs, nouns and verb–particle phrases per event type, with
  the word-class constraints that qualify them;
* ``words.json`` — word classes (forces, people, vessels, …), light and occurrence verbs,
  the verbs and words that set modality, titles, state nouns;
* ``actors.json`` — named institutions that stand for a state, organisations and groups;
* ``summaries.json`` — the summary templates per type and modality.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from importlib.resources import files


def _load(name: str) -> dict:
    return json.loads((files("dashboard.extract") / name).read_text(encoding="utf-8"))


_T = _load("triggers.json")
_W = _load("words.json")
_A = _load("actors.json")
SUMMARIES: dict = _load("summaries.json")

# ------------------------------------------------------------------ word classes

CLASSES: dict[str, frozenset[str]] = {k: frozenset(v) for k, v in _W["classes"].items()}
for _name, _parts in _W["class_unions"].items():
    CLASSES[_name] = frozenset().union(*(CLASSES[p] for p in _parts))

LIGHT_VERBS = frozenset(_W["light_verbs"])
OCCURRENCE_VERBS = frozenset(_W["occurrence_verbs"])
DENY_VERBS = frozenset(_W["deny_verbs"])
HYPOTHETICAL_VERBS = frozenset(_W["hypothetical_verbs"])
CONSIDER_VERBS = frozenset(_W["consider_verbs"])
INTENT_VERBS = frozenset(_W["intent_verbs"])
SPEECH_VERBS = frozenset(_W["speech_verbs"])
#: verbs whose definite, uninformative object is an event told before ("denounced the exercise")
REFERENCE_VERBS = frozenset(_W["reference_verbs"])
HYPOTHETICAL_DETERMINERS = frozenset(_W["hypothetical_determiners"])
MODAL_HYPOTHETICAL = frozenset(_W["modal_hypothetical"])
MODAL_INTENT = frozenset(_W["modal_intent"])
CONDITIONAL_MARKS = frozenset(_W["conditional_marks"])
BACKGROUND_PREPS = frozenset(_W["background_preps"])
BACKGROUND_DETERMINERS = frozenset(_W["background_determiners"])
ABILITY_NOUNS = frozenset(_W["ability_nouns"])
TITLES = frozenset(_W["titles"])
STATE_NOUNS = frozenset(_W["state_nouns"])
GROUP_HEADS = frozenset(_W["group_heads"])

# ------------------------------------------------------------------ triggers


@dataclass(frozen=True)
class TriggerRule:
    """How one word (a verb lemma, a noun lemma sequence or a verb–particle phrase)
    proposes one event type, and what must hold for it to count."""

    type: str
    objects: str | None = None  # word class of the object ("!class": must not be)
    subjects: str | None = None
    needs: str | None = None  # a word of the class in the clause (nouns: the sentence)
    negated_only: bool = False


@dataclass
class _Table:
    verbs: dict[str, list[TriggerRule]] = field(default_factory=dict)
    nouns: dict[tuple[str, ...], list[TriggerRule]] = field(default_factory=dict)
    phrases: dict[str, list[tuple[tuple[str, ...], TriggerRule]]] = field(default_factory=dict)  # first lemma ->


def _words(phrase: str) -> tuple[str, ...]:
    """A multiword trigger as spaCy tokenises it: a hyphen between letters is a token of its
    own ("live-fire drill" -> live, -, fire, drill)."""
    return tuple(re.sub(r"(?<=\w)-(?=\w)", " - ", phrase).split())


def _table() -> _Table:
    t = _Table()
    for etype, spec in _T["types"].items():
        neg = set(spec.get("negated_only", ()))

        def rule(key: str, needs: str = "needs") -> TriggerRule:
            return TriggerRule(etype, spec.get("objects", {}).get(key), spec.get("subjects", {}).get(key),
                               spec.get(needs, {}).get(key), key in neg)

        for v in spec.get("verbs", ()):
            t.verbs.setdefault(v, []).append(rule(v))
        for n in spec.get("nouns", ()):
            t.nouns.setdefault(_words(n), []).append(rule(n, "noun_needs"))
        for p in spec.get("particles", ()):
            words = p.split()
            t.phrases.setdefault(words[0], []).append((tuple(words[1:]), rule(p)))
    for first in t.phrases:  # longest phrase first
        t.phrases[first].sort(key=lambda x: -len(x[0]))
    return t


TRIGGERS = _table()
MAX_NOUN_WORDS = max(len(k) for k in TRIGGERS.nouns)
TYPE_RANK: list[str] = list(_T["rank"])
#: types that carry forces, and the speech acts (said, not done: where said, not where about)
FORCE_TYPES = frozenset({"deployment", "patrol", "mobilization", "exercise", "attack", "withdrawal"})
SPEECH_TYPES = frozenset({"statement", "diplomatic_appeal", "accusation", "rejection", "designation", "sanction",
                          "bounty", "directive", "threat", "election", "talks"})


def in_class(lemma: str, cls: str | None) -> bool:
    """Is ``lemma`` a word of class ``cls`` (``"!cls"``: of any class but it)?"""
    if cls is None:
        return True
    if cls.startswith("!"):
        return lemma not in CLASSES[cls[1:]]
    return lemma in CLASSES[cls]


# ------------------------------------------------------------------ named actors

#: phrase -> (country code or None, kind)
NAMED_ACTORS: dict[str, tuple[str | None, str]] = {}
for _cc, _names in _A["states"].items():
    for _n in _names:
        NAMED_ACTORS[_n] = (_cc, "state")
for _n in _A["organisations"]:
    NAMED_ACTORS[_n] = (None, "organization")
for _n in _A["groups"]:
    NAMED_ACTORS[_n] = (None, "group")
MAX_ACTOR_WORDS = max(len(n.split()) for n in NAMED_ACTORS)
