"""Trigger words: which tokens of a sentence propose an event, of which type, anchored
where.

A verb proposes the types its lemma (or its verb–particle phrase: "pull out", "call on")
lists in ``triggers.json``, when the word-class constraints hold (``detain`` is an arrest
of people and a seizure of vessels; ``send`` is a deployment only of forces).  A noun
("strike", "ceasefire", "war games") proposes its type too; when it is the object of a
light verb ("conducted strikes", "agreed a truce") or the subject of an occurrence verb
("the ceasefire took effect"), that verb anchors the event: its subject is the actor,
its tense and modality the event's.  One clause yields one event of each type, the most
specific type of a clause first.
"""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.extract.lexicon import (BACKGROUND_PREPS, CLASSES, LIGHT_VERBS, MAX_NOUN_WORDS, OCCURRENCE_VERBS,
                                       REFERENCE_VERBS, TRIGGERS, TYPE_RANK, TriggerRule, in_class)


@dataclass(frozen=True)
class Trigger:
    token: object  # the trigger word (spaCy Token)
    type: str
    anchor: object  # the token whose clause, subject, tense and modality the event takes
    nominal: bool  # a noun trigger not anchored on a verb ("after the strike")
    end: int  # index after the trigger's last token
    start: int | None = None  # index of a multiword noun's first token ("call-up")

    def in_phrase(self, tok) -> bool:
        """Is ``tok`` one of the trigger's own words ("call" of "call-up")?"""
        return self.start is not None and self.start <= tok.i < self.end


def _lemma(tok) -> str:
    return tok.lemma_.lower()


def _object(verb):
    """The verb's object head (the passive subject for a passive), or None."""
    for c in verb.children:
        if c.dep_ in ("dobj", "nsubjpass"):
            return c
    for c in verb.children:  # "fired on the post", "called on Beijing"
        if c.dep_ in ("prep", "prt"):
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    return None


def _subject(verb):
    """The verb's subject, or that of the verb it complements ("the SDF is to withdraw",
    "troops began to pull back")."""
    for _ in range(3):
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subj is None and verb.dep_ == "acl" and (verb.tag_ in ("VBD", "VBG") or verb.head.ent_type_ == "CARDINAL"):
            return verb.head  # "Hundreds of residents protested …" parsed as a modifier of "Hundreds"
        if subj is not None or verb.dep_ not in ("xcomp", "conj") or verb.head == verb:
            return subj
        verb = verb.head
    return None


def _head_words(tok) -> list[str]:
    """The lemmas a word-class test looks at for a noun phrase: its head, the heads
    coordinated with it and its compound modifiers ("Shahed drones", "oil tanker")."""
    if tok is None:
        return []
    out = [_lemma(tok)]
    out += [_lemma(c) for c in tok.children if c.dep_ in ("compound", "amod", "conj", "nmod")]
    if tok.dep_ == "pobj" or tok.lower_ in ("one", "some", "dozens", "hundreds", "thousands", "all"):
        out += [_lemma(g) for c in tok.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    if tok.ent_type_ in ("PERSON", "NORP"):
        out.append("people")
    if tok.ent_type_ in ("FAC", "LOC", "GPE"):
        out.append("place-name")  # "closed Torkham": a named place stands for its class word
    return out


def _np_class(tok, cls: str | None) -> bool:
    if cls is None:
        return True
    if tok is None:
        return cls.startswith("!")
    words = _head_words(tok)
    if cls.startswith("!"):
        return all(in_class(w, cls) for w in words)
    if cls == "people" and tok.ent_type_ == "PERSON":
        return True
    return any(in_class(w, cls) for w in words)


def _holds(rule: TriggerRule, tok, scope_words: set[str]) -> bool:
    if rule.negated_only and not any(c.dep_ == "neg" for c in tok.children):
        return False
    if rule.objects is not None and not _np_class(_object(tok), rule.objects):
        return False
    if rule.subjects is not None and not _np_class(_subject(tok), rule.subjects) and \
            not _named_party(tok, _subject(tok), rule.subjects):
        return False
    if rule.needs is not None:
        if rule.needs.startswith("!"):
            return not (scope_words & _class_words(rule.needs[1:]))
        return bool(scope_words & _class_words(rule.needs))
    return True


_MATERIEL = ("positions", "forces", "weapons")


def _named_party(verb, subj, cls: str) -> bool:
    """A named state or group stands for its forces when what moves is forces, positions or
    weapons ("the SDF is to withdraw its heavy weapons", "Israel withdrew from three
    hilltops"), as does a pronoun for one ("the military said it withdrew from two hilltop
    positions") — not in "Russia withdrew from the arms treaty" (a treaty moves nowhere)."""
    if cls != "forces_actors" or subj is None or not (
            subj.ent_type_ in ("ORG", "GPE", "NORP") or subj.lower_ in ("it", "they", "we")):
        return False
    materiel = frozenset().union(*(_class_words(c) for c in _MATERIEL))
    return any(w in materiel for w in _moved_heads(verb))


def _moved_heads(verb) -> list[str]:
    """The head lemmas of what a verb moves: its object, what it moves from or to, and their
    conjuncts; a number or quantity stands for its "of" phrase ("two of the five positions")."""
    heads = [c for c in verb.children if c.dep_ == "dobj"]
    heads += [g for c in verb.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    heads += [c for h in heads for c in h.conjuncts]
    out = []
    for h in heads:
        out.append(_lemma(h))
        if h.pos_ == "NUM" or h.lower_ in ("some", "all", "most", "part", "dozens", "hundreds", "thousands"):
            out += [_lemma(g) for c in h.children if c.dep_ == "prep" and c.lower_ == "of"
                    for g in c.children if g.dep_ == "pobj"]
    return out


def _class_words(cls: str) -> frozenset[str]:
    return CLASSES[cls]


def _phrase_rules(tok) -> tuple[list[TriggerRule], int] | None:
    """Rules of a verb–particle phrase starting at the verb ("pull out", "took to the
    streets", "called on"), and the index after it."""
    cands = TRIGGERS.phrases.get(_lemma(tok))
    if not cands:
        return None
    doc = tok.doc
    particles = [c.lower_ for c in tok.children if c.dep_ in ("prt",)]
    for rest, rule in cands:
        following = tuple(t.lower_ for t in doc[tok.i + 1: tok.i + 1 + len(rest)])
        if following == rest:
            return [r for r in (rule,)], tok.i + 1 + len(rest)
        if len(rest) == 1 and rest[0] in particles:  # "pulled its troops out"
            return [rule], tok.i + 1
    return None


def _noun_rules(sent, i: int) -> tuple[list[TriggerRule], int] | None:
    doc = sent.doc
    for n in range(min(MAX_NOUN_WORDS, sent.end - i), 0, -1):
        key = tuple(_lemma(t) for t in doc[i:i + n])
        rules = TRIGGERS.nouns.get(key) or TRIGGERS.nouns.get(tuple(t.lower_ for t in doc[i:i + n]))  # "talks"
        if rules and (doc[i + n - 1].pos_ in ("NOUN", "PROPN") or doc[i:i + n].root.pos_ in ("NOUN", "PROPN")):
            return rules, i + n
    return None


def np_root(noun):
    """The word a trigger noun's phrase hangs on when the parser split the phrase at a
    gerund modifier: "began a field firing exercise" read as field ← firing (acl) ←
    exercise (dobj) is one phrase, "a field firing exercise", the object of "began"."""
    g = noun.head
    if not (g.i == noun.i - 1 and g.tag_ == "VBG" and noun.dep_ in ("dobj", "compound")
            and _lemma(g) not in LIGHT_VERBS):
        return noun
    cur = g
    while cur.dep_ in ("acl", "amod", "compound") and cur.head.i == cur.i - 1 and cur.head.pos_ in ("NOUN", "ADJ"):
        cur = cur.head
    return cur


def _gerund_modifier(tok, sent) -> bool:
    """Is the verb ``tok`` a gerund modifying the trigger noun after it ("firing exercise",
    "shooting drill"): the noun is the event, not the gerund?"""
    if tok.tag_ != "VBG" or _lemma(tok) in LIGHT_VERBS or tok.i + 1 >= sent.end:
        return False
    hit = _noun_rules(sent, tok.i + 1)
    if not hit:
        return False
    head = sent.doc[tok.i + 1:hit[1]].root
    return np_root(head) != head


def _anchor(noun):
    """The verb a noun trigger hangs on: a light verb it is the object of ("launched an
    offensive"), an occurrence verb it is the subject of ("the truce took effect")."""
    noun = np_root(noun)
    head = noun.head
    if noun.dep_ in ("dobj", "attr", "nsubjpass") and _lemma(head) in LIGHT_VERBS:
        return head
    if noun.dep_ == "pobj" and head.dep_ == "prt" and _lemma(head.head) in LIGHT_VERBS:
        return head.head
    if noun.dep_ == "nsubj" and _lemma(head) in OCCURRENCE_VERBS:
        return head
    if noun.dep_ == "conj" and noun.head.pos_ == "NOUN":
        return _anchor(noun.head)
    return None


#: verbs that say of an event noun, their subject, that it is not taking place
HALT_VERBS = frozenset({"freeze", "stall", "suspend", "halt", "pause", "shelve", "postpone", "delay", "cancel",
                        "call off", "deadlock"})

def _undone(noun) -> bool:
    """Is the event noun what a verb stops, postpones or reverses ("reversing part of the
    drawdown that followed the deal", "called off the exercise")?"""
    cur = noun
    if cur.dep_ == "pobj" and cur.head.lower_ == "of" and cur.head.head.lower_ in ("part", "some", "much", "most"):
        cur = cur.head.head
    return cur.dep_ == "dobj" and (_lemma(cur.head) in HALT_VERBS | UNDO_VERBS)


#: verbs whose object is an event no longer taking place
UNDO_VERBS = frozenset({"reverse", "undo", "abandon", "scrap"})

_SKIP_HEADS = {"violation", "violate", "breach", "evade", "cessation", "end", "halt", "threat", "risk", "fear",
               "prospect", "possibility", "rehearsal", "warning", "demand", "call", "plan", "plans", "preparation", "talk"}


def _informative(noun) -> bool:
    """Does the noun phrase carry its own facts — a number, a place, an "of"/"to" phrase
    ("the deployment of 4,000 troops to the Caribbean")?"""
    return any(c.dep_ in ("nummod", "prep") and c.lower_ not in ("by",) for c in noun.children) or \
        any(t.ent_type_ in ("GPE", "LOC", "FAC", "CARDINAL") for t in noun.subtree if t != noun)


def _presupposed(noun) -> bool:
    """A noun that refers to an event the text asserts elsewhere, or describes one, does not
    report a new one: "after Sunday's strike", "since the invasion began", "the drills,
    which include live firing", "the exercise was purely defensive", "such drills" — unless
    it carries facts of its own ("following the deployment of 4,000 troops to the Caribbean")."""
    noun = np_root(noun)
    if any(c.dep_ == "det" and c.lower_ in ("such",) for c in noun.children):
        return True
    if any(c.dep_ == "poss" and c.ent_type_ in ("DATE", "TIME") for c in noun.children) and not _informative(noun):
        return True  # "Monday's seizure would delay …": the seizure told before
    if _informative(noun) and noun.dep_ == "pobj":
        return False
    if noun.dep_ == "dobj" and _lemma(noun.head) in REFERENCE_VERBS and not _informative(noun) and \
            any(c.dep_ in ("det", "poss") and c.lower_ in ("the", "this", "that", "these", "those", "its", "their")
                for c in noun.children):
        return True  # "denounced the exercise", "confirmed the strike": told before, not a new one
    cur = noun
    for _ in range(6):
        if cur.dep_ in ("relcl", "acl"):
            return True
        if cur.dep_ == "pobj" and cur.head.lower_ in BACKGROUND_PREPS:
            return True
        if cur.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in BACKGROUND_PREPS for c in cur.children):
            return True
        if cur.dep_ in ("nsubj", "nsubjpass") and cur.head.lemma_ in ("be", "schedule", "expect", "design", "mean"):
            return True
        if cur.dep_ in ("ROOT", "ccomp") or cur.head == cur:
            return False
        cur = cur.head
    return False


#: entity labels of names whose words are not events ("Popular Mobilization Forces")
NAME_ENTITIES = frozenset({"ORG", "FAC", "WORK_OF_ART", "LAW", "PRODUCT"})


LABEL_VERBS = frozenset({"call", "describe", "dub", "label", "brand", "term", "characterise", "characterize"})
QUOTES = frozenset({'"', "“", "”", "«", "»"})


def _in_short_quote(tok, span: int = 6) -> bool:
    """Is ``tok`` inside a short quoted noun phrase that a characterising verb applies to
    the thing spoken of — a label, not a report ("calling it 'a media manoeuvre'",
    "described as 'a provocation'")?  A term of art in quotes ("extended the 'general
    mobilisation' decree") is still the event."""
    sent = tok.sent
    left = [t for t in sent.doc[max(sent.start, tok.i - span):tok.i]]
    right = [t for t in sent.doc[tok.i + 1:min(sent.end, tok.i + 1 + span)]]
    opened = next((i for i in range(len(left) - 1, -1, -1) if left[i].text in QUOTES), None)
    closed = next((i for i, t in enumerate(right) if t.text in QUOTES), None)
    if opened is None or closed is None:
        return False
    inside = left[opened + 1:] + right[:closed]
    if any(t.pos_ in ("VERB", "AUX") for t in inside):
        return False
    start = left[opened].i
    before = sent.doc[max(sent.start, start - 3):start]
    return any(_lemma(t) in REFERENCE_VERBS or _lemma(t) in LABEL_VERBS for t in before)


def _background_clause(verb) -> bool:
    """Is ``verb`` the head of a "since/after/until …" clause of another verb?"""
    return verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in BACKGROUND_PREPS for c in verb.children)


def find_triggers(sent) -> list[Trigger]:
    """The sentence's event triggers: (token, type, anchor), one per type and clause."""
    found: list[Trigger] = []
    sent_words = {_lemma(t) for t in sent}
    taken: set[int] = set()
    for tok in sent:
        if tok.i in taken:
            continue
        if tok.pos_ == "VERB" and tok.dep_ not in ("aux", "auxpass", "amod"):
            if _gerund_modifier(tok, sent):
                continue  # "a field firing exercise": the exercise, not a firing
            hit = _phrase_rules(tok)
            rules, end = hit if hit else (TRIGGERS.verbs.get(_lemma(tok), []), tok.i + 1)
            scope = {_lemma(t) for t in tok.subtree if t != tok}
            for rule in rules:
                if _holds(rule, tok, scope):
                    found.append(Trigger(tok, rule.type, tok, False, end))
                    break  # one type per verb: the first rule that holds (dict order = type order)
            continue
        if tok.pos_ not in ("NOUN", "PROPN", "ADJ"):
            continue  # (an adjective may start a multiword noun: "live-fire training")
        hit = _noun_rules(sent, tok.i)
        if not hit:
            continue
        rules, end = hit
        last = sent.doc[tok.i:end].root  # the phrase's head ("call-up": wherever the parser hangs it)
        if last.pos_ == "PROPN" and last.ent_type_ in NAME_ENTITIES:
            continue  # "the Popular Mobilization Forces", "Operation Barkhane HQ": a name, not an event
        if last.dep_ == "pobj" and _lemma(last.head.head) in _SKIP_HEADS or _lemma(last.head) in _SKIP_HEADS:
            continue  # "in violation of sanctions", "the threat of an attack": no such event
        if last.dep_ == "pobj" and (last.head.lower_ == "under" or (
                last.head.lower_ in ("with", "without") and _lemma(last) == "escort")) and \
                all(r.type in UNIT_NOUN_TYPES for r in rules):
            continue  # "travelling under police escort", "with a naval escort": how, not an event
        if last.dep_ in ("nsubj", "nsubjpass") and _lemma(last.head) in HALT_VERBS:
            continue  # "talks have been frozen since …", "the exercise was postponed": not taking place
        if _undone(last):
            continue  # "reversing part of the drawdown", "postponed the drills": not taking place
        if last.dep_ in ("compound", "amod") and last.head.pos_ == "NOUN" and (last.head.i >= end):
            continue  # "ceasefire talks", "strike group": the head noun says what it is
        anchor = _anchor(last)
        if anchor is None and (_presupposed(last) or _in_short_quote(last)):
            continue
        if anchor is not None and last.dep_ == "nsubj" and _background_clause(anchor) and not _informative(last):
            continue  # "since the invasion began", "after the truce took effect": a time reference
        for rule in rules:
            if _holds(rule, last, sent_words - {_lemma(last)}):
                found.append(Trigger(last, rule.type, anchor or last, anchor is None, end, tok.i))
                taken.update(range(tok.i, end))
                break
    return _collapse(found)


PHYSICAL_ACTS = frozenset({"attack", "seizure", "withdrawal", "arrest", "release"})
UNIT_NOUN_TYPES = frozenset({"patrol", "deployment", "exercise"})


RANKING_WORDS = frozenset({"worst", "deadliest", "heaviest", "fiercest", "biggest", "largest", "bloodiest",
                           "first", "latest", "most", "longest", "serious", "major"})


def _part_of_arrest(t: Trigger, arrest: Trigger) -> bool:
    if t.type == "accusation" and t.token.tag_ == "VBG" and t.token.dep_ in ("advcl", "xcomp") and \
            t.token.head == arrest.anchor:
        return True  # "…, accusing them of providing logistics"
    if t.type == "attack" and t.nominal and _lemma(t.token) in ("raid", "operation", "sweep"):
        return any(a == arrest.anchor for a in list(t.token.ancestors)[:3])  # "arrested … in raids"
    return False


def _ranked(noun) -> bool:
    """"the worst fighting", "the most serious breach", "the deadliest attack": a noun
    ranked among events of its kind."""
    return any(c.dep_ in ("amod", "advmod") and (c.tag_ == "JJS" or c.lower_ in RANKING_WORDS) for c in noun.children)


def _argument_of(tok) -> int | None:
    """Index of the verb ``tok`` is subject or object of (through a preposition), or None."""
    if tok.dep_ in ("nsubj", "nsubjpass", "dobj"):
        return tok.head.i
    if tok.dep_ == "pobj" and tok.head.dep_ in ("prep", "prt") and tok.head.head.pos_ == "VERB":
        return tok.head.head.i
    return None


def _collapse(found: list[Trigger]) -> list[Trigger]:
    """One event per clause and type: a verb trigger whose object is a noun trigger gives
    way to it ("launched an attack": one attack); a statement gives way to the events it
    reports; sending ships "to patrol" is one patrol, "to escort" one deployment."""
    nouns_on = {t.anchor.i: t for t in found if not t.nominal and t.anchor != t.token}
    keep = []
    for t in found:
        if t.token == t.anchor and t.token.pos_ == "VERB" and t.token.i in nouns_on and t.type != "directive":
            continue  # the verb anchors a more specific noun event
        keep.append(t)
    if any(t.type != "statement" for t in keep):
        keep = [t for t in keep if t.type != "statement" or not any(
            o is not t and o.type != "statement" and t.token.is_ancestor(o.anchor) for o in keep)]
    # deployment + patrol by purpose clause: one event.  Sent "to patrol", the forces'
    # movement is the patrol itself (one patrol); sent "to escort/guard" something, the
    # sending is the act and the escort what it is for (one deployment)
    patrols = [t for t in keep if t.type == "patrol" and t.token.dep_ in ("advcl", "xcomp")
               and any(c.dep_ == "aux" and c.lower_ == "to" for c in t.token.children)]
    for p in patrols:
        senders = [t for t in keep if t.type == "deployment" and (p.token.head == t.anchor or
                                                                  t.anchor.is_ancestor(p.token))]
        if not senders:
            continue
        if p.token.lemma_ == "patrol":
            keep = [Trigger(t.token, "patrol", t.anchor, t.nominal, t.end, t.start) if t in senders else t
                    for t in keep if t is not p]
        else:
            keep = [t for t in keep if t is not p]
    # a clause nested in another of the same type tells the same act ("requested the UN to
    # intervene, demanding an end to …": one appeal)
    keep = [t for t in keep if not any(o is not t and o.type == t.type and o.anchor.is_ancestor(t.anchor)
                                       for o in keep)]
    # a force noun that is what another act was done to or by is a unit, not an event of its
    # own ("fired on an army patrol", "its military escort withdrew")
    acts = {t.anchor.i for t in keep if t.type in PHYSICAL_ACTS}
    keep = [t for t in keep if not (t.nominal and t.type in UNIT_NOUN_TYPES and _argument_of(t.token) in acts)]
    # "traded fire …, in the worst fighting along the frontier in months": a superlative
    # event noun ranks the act the sentence tells, it is not another one
    keep = [t for t in keep if not (t.nominal and _ranked(t.token) and any(
        o is not t and o.type == t.type and not o.nominal for o in keep))]
    # "gathered at the port to demand that …", "marched …, demanding …": the demand is what
    # the protest is for, not an appeal of its own
    protests = [t for t in keep if t.type == "protest" and not t.nominal]
    keep = [t for t in keep if not (t.type == "diplomatic_appeal" and any(
        t.anchor.head == p.anchor and t.anchor.dep_ in ("xcomp", "advcl") for p in protests))]
    # "arrested 14 suspects in raids …, accusing them of …": the raids are how, the
    # accusation is the charge — both are the arrest
    arrests = [t for t in keep if t.type == "arrest" and not t.nominal]
    keep = [t for t in keep if not any(_part_of_arrest(t, a) for a in arrests)]
    # within one anchor, the highest-ranked type only (a clause fires one event)
    best: dict[int, Trigger] = {}
    for t in sorted(keep, key=lambda t: TYPE_RANK.index(t.type)):
        best.setdefault(t.anchor.i, t)
    return sorted(best.values(), key=lambda t: t.token.i)
