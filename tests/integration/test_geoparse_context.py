"""Resolution cues from the words around a name, with the shipped model and gazetteer:
the office a name is joined to, a containing unit named with a part of it, and a town
that has an airport named after it."""

from __future__ import annotations

import pytest

from dashboard.geoparse import Geoparser


@pytest.fixture(scope="module")
def gp():
    return Geoparser()


def place_of(gp, text: str, name: str):
    t = next(t for t in gp.parse(text).toponyms if t.text == name)
    return t.place


@pytest.mark.parametrize("text, name, kind, admin1", [
    # a governor governs a state or province: not the capital, not the country of that name
    ("Washington Gov. Bob Ferguson signed the bill on Tuesday.", "Washington", "admin1", "US-WA"),
    ("Officials briefed the governor of Georgia about the storm.", "Georgia", "admin1", "US-GA"),
    # a mayor runs a town
    ("Paris Mayor Anne Hidalgo opened the new bridge.", "Paris", "city", "FR-IDF"),
])
def test_the_office_a_name_is_joined_to_says_its_kind(gp, text, name, kind, admin1):
    p = place_of(gp, text, name)
    assert (p.kind, p.admin1_code) == (kind, admin1)


@pytest.mark.parametrize("text, name, admin1", [
    ("Police in Portland, southern Maine, arrested two men.", "Portland", "US-ME"),
    ("She was abducted in Redding, northern California, in November.", "Redding", "US-CA"),
])
def test_a_containing_state_named_with_a_direction_still_contains(gp, text, name, admin1):
    assert place_of(gp, text, name).admin1_code == admin1


def test_a_town_is_not_the_airport_named_after_it(gp):
    town = place_of(gp, "Police in Redding, northern California, arrested two men.", "Redding")
    assert town.kind == "city" and town.name == "Redding"
    # with the word "airport" beside it, the airport is meant
    assert place_of(gp, "Flights were diverted from Portland airport on Monday.", "Portland").kind == "facility"


# A document with one name and no other context: the resolver's learned ranker decides
# from prominence alone.  A model fitted to local US news sends "Paris" to Texas and
# "Athens" to Georgia here (gradient-boosted trees did, 41 of 70 right against the
# logistic regression's 66, while scoring better on the held-out corpora): this guards
# the shipped model against that bias, which the corpora's own figures do not show.
WELL_KNOWN = {"Paris": "FR", "Athens": "GR", "Dublin": "IE", "London": "GB", "Moscow": "RU", "Rome": "IT",
              "Berlin": "DE", "Cairo": "EG", "Damascus": "SY", "Jordan": "JO", "Lebanon": "LB", "Sydney": "AU",
              "Delhi": "IN", "Tripoli": "LY", "Alexandria": "EG", "Naples": "IT", "Lima": "PE", "Santiago": "CL",
              "Perth": "AU", "Mosul": "IQ"}


def test_a_well_known_place_named_alone_is_the_well_known_one(gp):
    wrong = {}
    for name, cc in WELL_KNOWN.items():
        p = place_of(gp, f"Officials in {name} said on Monday that the talks would go on.", name)
        if p is None or p.country_code != cc:
            wrong[name] = p and (p.name, p.country_code)
    assert not wrong


@pytest.mark.parametrize("text, capital", [
    ("Delegations from the two countries met in the Emirati capital earlier this week.", "Abu Dhabi"),
    ("Thousands rallied in the Lebanese capital on Sunday.", "Beirut"),
    ("Drones struck the Ukrainian capital overnight.", "Kyiv"),
    ("The Ukrainian capital markets fell on Monday.", None),  # "capital" qualifies "markets"
])
def test_the_capital_a_demonym_qualifies_is_that_country_s(gp, text, capital):
    got = [t.place.name for t in gp.parse(text).toponyms if t.modifier == "capital" and t.place is not None]
    assert got == ([capital] if capital else [])


@pytest.mark.parametrize("text, name", [
    ("Troops pulled back from positions near the villages of Kfar Kila and Khiam.", "Kfar Kila"),
    ("Shells fell near Kfar Kila overnight.", "Kfar Kila"),
])
def test_a_name_the_model_calls_a_person_is_a_place_where_the_text_says_one_stands(gp, text, name):
    assert place_of(gp, text, name).country_code == "LB"


def test_a_person_after_a_loose_preposition_stays_a_person(gp):
    assert not [t for t in gp.parse("The new policy towards John Smith was criticised.").toponyms if t.place]


def test_a_place_the_model_calls_a_product_is_taken_back_in_a_place_context(gp):
    # the small model tags "Kaliningrad" PRODUCT here; "exclave" is a place-type word
    got = [t for t in gp.parse("The fleet held drills around its Kaliningrad exclave on Wednesday.").toponyms
           if t.text == "Kaliningrad"]
    assert got and got[0].place is not None


@pytest.mark.parametrize("text, name, place", [
    # a direction word that is part of a town's own name stays in the span
    ("The event was held at the LaBelle Theater in South Charleston on Friday.", "South Charleston", "South Charleston"),
    ("A slide forced the closure of the road in East Bank on Monday.", "East Bank", "East Bank"),
])
def test_a_direction_word_that_is_part_of_a_town_s_name_is_kept(gp, text, name, place):
    assert place_of(gp, text, name).name == place


def test_a_direction_word_before_a_name_it_is_not_part_of_is_a_modifier(gp):
    t = next(t for t in gp.parse("Both were taken to a hospital in Northeast Georgia.").toponyms)
    assert (t.text, t.modifier) == ("Georgia", "northeast")


@pytest.mark.parametrize("text, name", [
    ("Lane closures through Thursday on Sunny Hills Drive for sewer work.", "Sunny Hills Drive"),
    ("Paddlers met at the Dry Fork River on Saturday.", "Dry Fork River"),
])
def test_a_name_no_gazetteer_knows_is_kept_when_its_words_say_place(gp, text, name):
    t = next(t for t in gp.parse(text).toponyms if t.text == name)
    assert t.place is None and t.reason == "no gazetteer entry"


@pytest.mark.parametrize("text, name", [
    ("Safety stressed on St. Patrick's Day. The holiday is a time for fun.", "St. Patrick's Day"),
    ("He was booked into the Henderson County Jail on Tuesday.", "Henderson County Jail"),
])
def test_a_name_no_gazetteer_knows_that_is_no_place_is_dropped(gp, text, name):
    assert name not in {t.text for t in gp.parse(text).toponyms}


def test_an_organisation_named_like_a_city_s_translated_name_is_no_place(gp):
    # "White House" is an alternate (translated) name of Casablanca
    assert "White House" not in {t.text for t in gp.parse(
        "The Republican was twice rebuffed by the White House in his attempts.").toponyms}


@pytest.mark.parametrize("text, name, country", [
    # a nationality word reads as its country, never as a sea or town that shares the word
    ("Indian and Chinese soldiers scuffled on the frontier.", "Indian", "IN"),
    ("The Indian Army moved two brigades north.", "Indian", "IN"),
    ("Thai rangers were wounded in the shelling.", "Thai", "TH"),
    ("A Hellenic Navy frigate shadowed the survey ship.", "Hellenic", "GR"),
])
def test_a_nationality_word_reads_as_its_country(gp, text, name, country):
    t = next(t for t in gp.parse(text).toponyms if t.text == name)
    assert t.place is not None and (t.place.kind, t.place.country_code) == ("country", country)


def test_the_other_side_of_a_border_is_a_neighbour(gp):
    # an Indian demonym in the sentence is not the other side of the Afghan border
    text = "Troops raided hideouts of Indian-backed militants along the Pakistan-Afghanistan border on Monday."
    t = next(t for t in gp.parse(text).toponyms if t.derived is not None and t.derived.kind == "border")
    assert set(t.derived.countries) == {"AF", "PK"}


@pytest.mark.parametrize("text, name", [
    # "X City"/"X State" before an office or institution names X's institution: the place is X
    ("The plan was backed by Fargo City Commissioner Tim Mahoney.", "Fargo"),
    ("She teaches political science at Ohio State University.", "Ohio"),
    # … unless "X City" is a town's own name
    ("The Kansas City Council met on Monday.", "Kansas City"),
])
def test_a_city_or_state_office_names_the_place_before_it(gp, text, name):
    assert name in {t.text for t in gp.parse(text).toponyms}


def test_names_listed_before_a_plural_type_word_are_places_of_that_kind(gp):
    # the model calls such lists people or organisations; the type word says what they are
    tops = {t.text: t for t in gp.parse("Flooding closed roads in Becker, Clay, Swift and Wilkin counties.").toponyms}
    assert {"Becker", "Clay", "Swift", "Wilkin"} <= set(tops)
    assert all(tops[n].place is not None and tops[n].place.kind == "admin2" for n in ("Becker", "Clay", "Wilkin"))
    tops = {t.text: t for t in gp.parse("Shelling hit the Kherson and Zaporizhzhia regions overnight.").toponyms}
    assert tops["Kherson"].place.kind == "admin1" and tops["Kherson"].place.country_code == "UA"


@pytest.mark.parametrize("text, name", [
    # a street the model called a person: its head noun says it is a place
    ("Melinda Vanderberg, who lives on Bucknell Drive, urged the council to wait.", "Bucknell Drive"),
    # a town inside an office the model called a person ("Alexandria Police Spokeswoman …")
    ("Police did not say how they linked him to the case, but Alexandria Police Spokeswoman Ashley Hildebrandt "
     "said the name was released.", "Alexandria"),
])
def test_a_place_inside_a_name_the_model_called_a_person(gp, text, name):
    assert name in {t.text for t in gp.parse(text).toponyms}


@pytest.mark.parametrize("text, name", [
    ("“They left to obtain an education,” Petrova said.", "Petrova"),  # a surname, not the village
    ("“In three years we haven’t had one student graduate,” she said.", "n’t"),  # not the Northern Territory
    ("A state Department of Human Resources psychologist testified.", "Human"),  # Uman's alternate spelling
    # a word the document uses for a person is a person's wherever it stands alone
    ("Lisa Fairfield was charged in March. Fairfield has rejected one plea agreement.", "Fairfield"),
    ("\"We wrestled well tonight,\" said coach Ripley after the final.", "Ripley"),
])
def test_words_that_only_look_like_places_are_none(gp, text, name):
    assert name not in {t.text for t in gp.parse(text).toponyms}


def test_a_capital_that_speaks_is_still_its_place(gp):
    t = next(t for t in gp.parse("Moscow said it would respond.").toponyms if t.text == "Moscow")
    assert t.place.country_code == "RU"


def test_an_ethnic_identity_is_no_country_and_a_span_keeps_no_punctuation(gp):
    texts = {t.text for t in gp.parse("The foundation honors accomplished African-Americans and Native American "
                                      "artists.").toponyms}
    assert not texts & {"African", "Americans", "Americans,", "American"}
    assert "Russian" in {t.text for t in gp.parse("A show of Russian-American painters opened.").toponyms}
    texts = {t.text for t in gp.parse("It followed the Egyptian- Israeli treaty, with French, Spanish, and "
                                      "Italian envoys, he said.").toponyms}
    assert {"Egyptian", "Israeli", "Spanish"} <= texts and not any(t.endswith(("-", ",")) for t in texts)


def test_a_prominent_place_that_is_also_a_surname_stays_a_place(gp):
    text = "Denzel Washington spoke on Monday. Washington announced new sanctions."
    assert "Washington" in {t.text for t in gp.parse(text).toponyms}


def test_a_gazetteer_match_ends_at_the_name_not_at_the_full_stop(gp):
    texts = {t.text for t in gp.parse("The town lies 160km south of the capital Colombo. The government "
                                      "is taking stock.").toponyms}
    assert "Colombo" in texts and "Colombo." not in texts


@pytest.mark.parametrize("text, name", [
    ("The mound is estimated to have been built between 250 and 100 B.C. by early farmers.", "B.C."),
    ("Ford said he has spoken with Sen. Finance Committee Chairman Hugh Leatherman.", "Sen."),
    ("Prosecutors told Superior Court Judge Ann Lee a deal was possible.", "Superior"),
])
def test_abbreviations_and_common_words_that_match_a_place_name_are_none(gp, text, name):
    assert name not in {t.text for t in gp.parse(text).toponyms}


def test_a_dateline_names_a_bureau_city_whatever_the_story_is_about(gp):
    text = ("WASHINGTON - Former British intelligence officers in London said on Tuesday that Britain's "
            "spies had briefed their colleagues in Manchester. Washington declined to comment.")
    tops = [t for t in gp.parse(text).toponyms if t.text.lower() == "washington"]
    assert tops and all(t.place is not None and t.place.country_code == "US" for t in tops), \
        [(t.text, t.name, t.place and t.place.country_code) for t in tops]


def test_a_dateline_keeps_the_city_of_its_own_name(gp):
    # "Islamabad" is also an old name of Chittagong, a bigger city: a bureau is named by its own name
    t = next(t for t in gp.parse("ISLAMABAD - Pakistan's foreign ministry said on Monday.").toponyms
             if t.text.startswith("ISLAMABAD"))
    assert t.place is not None and t.place.country_code == "PK"


def test_a_place_the_gazetteer_lacks_on_a_border_stands_on_that_border(gp):
    text = "ISLAMABAD - Pakistani and Afghan forces traded fire at the Torkham border crossing on Sunday."
    t = next(t for t in gp.parse(text).toponyms if t.text.startswith("Torkham"))
    assert t.derived is not None and t.derived.kind == "border" and set(t.derived.countries) == {"AF", "PK"}


def test_a_multiword_name_spelt_a_letter_off_a_prominent_feature_is_that_feature(gp):
    # "Lower Shabelle" for the gazetteer's "Lower Shabeelle" (Shabeellaha Hoose)
    t = next(t for t in gp.parse("Fighters attacked a base in Somalia's Lower Shabelle region on Tuesday.").toponyms
             if t.text == "Lower Shabelle")
    assert t.place is not None and (t.place.kind, t.place.country_code) == ("admin1", "SO")


@pytest.mark.parametrize("text, name, kind", [
    # the country's mention votes for its capital's province of the same alternate name:
    # the bare name is still the city
    ("Russia said on Monday in Moscow it would respond.", "Moscow", "city"),
    ("China said in Beijing it would respond.", "Beijing", "city"),
    ("Officials in Kyiv said Ukraine would respond.", "Kyiv", "city"),
    # unless a type word asks for the province
    ("Ukraine said shelling hit the Kyiv region overnight.", "Kyiv", "admin1"),
    # a country's own name is the country, though a city mentioned beside it has it as an
    # alternate ("Mexico" for Mexico City)
    ("Police in Mexico City said Mexico would respond.", "Mexico", "country"),
])
def test_a_name_is_read_as_the_place_whose_own_name_it_is(gp, text, name, kind):
    assert place_of(gp, text, name).kind == kind


@pytest.mark.parametrize("text, span", [
    ("Slide forces closure of W.Va. 61 in East Bank.", "W.Va. 61"),  # a state route
    ("He was riding along County Road 43 near Elbow Lake.", "County Road 43"),
    ("Volunteers will pick up trash along KY 90 near Corbin.", "KY 90"),
    ("A car hit him in the 1200 block of North John Street in Charleston.", "North John Street"),
    ("He lives in Charleston, W.Va. The family moved there in 1990.", "W.Va."),  # the stop is the abbreviation's
    ("He moved to Phila. in 1990.", "Phila."),
    ("But East Bank Mayor Chuck Blair said the road would reopen.", "East Bank"),  # a town's mayor names it
    ("BEIRUT: The body of an Iraqi national was discovered on Saturday.", "BEIRUT"),  # a colon dateline
    ("The Hounslow Labour councillors revealed the plan.", "Hounslow"),  # not "The Hounslow"
])
def test_a_name_is_found_with_the_words_it_carries(gp, text, span):
    assert span in [t.text for t in gp.parse(text).toponyms]


@pytest.mark.parametrize("text, absent", [
    ("Ohio beat Texas 45-30 on Saturday.", "Texas 45"),  # a score is no road number
    ("He moved to Boston. Then he left.", "Boston."),  # a sentence's full stop is no abbreviation's
    ("The Hague said it would rule.", "Hague"),  # the article is that city's own name
])
def test_a_name_does_not_take_words_that_are_not_its_own(gp, text, absent):
    assert absent not in [t.text for t in gp.parse(text).toponyms]


@pytest.mark.parametrize("text, name, city", [
    ("The decision lies with whoever sits in the White House.", "White House", "Washington"),  # not Casablanca
    ("Talks were held at the Kremlin on Monday.", "Kremlin", "Moscow"),
    ("Reporters waited outside Downing Street.", "Downing Street", "London"),
])
def test_a_seat_of_government_is_in_its_capital(gp, text, name, city):
    i = text.index(name)
    (m,) = gp.resolve_spans(text, [(i, i + len(name))])
    assert m.place is not None and m.place.name == city and m.place.kind == "city"


@pytest.mark.parametrize("text, word", [
    ("The ad is currently airing in South Florida in English and Spanish.", "Spanish"),
    ("Ms. Moayyad spoke only French and Farsi when she moved to Arlington.", "French"),
    ("Eighth-grade French students celebrate Mardi Gras.", "French"),
])
def test_a_nationality_word_naming_a_language_is_no_toponym(gp, text, word):
    assert word not in [t.text for t in gp.parse(text).toponyms]


def test_a_nationality_word_naming_people_or_a_state_is_still_a_demonym(gp):
    tops = {t.text: t for t in gp.parse("French President Nicolas Sarkozy met Spanish officials in Madrid.").toponyms}
    assert tops["French"].place.country_code == "FR" and tops["Spanish"].place.country_code == "ES"


def test_a_prominent_name_the_model_calls_an_organisation_is_a_place_only_where_it_describes(gp):
    # "a Columbia woman": a place; "Lincoln visited ...": the model's organisation, a person
    text = "A Columbia woman was charged on Monday. Later, Lincoln visited the defenders at Fort Stevens."
    names = [t.text for t in gp.parse(text).toponyms]
    assert "Columbia" in names and "Lincoln" not in names


@pytest.mark.parametrize("text, name", [
    ("Tensions rose near the disputed Scarborough Shoal after the collision.", "Scarborough Shoal"),
    ("Coast guard vessels intercepted a tanker off Crete on Monday.", "Crete"),
    ("There were deaths in Victoria, one in South Australia and the Northern Territory.", "Northern Territory"),
    ("The town lies 160km south of the capital Colombo.", "Colombo"),
])
def test_a_name_the_model_calls_an_organisation_is_a_place_where_a_place_stands(gp, text, name):
    assert name in [t.text for t in gp.parse(text).toponyms]


def test_a_building_or_type_word_with_no_name_of_its_own_is_no_toponym(gp):
    names = [t.text for t in gp.parse("The stimulus has City Hall drafting a wish list. The mayor met at "
                                      "City Park near County Road 35 in Hall County.").toponyms]
    assert "City Hall" not in names and "City Park" not in names
    assert "County Road 35" in names and "Hall County" in names  # a name of type words is still a name
