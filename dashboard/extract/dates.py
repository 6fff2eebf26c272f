"""When an event happened: the date expression of the event's own clause, nearest its
anchor; else one of the sentence that no other clause claims (not "who succeeded Chávez
in 2013" for the main clause's "has accused"); else the week before publication, which
the text did not say (``DateRef.text`` is None, and fusion treats it as unknown)."""

from __future__ import annotations

from datetime import date, timedelta

from dashboard.extract.clauses import clause_tokens
from dashboard.extract.context import DocContext
from dashboard.extract.lexicon import BACKGROUND_PREPS
from dashboard.model import DateRef

SUBORDINATE = ("relcl", "acl", "appos", "advcl")


def _in_foreign_clause(timex, anchor) -> bool:
    """Does the expression sit in a relative clause, appositive or adverbial clause that
    does not hold the anchor?"""
    doc = anchor.doc
    span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
    if span is None:
        return False
    cur = span.root
    for _ in range(8):
        if cur == anchor or cur.is_ancestor(anchor):
            return False
        if cur.dep_ in SUBORDINATE:
            return True
        if cur.head == cur:
            return False
        cur = cur.head
    return False


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


def event_date(trigger, ctx: DocContext) -> tuple[DateRef | None, bool]:
    """The event's interval and whether the text gave it."""
    anchor = trigger.anchor
    sent = anchor.sent
    in_sent = [x for x in ctx.timexes.starting_in(sent.start_char, sent.end_char) if x.interval is not None]
    clause = {t.idx for t in clause_tokens(anchor)}
    if trigger.token != anchor:
        clause |= {t.idx for t in clause_tokens(trigger.token)}
    own = [x for x in in_sent if any(x.start <= i < x.end for i in clause) and not _in_foreign_clause(x, anchor)]
    pool = own or [x for x in in_sent if not _in_foreign_clause(x, anchor) and not _in_background_phrase(x, anchor)]
    if pool:
        best = min(pool, key=lambda x: abs(x.start - anchor.idx))
        iv = best.interval
        return DateRef(iv.start.isoformat(), iv.end.isoformat(), iv.precision, best.text, bool(best.suspect)), True
    if ctx.published is not None:
        start = ctx.published - timedelta(days=6)
        return DateRef(start.isoformat(), ctx.published.isoformat(), "week", None, False), False
    return None, False


def as_day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
