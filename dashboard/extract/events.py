"""Event extraction: from a geoparsed document to typed events with actor, place, date,
forces, modality and evidence.

Per sentence, triggers (:mod:`.triggers`) propose events anchored on a verb; the anchor's
clause gives the rest:

* the **actor** (:mod:`.actors`) — its subject, resolved to the state, organisation,
  group or person behind it (institutions, nationality words, pronouns, document memory);
* the **place** (:mod:`.places`) — a place of its own clause, the destination for
  movements, else another place of the sentence; speech acts are placed where the clause
  says, else at the speaker's capital;
* the **date** (:mod:`.dates`) — the clause's own date expression, else the week before
  publication (not stated);
* the **forces** of the clause (:mod:`.forces`) for force-posture events;
* the **modality** and **background** (:mod:`.modality`) — what is denied, feared or
  imagined is kept, if at all, as a ``statement`` (or a ``threat``) about it, and history
  a clause recalls is left out;
* mentions of one event in one document are merged (:mod:`.coref`), and a summary is made
  from the fields (:mod:`.summary`).

A pure function of the spaCy ``Doc``, the geoparser's mentions and the publication date,
returning plain frozen :class:`~dashboard.model.Event` values.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from datetime import date

from dashboard.extract.actors import actor_of, forces_nationality, speaker_of, subject_of, target_of
from dashboard.extract.names import acronyms, people_of
from dashboard.extract.context import DocContext, Spans
from dashboard.extract.coref import merge_mentions
from dashboard.extract.dates import as_day, event_date, same_time, states_time
from dashboard.extract.forces import find_forces
from dashboard.extract.lexicon import FORCE_TYPES, SPEECH_TYPES
from dashboard.extract.modality import habitual, is_background, modality_of
from dashboard.extract.clauses import clause_tokens
from dashboard.extract.places import (DESTINATION_PREPS, DIRECTIONS, LOCATIVE_PREPS, actor_place, directly_located,
                                      place_of, place_ref, prep_of, refine_place)
from dashboard.extract.summary import summarize
from dashboard.extract.timex import find_timexes
from dashboard.extract.triggers import Trigger, find_triggers
from dashboard.model import Actor, Event, ForceRef, Source

MONEY = re.compile(r"\$\s?(\d+(?:[.,]\d+)?)\s*(million|billion|thousand)?", re.I)
EVENT_MODALITIES = ("fact", "intent")
#: events that, with no place given, concern the actor's whole country
NATIONWIDE_TYPES = frozenset({"mobilization", "election"})
#: types whose forces are moved by their own side: in the passive ("troops were sent") the
#: forces' nationality is the actor (unlike an attack's or a release's patients)
OWN_MOVES = frozenset({"deployment", "patrol", "mobilization", "exercise", "withdrawal"})
#: how many sentences the last event's place stays the scene of events that name none
SCENE_SENTENCES = 5


def extract_events(sdoc, toponyms, *, doc_id: str, published: str | None = None, path: str | None = None,
                   title: str | None = None, gazetteer=None) -> list[Event]:
    """Events reported in one geoparsed document (a spaCy ``Doc`` + its mentions)."""
    pub = date.fromisoformat(published) if published else None
    tops = [t for t in toponyms if t.place is not None or t.derived is not None]
    text = sdoc.text
    ctx = DocContext(pub, tops, gazetteer=gazetteer, spans=Spans(tops), timexes=Spans(_event_timexes(text, pub)),
                     forces=Spans(find_forces(text)))
    ctx.people = people_of(sdoc, ctx)
    ctx.aliases = acronyms(text)
    ctx.home = _home(tops, ctx)
    events: list[Event] = []
    sents = list(sdoc.sents) if sdoc.has_annotation("SENT_START") else [sdoc[:]]
    src = dict(doc_id=doc_id, published=published, path=path, title=title)
    for ctx.sentence, sent in enumerate(sents):
        heading = _heading_country(sent, ctx)
        if heading is not None:
            ctx.home, ctx.scene = heading, None  # "**Mali.** The army said …": a roundup's section
            continue
        triggers = find_triggers(sent)
        for trig in triggers:
            ev = _event(sent, trig, ctx, triggers, src)
            if ev is not None:
                events.append(ev)
                if ev.actor is not None and ev.type != "statement":
                    ctx.last_actor = ev.actor
    directional = [t for t in tops if t.derived is not None and t.modifier in DIRECTIONS]
    events = [refine_place(e, directional, gazetteer) for e in events]
    return [replace(e, summary=summarize(e)).with_id() for e in merge_mentions(events)]


#: a wire dateline's date: "ISLAMABAD/KABUL, Oct 13 - ", "VILNIUS, Sept 16 (Reuters) - "
DATELINE_DATE = re.compile(
    r"(?m)^[ \t]*[A-Z][A-Z'’./\-]{1,29}(?:[ ][A-Z][A-Z'’./\-]{1,29}){0,3},[ ]?"
    r"(?P<date>[A-Z][a-z]{2,8}\.?[ ]\d{1,2})"
    r"[ ]?(?:\([A-Za-z]{2,12}\)[ ]?)?(?:—|–|--|-)[ ]")


def _event_timexes(text: str, pub: date | None) -> list:
    """The date expressions that may date an event: not a dateline's date, which is when the
    story was filed ("ISLAMABAD/KABUL, Oct 13 - … traded fire late on Sunday")."""
    filed = [m.span("date") for m in DATELINE_DATE.finditer(text)]
    return [x for x in find_timexes(text, pub) if not any(s <= x.start < e for s, e in filed)]


def _home(tops, ctx: DocContext) -> Actor | None:
    """The document's own country: its dateline's ("BEIRUT —": "the army" is Lebanon's),
    else the country it names most (twice at least)."""
    for t in tops:
        if t.source == "dateline" and t.country_code:
            return ctx.state(t.country_code)
    votes = Counter(t.country_code for t in tops if t.country_code and t.role in ("place", "actor", "demonym"))
    if not votes:
        return None
    cc, n = votes.most_common(1)[0]
    return ctx.state(cc) if n >= 2 else None


def _heading_country(sent, ctx: DocContext) -> Actor | None:
    """A sentence that is only a country's name ("Mali.", "BURKINA FASO —") heads the
    section that follows: that country is the section's own."""
    words = [t for t in sent if t.is_alpha]
    if not words or len(words) > 4:
        return None
    tops = [t for t in ctx.spans.starting_in(sent.start_char, sent.end_char) if t.country_code and t.kind == "country"]
    if len(tops) != 1 or not all(tops[0].start <= w.idx < tops[0].end for w in words):
        return None
    return ctx.state(tops[0].country_code)


def _own_forces(sent, trig: Trigger, ctx: DocContext, triggers) -> list:
    force_triggers = [t.anchor for t in triggers if t.type in FORCE_TYPES] or [trig.anchor]
    return [f for f in ctx.forces.starting_in(sent.start_char, sent.end_char)
            if _owner(f, force_triggers, sent.doc) == trig.anchor]


def _event(sent, trig: Trigger, ctx: DocContext, triggers, src: dict) -> Event | None:
    etype = trig.type
    if etype not in SPEECH_TYPES and habitual(trig):
        return None  # (speech acts are news in the present: "the ministry condemns …")
    actor = actor_of(trig, ctx)
    own_forces = _own_forces(sent, trig, ctx, triggers) if etype in FORCE_TYPES else []
    nationality = forces_nationality(own_forces, ctx)
    if nationality is not None and (actor is None or trig.anchor.pos_ != "VERB" or (
            etype in OWN_MOVES and any(c.dep_ in ("auxpass", "nsubjpass") for c in trig.anchor.children))):
        # "the deployment of 4,000 American troops": the Americans deployed; "1,500 U.S.
        # troops were relocated …, Iraqi officials said": moved by their own side, whoever reports it
        actor = nationality
    target = target_of(trig, ctx)
    if target is not None and actor is not None and (target == actor or (
            target.country_code and target.country_code == actor.country_code and actor.kind == target.kind)):
        target = None  # "North Korea fired missiles into its own waters": nobody acts on itself
    date_ref, dated = event_date(trig, ctx)
    modality = modality_of(trig, as_day(date_ref.start) if date_ref else None, ctx.published)
    if etype == "rejection" and modality == "denial":
        # "refused", "did not accept": the refusal is the act; "will not allow", "does not
        # accept": a stance
        aux = {c.lower_ for c in trig.anchor.children if c.dep_ == "aux"}
        stance = bool(aux & {"will", "would", "'ll", "wo"}) or (bool(aux & {"do", "does"}) and trig.anchor.tag_ == "VB")
        modality = "hypothetical" if stance else "fact"  # "does not accept the court's jurisdiction": a position
    if is_background(trig, as_day(date_ref.end) if date_ref else None, ctx.published, explicit_date=dated,
                     precision=date_ref.precision if date_ref else None):
        return None
    attrs: list[tuple[str, str]] = [("mention", "nominal")] if trig.nominal else []
    if _anaphoric(trig):
        attrs = [("mention", "anaphor")]  # "The attack came as …": the attack told before
    if modality not in EVENT_MODALITIES and etype != "statement":
        # said, denied or feared, not done: a statement by whoever says it, about the action;
        # the narrator's own negations and conjectures ("the U.S. has not threatened an
        # invasion") are nobody's statement
        stance = {c.lower_ for c in trig.anchor.children if c.dep_ in ("aux", "neg")} >= {"not"} and \
            bool({c.lower_ for c in trig.anchor.children if c.dep_ == "aux"} & {"will", "would", "wo", "'ll"})
        actor = speaker_of(trig.anchor, ctx) or (actor if stance else None)  # "Mexico will not accept …"
        if actor is None:
            return None
        attrs.append(("about", etype))
        etype, modality = ("threat", "fact") if modality == "threat" else ("statement", modality)
    if etype == "bounty":
        m = MONEY.search(sent.text)
        if m:
            amount = float(m.group(1).replace(",", ""))
            amount *= {"million": 1e6, "billion": 1e9, "thousand": 1e3}.get((m.group(2) or "").lower(), 1)
            attrs.append(("amount_usd", str(int(amount))))
    if etype in SPEECH_TYPES and etype not in ("election", "talks") and actor is None and target is None:
        return None  # "someone said something": nothing to map or attribute
    if etype == "statement" and not attrs:
        return None  # a bare "said": the map shows what is said about (denials, threats), not the saying
    subject = subject_of(trig.anchor)
    top = place_of(trig, ctx, actor, subject)
    if etype in SPEECH_TYPES and etype != "talks" and (top is None or not directly_located(trig.anchor, top)):
        top = _content_place(trig.anchor, sent, ctx, etype) if etype in CONTENT_PLACED else None
        if etype == "directive" and top is not None and actor is not None and actor.country_code and \
                top.country_code != actor.country_code:
            top = None  # a state orders within its jurisdiction: "checks on trains transiting between
            # Belarus and Kaliningrad" are Lithuania's checks, in Lithuania
        # what a statement is about is not where it was made
    if actor is None and etype == "mobilization" and top is not None and top.country_code:
        actor = ctx.state(top.country_code)
    if trig.nominal and actor is None and top is None and not dated and not own_forces and \
            etype not in SPEECH_TYPES and _mention_attr(attrs) != "anaphor":
        return None  # "men eligible for call-up": a bare event noun, with nothing to map or attribute
    if top is not None and etype not in SPEECH_TYPES:
        ctx.scene = (top, ctx.sentence, date_ref if dated else None)
    elif top is None and (etype not in SPEECH_TYPES or etype in SCENE_PLACED) and ctx.scene is not None \
            and ctx.sentence - ctx.scene[1] <= SCENE_SENTENCES \
            and not (states_time(trig, ctx) and not same_time(date_ref, ctx.scene[2])):
        # "… off Muuga harbour. The captain was detained …": where the story is — unless
        # the clause moves to a time of its own ("Last year, U.S. authorities seized …")
        top = ctx.scene[0]
        attrs.append(("place", "context"))
    place = place_ref(top, ctx.gazetteer) if top is not None else None
    if place is None and actor is not None and actor.country_code and etype in SPEECH_TYPES:
        place = actor_place(actor, ctx.gazetteer)
    elif place is None and actor is not None and actor.country_code and etype in NATIONWIDE_TYPES:
        place = actor_place(actor, ctx.gazetteer, seat=False)  # a call-up or a vote: the whole country
    fs = tuple(ForceRef(f.count, f.unit, f.approx, f.text, actor.country_code if actor else None)
               for f in own_forces)
    conf = 0.35 + 0.2 * (actor is not None) + 0.15 * (top is not None) + 0.15 * dated + 0.1 * bool(fs) \
        - 0.1 * trig.nominal
    source = Source(sentence=sent.text.strip(), start=sent.start_char, end=sent.end_char, **src)
    return Event(type=etype, actor=actor, target=target, place=place, date=date_ref, modality=modality, forces=fs,
                 sources=(source,), confidence=round(max(0.1, min(conf, 0.95)), 3), attributes=tuple(attrs),
                 summary="")


#: speech acts mapped where the act they name took place, when their clause says
#: ("accused Russia of jamming signals over the port of Klaipeda")
CONTENT_PLACED = frozenset({"accusation", "directive"})
#: speech acts that, their clause naming no place, apply where the story is: an order to
#: evacuate, a curfew, a closure take effect on the ground, not in the capital
SCENE_PLACED = frozenset({"directive"})


def _content_place(anchor, sent, ctx: DocContext, etype: str = "accusation"):
    """The place its clause locates the act a speech act names in, or None (an order
    applies to a place too: "a curfew for the whole of Macomia district")."""
    clause = clause_tokens(anchor)
    preps = LOCATIVE_PREPS + (("for", "across") + DESTINATION_PREPS if etype == "directive" else ())
    for t in ctx.spans.starting_in(sent.start_char, sent.end_char):
        if t.role == "place" and prep_of(t, sent.doc) in preps and \
                any(t.start <= tok.idx < t.end for tok in clause):
            return t
    return None


DEFINITE = frozenset({"the", "this", "that", "these", "those"})


def _mention_attr(attrs: list[tuple[str, str]]) -> str | None:
    return dict(attrs).get("mention")


def _anaphoric(trig: Trigger) -> bool:
    """A definite event noun with no facts of its own ("the attack", "this strike"): it
    names an event the document told before, not a new one."""
    tok = trig.token
    if tok.pos_ != "NOUN" or not any(c.dep_ == "det" and c.lower_ in DEFINITE for c in tok.children):
        return False
    return not any(c.dep_ in ("nummod", "prep", "poss", "compound", "amod", "nmod", "appos") and not trig.in_phrase(c)
                   for c in tok.children)


def _owner(force, anchors, doc):
    """The anchor a force mention belongs to: the nearest one governing it, else the nearest."""
    span = doc.char_span(force.start, force.end, alignment_mode="expand")
    if span is not None:
        governing = [t for t in anchors if t.is_ancestor(span.root) or t == span.root]
        if governing:
            return max(governing, key=lambda t: t.i if t.i <= span.root.i else -t.i)
    return min(anchors, key=lambda t: abs(t.idx - force.start))
