"""Event extraction rules that need more than the event's own words: the purpose of a
sending, the scene of a story, the people of a country, time bounds and future clauses
(real model and gazetteer, short invented reports)."""

from __future__ import annotations

import pytest

from dashboard import Document, extract_events


def events(text: str, published: str = "2025-03-12"):
    return extract_events(Document.from_text(text, published=published))


def only(evs, etype):
    hits = [e for e in evs if e.type == etype]
    assert len(hits) == 1, [(e.type, e.summary) for e in evs]
    return hits[0]


def test_sent_to_escort_is_one_deployment_sent_to_patrol_one_patrol():
    escort = events("The army said it would deploy 800 soldiers to escort aid convoys through the Diffa region "
                    "from next week.")
    assert [e.type for e in escort] == ["deployment"]
    assert escort[0].modality == "intent" and escort[0].date.start == "2025-03-17"  # the purpose shares the time
    patrol = events("Greece sent two frigates to patrol the waters off Crete.")
    assert [e.type for e in patrol] == ["patrol"] and patrol[0].actor.country_code == "GR"


def test_the_scene_carries_to_the_next_sentences_but_not_to_another_time():
    evs = events("Greek coast guard vessels intercepted a tanker off Crete on Monday. Its captain was arrested on "
                 "Tuesday. Last month, the coast guard seized a cargo ship.")
    arrest = only(evs, "arrest")
    assert arrest.place is not None and arrest.place.country_code == "GR"
    assert ("place", "context") in arrest.attributes  # the text did not say it: marked
    seizure = only(evs, "seizure")
    assert seizure.date.start == "2025-02-01" and seizure.place is None  # last month's seizure was not off Crete


def test_the_people_of_a_country_act_under_its_key():
    e = only(events("Thousands of Georgians lined up in Tbilisi on Saturday to join the army reserve."), "mobilization")
    assert (e.actor.name, e.actor.kind, e.actor.country_code) == ("Georgians", "group", "GE")
    assert e.date.start == "2025-03-08" and e.place.name == "Tbilisi"


def test_overnight_is_the_night_before_publication():
    e = only(events("Police in Dhaka arrested 40 opposition activists overnight."), "arrest")
    assert (e.date.start, e.date.end) == ("2025-03-11", "2025-03-12")


def test_after_an_event_bounds_the_date_from_below():
    e = only(events("Russia moved two frigates out of Sevastopol after Sunday's strike on the port."), "deployment")
    assert (e.date.start, e.date.end) == ("2025-03-09", "2025-03-12")  # from that Sunday to publication
    strike = only(events("Russia moved two frigates out of Sevastopol after Sunday's strike on the port."), "attack")
    assert strike.date.start == strike.date.end == "2025-03-09"


@pytest.mark.parametrize("published, start", [("2025-12-10", "2026-11-01"), ("2025-10-10", "2025-11-01")])
def test_a_future_clause_means_the_next_month_of_that_name(published, start):
    e = only(events("Poland will send a frigate to the Baltic Sea in November.", published), "deployment")
    assert e.modality == "intent" and e.date.start == start


def test_a_definite_event_noun_refers_back_to_the_event_told():
    evs = events("Russian drones struck the port of Izmail on Monday, damaging a grain terminal. "
                 "The attack came as 3,000 Ukrainian soldiers were moving to the Kharkiv region.")
    attack = only(evs, "attack")
    assert attack.actor.country_code == "RU" and len(attack.sources) == 2  # not a second attack by Ukraine
    assert attack.date.start == "2025-03-10"


def test_a_definite_event_noun_with_nothing_before_is_the_report():
    attack = only(events("The attack killed four people in Kharkiv on Monday."), "attack")
    assert ("mention", "anaphor") not in attack.attributes and attack.place.country_code == "UA"


def test_a_named_force_in_apposition_is_the_actor_not_the_country_qualifying_it():
    # the parser makes "powerful" the subject and the group its apposition
    e = only(events("Myanmar's powerful Arakan Army (AA) shelled Sittwe on Sunday."), "attack")
    assert (e.actor.name, e.actor.country_code) == ("Arakan Army", None)


def test_the_army_s_weapons_are_the_army_s_and_nobody_attacks_itself():
    e = only(events("KHARTOUM — Army warplanes struck Nyala on Tuesday, officials in Sudan said."), "attack")
    assert e.actor.country_code == "SD"
    assert e.target is None or e.target.country_code != e.actor.country_code


def test_history_recalled_by_month_or_year_is_not_news_but_recent_months_are():
    evs = events("In August 2022, China fired ballistic missiles into waters around Taiwan. "
                 "Beijing imposed sanctions on three U.S. firms in February.", published="2026-06-01")
    assert not [e for e in evs if e.type == "attack"]
    assert only(evs, "sanction").date.start == "2026-02-01"
    # a year recalled in a later year's report is history even within twelve months
    late = events("Washington lists the movement as a terrorist organisation, a designation restored "
                  "in 2025. The United States on Monday designated two Houthi commanders as terrorists.",
                  published="2026-07-09")
    assert [e.date.start for e in late if e.type == "designation"] == ["2026-07-06"]


def test_a_habit_in_the_present_is_not_an_event_but_a_headline_is():
    assert not [e for e in events("Officials said the militia shells villages and occupies farms.")
                if e.type == "attack" and e.modality == "fact"]
    head = events("Militia shells villages near Goma\n\nThe militia shelled three villages on Monday.")
    assert [e.type for e in head if e.modality == "fact"] == ["attack"]


def test_a_coast_named_by_its_people_is_their_country_s():
    e = only(events("Germany sent two minehunters to the waters off the Lithuanian coast on Tuesday."), "deployment")
    assert e.place.country_code == "LT" and e.place.kind == "coast" and e.actor.country_code == "DE"
    w = only(events("Italy deployed two frigates to Libyan territorial waters."), "deployment")
    assert (w.place.name, w.place.kind) == ("Libya territorial waters", "waters")


def test_a_group_the_report_defines_an_acronym_for_is_the_actor():
    evs = events("GAO — Fighters of the little-known Ansar al-Sahel Liberation Front (ASLF) ambushed an army convoy "
                 "near Gao on Monday. The army said it would send 300 soldiers after Sunday's ambush in which "
                 "ASLF fighters burned ten trucks.")
    attacks = [e for e in evs if e.type == "attack"]
    assert attacks and all(e.actor is not None and e.actor.country_code is None for e in attacks), \
        [(e.summary, e.actor) for e in attacks]


def test_forces_moved_in_the_passive_are_moved_by_their_own_side():
    # the reporters ("Malian officials said") are not the ones who moved them
    e = only(events("About 600 French troops were relocated from Gao to Niamey on Monday, two Malian officials "
                    "said."), "deployment")
    assert e.actor.country_code == "FR"
    # the patients of a release are not its actor
    r = [e for e in events("Forty Ukrainian prisoners were released on Monday, Russian officials said.")
         if e.type == "release"]
    assert all(e.actor is None or e.actor.country_code != "UA" for e in r)


def test_a_sponsor_is_not_the_actor_it_backs():
    e = only(events("Iran-backed Houthi forces seized a bulk carrier in the southern Red Sea on Monday."), "seizure")
    assert e.actor.country_code == "YE"  # the Houthis, not Iran
    m = only(events("Iranian-backed militias fired rockets at the base on Tuesday."), "attack")
    assert (m.actor.name, m.actor.kind, m.actor.country_code) == ("Iranian-backed militias", "group", None)
    # a nationality without a sponsor's suffix still names the forces' state
    assert only(events("Iranian forces fired rockets at the base on Tuesday."), "attack").actor.country_code == "IR"


def test_a_person_s_appositive_ties_them_to_their_state():
    e = only(events("On Sunday, Kim Yo-jong, the powerful sister of North Korean leader Kim Jong-un, "
                    "denounced the exercise as a rehearsal for invasion."), "accusation")
    assert e.actor.country_code == "KP"
    # an appositive that is no title or tie leaves the person their own ("a critic of …")
    c = events("On Monday Anna Petrova, a critic of the Russian government, accused the governor of fraud.")
    assert not [x for x in c if x.actor is not None and x.actor.country_code == "RU"]


def test_a_weapon_s_model_is_not_its_user_and_one_is_singular():
    e = only(events("On Saturday an Iskander missile struck an apartment block in Sumy."), "attack")
    assert e.actor is None  # not "Iskander missile attacked …"
    assert "1 missile " in e.summary + " " and "missiles" not in e.summary
    r = only(events("On Saturday a Russian Iskander missile struck an apartment block in Sumy."), "attack")
    assert r.actor.country_code == "RU"


def test_a_pronoun_withdraws_for_the_forces_it_stands_for_when_the_clause_names_positions():
    evs = events("The Turkish army said it withdrew on Friday from three outposts near Afrin.")
    w = only(evs, "withdrawal")
    assert w.actor.country_code == "TR" and w.date.start == "2025-03-07"
    assert not [e for e in events("The government said it withdrew from the arms treaty on Friday.")
                if e.type == "withdrawal"]  # a treaty is no position


def test_who_goes_on_with_an_event_holds_it():
    ex = only(events("Russia's Northern Fleet pressed on with exercises in the Barents Sea on Wednesday."), "exercise")
    assert ex.actor is not None and ex.actor.country_code == "RU"
