"""Event extraction: from a geoparsed document to typed events with actor, place, date,
forces, modality and evidence.

Per sentence, trigger words (verbs and nominalisations, matched on lemmas) propose events
of the types in :data:`dashboard.model.EVENT_TYPES`; the dependency parse then finds

* the **actor** — the subject of the trigger or of a governing verb ("Venezuela has
  responded by sending warships"), the agent of a passive ("designated … by the U.S."),
  normalised to a state when it is a country or capital (metonymy, from the geoparser's
  ``role="actor"``), a demonym phrase ("the Venezuelan government"), or a person the
  document has tied to a country ("Russian President Vladimir Putin" → later "Putin");
* the **place** — a place toponym in the trigger's prepositional phrases ("to the southern
  Caribbean", "in Kharkiv and Sumy", "along its coastline"), else any place toponym of
  the sentence that is not the actor; never the actor's own capital when the text says
  where;
* the **date** — the date expression of the sentence nearest the trigger
  (:mod:`dashboard.timex`), else the week before publication ("reported", lower confidence);
* the **forces** of the sentence (:mod:`dashboard.forces`) for force-posture events;
* the **modality** — denial ("no way they can invade", "will not"), consideration
  ("consider military actions", "if or when"), intent ("will", "plans to"), else fact.

Everything here is a pure function of the spaCy ``Doc``, the geoparser's toponyms and the
publication date, returning plain frozen :class:`~dashboard.model.Event` values.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from dashboard.extract.actors import actor_of, forces_nationality, people_of, target_of
from dashboard.extract.context import DocContext, Spans
from dashboard.extract.forces import find_forces
from dashboard.extract.lexicon import FORCE_TYPES, SPEECH_TYPES
from dashboard.extract.modality import modality_of
from dashboard.extract.places import DIRECTIONS, actor_place, directly_located, place_of, place_ref, refine_place
from dashboard.extract.summary import summarize
from dashboard.extract.timex import find_timexes
from dashboard.extract.triggers import find_triggers
from dashboard.model import Actor, DateRef, Event, ForceRef, Source

MONEY = re.compile(r"\$\s?(\d+(?:[.,]\d+)?)\s*(million|billion|thousand)?", re.I)


def extract_events(sdoc, toponyms, *, doc_id: str, published: str | None = None, path: str | None = None,
                   title: str | None = None, gazetteer=None) -> list[Event]:
    """Events reported in one geoparsed document (a spaCy ``Doc`` + its toponyms)."""
    pub = date.fromisoformat(published) if published else None
    tops = [t for t in toponyms if t.place is not None or t.derived is not None]
    spans = Spans(tops)
    text = sdoc.text
    timexes = find_timexes(text, pub)
    all_forces = find_forces(text)
    ctx = DocContext(pub, tops, people_of(sdoc, spans, gazetteer), spans, Spans(timexes), Spans(all_forces))
    events: list[Event] = []
    sents = list(sdoc.sents) if sdoc.has_annotation("SENT_START") else [sdoc[:]]
    for sent in sents:
        triggers = find_triggers(sent)
        for trig, etype in triggers:
            ev = _event(sent, trig, etype, ctx, timexes, all_forces, doc_id, path, title, published, gazetteer,
                        triggers)
            if ev is not None:
                events.append(ev)
    directional = [t for t in tops if t.derived is not None and t.modifier in DIRECTIONS]
    return _dedupe([refine_place(e, directional, gazetteer) for e in events])


def _event(sent, trig, etype, ctx: DocContext, timexes, all_forces, doc_id, path, title, published,
           gazetteer, triggers=()) -> Event | None:
    actor = actor_of(trig, sent, ctx, gazetteer)
    own_forces = []
    if etype in FORCE_TYPES:
        force_triggers = [t for t, e in triggers if e in FORCE_TYPES] or [trig]
        for f in ctx.forces.starting_in(sent.start_char, sent.end_char):
            if _owner(f, force_triggers, sent.doc) is trig:
                own_forces.append(f)
        nationality = forces_nationality(own_forces, ctx, gazetteer)
        if nationality is not None and (actor is None or trig.pos_ != "VERB"):
            actor = nationality  # "the deployment of 4,000 American troops": the Americans deployed
    target = target_of(trig, sent, ctx, gazetteer, etype)
    place_top = place_of(trig, sent, ctx, actor)
    if actor is None and etype == "mobilization" and place_top is not None and place_top.country_code:
        # people lining up to join a militia join their own country's
        country = gazetteer.country(place_top.country_code) if gazetteer is not None else None
        actor = Actor(country.name if country else place_top.country_code, "state", place_top.country_code)
    date_ref, dated = _date(trig, sent, ctx.timexes, ctx)
    fs = [ForceRef(f.count, f.unit, f.approx, f.text, actor.country_code if actor else None) for f in own_forces]
    modality = modality_of(trig, sent)
    if etype == "rejection" and modality == "denial":
        modality = "fact"  # refusing is the reported act, not a denial of it
    attrs = []
    if etype == "bounty":
        m = MONEY.search(sent.text)
        if m:
            amount = float(m.group(1).replace(",", ""))
            amount *= {"million": 1e6, "billion": 1e9, "thousand": 1e3}.get((m.group(2) or "").lower(), 1)
            attrs.append(("amount_usd", str(int(amount))))
    if etype == "mobilization" and not fs and not ({"militia", "reservist", "reservists", "troops"} &
                                                    {t.lower_ for t in sent}):
        return None
    if etype in SPEECH_TYPES and etype != "election" and actor is None and target is None:
        return None  # "someone said something": nothing to map or attribute
    if etype in SPEECH_TYPES and place_top is not None and not directly_located(trig, place_top):
        place_top = None  # what a statement is about is not where it was made
    place = place_ref(place_top, gazetteer) if place_top is not None else None
    if place is None and actor is not None and actor.country_code and etype in SPEECH_TYPES:
        place = actor_place(actor, gazetteer)
    conf = 0.35 + 0.2 * (actor is not None) + 0.15 * (place_top is not None) + 0.15 * dated + 0.1 * bool(fs)
    src = Source(doc_id=doc_id, sentence=sent.text.strip(), start=sent.start_char, end=sent.end_char,
                 published=published, path=path, title=title)
    ev = Event(type=etype, actor=actor, target=target, place=place, date=date_ref, modality=modality,
               forces=tuple(fs), sources=(src,), confidence=round(min(conf, 0.95), 3),
               attributes=tuple(attrs), summary="")
    return replace(ev, summary=summarize(ev)).with_id()


def _owner(force, triggers, doc):
    """The trigger a force mention belongs to: the nearest one governing it, else the nearest."""
    span = doc.char_span(force.start, force.end, alignment_mode="expand")
    if span is not None:
        governing = [t for t in triggers if t.is_ancestor(span.root) or t == span.root]
        if governing:
            return max(governing, key=lambda t: t.i if t.i <= span.root.i else -t.i)
    return min(triggers, key=lambda t: abs(t.idx - force.start))


def _date(trig, sent, timexes: Spans, ctx: DocContext) -> tuple[DateRef | None, bool]:
    in_sent = [x for x in timexes.starting_in(sent.start_char, sent.end_char) if x.interval is not None]
    if in_sent:
        pos = trig.idx
        best = min(in_sent, key=lambda x: abs(x.start - pos))
        iv = best.interval
        return DateRef(iv.start.isoformat(), iv.end.isoformat(), iv.precision, best.text, bool(best.suspect)), True
    if ctx.published is not None:
        start = ctx.published - timedelta(days=6)
        return DateRef(start.isoformat(), ctx.published.isoformat(), "week", None, False), False
    return None, False


def _dedupe(events: list[Event]) -> list[Event]:
    """One event per (type, actor, place, sentence)."""
    out, seen = [], set()
    for e in events:
        key = (e.type, e.actor, e.place and e.place.name, e.sources[0].start)
        if key in seen:
            continue
        seen.add(key)
        out.append(e)
    return out
