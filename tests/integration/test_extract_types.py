"""Event typing and modality, table-driven, one sentence at a time (real model)."""

from __future__ import annotations

import pytest

from dashboard.extract import extract_events
from dashboard.geoparse import Geoparser

PUB = "2025-08-29"

CASES = [
    ("Russia deployed 3,000 troops to Belarus on Monday.", "deployment", "fact", "RU"),
    ("Venezuela sent warships and drones to patrol its coastline.", "patrol", "fact", "VE"),
    ("Colombia launched a drive to recruit thousands of militia members.", "mobilization", "fact", "CO"),
    ("On Tuesday, Caracas petitioned the United Nations to intervene.", "diplomatic_appeal", "fact", "VE"),
    ("Iran threatened to close the Strait of Hormuz.", "threat", "fact", "IR"),
    ("The United States imposed sanctions on Venezuela's oil sector last week.", "sanction", "fact", "US"),
    ("Mexico designated six cartels as terrorist organizations in February.", "designation", "fact", "MX"),
    ("The United States doubled its bounty on the rebel leader to $25 million.", "bounty", "fact", "US"),
    ("Argentina seized a plane belonging to the Venezuelan airline on Monday.", "seizure", "fact", "AR"),
    ("China held military exercises around Taiwan on Tuesday.", "exercise", "fact", "CN"),
    ("Azerbaijan shelled positions near Stepanakert on Tuesday.", "attack", "fact", "AZ"),
    ("Brazil accused Venezuela of violating the agreement.", "accusation", "fact", "BR"),
    ("Mexico refused to accept the participation of foreign forces on its territory.", "rejection", "fact", "MX"),
    ("Chile will deploy 500 soldiers to the northern border next week.", "deployment", "intent", "CL"),
    ("Kenya began evacuating its troops from the town of Kismayo on Sunday.", "withdrawal", "fact", "KE"),
    ("Thousands of protesters rallied in Tbilisi on Saturday against the new law.", "protest", "fact", None),
    ("Police in Dhaka arrested 40 opposition activists overnight.", "arrest", "fact", None),
    ("The two sides agreed a ceasefire that took effect at midnight on Friday.", "ceasefire", "fact", None),
    ("Sudan's army and the RSF exchanged 120 prisoners of war on Thursday.", "release", "fact", "SD"),
    # fire exchanged is an attack; prisoners exchanged are a release (above)
    ("Kenyan and Somali soldiers traded heavy fire near Mandera on Tuesday.", "attack", "fact", None),
    # a gerund before the event noun modifies it: an exercise, not a firing
    ("India's army said it would begin a week-long field firing exercise near Jodhpur.", "exercise", "intent",
     "IN"),
    ("Poland's army began live-fire training near Orzysz on Monday.", "exercise", "fact", "PL"),
    ("The Indian Navy deployed two frigates to the Gulf of Aden on Monday.", "deployment", "fact", "IN"),
    ("Thai troops shelled Cambodian positions on Sunday.", "attack", "fact", "TH"),
    ("A Japan Ground Self-Defense Force unit said it would hold an exercise on Amami in October.", "exercise",
     "intent", "JP"),
    # the main clause the parser hung on the subject as a second relative clause
    ("Indonesia, which holds the rotating presidency of the bloc this year, on Monday called on both sides to "
     "exercise restraint.", "diplomatic_appeal", "fact", "ID"),
    # a crowd gathered to demand is a protest
    ("Hundreds of farmers gathered outside parliament in Nairobi on Monday to demand lower fuel prices.", "protest",
     "fact", None),
    # an abduction is an assault (CAMEO 181), not an arrest: authorities arrest
    ("Gunmen kidnapped 12 passengers from a bus near Gusau on Sunday.", "attack", "fact", None),
]

# Rhetoric, hypotheticals, stances and denials are not events of their type: they are
# kept as a statement about it, by whoever says it, with the modality it has.
RHETORIC = [
    ("Peru said there is no way foreign troops can invade the country.", "attack", "denial", "PE"),
    ("Ecuador said it could deploy troops to the border with Colombia.", "deployment", "hypothetical", "EC"),
    ("Ecuador could deploy troops to the border with Colombia.", None, None, None),  # the writer's conjecture
    ("Mexico will not accept the participation of foreign forces on its territory.", "rejection", "hypothetical",
     "MX"),
    # a position held, not an act: "does not accept"
    ("Peru does not accept the tribunal's jurisdiction over the dispute.", None, None, None),
    ("The Kremlin denied any plan to attack Sumy.", "attack", "denial", "RU"),
    ("Lithuania warned that any attempt to blockade Kaliningrad would be met with force.", None, None, None),
    ("Could such drills turn into an actual blockade?", None, None, None),
    # a subject that says the act did not happen, and history a year of its own dates
    ("No shots were fired along the border on Tuesday.", None, None, None),
    ("Neither side has moved heavy units to the frontier.", None, None, None),
    ("The 2021 assault on Palma forced the company to suspend work.", None, None, None),
]


@pytest.fixture(scope="module")
def gp():
    return Geoparser()


def _events(gp, text, published=PUB):
    sdoc = gp.nlp(text)
    res = gp.parse_spacy(sdoc, doc_id="t")
    return extract_events(sdoc, list(res.toponyms), doc_id="t", published=published, gazetteer=gp.gazetteer)


@pytest.mark.parametrize("text, etype, modality, actor", CASES)
def test_sentence_typing(gp, text, etype, modality, actor):
    events = _events(gp, text)
    hits = [e for e in events if e.type == etype]
    assert hits, f"no {etype} in {[(e.type, e.modality) for e in events]}"
    e = hits[0]
    assert e.modality == modality
    if actor is not None:
        assert e.actor is not None and e.actor.country_code == actor
    assert e.sources[0].sentence == text


@pytest.mark.parametrize("text, about, modality, actor", RHETORIC)
def test_rhetoric_is_not_an_event_of_its_type(gp, text, about, modality, actor):
    events = _events(gp, text)
    shown = [e for e in events if e.modality in ("fact", "intent") and e.type != "statement"]
    assert not shown, [(e.type, e.modality, e.summary) for e in shown]
    if about is not None:
        said = [e for e in events if dict(e.attributes).get("about") == about]
        assert said and said[0].type == "statement" and said[0].modality == modality
        assert said[0].actor is not None and said[0].actor.country_code == actor
        assert "Unknown" not in said[0].summary


def test_money_and_groups_are_not_forces(gp):
    text = "The United States designated eight drug trafficking groups and offered a $50 million bounty."
    events = _events(gp, text)
    assert {e.type for e in events} >= {"designation", "bounty"}
    assert all(not e.forces for e in events)


@pytest.mark.parametrize("text, actor", [
    ("Defence Minister Anna Kowalska ordered the troops to bolster security.", "Anna Kowalska"),
    ("Secretary of State Jane Miller condemned the attack on Monday.", "Jane Miller"),
])
def test_a_person_actor_is_named_without_titles_and_offices(gp, text, actor):
    events = _events(gp, text)
    people = {e.actor.name for e in events if e.actor is not None and e.actor.kind == "person"}
    assert people == {actor}, [(e.type, e.actor) for e in events]


def test_a_photo_credit_line_is_not_the_subject_of_the_next_line(gp):
    text = "PRESIDENTIAL PALACE/Handout via Reuters\nWashington accuses Caracas of sheltering the cartel."
    events = _events(gp, text)
    accusations = [e for e in events if e.type == "accusation"]
    assert accusations and accusations[0].actor is not None and accusations[0].actor.country_code == "US"


# Words of an event type that report no event of it: capability, indirect questions,
# labels in quotes, names, time references ("since the war began").
NOT_OF_TYPE = [
    ("Ankara said the drills had tested its capability to intercept drones and strike radar sites.", "attack"),
    ("Asked whether Kenya would request help from the UN, the minister said talks were continuing.",
     "diplomatic_appeal"),
    ("Reporters questioned how many rockets were fired at the base.", "attack"),
    ("The opposition dismissed the move on Monday, calling it \"a cynical offensive\".", "attack"),
    ("Police said members of the National Mobilization Front were detained in Lagos.", "mobilization"),
    ("Hundreds of soldiers have been released in swaps since the invasion began.", "attack"),
    ("Peace talks between the two governments have been frozen since March.", "talks"),
    ("The joint naval exercise off Mombasa was postponed on Monday.", "exercise"),
    # aircraft launched from a deck are sorties, not an attack; a breach names the ceasefire broken
    ("Two fighter jets were launched from the carrier on Monday.", "attack"),
    ("The shelling was the worst breach of the ceasefire in months.", "ceasefire"),
    # a bare event noun with nothing to map or attribute
    ("The reform makes 50,000 more men eligible for call-up.", "mobilization"),
    # what a verb reverses or calls off is not taking place
    ("The army moved 2,000 troops north, reversing part of the withdrawal that followed the 2024 deal.",
     "withdrawal"),
    ("The navy called off the exercise off Mombasa on Monday.", "exercise"),
    # officials gathering for talks are no protest; the demand a protest makes is no appeal
    ("Officials gathered in Geneva on Monday for the talks.", "protest"),
    ("Hundreds of farmers gathered outside parliament in Nairobi on Monday to demand lower fuel prices.",
     "diplomatic_appeal"),
    # how a convoy travels is no patrol
    ("Gunmen ambushed buses travelling under police escort near Peshawar on Monday.", "patrol"),
]


@pytest.mark.parametrize("text, etype", NOT_OF_TYPE)
def test_words_of_a_type_that_report_none(gp, text, etype):
    events = _events(gp, text)
    shown = [e for e in events if e.type == etype and e.modality in ("fact", "intent")]
    assert not shown, [(e.type, e.modality, e.summary) for e in shown]


def test_a_quoted_term_of_art_is_still_the_event(gp):
    text = "On Monday Chad's government extended the \"general mobilisation\" order for six months."
    events = _events(gp, text)
    assert [e.type for e in events if e.modality == "fact"] == ["mobilization"]


def test_a_date_told_as_future_in_the_past_is_read_forward(gp):
    # "said … would hold … in October" (published in August): the coming October
    text = "The ministry said on Tuesday that its troops would hold a joint exercise with French marines in October."
    events = _events(gp, text)
    ex = [e for e in events if e.type == "exercise"]
    assert ex and (ex[0].modality, ex[0].date.start, ex[0].date.end) == ("intent", "2025-10-01", "2025-10-31")


def test_a_participle_on_the_event_noun_dates_it(gp):
    # "an exercise involving tanks … on Thursday": the exercise's own date
    text = "India's army said it would begin an exercise involving tanks and howitzers in the Thar desert on Thursday."
    events = _events(gp, text)
    ex = [e for e in events if e.type == "exercise"]
    assert ex and ex[0].date.text == "on Thursday" and ex[0].date.start == "2025-09-04"


def test_a_numbered_formation_is_the_army_of_the_state_named_before(gp):
    text = ("Thailand's army said its soldiers repelled an incursion near Surin on Monday. "
            "The Second Army Area said its troops shelled the Cambodian positions on Tuesday.")
    events = _events(gp, text)
    shelled = [e for e in events if e.type == "attack" and "shelled" in e.sources[0].sentence]
    assert shelled and shelled[0].actor is not None and shelled[0].actor.country_code == "TH", \
        [(e.type, e.actor) for e in events]


def test_the_window_a_superlative_compares_within_is_not_the_date(gp):
    text = "Gunmen killed six people on Monday, in the deadliest attack in the district this year."
    events = _events(gp, text)
    attacks = [e for e in events if e.type == "attack"]
    assert attacks and (attacks[0].date.start, attacks[0].date.end) == ("2025-08-25", "2025-08-25")


def test_a_date_the_parser_hangs_on_a_participle_is_the_event_s(gp):
    events = _events(gp, "Gunmen ambushed a convoy travelling under police escort near Peshawar on Monday, "
                         "killing six people.")
    attacks = [e for e in events if e.type == "attack"]
    assert attacks and attacks[0].date.text == "on Monday" and attacks[0].date.start == "2025-08-25"


@pytest.mark.parametrize("text, place", [
    # an order, a curfew, a closure apply where their clause says, not in the capital
    ("NAIROBI, Kenya - On Monday the governor announced a curfew for the whole of Mandera county.", "Mandera"),
    ("NAIROBI, Kenya - Authorities closed the border crossing at Busia on Monday.", "Busia"),
])
def test_a_directive_is_placed_where_it_applies(gp, text, place):
    directives = [e for e in _events(gp, text) if e.type == "directive"]
    assert directives and directives[0].actor is not None and directives[0].actor.country_code == "KE"
    assert directives[0].place is not None and place in directives[0].place.name, directives[0].place


def test_a_state_s_order_is_placed_in_its_own_country(gp):
    text = ("The Lithuanian government on Monday ordered the border guard to step up checks on trains "
            "transiting between Belarus and Kaliningrad.")
    directives = [e for e in _events(gp, text) if e.type == "directive"]
    assert directives and directives[0].place is not None and directives[0].place.country_code == "LT"


@pytest.mark.parametrize("text, actor", [
    # an unnamed party is shown as the text describes it, not as no one
    ("Insurgents attacked the village of Mucojo on Sunday, killing four civilians.", "insurgents"),
    ("Armed men boarded a tanker off Lagos on Saturday.", "armed men"),
    ("In Bangkok, several hundred members of a nationalist group rallied on Friday.", "nationalist group"),
])
def test_an_unnamed_party_is_its_description(gp, text, actor):
    evs = [e for e in _events(gp, text) if e.type != "statement"]
    assert evs and evs[0].actor is not None and (evs[0].actor.name, evs[0].actor.kind) == (actor, "unnamed")
    assert evs[0].summary[:1].isupper()


def test_a_superlative_event_noun_ranks_the_act_the_sentence_tells(gp):
    text = "Gunmen attacked a bus near Quetta on Monday, in the deadliest attack in the province this year."
    assert len([e for e in _events(gp, text) if e.type == "attack"]) == 1


def test_a_dateline_s_date_is_when_the_story_was_filed_not_the_event(gp):
    text = ("ISLAMABAD/KABUL, Oct 13 - Pakistani and Afghan forces traded heavy fire at the border crossing "
            "late on Sunday, officials said.")
    attacks = [e for e in _events(gp, text, published="2026-10-13") if e.type == "attack"]
    assert attacks and (attacks[0].date.start, attacks[0].date.end) == ("2026-10-11", "2026-10-11")


@pytest.mark.parametrize("text, country", [
    ("Taliban border guards fired on Pakistani engineers on Sunday.", "AF"),  # Afghanistan's rulers
    ("Pakistani Taliban fighters attacked a police checkpoint in Bannu on Sunday.", None),  # the TTP, a group
])
def test_the_taliban_are_afghanistan_and_the_pakistani_taliban_a_group(gp, text, country):
    attacks = [e for e in _events(gp, text) if e.type == "attack"]
    assert attacks and attacks[0].actor is not None and attacks[0].actor.country_code == country, \
        [(e.type, e.actor) for e in attacks]


def test_the_raids_and_the_charge_of_an_arrest_are_the_arrest(gp):
    text = ("NAIROBI, Kenya - Police said they had arrested 12 suspects in raids in Eastleigh on Wednesday, "
            "accusing them of financing the attackers.")
    types = [e.type for e in _events(gp, text) if e.modality in ("fact", "intent") and e.type != "statement"]
    assert types == ["arrest"], types


def test_coordinated_passives_share_their_agent(gp):
    text = ("All the aircraft were identified and intercepted by jets of the Hellenic Air Force, and were "
            "escorted out of the Athens FIR on Monday.")
    evs = [e for e in _events(gp, text) if e.type == "patrol"]
    assert evs and evs[0].actor is not None and evs[0].actor.country_code == "GR", [(e.type, e.actor) for e in evs]
