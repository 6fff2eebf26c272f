"""Actor-name linking across the corpus: one canonical spelling per actor without a
country ("Biden" -> "Joe Biden", "Biden administration" -> "Biden Administration", "JNIM" ->
"Jama'at Nusrat al-Islam wal-Muslimin"),
applied before fusion so that the actor keys of one actor agree (:func:`link_actor_names`).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Iterable

from dashboard.model import Actor, Event
from dashboard.util.text import normalize, spells_initials


_ACRONYM = re.compile(r"(?=[A-Za-z]{2,7}$)[A-Z][a-z]*[A-Z][A-Za-z]*")  # "RSF", "JNIM", "FAMa"


def _name_forms(actors: Iterable[Actor]) -> dict[str, str]:
    """Actor name -> the corpus's canonical form of it, for actors without a country:
    a person named by surname alone takes the one full name in the corpus that ends with
    it ("Biden" -> "Joe Biden"; left alone when two full names share the surname), and
    names equal but for case or accents take their most frequent spelling (ties: the
    first in sorted order), so "Biden Administration" and "Biden administration" are one;
    an acronym ("RSF") takes the one multi-word name whose initials it spells."""
    counts: dict[str, int] = {}
    kinds: dict[str, set[str]] = {}
    for a in actors:
        if a is not None and not a.country_code and a.name:
            counts[a.name] = counts.get(a.name, 0) + 1
            kinds.setdefault(a.name, set()).add(a.kind)
    spelling: dict[str, str] = {}
    for name in sorted(counts, key=lambda n: (-counts[n], n)):
        spelling.setdefault(normalize(name), name)
    full: dict[str, set[str]] = {}
    for name, ks in kinds.items():
        words = name.split()
        if "person" in ks and len(words) > 1:
            full.setdefault(normalize(words[-1]), set()).add(spelling[normalize(name)])
    # an acronym spelling the initials of exactly one group or organisation named in full
    spelled = {}
    long_names = sorted({spelling[normalize(n)] for n, ks in kinds.items() if len(n.split()) > 1 and "person" not in ks})
    for name in kinds:
        if _ACRONYM.fullmatch(name):
            fulls = [f for f in long_names if spells_initials(name, f.split())]
            if len(fulls) == 1:
                spelled[name] = fulls[0]
    out = {}
    for name, ks in kinds.items():
        canon = spelled.get(name) or spelling[normalize(name)]
        if "person" in ks and len(name.split()) == 1 and len(full.get(normalize(name), ())) == 1:
            canon = next(iter(full[normalize(name)]))
        if canon != name:
            out[name] = canon
    return out


def link_actor_names(events: Iterable[Event]) -> list[Event]:
    """The events with their actors' and targets' names in the corpus's canonical forms
    (:func:`_name_forms`): a reduce over all documents, independent of their order."""
    items = list(events)
    forms = _name_forms([a for e in items for a in (e.actor, e.target)])
    if not forms:
        return items

    def fix(a: Actor | None) -> Actor | None:
        return replace(a, name=forms[a.name]) if a is not None and not a.country_code and a.name in forms else a

    return [replace(e, actor=fix(e.actor), target=fix(e.target)) if (e.actor and e.actor.name in forms)
            or (e.target and e.target.name in forms) else e for e in items]
