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
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date, timedelta

from dashboard.extract import forces as forces_mod
from dashboard.extract import timex as timex_mod
from dashboard.model import Mention
from dashboard.model import Actor, DateRef, Event, ForceRef, PlaceRef, Source

# lemma -> event type (verbs); nouns in NOUN_TRIGGERS
VERB_TRIGGERS: dict[str, str] = {
    "deploy": "deployment", "send": "deployment", "dispatch": "deployment", "station": "deployment",
    "position": "deployment", "reinforce": "deployment", "move": "deployment",
    "patrol": "patrol",
    "mobilize": "mobilization", "mobilise": "mobilization", "recruit": "mobilization", "conscript": "mobilization",
    "enlist": "mobilization",
    "threaten": "threat", "warn": "threat",
    "petition": "diplomatic_appeal", "appeal": "diplomatic_appeal", "urge": "diplomatic_appeal",
    "request": "diplomatic_appeal", "demand": "diplomatic_appeal",
    "designate": "designation", "label": "designation", "list": "designation",
    "sanction": "sanction", "embargo": "sanction",
    "seize": "seizure", "confiscate": "seizure", "impound": "seizure",
    "direct": "directive", "order": "directive", "instruct": "directive", "authorize": "directive",
    "authorise": "directive",
    "attack": "attack", "strike": "attack", "bomb": "attack", "shell": "attack", "invade": "attack",
    "raid": "attack", "clash": "attack",
    "accuse": "accusation", "blame": "accusation", "condemn": "accusation",
    "reject": "rejection", "refuse": "rejection",
    "say": "statement", "declare": "statement", "state": "statement", "claim": "statement",
    "insist": "statement", "vow": "statement", "stress": "statement", "assert": "statement",
    "announce": "statement", "confirm": "statement", "tell": "statement",
    "join": "mobilization", "fire": "attack", "launch": "attack",
    "accept": "rejection", "permit": "rejection", "allow": "rejection", "tolerate": "rejection",
}
NEGATED_ONLY = {"accept", "permit", "allow", "tolerate"}  # "will not accept": a rejection
WEAPON_WORDS = {"missile", "missiles", "rocket", "rockets", "shell", "shells", "shot", "shots", "drone", "drones",
                "artillery", "mortar", "mortars", "salvo", "strike", "strikes", "attack", "offensive", "torpedo"}
SPEECH_TYPES = {"statement", "diplomatic_appeal", "accusation", "rejection", "designation", "sanction", "bounty",
                "directive", "threat", "election"}
NOUN_TRIGGERS: dict[str, str] = {
    "deployment": "deployment", "buildup": "deployment", "build-up": "deployment",
    "patrol": "patrol", "patrols": "patrol",
    "mobilization": "mobilization", "mobilisation": "mobilization", "recruitment": "mobilization",
    "drive": "mobilization", "call-up": "mobilization",
    "bounty": "bounty", "reward": "bounty",
    "sanctions": "sanction", "embargo": "sanction",
    "exercise": "exercise", "exercises": "exercise", "drill": "exercise", "drills": "exercise",
    "maneuvers": "exercise", "manoeuvres": "exercise",
    "election": "election", "elections": "election", "re-election": "election", "term": "election",
    "attack": "attack", "attacks": "attack", "strike": "attack", "strikes": "attack", "invasion": "attack",
    "airstrike": "attack", "airstrikes": "attack", "offensive": "attack",
}
MILITARY_WORDS = {"military", "troops", "missile", "missiles", "drone", "drones", "air", "bomb", "bombs", "army",
                  "navy", "forces", "force", "warships", "invade", "invasion", "armed", "shelling", "artillery",
                  "soldiers", "marines", "fighter", "jets", "airstrike", "airstrikes"}
# a noun trigger needs a cue nearby to count (a "drive" is only a recruitment drive, a
# "term" only an elected one)
NOUN_CUES = {"drive": {"recruit", "recruitment", "militia"}, "term": {"third", "second", "fourth", "disputed"},
             "reward": {"capture", "arrest"}}
# precedence when one clause fires several types: the most specific wins
TYPE_RANK = ["bounty", "designation", "seizure", "sanction", "diplomatic_appeal", "directive", "patrol",
             "mobilization", "exercise", "deployment", "attack", "threat", "election", "accusation",
             "rejection", "statement"]
FORCE_TYPES = {"deployment", "patrol", "mobilization", "exercise", "attack"}
PLACE_PREPS = {"to", "in", "into", "along", "near", "at", "across", "off", "on", "inside", "within", "toward",
               "towards", "around", "from", "over"}
NEG_WORDS = {"no", "not", "n't", "never", "neither", "nor", "without"}
CONSIDER_LEMMAS = {"consider", "weigh", "mull", "contemplate", "explore", "study", "discuss"}
INTENT_LEMMAS = {"plan", "intend", "prepare", "aim", "seek", "vow", "pledge", "promise"}
MODAL_WORDS = {"could", "might", "may"}
TITLES = {"president", "minister", "secretary", "leader", "general", "gen.", "prime", "chancellor", "king",
          "premier", "governor", "senator", "sen.", "ambassador", "commander", "chief", "spokesman",
          "spokeswoman", "spokesperson", "official", "mr.", "ms.", "mrs."}
STATE_NOUNS = {"government", "administration", "military", "army", "navy", "forces", "authorities", "officials",
               "regime", "ministry", "state", "country", "nation"}
MONEY = re.compile(r"\$\s?(\d+(?:[.,]\d+)?)\s*(million|billion|thousand)?", re.I)
VERB_PAST = {"deployment": "deployed", "patrol": "patrolled", "mobilization": "mobilized", "statement": "stated",
             "threat": "threatened", "diplomatic_appeal": "appealed to", "designation": "designated",
             "sanction": "sanctioned", "bounty": "offered a bounty on", "seizure": "seized",
             "directive": "directed", "election": "held an election", "exercise": "held exercises",
             "attack": "attacked", "accusation": "accused", "rejection": "rejected"}


class _Spans:
    """Items with a ``start`` offset, looked up by the range their start falls in, in
    O(log n + k) — a linear scan per event made a long document quadratic (a 2 MB
    article took minutes).  Results keep the items' original order."""

    def __init__(self, items=()):
        self.items = list(items)
        self._order = sorted(range(len(self.items)), key=lambda i: self.items[i].start)
        self._starts = [self.items[i].start for i in self._order]

    def starting_in(self, lo: int, hi: int) -> list:
        """Items with ``lo <= start < hi``."""
        i, j = bisect_left(self._starts, lo), bisect_left(self._starts, hi)
        if j - i <= 1:
            return [self.items[k] for k in self._order[i:j]]
        return [self.items[k] for k in sorted(self._order[i:j])]

    def __iter__(self):
        return iter(self.items)


@dataclass
class _DocContext:
    published: date | None
    toponyms: list[Mention]
    people: dict[str, Actor]  # surname -> actor with country (from "Venezuelan President X Y")
    spans: _Spans = field(default_factory=_Spans)  # the toponyms, indexed by start
    timexes: _Spans = field(default_factory=_Spans)
    forces: _Spans = field(default_factory=_Spans)


def extract_events(sdoc, toponyms, *, doc_id: str, published: str | None = None, path: str | None = None,
                   title: str | None = None, gazetteer=None) -> list[Event]:
    """Events reported in one geoparsed document (a spaCy ``Doc`` + its toponyms)."""
    pub = date.fromisoformat(published) if published else None
    tops = [t for t in toponyms if t.place is not None or t.derived is not None]
    spans = _Spans(tops)
    text = sdoc.text
    timexes = timex_mod.find_timexes(text, pub)
    all_forces = forces_mod.find_forces(text)
    ctx = _DocContext(pub, tops, _people(sdoc, spans, gazetteer), spans, _Spans(timexes), _Spans(all_forces))
    events: list[Event] = []
    sents = list(sdoc.sents) if sdoc.has_annotation("SENT_START") else [sdoc[:]]
    for sent in sents:
        triggers = _triggers(sent)
        for trig, etype in triggers:
            ev = _event(sent, trig, etype, ctx, timexes, all_forces, doc_id, path, title, published, gazetteer,
                        triggers)
            if ev is not None:
                events.append(ev)
    directional = [t for t in tops if t.derived is not None and t.modifier in _DIRECTIONS]
    return _dedupe([_refine_place(e, directional, gazetteer) for e in events])


_DIRECTIONS = ("south", "north", "east", "west", "central", "southeast", "southwest", "northeast", "northwest")


def _refine_place(ev: Event, toponyms: list[Mention], gazetteer) -> Event:
    """Within one article, a place described more narrowly elsewhere ("to the Caribbean"
    … "the deployment to the southern Caribbean") is the narrower one for force events."""
    if ev.type not in FORCE_TYPES or ev.place is None or ev.place.place_id is None or ev.place.modifier:
        return ev
    narrower = [t for t in toponyms if t.derived is not None and t.modifier in _DIRECTIONS
                and ev.place.place_id in t.derived.base_ids]
    if len({t.derived.name for t in narrower}) != 1:
        return ev
    from dataclasses import replace

    refined = replace(ev, place=_place_ref(narrower[0], gazetteer))
    return replace(refined, summary=summarize(refined)).with_id()


# --------------------------------------------------------------------------- triggers


def _triggers(sent):
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


def _same_clause(tok, others) -> bool:
    return any(tok.is_ancestor(o) or o.is_ancestor(tok) or o.head == tok.head for o in others)


# --------------------------------------------------------------------------- one event


def _event(sent, trig, etype, ctx: _DocContext, timexes, all_forces, doc_id, path, title, published,
           gazetteer, triggers=()) -> Event | None:
    actor = _actor(trig, sent, ctx, gazetteer)
    own_forces = []
    if etype in FORCE_TYPES:
        force_triggers = [t for t, e in triggers if e in FORCE_TYPES] or [trig]
        for f in ctx.forces.starting_in(sent.start_char, sent.end_char):
            if _owner(f, force_triggers, sent.doc) is trig:
                own_forces.append(f)
        nationality = _forces_nationality(own_forces, ctx, gazetteer)
        if nationality is not None and (actor is None or trig.pos_ != "VERB"):
            actor = nationality  # "the deployment of 4,000 American troops": the Americans deployed
    target = _target(trig, sent, ctx, gazetteer, etype)
    place_top = _place(trig, sent, ctx, actor)
    if actor is None and etype == "mobilization" and place_top is not None and place_top.country_code:
        # people lining up to join a militia join their own country's
        country = gazetteer.country(place_top.country_code) if gazetteer is not None else None
        actor = Actor(country.name if country else place_top.country_code, "state", place_top.country_code)
    date_ref, dated = _date(trig, sent, ctx.timexes, ctx)
    fs = [ForceRef(f.count, f.unit, f.approx, f.text, actor.country_code if actor else None) for f in own_forces]
    modality = _modality(trig, sent)
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
    if etype in SPEECH_TYPES and place_top is not None and not _directly_located(trig, place_top):
        place_top = None  # what a statement is about is not where it was made
    place = _place_ref(place_top, gazetteer) if place_top is not None else None
    if place is None and actor is not None and actor.country_code and etype in SPEECH_TYPES:
        place = _actor_place(actor, gazetteer)
    conf = 0.35 + 0.2 * (actor is not None) + 0.15 * (place_top is not None) + 0.15 * dated + 0.1 * bool(fs)
    src = Source(doc_id=doc_id, sentence=sent.text.strip(), start=sent.start_char, end=sent.end_char,
                 published=published, path=path, title=title)
    ev = Event(type=etype, actor=actor, target=target, place=place, date=date_ref, modality=modality,
               forces=tuple(fs), sources=(src,), confidence=round(min(conf, 0.95), 3),
               attributes=tuple(attrs), summary="")
    from dataclasses import replace

    return replace(ev, summary=summarize(ev)).with_id()


def _owner(force, triggers, doc):
    """The trigger a force mention belongs to: the nearest one governing it, else the nearest."""
    span = doc.char_span(force.start, force.end, alignment_mode="expand")
    if span is not None:
        governing = [t for t in triggers if t.is_ancestor(span.root) or t == span.root]
        if governing:
            return max(governing, key=lambda t: t.i if t.i <= span.root.i else -t.i)
    return min(triggers, key=lambda t: abs(t.idx - force.start))


def _forces_nationality(forces, ctx: _DocContext, gazetteer) -> Actor | None:
    for f in forces:
        for t in ctx.spans.starting_in(f.start, f.end):
            if t.end <= f.end and t.place is not None and t.place.country_code and \
                    t.place.kind in ("country",):
                country = gazetteer.country(t.place.country_code) if gazetteer is not None else None
                return Actor(country.name if country else t.place.name, "state", t.place.country_code)
    return None


def _subject(tok):
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


def _np(tok):
    """Tokens of the noun phrase headed by tok."""
    return [t for t in tok.subtree if t.dep_ not in ("relcl", "acl", "appos", "punct", "cc", "conj")
            and (t.i >= min(x.i for x in tok.subtree))]


def _actor(trig, sent, ctx: _DocContext, gazetteer) -> Actor | None:
    subj = _subject(trig)
    if subj is None:
        return None
    return _actor_from_np(subj, ctx, gazetteer)


def _actor_from_np(head, ctx: _DocContext, gazetteer) -> Actor | None:
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
            name = _person_name(head) or name
        if name and head.pos_ == "PROPN":
            kind = "organization" if head.ent_type_ == "ORG" else "person" if head.ent_type_ == "PERSON" else "group"
            return Actor(name, kind, None)
    return None


def _person_name(head) -> str | None:
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


def _people(sdoc, toponyms: _Spans, gazetteer) -> dict[str, Actor]:
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


def _target(trig, sent, ctx, gazetteer, etype) -> Actor | None:
    for child in trig.children:
        if child.dep_ in ("dobj",) and etype in ("diplomatic_appeal", "accusation", "designation", "sanction",
                                                 "attack", "threat"):
            a = _actor_from_np(child, ctx, gazetteer)
            if a is not None:
                return a
        if child.dep_ == "prep" and child.lower_ in ("on", "against", "for") and etype in ("bounty", "sanction",
                                                                                             "attack", "threat"):
            for g in child.children:
                if g.dep_ == "pobj":
                    a = _actor_from_np(g, ctx, gazetteer)
                    if a is not None:
                        return a
    return None


def _place(trig, sent, ctx: _DocContext, actor: Actor | None) -> Mention | None:
    subj = _subject(trig)
    lo, hi = ((min(t.idx for t in subj.subtree), max(t.idx + len(t.text) for t in subj.subtree))
              if subj is not None else (-1, -1))
    in_sent = [t for t in ctx.spans.starting_in(sent.start_char, sent.end_char)
               if t.role == "place" and not (lo <= t.start < hi)]
    if not in_sent:
        return None
    # places in the trigger's (or its clause's) prepositional phrases first
    clause_head = trig if trig.pos_ == "VERB" else trig.head
    scope = {t.i for t in clause_head.subtree}
    doc = trig.doc
    attached = []
    for t in in_sent:
        span = doc.char_span(t.start, t.end, alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        if root.i in scope or any(tok.i in scope for tok in span):
            prep = root.head if root.dep_ in ("pobj",) else None
            if prep is None or prep.lower_ in PLACE_PREPS or root.dep_ in ("dobj", "compound", "conj", "appos"):
                attached.append(t)
    cands = attached or in_sent

    def prep_rank(t: Mention) -> int:
        span = doc.char_span(t.start, t.end, alignment_mode="expand")
        head = span.root.head if span is not None else None
        word = head.lower_ if head is not None and span.root.dep_ == "pobj" else ""
        return 0 if word in ("to", "into", "in", "at", "inside", "within") else 1 if word in (
            "along", "across", "on", "over", "toward", "towards") else 2

    def specificity(t: Mention) -> tuple:
        kind = t.kind or ""
        rank = {"border": 0, "coast": 1, "waters": 1, "admin2": 2, "city": 2, "admin1": 3, "sea": 4,
                "lake": 4, "country": 6, "region": 7}.get(kind, 5)
        # the actor's own country is where it is from, not where the event is
        own = actor is not None and t.country_code == actor.country_code and kind == "country"
        return (own, prep_rank(t), t.derived is None and kind in ("sea",) and any(x.derived is not None
                                                                                   for x in cands), rank, t.start)

    return sorted(cands, key=specificity)[0]


def _directly_located(trig, t: Mention) -> bool:
    """Is the toponym the object of an 'in/at' phrase of the trigger itself?"""
    for prep in trig.children:
        if prep.dep_ == "prep" and prep.lower_ in ("in", "at", "from"):
            for obj in prep.children:
                if obj.dep_ == "pobj" and obj.idx <= t.start < obj.idx + len(obj.text) + 1 or \
                        any(x.idx <= t.start < x.idx + len(x.text) for x in obj.subtree):
                    return True
    return False


def _place_ref(t: Mention, gazetteer) -> PlaceRef:
    import json

    geometry = None
    if t.derived is not None:
        import shapely

        geometry = shapely.to_geojson(t.derived.geometry())
    elif t.place is not None and gazetteer is not None and t.kind in ("admin1", "admin2", "sea", "lake", "border"):
        import shapely

        geometry = shapely.to_geojson(gazetteer.geometry(t.place, simple=True))
    _ = json
    return PlaceRef(name=t.name, kind=t.kind, country_code=t.country_code,
                    place_id=t.place.id if t.place is not None else None, lat=t.lat, lon=t.lon,
                    modifier=t.modifier, geometry=geometry)


def _actor_place(actor: Actor, gazetteer) -> PlaceRef | None:
    """Where a state speaks from: its capital (else the country), marked modifier="actor"."""
    if gazetteer is None:
        return None
    seat = gazetteer.capital(actor.country_code) or gazetteer.country(actor.country_code)
    if seat is None:
        return None
    return PlaceRef(name=seat.name, kind=seat.kind, country_code=seat.country_code, place_id=seat.id,
                    lat=seat.lat, lon=seat.lon, modifier="actor")


def _date(trig, sent, timexes: _Spans, ctx: _DocContext) -> tuple[DateRef | None, bool]:
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


def _modality(trig, sent) -> str:
    words = [t.lower_ for t in sent]
    if trig.pos_ != "VERB":
        mods = {c.lower_ for c in trig.children if c.dep_ in ("det", "amod", "neg")}
        if mods & {"no", "not"}:
            return "denial"
        if mods & {"potential", "possible", "any", "proposed", "planned"}:
            return "consideration"
    clause = list(trig.subtree) + list(trig.ancestors)[:3]
    lemmas = {t.lemma_.lower() for t in clause}
    lowers = {t.lower_ for t in clause}
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
    _ = lowers
    return "fact"


def summarize(ev: Event) -> str:
    """One line: who did what, with what, where, when."""
    who = ev.actor.name if ev.actor else "Unknown actor"
    verb = VERB_PAST.get(ev.type, ev.type)
    if ev.modality == "denial":
        verb = f"denied it will have {verb}" if ev.type == "attack" else f"did not {verb.split()[0]}"
    elif ev.modality == "consideration":
        verb = f"considered: {verb}"
    elif ev.modality == "intent":
        verb = f"announced it will have {verb}"
    parts = [who, verb]
    if ev.target:
        parts.append(ev.target.name)
    if ev.forces:
        parts.append(" and ".join(f"{f.count:,} {f.unit}" if f.count else f.unit for f in ev.forces[:3]))
    if ev.place and ev.place.modifier != "actor":
        parts.append(f"— {ev.place.name}")
    if ev.date and ev.date.text:
        parts.append(f"({ev.date.start}{'' if ev.date.end == ev.date.start else '..' + ev.date.end})")
    return " ".join(parts)


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
