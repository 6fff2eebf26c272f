"""Modality and background: is the event reported as having happened (fact), as decided
or scheduled (intent), or only weighed, feared, denied, threatened or imagined — and is
it the story, or the background a clause recalls?

Modality is read from the trigger's own clause and the verbs governing it, up to the
reporting verb ("the ministry said it would deploy": reported intent): negation →
denial; a denying governor ("denied any plan to attack") → denial; a conditional ("if
Russia tries", "should Russia try"), a modal ("could", "would" under a condition), a
question, a hypothetical determiner ("any attack", "a possible blockade") or a governor of
fear, risk, warning, demand or attempt → hypothetical; weighing → consideration;
"will", "is to", a plan or a decision, or a date after publication → intent.

Background: an event dated well before publication and told in a backgrounded clause (a
relative clause, an appositive, "since …", "after …", the pluperfect) is recalled
history, not news.
"""

from __future__ import annotations

from datetime import date

from dashboard.extract.clauses import backgrounded, governors, in_relative_clause, pluperfect
from dashboard.extract.lexicon import (ABILITY_NOUNS, BACKGROUND_DETERMINERS, CONDITIONAL_MARKS, CONSIDER_VERBS, DENY_VERBS, HYPOTHETICAL_DETERMINERS,
                                       HYPOTHETICAL_VERBS, INTENT_VERBS, MODAL_HYPOTHETICAL, MODAL_INTENT,
                                       SPEECH_VERBS)

#: days before publication after which a backgrounded event is history
BACKGROUND_DAYS = 45


def _aux(tok) -> set[str]:
    return {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")}


def _negated(tok) -> bool:
    if any(c.dep_ == "neg" for c in tok.children):
        return True
    return any(c.dep_ == "det" and c.lower_ in ("no", "neither") for c in tok.children)


#: subjects that deny the act they do: "none approached", "nobody fired"
NEGATIVE_SUBJECTS = frozenset({"none", "nobody", "neither", "nothing", "noone"})


def _no_subject(verb) -> bool:
    """"No shots were fired", "Neither side has moved heavy units", "none approached":
    the subject says the act did not happen."""
    return verb.pos_ in ("VERB", "AUX") and any(
        c.dep_ in ("nsubj", "nsubjpass") and (c.lower_ in NEGATIVE_SUBJECTS or _negated(c)) for c in verb.children)


def _year_before(tok, published: date) -> bool:
    """"the 2021 assault on Palma": a nominal event a year of its own dates to an earlier year."""
    return any(c.dep_ in ("compound", "nummod", "amod", "npadvmod") and c.like_num and len(c.text) == 4
               and c.text.isdigit() and 1900 <= int(c.text) < published.year for c in tok.children)


def _conditional(tok) -> bool:
    if any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS for c in tok.children):
        return True
    # "… to target these groups if we have an opportunity": a condition hangs on it
    if any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children)
           for c in tok.children):
        return True
    # inverted conditional: "should Russia try to …", "were they to …"
    subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    aux = [c for c in tok.children if c.dep_ == "aux" and c.lower_ in ("should", "were", "had")]
    return bool(subj is not None and aux and aux[0].i < subj.i)


def modality_of(trigger, event_date: date | None = None, published: date | None = None) -> str:
    """fact, intent, consideration, denial, threat or hypothetical (docs/events.md)."""
    tok, anchor = trigger.token, trigger.anchor
    sent = anchor.sent
    if sent.text.rstrip().endswith("?") or _question_clause(anchor):
        return "hypothetical"
    if tok.pos_ in ("NOUN", "PROPN"):
        mods = {c.lower_ for c in tok.children if c.dep_ in ("det", "amod", "compound", "neg")}
        if mods & {"no"}:
            return "denial"
        if mods & HYPOTHETICAL_DETERMINERS - {"new", "renewed", "further", "another"} or \
                (mods & {"new", "renewed", "further", "another"} and trigger.nominal):
            return "hypothetical"
    if _negated(anchor) or (tok != anchor and _negated(tok)) or _no_subject(anchor):
        return "denial"
    if _conditional(anchor):
        return "hypothetical"
    aux = _aux(anchor)
    govs = governors(anchor, complements_only=True)
    if any(_negated(g) or g.lemma_.lower() in DENY_VERBS for g in govs):
        return "denial"  # "there is no way they can invade", "denied any plan to attack"
    if _capability(anchor):
        return "hypothetical"
    speech_above = anchor.head.lemma_.lower() in SPEECH_VERBS and anchor.dep_ in ("ccomp", "parataxis")
    if aux & MODAL_HYPOTHETICAL:
        if "would" in aux and speech_above and not _condition_in(sent):
            return "intent"  # "the ministry said it would deploy": future in the past
        return "hypothetical"
    purpose = anchor.dep_ in ("advcl", "xcomp") and anchor.tag_ == "VB"
    if purpose and govs and _aux(govs[0]) & (MODAL_HYPOTHETICAL | MODAL_INTENT):
        return "hypothetical"  # "would use the designations to target the cartels": a purpose, not an act
    for g in govs:
        lemma = g.lemma_.lower()
        if lemma in DENY_VERBS or _negated(g) and g.pos_ in ("VERB", "AUX"):
            return "denial"
        if _conditional(g) or _aux(g) & MODAL_HYPOTHETICAL and not ("would" in _aux(g) and not _condition_in(sent)):
            return "hypothetical"
        if lemma in CONSIDER_VERBS:
            return "consideration"
        if lemma in HYPOTHETICAL_VERBS:
            return "threat" if lemma == "threaten" else "hypothetical"
        if lemma in INTENT_VERBS or _aux(g) & MODAL_INTENT:
            return "intent"
        if g.pos_ == "NOUN" and g.lemma_.lower() in ABILITY_NOUNS:
            return "hypothetical"  # "its ability to strike key targets"
        if g.pos_ == "NOUN" and g.lower_ in ("plan", "plans", "proposal", "bid", "attempt", "threat", "risk",
                                             "fear", "fears", "possibility", "prospect", "warning", "demand",
                                             "call", "calls", "order", "decision", "agreement", "deal"):
            return "intent" if g.lower_ in ("order", "decision", "agreement", "deal") else "hypothetical"
    if aux & MODAL_INTENT or _is_to(anchor) or any(c.lower_ == "going" for c in anchor.children):
        return "intent"
    if event_date is not None and published is not None and event_date > published:
        return "intent"
    return "fact"


QUESTION_WORDS = frozenset({"whether", "how", "why", "if"})


def _question_clause(anchor) -> bool:
    """An indirect question: "asked whether Manila would invoke …", "accounts of how many
    missiles were fired diverge" — what is asked about, not what is told."""
    if any(c.dep_ in ("ccomp", "advcl", "xcomp") and any(m.lower_ in ("whether", "if") and m.dep_ == "mark"
                                                         for m in c.children)
           for c in anchor.children) and anchor.lemma_.lower() in ("ask", "question", "wonder", "query"):
        return True  # "Asked whether …": the asking is the reporter's, not an appeal
    cur = anchor
    for _ in range(4):
        first = min(cur.subtree, key=lambda t: t.i)
        if cur.dep_ in ("ccomp", "pcomp", "csubj", "advcl", "acl", "pobj") and \
                (first.lower_ in QUESTION_WORDS or any(c.dep_ == "mark" and c.lower_ == "whether" for c in cur.children)):
            return True
        if cur.dep_ not in ("conj", "xcomp", "auxpass") or cur.head == cur:
            return False
        cur = cur.head
    return False


def _capability(anchor) -> bool:
    """"its ability to seal off ports and strike key targets": a bare verb that continues
    an infinitive hanging on a capability noun (the parse often loses the coordination)."""
    if anchor.tag_ != "VB" or any(c.dep_ in ("nsubj", "nsubjpass") for c in anchor.children):
        return False
    sent = anchor.sent
    for tok in reversed(sent.doc[max(sent.start, anchor.i - 10):anchor.i]):
        if tok.tag_ in ("VBD", "VBZ", "VBP") and tok.dep_ != "aux":
            return False
        if tok.lemma_.lower() in ABILITY_NOUNS and tok.pos_ == "NOUN" and \
                tok.i + 1 < sent.end and sent.doc[tok.i + 1].lower_ == "to":
            return True
    return False


HEADLINE_ENDS = tuple('.!?"”’\')')


def habitual(trigger) -> bool:
    """A present-simple act verb in running text tells what someone does or is, not what
    happened ("the RSF occupies cities and shells civilians", "Washington already lists the
    movement as a terrorist organisation").  Headlines tell news in the present
    ("N. Korea fires 2 missiles"): a line without final punctuation is not held to it."""
    anchor = trigger.anchor
    if anchor != trigger.token or anchor.tag_ not in ("VBZ", "VBP"):
        return False
    if any(c.dep_ in ("aux", "auxpass") for c in anchor.children):
        return False
    text = anchor.sent.text.rstrip()
    return text.endswith(HEADLINE_ENDS) and "\n" not in text


def _is_to(tok) -> bool:
    """"the SDF is to withdraw": be + to-infinitive."""
    if tok.dep_ == "xcomp" and tok.head.lemma_ == "be" and any(c.lower_ == "to" for c in tok.children):
        return True
    return tok.head.lemma_ == "be" and tok.dep_ in ("xcomp", "ccomp") and tok.tag_ == "VB"


def _condition_in(sent) -> bool:
    return any(t.lower_ in ("if", "unless") or (t.dep_ == "mark" and t.lower_ in CONDITIONAL_MARKS) for t in sent)


#: days before publication after which an event dated only by month or year is history,
#: whatever clause tells it ("designated the cartels in February" may still be the story)
HISTORY_DAYS = 365
#: how a date recalled as history is given (news gives the day: "on Monday", "on October 23")
COARSE_PRECISIONS = frozenset({"month", "season", "quarter", "year", "decade"})


def is_background(trigger, event_end: date | None, published: date | None, *, explicit_date: bool,
                  precision: str | None = None) -> bool:
    """Recalled history, not news: dated well before publication (by a date the text
    gives) and told in a backgrounded clause, or in the pluperfect."""
    if in_relative_clause(trigger.anchor):
        return True  # "the drivers they had abducted": what describes someone is not news
    if trigger.nominal and published is not None and _year_before(trigger.token, published):
        return True
    if event_end is None or published is None or not explicit_date:
        return False
    if (published - event_end).days <= BACKGROUND_DAYS:
        return False
    if precision in COARSE_PRECISIONS and ((published - event_end).days > HISTORY_DAYS
                                           or event_end.year < published.year):
        # "In August 2022, China fired missiles …", "a designation restored in 2025" (in a
        # 2026 report): history, recalled by a month or year of an earlier year
        return True
    similar = any(c.lower_ in BACKGROUND_DETERMINERS for c in trigger.token.children if c.dep_ in ("amod", "det"))
    return backgrounded(trigger.anchor) or pluperfect(trigger.anchor) or trigger.nominal or similar
