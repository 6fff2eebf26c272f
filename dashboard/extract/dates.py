"""When an event happened: the date expression of the event's own clause, nearest its
anchor; else one of the sentence that no other clause claims (not "who succeeded Chávez
in 2013" for the main clause's "has accused"); else the week before publication, which
the text did not say (``DateRef.text`` is None, and fusion treats it as unknown)."""

from __future__ import annotations

from datetime import date, timedelta

from dashboard.extract.clauses import clause_tokens
from dashboard.extract.context import DocContext
from dashboard.extract.lexicon import BACKGROUND_PREPS, SPEECH_VERBS
from dashboard.extract.triggers import np_root
from dashboard.model import DateRef

#: clauses whose dates are their own (an appositive noun phrase is not one: "the Dakar–Bamako
#: corridor … from next week")
SUBORDINATE = ("relcl", "acl", "advcl")


def _in_foreign_clause(timex, anchor, own=None, *, loose: bool = False) -> bool:
    """Does the expression sit in a relative clause, appositive or adverbial clause that
    does not hold the anchor — other than a participle describing the event noun ``own``
    itself ("an exercise involving tanks in the Nyoma sector on Thursday")?  ``loose``: nor
    a present participle on one of its arguments, which tells the same moment ("ambushed a
    convoy travelling under escort near Bagan on Monday"; the parser hangs the date low)."""
    doc = anchor.doc
    span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
    if span is None:
        return False
    cur = span.root
    for _ in range(8):
        if cur == anchor or cur.is_ancestor(anchor):
            return False
        if cur.dep_ in SUBORDINATE and not _purpose(cur) and not (cur.dep_ == "acl" and cur.head == own) and \
                not (loose and cur.dep_ == "acl" and cur.tag_ == "VBG" and
                     not any(c.dep_ in ("nsubj", "nsubjpass") for c in cur.children)):
            return True
        if cur == own:
            cur = np_root(own)  # "a field firing exercise": the phrase, however the parser split it
        if cur.head == cur:
            return False
        cur = cur.head
    return False


def _purpose(tok) -> bool:
    """"(deploy soldiers) to escort convoys from next week": an infinitive without a subject
    of its own shares its governor's time."""
    return tok.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children) and \
        not any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children)


def _in_background_phrase(timex, anchor) -> bool:
    """"Since his re-election in July 2024, he has accused …": the date of another event."""
    span = anchor.doc.char_span(timex.start, timex.end, alignment_mode="expand")
    if span is None:
        return False
    cur = span.root
    for _ in range(8):
        if cur == anchor or cur.head == cur:
            return False
        if cur.dep_ == "prep" and cur.lower_ in BACKGROUND_PREPS and cur.head == anchor and cur.i != span.root.i:
            return True
        cur = cur.head
    return False


def states_time(trigger, ctx: DocContext) -> bool:
    """Does the event's own clause name a time, resolved or not ("Last year, …" in an
    undated report)?"""
    sent = trigger.anchor.sent
    clause = {t.idx for t in clause_tokens(trigger.anchor)}
    return any(any(x.start <= i < x.end for i in clause) and not _in_foreign_clause(x, trigger.anchor)
               for x in ctx.timexes.starting_in(sent.start_char, sent.end_char))


def same_time(a: DateRef | None, b: DateRef | None, slack: int = 7) -> bool:
    """Do two intervals meet, give or take ``slack`` days?"""
    if a is None or b is None:
        return False
    return as_day(a.start) - timedelta(days=slack) <= as_day(b.end) and \
        as_day(b.start) - timedelta(days=slack) <= as_day(a.end)


def event_date(trigger, ctx: DocContext) -> tuple[DateRef | None, bool]:
    """The event's interval and whether the text gave it."""
    anchor = trigger.anchor
    sent = anchor.sent
    in_sent = [x for x in ctx.timexes.starting_in(sent.start_char, sent.end_char) if x.interval is not None]
    clause = {t.idx for t in clause_tokens(anchor)}
    if trigger.token != anchor:
        clause |= {t.idx for t in clause_tokens(trigger.token)}
    noun = trigger.token if trigger.token != anchor else None
    in_sent = [x for x in in_sent if not _comparison(x, anchor.doc)]
    own = [x for x in in_sent if any(x.start <= i < x.end for i in clause) and not _in_foreign_clause(x, anchor, noun)
           and not _after(x, trigger) and not _first_since(x, trigger)]
    pool = own or [x for x in in_sent if not _in_foreign_clause(x, anchor, noun, loose=True)
                   and not _in_background_phrase(x, anchor)
                   and not _after(x, trigger)]
    pub = ctx.published
    if pool:
        best = min(pool, key=lambda x: abs(x.start - anchor.idx))
        start, end = best.interval.start, best.interval.end
        if pub is not None and end < pub and _future(anchor):
            start, end = _ahead(best, start, end, pub)  # "will send a frigate from November"
        return DateRef(start.isoformat(), end.isoformat(), best.interval.precision, best.text,
                       bool(best.suspect)), True
    bounds = [x for x in in_sent if _after(x, trigger) and not _in_foreign_clause(x, anchor)
              and not _first_since(x, trigger)]
    if bounds and pub is not None:
        # "moved three missile carriers out … after Sunday's strike": some time from then on
        lb = min(bounds, key=lambda x: abs(x.start - anchor.idx))
        if lb.interval.start <= pub:
            return DateRef(lb.interval.start.isoformat(), pub.isoformat(), "week", lb.text, bool(lb.suspect)), True
    if ctx.published is not None:
        start = ctx.published - timedelta(days=6)
        return DateRef(start.isoformat(), ctx.published.isoformat(), "week", None, False), False
    return None, False


_AFTER = ("after ", "following ", "since ")
_FUTURE_AUX = {"will", "'ll", "shall"}


def _after(timex, trigger=None) -> bool:
    """"after Sunday('s strike)", "since June": a lower bound, not the event's own date —
    unless the event is the strike itself ("after Sunday's ambush": the ambush's date)."""
    if not timex.text.lower().startswith(_AFTER):
        return False
    if trigger is not None and trigger.nominal:
        prep = trigger.token.head
        if prep.dep_ == "prep" and timex.start <= prep.idx < timex.end:
            return False
    return True


_RECORD_WORDS = frozenset({"first", "last", "largest", "biggest", "deadliest", "worst", "heaviest", "latest",
                           "longest", "most", "only", "second", "third"})


def _comparison(timex, doc) -> bool:
    """"the worst attack this year", "the deadliest clash in months", "the largest drill
    since 2019": the window a superlative compares within, not the event's date."""
    span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
    if span is None or span.start < 1:
        return False
    prev = doc[span.start - 1]
    if prev.pos_ not in ("NOUN", "PROPN"):
        return False
    for t in reversed(doc[max(prev.sent.start, span.start - 7):span.start - 1]):
        if t.pos_ in ("VERB", "AUX") or t.is_punct:
            return False
        if t.tag_ == "JJS" or t.lower_ in _RECORD_WORDS - {"last", "latest", "second", "third"}:
            return True
    return False


def _first_since(timex, trigger) -> bool:
    """"the first Houthi attack on a ship since June": the comparison's time, not the
    attack's."""
    return timex.text.lower().startswith("since ") and any(
        c.lower_ in _RECORD_WORDS for c in trigger.token.children if c.dep_ in ("amod", "advmod", "det"))


def _future(anchor) -> bool:
    """Is the anchor's clause in the future ("will send", "is to withdraw", "is due to",
    "said it would hold")?"""
    aux = {c.lower_ for c in anchor.children if c.dep_ in ("aux", "auxpass")}
    if aux & _FUTURE_AUX:
        return True
    if "would" in aux and anchor.dep_ in ("ccomp", "parataxis") and anchor.head.lemma_.lower() in SPEECH_VERBS:
        return True  # "said it would begin an exercise on Thursday": future in the past
    return anchor.dep_ == "xcomp" and anchor.head.lemma_ == "be" and "to" in aux  # "the SDF is to withdraw"


def _ahead(timex, start: date, end: date, pub: date) -> tuple[date, date]:
    """The next occurrence of a bare month or weekday a future clause names (the resolver
    reads them backward)."""
    if timex.interval.precision == "month" and not any(ch.isdigit() for ch in timex.text):
        return start.replace(year=start.year + 1), end.replace(year=end.year + 1)
    if timex.interval.precision == "day" and (pub - start).days < 7 and not any(ch.isdigit() for ch in timex.text):
        return start + timedelta(days=7), end + timedelta(days=7)
    return start, end


def as_day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
