"""Names as a document writes and ties them: person names without their titles, the
acronyms a document defines, the people it ties to a state ("Russian President
Vladimir Putin", "Kim Yo-jong, the sister of North Korean leader Kim Jong-un"), and the
named institutions, organisations and groups of the lexicon a phrase holds
(:func:`named_actor`)."""

from __future__ import annotations

import re

from dashboard.extract.context import DocContext
from dashboard.extract.lexicon import GROUP_HEADS, MAX_ACTOR_WORDS, NAMED_ACTORS, STATE_NOUNS, TITLES
from dashboard.model import Actor
from dashboard.util.text import spells_initials


def text_of(tokens) -> str:
    """The words as the document writes them ("Nusrat al-Islam", not "Nusrat al - Islam"):
    runs of adjacent tokens keep their own spacing."""
    toks = sorted(tokens, key=lambda t: t.i)
    out = ""
    for a, b in zip(toks, toks[1:] + [None]):
        out += a.text_with_ws if b is not None and b.i == a.i + 1 else a.text + (" " if b is not None else "")
    return out.strip()


def acronyms(text: str) -> dict[str, str]:
    """Acronyms a document defines ("the Rapid Support Forces (RSF)", "Jama'at Nusrat
    al-Islam wal-Muslimin (JNIM)"): acronym -> full name, when the acronym's letters are
    initials of the name's words in order."""
    out: dict[str, str] = {}
    for m in _DEFINED.finditer(text):
        name, acr = m.group(1), m.group(2)
        words = re.findall(r"[A-Za-z][\w']*", name)
        for k in range(len(words), 0, -1):
            tail = words[-k:]
            if spells_initials(acr, tail):
                start = name.rfind(tail[0])
                out.setdefault(acr, name[start:].strip())
                break
    return out


_DEFINED = re.compile(r"((?:[A-Z][\w'’-]*[\s-]+(?:(?:al|wal|of|for|and|the|de|du|el|ul)[\s-]+)?){1,7}[A-Z][\w'’-]*)"
                      r"\s*\(([A-Z][A-Za-z]{1,7})\)")


def person_name(head) -> str | None:
    """The person entity ``head`` belongs to, without titles ("Defence Minister Anna
    Kowalska" -> "Anna Kowalska")."""
    ent = next((e for e in head.doc.ents if e.start <= head.i < e.end and e.label_ == "PERSON"), None)
    if ent is None:
        return None
    toks = list(ent)
    for i in range(len(toks) - 1, -1, -1):
        if toks[i].lower_ in TITLES:
            toks = toks[i + 1:]
            break
    name = text_of([t for t in toks if not t.is_punct or t.text in ".-'"])  # "Kim Yo-jong", as written
    return name or None


def people_of(sdoc, ctx: DocContext) -> dict[str, Actor]:
    """Surname -> state actor, from "Russian President Vladimir Putin", "Mexico's President
    Claudia Sheinbaum", "Defence Minister Andrei Belousov" (a country in the same phrase)."""
    out: dict[str, Actor] = {}
    for ent in sdoc.ents:
        if ent.label_ != "PERSON":
            continue
        tied = _appositive_country(ent, ctx)
        if tied is not None:
            out.setdefault(ent[-1].text, tied)
            out.setdefault(ent.text, tied)
            continue
        before = sdoc[max(0, ent.start - 4):ent.start]
        if not any(t.lower_ in TITLES for t in before) and not any(t.lower_ in TITLES for t in ent[:-1]):
            continue
        for t in ctx.spans.starting_in(before.start_char, ent.start_char):
            if t.place is not None and t.country_code:
                actor = ctx.state(t.country_code, t.place.name)
                out.setdefault(ent[-1].text, actor)
                out.setdefault(ent.text, actor)
                break
    return out


#: what an appositive calls a person that ties them to a state ("Kim Yo-jong, the sister of
#: North Korean leader Kim Jong-un"; "Serhiy Bondar, a Ukrainian navy spokesman")
TIES = frozenset({"sister", "brother", "wife", "husband", "son", "daughter", "aide", "adviser", "advisor",
                  "envoy", "representative", "negotiator", "spokesman", "spokeswoman", "spokesperson"})


def _appositive_country(ent, ctx: DocContext) -> Actor | None:
    """The state an appositive of the person ties them to: its head is a title or a tie
    word, and a country or nationality word stands in it, before any clause."""
    appos = next((c for c in ent.root.children if c.dep_ == "appos" and c.i >= ent.end), None)
    if appos is None or not (appos.lower_ in TITLES or appos.lemma_.lower() in TIES):
        return None
    stop = next((t.i for t in appos.subtree if t.dep_ in ("relcl", "acl") and t.i > appos.i), appos.right_edge.i + 1)
    lo, hi = appos.left_edge.idx, ent.doc[stop - 1].idx + len(ent.doc[stop - 1].text)
    for t in ctx.spans.starting_in(lo, hi):
        if t.end <= hi and t.country_code and (t.role == "demonym" or (t.place and t.place.kind == "country")):
            return ctx.state(t.country_code, t.place.name if t.place else None)
    return None


def _loose(name: str) -> str:
    """A name without its hyphens and spacing ("al-Sahel" = "al Sahel" = "al - Sahel")."""
    return " ".join(re.split(r"[\s\-]+", name.lower())).strip()


#: hyphenated names by their loose form: the parser may leave the hyphen out of a phrase
#: ("the Ground Self-Defense Force's Western Army": Self - Defense, its punctuation dropped)
_HYPHENATED = {_loose(n): hit for n, hit in NAMED_ACTORS.items() if "-" in n}


def named_actor(core, aliases: dict[str, str] | None = None) -> tuple[str, str | None, str] | None:
    """A named actor (institution, organisation, group) in the phrase: (name, country,
    kind) — from the lexicon, or a name the document defines an acronym for ("Jama'at
    Nusrat al-Islam wal-Muslimin (JNIM)": a named group, whatever noun heads the phrase)."""
    words = [t.text for t in core]
    defined = {_loose(full): acr for acr, full in (aliases or {}).items()}
    for n in range(min(max(MAX_ACTOR_WORDS, 8), len(words)), 0, -1):
        for i in range(len(words) - n + 1):
            name = " ".join(words[i:i + n]).replace(" 's", "'s").replace(" - ", "-")
            name = re.sub(r"\s*-\s*", "-", name)
            bare = re.sub(r"^(?:the|The)\s+", "", name)
            hit = NAMED_ACTORS.get(name) or NAMED_ACTORS.get(bare) or _HYPHENATED.get(_loose(bare))
            if hit:
                return bare, hit[0], hit[1]
            acr = defined.get(_loose(bare))
            if acr is not None and n >= 2:
                hit = NAMED_ACTORS.get(acr)
                if hit:
                    return acr, hit[0], hit[1]
                last = bare.split()[-1].lower()
                if last in STATE_NOUNS - GROUP_HEADS and last not in ("forces", "force"):
                    return None  # "the State Border Guard Service (DPSU)": a state's agency
                return acr, None, "group" if last in GROUP_HEADS or last in ("forces", "force", "army") \
                    else "organization"
    return None
