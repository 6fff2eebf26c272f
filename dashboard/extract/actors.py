"""Actors and targets: who acts in a trigger's clause (the subject of the trigger or of a
governing verb, the agent of a passive, a possessor of a nominal trigger), normalised to a
state when it is a country, a capital used as an actor, a demonym phrase ("the
Venezuelan government") or a person the document tied to a country."""

from __future__ import annotations

import re

from dashboard.extract.context import DocContext, Spans
from dashboard.extract.lexicon import STATE_NOUNS, TITLES
from dashboard.model import Actor


def subject_of(tok):
    """The actor phrase of a trigger: a possessive or compound modifier of a nominal
    trigger ("the U.S. military deployment", "the president's re-election"), else the nsubj of the
    trigger or of its nearest governing verbs, or the agent of a passive."""
    if tok.pos_ != "VERB":
        for child in tok.children:
            if child.dep_ in ("poss", "compound", "nmod") and child.pos_ in ("PROPN",) or \
                    (child.dep_ == "poss" and child.pos_ in ("NOUN", "PROPN")):
                return child
        if tok.dep_ not in ("dobj", "nsubjpass", "attr"):
            # "following the deployment of …": the main clause's subject did not deploy
            return None
    cur = tok
    for _ in range(6):
        for child in cur.children:
            if child.dep_ in ("nsubj",):
                return child
            if child.dep_ == "agent":  # passive "by X"
                for g in child.children:
                    if g.dep_ == "pobj":
                        return g
        if cur.dep_ in ("ROOT",) or cur.head is cur:
            break
        if cur.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj") and cur.pos_ in ("NOUN", "PROPN"):
            # a nominal trigger ("the deployment of …"): its verb's subject
            cur = cur.head
            continue
        cur = cur.head
    return None


def actor_of(trig, sent, ctx: DocContext, gazetteer) -> Actor | None:
    subj = subject_of(trig)
    if subj is None:
        return None
    return actor_from_np(subj, ctx, gazetteer)


def actor_from_np(head, ctx: DocContext, gazetteer) -> Actor | None:
    # the phrase without its prepositional and clausal modifiers: in "Houthi rebels in
    # Yemen" the actor is the rebels, not Yemen
    core = [t for t in head.subtree if not any(a.dep_ in ("prep", "relcl", "acl") and a is not head
                                               and (a == t or a.is_ancestor(t)) for a in [t, *t.ancestors]
                                               if a.i != head.i and head.is_ancestor(a))]
    span_start = min(t.idx for t in core)
    span_end = max(t.idx + len(t.text) for t in core)
    # a toponym inside the phrase: "Washington", "the United States", "Caracas"
    inside = [t for t in ctx.spans.starting_in(span_start, span_end) if t.end <= span_end]
    for t in inside:
        if t.place is not None and t.place.kind in (
                "country", "city", "admin1"):
            p = t.place
            if p.kind == "country":
                return Actor(p.name, "state", p.country_code)
            if p.kind == "city" and p.subtype == "capital" or t.role == "actor":
                country = gazetteer.country(p.country_code) if gazetteer is not None and p.country_code else None
                return Actor(country.name if country else p.name, "state", p.country_code)
    words = {t.lower_ for t in head.subtree}
    # "the Venezuelan government", "U.S. authorities"
    for t in inside:
        if t.role == "demonym" and t.place is not None:
            if words & (STATE_NOUNS | TITLES) or head.lower_ in STATE_NOUNS:
                cc = t.place.country_code
                return Actor(t.place.name, "state", cc) if cc else None
    # a person the document tied to a country (the model sometimes calls the surname ORG)
    for tok in head.subtree:
        if tok.pos_ == "PROPN" and tok.text in ctx.people:
            return ctx.people[tok.text]
    if head.lower_ in STATE_NOUNS and not any(c.pos_ == "PROPN" for c in head.children):
        # "the government was deploying the troops … in Kharkiv": the country the sentence is in
        sent = head.sent
        countries = [t.country_code for t in ctx.spans.starting_in(sent.start_char, sent.end_char)
                     if t.country_code and t.role == "place"]
        if countries:
            cc = max(dict.fromkeys(countries), key=countries.count)  # ties: the first named (not set order)
            country = gazetteer.country(cc) if gazetteer is not None else None
            return Actor(country.name if country else cc, "state", cc)
    if head.lower_ in STATE_NOUNS and any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in head.children):
        name = " ".join(t.text for t in head.subtree if t.dep_ in ("compound",) or t is head)
        return Actor(name, "organization", None)  # "the Trump administration"
    mods = [c for c in head.children if c.dep_ in ("compound", "amod") and c.pos_ in ("PROPN", "ADJ")
            and c.text[:1].isupper()]
    if head.pos_ == "NOUN" and mods and head.lower_ in ("rebels", "militants", "insurgents", "fighters", "forces",
                                                        "militia", "militias", "guerrillas", "separatists"):
        return Actor(" ".join(t.text for t in sorted([*mods, head], key=lambda t: t.i)), "group", None)
    if head.ent_type_ in ("ORG", "NORP") or head.pos_ == "PROPN":
        name = " ".join(t.text for t in head.subtree if t.dep_ not in ("punct",) and t.ent_type_ in (
            "ORG", "PERSON", "NORP", "GPE") or t is head)
        name = re.sub(r"^(?:the|The)\s+", "", name).strip()
        if head.ent_type_ == "PERSON" and head.text in ctx.people:
            return ctx.people[head.text]
        if head.ent_type_ == "PERSON":
            name = person_name(head) or name
        if name and head.pos_ == "PROPN":
            kind = "organization" if head.ent_type_ == "ORG" else "person" if head.ent_type_ == "PERSON" else "group"
            return Actor(name, kind, None)
    return None


def person_name(head) -> str | None:
    """The name of the person entity ``head`` belongs to, without the titles and offices
    before it: "Defence Minister Anna Kowalska" -> "Anna Kowalska" (the model tags
    "Interior" and the "State" of "Secretary of State" as organisations, and a phrase's
    subtree would keep them)."""
    ent = next((e for e in head.doc.ents if e.start <= head.i < e.end and e.label_ == "PERSON"), None)
    if ent is None:
        return None
    toks = list(ent)
    for i in range(len(toks) - 1, -1, -1):
        if toks[i].lower_ in TITLES:
            toks = toks[i + 1:]
            break
    name = " ".join(t.text for t in toks if not t.is_punct or t.text in ".-'")
    return name or None


def people_of(sdoc, toponyms: Spans, gazetteer) -> dict[str, Actor]:
    """Surname -> state actor, from "Russian President Vladimir Putin", "Mexico's
    President Claudia Sheinbaum", "Defence Minister Andrei Belousov" (with a country
    named in the same phrase)."""
    out: dict[str, Actor] = {}
    for ent in sdoc.ents:
        if ent.label_ != "PERSON":
            continue
        window_start = max(0, ent.start - 4)
        before = sdoc[window_start:ent.start]
        if not any(t.lower_ in TITLES for t in before):
            continue
        for t in toponyms.starting_in(before.start_char, ent.start_char):
            if t.place is not None:
                cc = t.place.country_code
                if cc:
                    country = gazetteer.country(cc) if gazetteer is not None else None
                    actor = Actor(country.name if country else t.place.name, "state", cc)
                    out.setdefault(ent[-1].text, actor)
                    out.setdefault(ent.text, actor)
    return out


def target_of(trig, sent, ctx, gazetteer, etype) -> Actor | None:
    for child in trig.children:
        if child.dep_ in ("dobj",) and etype in ("diplomatic_appeal", "accusation", "designation", "sanction",
                                                 "attack", "threat"):
            a = actor_from_np(child, ctx, gazetteer)
            if a is not None:
                return a
        if child.dep_ == "prep" and child.lower_ in ("on", "against", "for") and etype in ("bounty", "sanction",
                                                                                             "attack", "threat"):
            for g in child.children:
                if g.dep_ == "pobj":
                    a = actor_from_np(g, ctx, gazetteer)
                    if a is not None:
                        return a
    return None


def forces_nationality(forces, ctx: DocContext, gazetteer) -> Actor | None:
    for f in forces:
        for t in ctx.spans.starting_in(f.start, f.end):
            if t.end <= f.end and t.place is not None and t.place.country_code and \
                    t.place.kind in ("country",):
                country = gazetteer.country(t.place.country_code) if gazetteer is not None else None
                return Actor(country.name if country else t.place.name, "state", t.place.country_code)
    return None
