"""Modality: was the event reported as fact, announced (intent), weighed (consideration) or
denied ("no way they can invade", "will not")?"""

from __future__ import annotations

from dashboard.extract.lexicon import CONSIDER_LEMMAS, INTENT_LEMMAS, MODAL_WORDS


def modality_of(trig, sent) -> str:
    words = [t.lower_ for t in sent]
    if trig.pos_ != "VERB":
        mods = {c.lower_ for c in trig.children if c.dep_ in ("det", "amod", "neg")}
        if mods & {"no", "not"}:
            return "denial"
        if mods & {"potential", "possible", "any", "proposed", "planned"}:
            return "consideration"
    clause = list(trig.subtree) + list(trig.ancestors)[:3]
    lemmas = {t.lemma_.lower() for t in clause}
    if "no way" in " ".join(words) and trig.lemma_.lower() in ("invade", "enter", "attack"):
        return "denial"
    if any(c.dep_ == "neg" for c in trig.children) or (trig.head.lemma_.lower() in ("accept", "permit", "allow")
                                                         and any(c.dep_ == "neg" for c in trig.head.children)):
        return "denial"
    if lemmas & CONSIDER_LEMMAS or "if or when" in " ".join(words):
        return "consideration"
    if any(c.lower_ in MODAL_WORDS for c in trig.children if c.dep_ == "aux"):
        return "consideration"
    if any(c.lower_ in ("will", "'ll", "would", "shall") for c in trig.children if c.dep_ == "aux") or \
            lemmas & INTENT_LEMMAS and trig.tag_ in ("VB",):
        return "intent"
    return "fact"
