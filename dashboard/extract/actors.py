"""Actors and targets: who acts in an event's clause, resolved to the party behind it.

The actor phrase is the anchor's subject (or a governing verb's, through "tried to",
"went on to"), the agent of a passive, or the possessor or modifier of a nominal trigger
("Russia's offensive", "an Israeli drone strike").  The phrase resolves, in order, to:

* a state named in it — a country, a capital or state used as an actor (metonymy), a
  named institution that stands for one ("the Pentagon", "the Kremlin", "CENTCOM");
* an organisation or armed group named in it ("NATO", "M23");
* a state behind a government noun — "the navy", "the defence ministry", "the
  president", "Pakistani troops", "a Turkish drone" — by its nationality word or
  possessor, else by what the document said before ("Ukraine's navy" … "the navy"),
  else by the document's own country (dateline, focus);
* a person the document tied to a country ("Russian President X" … "X");
* a pronoun's antecedent: the subject of the reporting verb ("Germany said it was
  sending …") or the previous sentence's actor;
* a named person, organisation or group as such.

Person names and the document's name tables are in :mod:`dashboard.extract.names`.

Nothing found: no actor (the summary then has none, never "Unknown actor").
"""

from __future__ import annotations

import re

from dashboard.extract.clauses import misparsed_main
from dashboard.extract.context import DocContext
from dashboard.extract.names import named_actor, person_name, text_of
from dashboard.extract.lexicon import CLASSES, GROUP_HEADS, REFERENCE_VERBS, SPEECH_VERBS, STATE_NOUNS, TITLES
from dashboard.model import Actor

#: the suffix that makes a country the sponsor or base of the actor it qualifies, not the
#: actor ("Iran-backed Houthi forces", "Russian-trained militias", "Turkey-based rebels")
SPONSOR = re.compile(r"[-‐–](?:backed|supported|sponsored|funded|financed|armed|trained|aligned|allied|"
                     r"affiliated|linked|based|friendly|leaning|inspired|controlled)\b", re.IGNORECASE)

QUANTITY_HEADS = {"hundreds", "thousands", "dozens", "scores", "tens", "some", "many", "several", "one", "two"}
#: heads that stand for the group of their "of" phrase ("members of a nationalist group")
MEMBER_HEADS = {"members", "supporters", "followers", "fighters", "militants"}
PRONOUNS = {"it", "they", "he", "she", "its", "their", "his", "her", "we", "them"}


def subject_of(anchor):
    """The actor phrase's head token for an event anchored on ``anchor``, or None."""
    if anchor.pos_ not in ("VERB", "AUX"):
        for child in anchor.children:  # "Russia's offensive", "the U.S. deployment", "an Israeli strike"
            if child.ent_type_ in ("DATE", "TIME"):
                continue  # "Sunday's ambush": when, not who
            if (child.dep_ == "poss" and child.lower_ not in PRONOUNS) or \
                    (child.dep_ in ("compound", "nmod") and child.pos_ == "PROPN") or \
                    (child.dep_ == "amod" and child.ent_type_ == "NORP"):
                return child
        if anchor.dep_ in ("dobj", "attr") and anchor.head.pos_ == "VERB":  # "the U.S. doubled its bounty"
            subj = subject_of(anchor.head)
            if subj is not None:
                return subj
        poss = next((c for c in anchor.children if c.dep_ == "poss" and c.ent_type_ not in ("DATE", "TIME")), None)
        if poss is not None:
            return poss
        for child in anchor.children:
            if child.dep_ == "prep" and child.lower_ in ("by", "of", "between"):
                obj = next((g for g in child.children if g.dep_ == "pobj"), None)
                if obj is not None and (child.lower_ == "by" or obj.lemma_.lower() in CLASSES["delegates"] or
                                        obj.lower_ in GROUP_HEADS or obj.pos_ == "PROPN"):
                    return obj
        return None
    cur = anchor
    for _ in range(5):
        if misparsed_main(cur) and not any(c.dep_ in ("nsubj", "nsubjpass") for c in cur.children):
            return cur.head  # "The Philippines, which chairs ASEAN, on Friday called on …"
        if cur.dep_ == "acl" and (cur.tag_ in ("VBD", "VBG") or cur.head.ent_type_ == "CARDINAL") and \
                not any(c.dep_ == "nsubj" for c in cur.children):
            return cur.head  # "Hundreds of residents protested …", "troops patrolling the border"
        for child in cur.children:
            if child.dep_ == "nsubj":
                return child
            if child.dep_ == "agent":
                return next((g for g in child.children if g.dep_ == "pobj"), None)
        if cur.dep_ == "conj" and any(c.dep_ == "auxpass" for c in cur.children):
            # "were intercepted by Greek jets … and escorted out": coordinated passives share the agent
            agent = next((c for v in (cur.head, *cur.head.conjuncts) if v is not cur for c in v.children
                          if c.dep_ == "agent"), None)
            if agent is not None:
                return next((g for g in agent.children if g.dep_ == "pobj"), None)
        if (cur.dep_ in ("xcomp", "conj", "advcl", "acl", "pcomp") or
                (cur.dep_ == "relcl" and cur.tag_ == "VB")) and cur.head != cur:
            cur = cur.head  # "tried to free", "struck … and killed", "sent ships to patrol"
            if cur.dep_ == "prep":  # "responded by sending"
                cur = cur.head
            if cur.pos_ == "NOUN" and cur.dep_ in ("dobj", "pobj", "attr"):  # "launched a drive to recruit"
                cur = cur.head.head if cur.head.dep_ == "prep" else cur.head
            continue
        break
    return None


def _core(head) -> list:
    """The phrase without its prepositional and clausal modifiers ("Houthi rebels in
    Yemen": the rebels, not Yemen)."""
    out = []
    stack = [head]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(c for c in t.children if c.dep_ not in ("prep", "relcl", "acl", "appos", "punct", "cc", "conj")
                     or (c.dep_ == "prep" and c.lower_ == "of" and head.lower_ in STATE_NOUNS))
    return sorted(out, key=lambda t: t.i)


def actor_from_np(head, ctx: DocContext, *, remember: bool = True, pronouns: bool = True) -> Actor | None:
    if head.ent_type_ == "CARDINAL" or head.lower_ in QUANTITY_HEADS or head.lower_ in MEMBER_HEADS:
        # "Hundreds of Kurdish residents", "members of a nationalist group"
        of = next((g for c in head.children if c.dep_ == "prep" and c.lower_ == "of"
                   for g in c.children if g.dep_ == "pobj"), None)
        if of is not None:
            head = of
    if head.pos_ in ("ADJ", "DET"):  # "Sudan's paramilitary Rapid Support Forces": a misparse
        named_appos = next((c for c in head.children if c.dep_ == "appos" and c.pos_ in ("PROPN", "NOUN")), None)
        if named_appos is not None:
            head = named_appos
    core = _core(head)
    lo, hi = core[0].idx, core[-1].idx + len(core[-1].text)
    text = head.doc.text
    spans = [t for t in ctx.spans.starting_in(lo, hi) if t.end <= hi and t.place is not None]
    inside = [t for t in spans if not SPONSOR.match(text, t.end)]  # "Iran-backed Houthi forces": not Iran's
    words = {t.lower_ for t in core}
    named = named_actor(core, ctx.aliases)
    if named is None and len(inside) < len(spans) and head.lower_ in GROUP_HEADS:
        # "Iranian-backed militias": a group of their own, named as the text names it
        return Actor(re.sub(r"^(?:the|an?)\s+", "", " ".join(text[lo:hi].split()), flags=re.IGNORECASE),
                     "group", None)
    if named is not None and named[1] is None:
        # a named organisation or group is the actor, whatever country qualifies it
        # ("Sudan's paramilitary Rapid Support Forces", "the EU's naval force")
        return Actor(ctx.aliases.get(named[0], named[0]), named[2], None)
    # a country, a capital or state acting
    for t in inside:
        p = t.place
        if t.role in ("place", "actor") and p.kind == "country" and p.country_code:
            return ctx.state(p.country_code, p.name)
        if p.kind in ("city", "admin1") and (p.subtype == "capital" or t.role == "actor") and p.country_code \
                and not words & set(GROUP_HEADS):
            return ctx.state(p.country_code, p.name)
    if named is not None:
        actor = ctx.state(named[1])
        _remember(ctx, head, actor, remember)
        return actor
    # nationality word or possessor of a government noun: "Pakistani troops", "Ukraine's navy"
    state_head = head.lower_ in STATE_NOUNS or head.lemma_.lower() in STATE_NOUNS or bool(words & TITLES)
    for t in inside:
        if t.role == "demonym" and t.country_code and t.start <= head.idx < t.end and head.tag_ in ("NNPS", "NNS"):
            # the people of a country ("thousands of Venezuelans lined up"): a group of that
            # country, so its reports meet the state's under one actor key
            return Actor(head.text, "group", t.country_code)
        if t.role == "demonym" and t.country_code and (state_head or head.pos_ == "NOUN"):
            if words & set(GROUP_HEADS) - {"forces", "fighters"} and not state_head:
                mods = [c for c in head.children if c.dep_ in ("amod", "compound") and c.ent_type_ == "NORP"]
                name = " ".join(x.text for x in sorted([*mods, head], key=lambda x: x.i))
                return Actor(name, "group", t.country_code)
            actor = ctx.state(t.country_code, t.place.name)
            _remember(ctx, head, actor, remember)
            return actor
    # a person the document tied to a country
    for tok in core:
        if tok.pos_ == "PROPN" and tok.text in ctx.people:
            return ctx.people[tok.text]
    if head.lower_ in PRONOUNS:
        return _antecedent(head, ctx) if pronouns else None
    poss = next((c for c in head.children if c.dep_ == "poss" and c.lower_ in PRONOUNS), None)
    if poss is not None and pronouns:  # "its sea drones", "their troops"
        return _antecedent(poss, ctx)
    if state_head and not any(c.pos_ == "PROPN" and c.lower_ not in STATE_NOUNS
                              for c in head.children if c.dep_ == "compound"):  # "Army warplanes" is the army's
        known = ctx.institutions.get(head.lemma_.lower())
        if known is not None:
            return known
        if ctx.home is not None and not words & {"foreign", "international", "western", "allied", "rebel"} and \
                head.lemma_.lower() not in ("administration", "official", "officials", "mission", "delegation"):
            return ctx.home
    unit = _unit_word(core)
    if unit is not None and head.pos_ == "PROPN":
        # "the Second Army Area", "Western Army", "the 14 Corps": a numbered or compass-named
        # formation is a state's, the one whose army the document spoke of, else its own country
        known = ctx.institutions.get(unit) or ctx.home
        if known is not None:
            return known
    compound = [c for c in head.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
    if compound and head.lemma_.lower() in CLASSES["weapons"]:
        return None  # "an Iskander missile", "Shahed drones": a weapon's model, not who fired it
    if compound and head.ent_type_ != "PERSON" and head.lemma_.lower() in STATE_NOUNS:
        # "the Trump administration", "the Sudani government"
        person = next((ctx.people[c.text] for c in compound if c.text in ctx.people), None)
        if person is not None:
            return person
        name = " ".join(t.text for t in sorted([*compound, head], key=lambda t: t.i))
        return Actor(name, "organization", None)
    return _named_entity(head, core, ctx)


#: words that name a formation by its number or region ("Second Army Area", "Western Army")
UNIT_MARKERS = frozenset({"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
                          "tenth", "northern", "southern", "eastern", "western", "central", "north", "south", "east",
                          "west", "northeastern", "northwestern", "southeastern", "southwestern"})
#: the formation nouns a unit name is built on
UNIT_NOUNS = frozenset({"army", "corps", "command", "division", "fleet", "brigade", "regiment", "battalion",
                        "district", "region", "area", "zone", "front", "group", "squadron"})
#: which institution a formation belongs to
_SERVICE = {"fleet": "navy", "squadron": "air"}


def _unit_word(core) -> str | None:
    """The service a formation name belongs to ("Second Army Area" -> "army"), when the
    name is a formation's: a number, an ordinal or a compass word and a formation noun,
    capitalised as a name — not a rebel army named for a cause ("Arakan Army")."""
    words = [t for t in core if t.pos_ in ("PROPN", "NUM", "ADJ", "NOUN")]
    if not words or not any(t.text[:1].isupper() for t in words):
        return None
    marked = any(t.lower_ in UNIT_MARKERS or t.like_num or re.fullmatch(r"\d+(?:st|nd|rd|th)", t.lower_)
                 for t in words)
    formation = [t.lower_ for t in words if t.lower_ in UNIT_NOUNS]
    if not marked or not formation:
        return None
    service = next((w for w in formation if w in ("army", "navy", "corps", "fleet", "command")), formation[0])
    return _SERVICE.get(service, "army" if service in ("corps", "command", "division", "brigade", "regiment",
                                                      "battalion", "district", "area", "zone", "front",
                                                      "group") else service)


#: men described as a group by what they carry or hide ("armed men", "masked men")
ARMED_MEN = {"armed", "masked", "unidentified", "unknown", "gunmen"}


def _named_entity(head, core, ctx: DocContext) -> Actor | None:
    mods = [c for c in head.children if c.dep_ in ("compound", "amod") and c.pos_ in ("PROPN", "ADJ")
            and c.text[:1].isupper()]
    if head.pos_ == "NOUN" and mods and head.lower_ in GROUP_HEADS:
        return Actor(text_of([*mods, head]), "group", None)
    described = any(c.dep_ == "amod" and c.pos_ == "ADJ" and c.ent_type_ != "NORP" for c in head.children)
    if head.pos_ == "NOUN" and (
            (head.lower_ in GROUP_HEADS - {"forces", "fighters"} and (head.tag_ == "NNS" or described)) or
            (head.lower_ == "men" and any(c.lower_ in ARMED_MEN for c in head.children if c.dep_ == "amod")) or
            (head.lower_ == "people" and described)):
        # an unnamed armed or civil group, named as the text describes it ("Insurgents
        # attacked …", "Armed men boarded …", "a nationalist group rallied …")
        words = [c for c in head.children if c.dep_ in ("amod", "compound") and c.ent_type_ != "NORP"
                 and c.pos_ in ("ADJ", "NOUN")] + [head]
        return Actor(text_of(sorted(words, key=lambda t: t.i)).lower(), "unnamed", None)
    if head.ent_type_ == "PERSON":
        if head.text in ctx.people:
            return ctx.people[head.text]
        name = person_name(head)
        return Actor(name, "person", None) if name else None
    if head.ent_type_ in ("ORG", "NORP") and head.pos_ == "PROPN":
        name = text_of([t for t in core if t.ent_type_ in ("ORG", "NORP") or t == head])
        name = re.sub(r"^(?:the|The)\s+", "", name).strip()
        if name and head.ent_type_ != "DATE":
            return Actor(ctx.aliases.get(name, name), "organization" if head.ent_type_ == "ORG" else "group", None)
    return None


def _remember(ctx: DocContext, head, actor: Actor, remember: bool) -> None:
    if remember and actor.country_code:
        ctx.institutions[head.lemma_.lower()] = actor


def _antecedent(pronoun, ctx: DocContext) -> Actor | None:
    """"Germany said it was sending …": the reporting verb's subject; "he", "she": the last
    person named before it; else the actor of the previous sentence."""
    if pronoun.lower_ in ("he", "she", "his", "her"):
        person = next((e for e in reversed(pronoun.doc.ents) if e.label_ == "PERSON" and e.end <= pronoun.i), None)
        if person is not None:
            if person[-1].text in ctx.people:
                return ctx.people[person[-1].text]
            name = person_name(person.root)
            return Actor(name, "person", None) if name else None
    cur = pronoun.head
    for _ in range(4):
        if cur.lemma_.lower() in SPEECH_VERBS:
            subj = next((c for c in cur.children if c.dep_ == "nsubj"), None)
            if subj is not None and subj != pronoun and subj.lower_ not in PRONOUNS:
                return actor_from_np(subj, ctx, pronouns=False)
        if cur.head == cur:
            break
        cur = cur.head
    return ctx.last_actor


#: what authorities announce of themselves in the passive ("the captain had been detained,
#: the PPA said"): the speaker did it
SELF_REPORTED = frozenset({"arrest", "seizure", "release", "deployment", "directive", "sanction", "designation",
                           "withdrawal", "mobilization", "patrol", "exercise"})


def actor_of(trigger, ctx: DocContext) -> Actor | None:
    subj = subject_of(trigger.anchor)
    if subj is None and trigger.anchor != trigger.token:
        subj = subject_of(trigger.token)
    if subj is None and trigger.nominal:
        subj = _doer_of_object(trigger.token) or _relative_doer(trigger.token)
    if subj is not None:
        actor = actor_from_np(subj, ctx)
        if actor is None or actor == ctx.home:  # nothing, or only the document's country
            named = _named_before(subj, trigger.anchor, ctx)
            if named is not None:
                return named
        return actor
    anchor = trigger.anchor
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in anchor.children)
    if passive and trigger.type in SELF_REPORTED:
        cur = anchor
        for _ in range(3):
            if cur.head == cur:
                break
            cur = cur.head
            if cur.lemma_.lower() in SPEECH_VERBS:
                speaker = next((c for c in cur.children if c.dep_ == "nsubj"), None)
                actor = actor_from_np(speaker, ctx, pronouns=False) if speaker is not None else None
                return actor if actor is not None and actor.kind in ("state", "organization") else None
    return None


def _named_before(subj, anchor, ctx: DocContext) -> Actor | None:
    """A named group between the subject's first word and the verb, when the parse split
    the subject ("Fighters of the al-Qaeda-linked Jama'at Nusrat al-Islam wal-Muslimin
    (JNIM) ambushed …" parsed with two subjects)."""
    if subj.i >= anchor.i or anchor.pos_ not in ("VERB", "AUX"):
        return None
    skip = {t.i for c in subj.subtree if c.dep_ in ("relcl", "acl", "conj") and c != subj for t in c.subtree}
    toks = [t for t in subj.doc[subj.left_edge.i:anchor.i] if t.i not in skip and not t.is_punct]
    named = named_actor(toks, ctx.aliases)
    if named is None or named[1] is not None:
        return None
    return Actor(ctx.aliases.get(named[0], named[0]), named[2], None)


def _relative_doer(noun):
    """"Sunday's ambush in which JNIM fighters burned a dozen tankers": the subject of the
    relative clause that tells the event noun's own act."""
    for c in noun.children:
        if c.dep_ == "relcl" and any(g.dep_ == "prep" and g.lower_ in ("in", "during") for g in c.children):
            subj = next((g for g in c.children if g.dep_ == "nsubj"), None)
            if subj is not None and subj.lower_ not in PRONOUNS:
                return subj
    return None


SAYING_VERBS = SPEECH_VERBS | {"deny", "warn", "threaten", "dismiss", "rule", "insist", "vow", "stress", "claim",
                               "accuse", "reject", "fear", "suggest", "predict", "urge", "demand", "call"}


def _doer_of_object(noun):
    """The subject of the verb whose object holds a nominal event ("X's government extended
    the general mobilisation decree": the government's mobilisation; "the fleet pressed on
    with exercises") — not of a verb that only speaks of it ("condemned the strike")."""
    cur = noun
    for _ in range(4):
        if cur.dep_ in ("compound", "amod", "nmod", "conj") or (cur.dep_ == "pobj" and cur.head.lower_ == "of"):
            cur = cur.head if cur.dep_ != "pobj" else cur.head.head
            continue
        break
    if cur.dep_ == "pobj" and cur.head.lower_ == "with" and cur.head.dep_ == "prep" and cur.head.head.pos_ == "VERB":
        verb = cur.head.head  # "the fleet pressed on with exercises", "went ahead with the strike"
    elif cur.dep_ == "dobj" and cur.head.pos_ == "VERB":
        verb = cur.head
    else:
        return None
    if verb.lemma_.lower() in SAYING_VERBS or verb.lemma_.lower() in REFERENCE_VERBS:
        return None
    return next((c for c in verb.children if c.dep_ == "nsubj"), None)


def speaker_of(anchor, ctx: DocContext) -> Actor | None:
    """Who says, denies or warns of what the anchor's clause tells ("the Kremlin denied any
    plan to attack", "Peru said there is no way troops can invade")."""
    cur = anchor
    for _ in range(6):
        if cur.head == cur:
            return None
        cur = cur.head
        if cur.lemma_.lower() in SAYING_VERBS:
            subj = next((c for c in cur.children if c.dep_ == "nsubj"), None)
            return actor_from_np(subj, ctx) if subj is not None else None
    return None


def target_of(trigger, ctx: DocContext) -> Actor | None:
    """Whom the action is aimed at, where the clause says (the object, "on"/"against" X)."""
    tok = trigger.anchor if trigger.anchor.pos_ == "VERB" else trigger.token
    for child in tok.children:
        if child.dep_ == "dobj" and trigger.type in ("diplomatic_appeal", "accusation", "designation", "sanction",
                                                     "attack", "threat", "talks"):
            a = actor_from_np(child, ctx, remember=False)
            if a is not None:
                return a
        if child.dep_ == "prep" and child.lower_ in ("on", "against", "for", "with"):
            for g in child.children:
                if g.dep_ == "pobj":
                    a = actor_from_np(g, ctx, remember=False)
                    if a is not None:
                        return a
    return None


def forces_nationality(forces, ctx: DocContext) -> Actor | None:
    """"4,000 American troops", "Russian warships": the state the forces belong to."""
    for f in forces:
        for t in ctx.spans.starting_in(f.start, f.end + 1):
            if t.end <= f.end and t.country_code and (t.role == "demonym" or (t.place and t.place.kind == "country")):
                return ctx.state(t.country_code, t.place.name if t.place else None)
    return None
