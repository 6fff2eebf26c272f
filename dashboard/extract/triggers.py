"""Trigger words: which tokens of a sentence propose an event, and of which type (verbs
and nominalisations matched on lemmas, with the filters that keep rhetoric out)."""

from __future__ import annotations

from dashboard.extract.lexicon import (FORCE_TYPES, MILITARY_WORDS, NEGATED_ONLY, NOUN_CUES, NOUN_TRIGGERS,
                                       TYPE_RANK, VERB_TRIGGERS, WEAPON_WORDS)


def find_triggers(sent):
    """(token, type) pairs: one per clause head, the most specific type of that clause."""
    found = []
    lemmas = {t.lemma_.lower() for t in sent}
    for tok in sent:
        lemma = tok.lemma_.lower()
        etype = None
        if tok.pos_ in ("VERB",) and lemma in VERB_TRIGGERS:
            etype = VERB_TRIGGERS[lemma]
        elif tok.pos_ in ("NOUN", "PROPN") and tok.lower_ in NOUN_TRIGGERS:
            cue = NOUN_CUES.get(tok.lower_)
            if cue is None or cue & lemmas:
                etype = NOUN_TRIGGERS[tok.lower_]
        if etype is None:
            continue
        if etype == "sanction" and tok.pos_ == "NOUN" and tok.head.lemma_ in ("violate", "violation", "evade"):
            continue  # "in violation of sanctions" reports no sanction
        if tok.pos_ != "VERB" and etype == "attack" and not (MILITARY_WORDS & {t.lower_ for t in sent}
                                                              - {tok.lower_}):
            continue  # "Trump's attacks on Venezuela" (words, not weapons)
        if tok.pos_ != "VERB" and tok.dep_ == "pobj" and tok.head.lower_ == "of" and \
                tok.head.head.lemma_.lower() in ("cessation", "end", "halt", "withdrawal", "stop"):
            continue  # "demanding the cessation of the deployment": the demand is the event
        if tok.lemma_.lower() in NEGATED_ONLY and not any(c.dep_ == "neg" for c in tok.children):
            continue
        if tok.lemma_.lower() in ("fire", "launch") and not (WEAPON_WORDS & {c.lower_ for c in tok.subtree}):
            continue  # fire a minister, launch a drive: only weapons make an attack
        if tok.lemma_.lower() == "launch" and {c.lower_ for c in tok.subtree} & {"exercise", "exercises", "drills"}:
            continue
        if tok.lemma_.lower() == "join" and not ({"militia", "army", "military", "forces", "reserves"} &
                                                   {c.lower_ for c in tok.subtree}):
            continue  # only joining an armed force is a mobilization
        if etype == "designation" and not ({"terrorist", "terror", "terrorism", "organization", "organisation",
                                             "group", "cartel"} & lemmas):
            continue
        if etype == "directive" and not ({"military", "pentagon", "army", "navy", "force", "troops",
                                          "department", "agency", "forces"} & {t.lower_ for t in sent}):
            continue
        found.append((tok, etype))
    # collapse: within one clause keep the most specific type; a statement verb whose
    # complement holds another trigger yields that one ("announced the deployment of …")
    keep = []
    for tok, etype in found:
        if etype == "statement" and any(o is not tok and o.is_ancestor(tok) is False and tok.is_ancestor(o)
                                        and oe != "statement" for o, oe in found):
            continue
        keep.append((tok, etype))
    out = []
    seen_types = set()
    for tok, etype in sorted(keep, key=lambda x: TYPE_RANK.index(x[1])):
        if etype in seen_types and etype not in ("statement",):
            continue
        if etype == "statement" and len(keep) > 1 and any(e != "statement" for _, e in keep):
            # a sentence reporting an action and its saying: the action is the event
            if any(e in FORCE_TYPES or e in ("diplomatic_appeal", "designation", "bounty", "seizure")
                   for _, e in keep):
                continue
        seen_types.add(etype)
        out.append((tok, etype))
    # deployment + patrol in one clause ("sending warships … to patrol"): one patrol
    # event, anchored on the sending verb (which governs the forces and the destination)
    # only a purpose clause ("to patrol") folds the patrol into the sending
    patrols = [x for x, y in out if y == "patrol" and x.pos_ == "VERB" and x.dep_ in ("advcl", "xcomp")
               and any(c.dep_ == "aux" and c.lower_ == "to" for c in x.children)]
    if patrols:
        senders = [t for t, e in out if e == "deployment" and any(p.head == t or t.is_ancestor(p) for p in patrols)]
        if senders:
            out = [(t, "patrol" if t in senders else e) for t, e in out if t not in patrols]
    return sorted(out, key=lambda x: x[0].i)
