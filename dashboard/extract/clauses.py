"""Clauses of a dependency parse: which tokens belong to an event's own clause, which
verbs govern it, and whether it is backgrounded (a relative clause, "since the 2022
offensive").  Everything here reads spaCy tokens; nothing is stored."""

from __future__ import annotations

from dashboard.extract.lexicon import BACKGROUND_PREPS, SPEECH_VERBS

#: dependents that open a clause of their own (their subtree is not the head's clause)
CLAUSE_DEPS = frozenset({"relcl", "advcl", "ccomp", "parataxis", "acl", "csubj", "conj"})
#: dependents that background what they hold
SUBORDINATE_DEPS = frozenset({"relcl", "acl", "appos"})


def clause_tokens(anchor) -> list:
    """The anchor's subtree without the nested clauses hanging from it (their own
    verbs, subjects, dates and places belong to them).  A nested clause is kept when it
    is the anchor's own complement without a subject of its own ("plans to deploy")."""
    out = []
    stack = [anchor]
    while stack:
        tok = stack.pop()
        out.append(tok)
        for child in tok.children:
            if child.dep_ in CLAUSE_DEPS and child != anchor and _has_own_subject(child):
                continue
            if child.dep_ in ("relcl",) or child.lower_ in ("according", "citing", "quoting"):
                continue  # "…, according to the health ministry in Sanaa": where it was said
            if child.dep_ == "prep" and child.lower_ in BACKGROUND_PREPS and child != anchor:
                continue  # "after an agreement reached in Damascus": another event's place and time
            stack.append(child)
    return sorted(out, key=lambda t: t.i)


def _has_own_subject(tok) -> bool:
    return tok.pos_ in ("VERB", "AUX") and any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in tok.children) \
        or tok.dep_ in ("relcl", "parataxis")


def clause_span(anchor) -> tuple[int, int]:
    """Character offsets covering the anchor's clause tokens."""
    toks = clause_tokens(anchor)
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


#: relations through which a governor's meaning reaches what it governs ("plans to
#: deploy", "denied any plan to attack", "fears an offensive"); not "agreed at a meeting"
COMPLEMENT_DEPS = frozenset({"xcomp", "ccomp", "dobj", "acl", "relcl", "attr", "oprd", "nsubjpass", "csubj", "pcomp"})


def governors(tok, limit: int = 5, *, complements_only: bool = False) -> list:
    """The verbs and nouns above ``tok`` up to its reporting verb ("said it had
    deployed": ``deployed`` is reported, ``said`` is where the search stops).  With
    ``complements_only`` the chain stops at the first relation that is not a complement
    (a preposition's object, a subject)."""
    out = []
    cur = tok
    for _ in range(limit):
        if cur.dep_ == "ROOT" or cur.head == cur:
            break
        dep = cur.dep_
        purpose = dep == "advcl" and cur.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to"
                                                             for c in cur.children)
        if complements_only and dep not in COMPLEMENT_DEPS and dep != "conj" and not purpose:
            break  # a purpose ("would use them to target …") shares its verb's modality
        cur = cur.head
        if cur.lemma_.lower() in SPEECH_VERBS and dep in ("ccomp", "parataxis"):
            break
        out.append(cur)
        if dep == "conj" and cur.pos_ == "VERB" and any(c.dep_ == "nsubj" for c in cur.children):
            break  # a coordinated clause does not inherit the first clause's governors
    return out


def backgrounded(anchor) -> bool:
    """Is the anchor subordinate to another clause — a relative or adverbial clause, an
    appositive, a prepositional phrase ("who succeeded X in 2013", "when Russia sent a
    fighter", "since the 2022 offensive")?"""
    cur = anchor
    for _ in range(6):
        if cur.dep_ in SUBORDINATE_DEPS or cur.dep_ in ("advcl", "pcomp", "npadvmod"):
            return True
        if cur.dep_ == "pobj":
            return True
        if cur.dep_ == "ROOT" or cur.head == cur or cur.dep_ in ("ccomp", "parataxis"):
            return False
        cur = cur.head
    return False


#: relations inside one clause: walking up through them stays in the anchor's clause
WITHIN_CLAUSE = frozenset({"conj", "xcomp", "dobj", "pobj", "prep", "pcomp", "compound", "amod", "nmod", "poss",
                           "attr", "appos", "npadvmod", "advmod", "dative", "agent"})


def own_clause(tok):
    """The head of the clause holding ``tok``."""
    cur = tok
    for _ in range(12):
        if cur.dep_ not in WITHIN_CLAUSE or cur.head == cur:
            return cur
        cur = cur.head
    return cur


def in_relative_clause(anchor) -> bool:
    """Is the anchor's own clause a finite relative clause ("the men they had abducted in
    October", "which was launched in 2024")?  Not an infinitive ("a drive to recruit")."""
    head = own_clause(anchor)
    if head.dep_ == "acl" and head.tag_ == "VBN" and head.head.pos_ in ("NOUN", "PROPN") and \
            head.head.ent_type_ != "CARDINAL":  # not "Hundreds of residents protested", misparsed
        return True  # "groups labeled as terrorist organizations": a participle describing them
    if head.dep_ != "relcl" or head.head.lemma_.lower() in CONTENT_NOUNS:
        return False  # "no way they can invade", "no sign that Russia was preparing": a content clause
    if misparsed_main(head):
        return False
    return not (head.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in head.children))


def misparsed_main(verb) -> bool:
    """"The Philippines, which chairs ASEAN this year, on Friday called on …": the main clause,
    parsed as a second relative clause of a subject left without a verb — a relative clause
    with no relative word of its own after another one on a root noun."""
    head = verb.head
    return verb.dep_ == "relcl" and head.dep_ == "ROOT" and head.pos_ in ("NOUN", "PROPN") and verb.i > head.i and \
        any(c.dep_ == "relcl" and c is not verb and c.i < verb.i for c in head.children) and \
        not any(c.tag_ in ("WDT", "WP", "WP$") or c.lower_ == "that" for c in verb.children)


#: nouns whose clause says what they are about, not which one they are
CONTENT_NOUNS = frozenset({"way", "chance", "sign", "possibility", "question", "doubt", "evidence", "fear", "hope",
                           "risk", "danger", "indication", "prospect", "suggestion", "claim", "report", "idea",
                           "fact", "likelihood", "threat", "warning", "assurance", "guarantee", "promise"})


def pluperfect(anchor) -> bool:
    """"had launched", "had been deployed": told as before the story's time."""
    aux = [c.lower_ for c in anchor.children if c.dep_ in ("aux", "auxpass")]
    return "had" in aux or "'d" in aux and anchor.tag_ == "VBN"
