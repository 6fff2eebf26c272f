"""Force mentions: dashboard.extract.forces (find_forces, Force, strength)."""

from __future__ import annotations

import dataclasses
import pickle
import re
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.extract import forces as F
from dashboard.extract.forces import lookback, nouns
from dashboard.errors import InputError
from dashboard.extract.forces import (BARE_NOMINAL, QUALIFIER_EQUIVALENT, TROOP_EQUIVALENT, VAGUE_NOMINAL,
    nominal_count, strength)
from dashboard.model import FORCE_UNITS, Force
from dashboard.extract import find_forces

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
ANY = object()  # "any qualifier"


def summary(text: str) -> list[tuple]:
    return [(f.count, f.unit, f.approx) for f in find_forces(text)]


def check_invariants(text: str, found: list[Force]) -> None:
    last_end = 0
    for f in found:
        assert f.unit in FORCE_UNITS
        assert 0 <= f.start < f.end <= len(text)
        assert text[f.start : f.end] == f.text
        assert f.start >= last_end, "mentions overlap or are out of order"
        assert f.count is None or f.count >= 1
        assert f.count is not None or f.approx
        last_end = f.end


# (text, [(count, unit, approx, qualifier or ANY), ...])
POSITIVE = [
    ("4,000 troops", [(4000, "troops", False, None)]),
    ("15,000 troops", [(15000, "troops", False, None)]),
    ("multiple warships", [(None, "warships", True, None)]),
    ("warships and drones", [(None, "warships", True, None), (None, "drones", True, None)]),
    ("sending warships and drones to patrol", [(None, "warships", True, None), (None, "drones", True, None)]),
    ("thousands of militia members", [(None, "militia", True, None)]),
    ("4,000 American troops and warships", [(4000, "troops", False, None), (None, "warships", True, None)]),
    ("a dozen fighter jets", [(12, "aircraft", True, "fighter jet")]),
    ("eight warships", [(8, "warships", False, None)]),
    ("three destroyers", [(3, "warships", False, "destroyer")]),
    ("a nuclear-powered submarine", [(1, "submarines", False, None)]),
    ("some 10,000 soldiers", [(10000, "troops", True, None)]),
    ("2,000-strong force", [(2000, "troops", False, None)]),
    ("a 2,000-strong contingent", [(2000, "troops", False, None)]),
    ("a 5,000-strong militia", [(5000, "militia", False, None)]),
    ("a ten-strong flotilla", [(10, "warships", False, None)]),
    ("hundreds of Marines", [(None, "troops", True, "marine")]),
    ("The Pentagon sent F-35 fighter jets to the island.", [(None, "aircraft", True, "F-35")]),
    ("10 F-35 fighter jets", [(10, "aircraft", False, "F-35")]),
    ("twelve Su-30s", [(12, "aircraft", False, "Su-30")]),
    ("four MQ-9 Reaper drones", [(4, "drones", False, "MQ-9")]),
    ("10 T-72 tanks", [(10, "vehicles", False, "T-72")]),
    # a model name that runs letters into digits is no count ("K9 Vajra howitzers": not nine)
    ("T-90 tanks and K9 Vajra howitzers", [(None, "vehicles", True, "T-90"), (None, "artillery", True, "howitzer")]),
    ("two aircraft carriers", [(2, "warships", False, "aircraft carrier")]),
    ("1.2 million reservists", [(1_200_000, "troops", False, "reservist")]),
    ("15 thousand troops", [(15000, "troops", False, None)]),
    ("Fifteen thousand troops", [(15000, "troops", False, None)]),
    ("tens of thousands of troops", [(None, "troops", True, None)]),
    ("hundreds of thousands of troops", [(None, "troops", True, None)]),
    ("twenty-five tanks", [(25, "vehicles", False, "tank")]),
    ("two hundred fifty soldiers", [(250, "troops", False, None)]),
    ("half a dozen drones", [(6, "drones", True, None)]),
    ("two dozen warplanes", [(24, "aircraft", True, None)]),
    ("a couple of helicopters joined the military drills", [(2, "aircraft", True, "helicopter")]),
    ("between 3,000 and 5,000 troops", [(5000, "troops", True, None)]),
    ("3,000-5,000 troops", [(5000, "troops", True, None)]),
    ("two or three destroyers", [(3, "warships", True, "destroyer")]),
    ("scores of fighters", [(None, "militia", True, "fighter")]),
    ("dozens of drones", [(None, "drones", True, None)]),
    ("several submarines", [(None, "submarines", True, None)]),
    ("a few warships", [(None, "warships", True, None)]),
    ("a fleet of warships", [(None, "warships", True, None)]),
    ("a swarm of drones", [(None, "drones", True, None)]),
    ("fired two ballistic missiles", [(2, "missiles", False, "ballistic missile")]),
    ("Russia launched 50 drones and 3 cruise missiles", [(50, "drones", False, None), (3, "missiles", False, "cruise missile")]),
    ("two guided-missile destroyers", [(2, "warships", False, "destroyer")]),
    ("3 Arleigh Burke-class destroyers", [(3, "warships", False, "destroyer")]),
    ("500 police officers", [(500, "police", False, None)]),
    ("500 riot police", [(500, "police", False, "riot police")]),
    ("deployed 300 National Guard troops", [(300, "troops", False, "national guard")]),
    ("20,000 service members", [(20000, "troops", False, None)]),
    ("approximately 3,500 paratroopers from the 82nd Airborne", [(3500, "troops", True, "paratrooper")]),
    ("an estimated 2,000 fighters", [(2000, "militia", True, "fighter")]),
    ("at least 1,000 soldiers and 50 tanks", [(1000, "troops", True, None), (50, "vehicles", False, "tank")]),
    ("4,000 troops, 12 warships and drones", [(4000, "troops", False, None), (12, "warships", False, None), (None, "drones", True, None)]),
    ("The navy sent three vessels to the strait", [(3, "warships", False, None)]),
    ("The Navy has three destroyers, a submarine and an amphibious assault ship in the region",
     [(3, "warships", False, "destroyer"), (1, "submarines", False, None), (1, "warships", False, "amphibious ship")]),
    ("an F-35 crashed", [(1, "aircraft", False, "F-35")]),
    ("a single drone", [(1, "drones", False, None)]),
    ("10,000 heavily armed soldiers", [(10000, "troops", False, None)]),
    ("4,000 more troops", [(4000, "troops", False, None)]),
    ("500 infantry troops", [(500, "troops", False, ANY)]),
    ("2000 troops were deployed", [(2000, "troops", False, None)]),
    ("EIGHT WARSHIPS", [(8, "warships", False, None)]),
    ("4\u00a0000 troops", [(4000, "troops", False, None)]),
    ("a barrage of rockets", [(None, "missiles", True, "rocket")]),
    ("the deployment of U.S. warships near the coast", [(None, "warships", True, None)]),
    ("U.S. Sends Warships And Drones To Patrol", [(None, "warships", True, None), (None, "drones", True, None)]),
]


@pytest.mark.parametrize("text, expected", POSITIVE, ids=[t for t, _ in POSITIVE])
def test_force_mentions(text, expected):
    found = find_forces(text)
    assert [(f.count, f.unit, f.approx) for f in found] == [e[:3] for e in expected]
    for f, e in zip(found, expected):
        if e[3] is not ANY:
            assert f.qualifier == e[3]
    check_invariants(text, found)


NEGATIVE = [
    "eight drug trafficking groups",
    "2 drug trafficking groups",
    "$50 million bounty",
    "doubled its bounty to $50 million for his capture",
    "50 million dollars",
    "$500 million worth of missiles",
    "4,000 people",
    "Thousands of residents lined up over the weekend to join the militia",
    "8 percent",
    "8% of troops",
    "3 percent of troops",
    "in 2013",
    "In 2013 Marines landed",
    "On October 26, 2023 troops arrived",
    "the troops would bolster security",
    "deploying the troops to bolster security",
    "U.S. troops can invade",
    "American troops could invade",
    "its troops and tanks",
    "the fleet of warships",
    "a drone strike",
    "a missile test",
    "a submarine base",
    "two submarine",  # number disagreement: "two submarine commanders"
    "a soldier was killed",
    "seized a plane linked to him",
    "the airline grounded 20 aircraft",
    "three cargo ships",
    "two oil tankers",
    "five suicide bombers",
    "three drug-smuggling vessels were hit in a military strike",
    "It is unclear how many troops were deployed",
    "He said 300 of the troops",
    "a headstrong force",
    "the police station",
    "zero troops",
    "",
]


@pytest.mark.parametrize("text", NEGATIVE)
def test_not_force_mentions(text):
    assert find_forces(text) == []


@pytest.mark.parametrize(
    "hedge", ["some", "about", "nearly", "up to", "more than", "at least", "roughly", "around", "almost", "as many as", "over"]
)
def test_hedged_numbers_keep_the_count_and_are_approximate(hedge):
    text = f"the army deployed {hedge} 10,000 soldiers"
    [f] = find_forces(text)
    assert (f.count, f.unit, f.approx) == (10000, "troops", True)
    assert f.text == f"{hedge} 10,000 soldiers"


WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "a hundred": 100,
    "two hundred": 200, "a thousand": 1000, "five thousand": 5000, "forty-two": 42, "twenty one": 21,
    "three hundred thousand": 300_000, "two million": 2_000_000, "a dozen": 12,
}  # fmt: skip


@pytest.mark.parametrize("words, value", WORD_NUMBERS.items())
def test_number_words(words, value):
    [f] = find_forces(f"{words} warships")
    assert f.count == value
    assert f.approx is (words == "a dozen")


@pytest.mark.parametrize(
    "words, nominal",
    [("dozens of", 24), ("a few", 3), ("several", 3), ("multiple", 3), ("scores of", 40), ("hundreds of", 200),
     ("thousands of", 2000), ("tens of thousands of", 20000), ("a handful of", 5)],
)  # fmt: skip
def test_vague_quantities_have_no_count_but_a_nominal_size(words, nominal):
    [f] = find_forces(f"{words} soldiers")
    assert f.count is None and f.approx
    assert nominal_count(f) == nominal


# -- bare plurals -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, units",
    [
        ("dispatching warships and drones", ["warships", "drones"]),
        ("The ministry deployed submarines.", ["submarines"]),
        ("Washington is sending in troops.", ["troops"]),
        ("the deployment of destroyers", ["warships"]),
        ("Rebels fired rockets at the base.", ["missiles"]),
        ("sent additional troops", ["troops"]),
        ("troops, tanks and artillery", ["troops", "vehicles", "artillery"]),
    ],
)
def test_bare_plural_counts_after_a_deployment_word_or_in_a_coordination(text, units):
    found = find_forces(text)
    assert [f.unit for f in found] == units
    assert all(f.count is None and f.approx for f in found)


@pytest.mark.parametrize(
    "text",
    [
        "deploying the troops",
        "deployed its troops",
        "these warships and drones",  # the determiner covers the whole coordination
        "the country's troops and tanks",
        "Troops were seen in the capital.",  # no deployment word, nothing coordinated
        "Drones flew overhead.",
        "dispatching ships and planes",  # generic nouns never count bare
    ],
)
def test_bare_plural_without_the_conditions_is_no_force(text):
    assert find_forces(text) == []


def test_quantified_mention_after_a_determiner_still_counts_but_blocks_its_bare_partners():
    assert summary("the 4,000 troops and warships") == [(4000, "troops", False)]
    assert summary("the troops and 20 tanks") == [(20, "vehicles", False)]


def test_coordination_needs_a_comma_or_a_conjunction():
    assert summary("troops 4,000 tanks") == [(4000, "vehicles", False)]
    assert summary("troops, 4,000 tanks") == [(None, "troops", True), (4000, "vehicles", False)]
    assert summary("troops as well as 4,000 tanks") == [(None, "troops", True), (4000, "vehicles", False)]


def test_coordination_does_not_cross_a_paragraph_break():
    assert summary("4,000 troops.\n\nTanks") == [(4000, "troops", False)]
    assert summary("troops\n\nwarships") == []


# -- seeds --------------------------------------------------------------------------------

SEED_EXPECTED = {
    "000": [(None, "warships", True), (4000, "troops", False), (None, "warships", True), (None, "drones", True),
            (None, "militia", True), (15000, "troops", False)],
    "001": [(4000, "troops", False), (None, "warships", True), (None, "warships", True), (None, "drones", True),
            (None, "militia", True), (15000, "troops", False)],
    "002": [(None, "warships", True), (4000, "troops", False), (None, "warships", True), (None, "drones", True),
            (None, "militia", True), (15000, "troops", False)],
}  # fmt: skip


def _seed(prefix: str) -> str:
    [path] = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("prefix", sorted(SEED_EXPECTED))
def test_seed_articles(prefix):
    text = _seed(prefix)
    found = find_forces(text)
    assert [(f.count, f.unit, f.approx) for f in found] == SEED_EXPECTED[prefix]
    check_invariants(text, found)
    militia = next(f for f in found if f.unit == "militia")
    assert militia.text == "thousands of militia members" and nominal_count(militia) == 2000


@pytest.mark.parametrize("prefix", sorted(SEED_EXPECTED))
def test_seed_articles_take_no_force_from_groups_money_or_crowds(prefix):
    text = _seed(prefix)
    spans = [(f.start, f.end) for f in find_forces(text)]
    for phrase in ("drug trafficking groups", "$50 million", "Thousands of", "thousands of Venezuelans", "join the"):
        for m in re.finditer(re.escape(phrase), text):
            assert not any(s < m.end() and m.start() < e for s, e in spans), phrase


def test_seed_002_strength():
    found = find_forces(_seed("002"))
    # 2x 4000/15000 troops, 2 vague warship mentions (3 x 300), drones (3 x 5), 2000 militia x 0.5
    assert strength(found) == pytest.approx(4000 + 15000 + 2 * 900 + 15 + 1000)


# -- Force, strength ----------------------------------------------------------------------


def test_force_is_frozen_and_picklable():
    [f] = find_forces("three destroyers")
    assert pickle.loads(pickle.dumps(f)) == f
    with pytest.raises(dataclasses.FrozenInstanceError):
        f.count = 4  # type: ignore[misc]


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(count=3, unit="battleships", approx=False),
        dict(count=0, unit="troops", approx=False),
        dict(count=-5, unit="troops", approx=False),
        dict(count=True, unit="troops", approx=False),
        dict(count=None, unit="troops", approx=False),
    ],
)
def test_force_rejects_bad_values(kwargs):
    with pytest.raises(InputError) as err:
        Force(text="x", start=0, end=1, **kwargs)
    assert isinstance(err.value, ValueError)


def test_find_forces_rejects_non_text():
    with pytest.raises(InputError, match="needs a str"):
        find_forces(b"4,000 troops")  # type: ignore[arg-type]


def test_strength_weights_and_nominals():
    assert strength([]) == 0.0
    assert strength(find_forces("10 soldiers")) == 10 * TROOP_EQUIVALENT["troops"]
    assert strength(find_forces("two warships")) == 2 * TROOP_EQUIVALENT["warships"]
    assert strength(find_forces("two aircraft carriers")) == 2 * QUALIFIER_EQUIVALENT["aircraft carrier"]
    assert strength(find_forces("thousands of militia members")) == VAGUE_NOMINAL["thousands"] * TROOP_EQUIVALENT["militia"]
    assert strength(find_forces("dozens of drones")) == 24 * TROOP_EQUIVALENT["drones"]
    assert strength(find_forces("sending troops")) == BARE_NOMINAL["troops"]
    assert strength(find_forces("sending submarines")) == 3 * TROOP_EQUIVALENT["submarines"]
    bigger, smaller = find_forces("15,000 troops"), find_forces("4,000 troops")
    assert strength(bigger) > strength(smaller)
    assert nominal_count(Force(None, "drones", True, "drones", 0, 6)) == 3


def test_vocabulary_is_consistent():
    assert set(TROOP_EQUIVALENT) == set(FORCE_UNITS)
    assert all(isinstance(FORCE_UNITS[u], str) and FORCE_UNITS[u] for u in FORCE_UNITS)
    assert {"troops", "warships", "drones", "aircraft", "militia", "vehicles", "submarines", "missiles"} <= set(FORCE_UNITS)
    entry_units = {unit for _pat, unit, _q, _f in nouns.ENTRIES if unit is not None}
    assert entry_units <= set(FORCE_UNITS) and entry_units >= set(FORCE_UNITS)
    qualifiers = {q for _pat, _u, q, _f in nouns.ENTRIES if q is not None}
    assert set(QUALIFIER_EQUIVALENT) <= qualifiers
    assert all(w > 0 for w in TROOP_EQUIVALENT.values())


def test_no_sample_specific_answers_in_the_module():
    # the package's code and its data files (nouns.json, lexicon.json, scale.json)
    files = sorted(p for p in Path(F.__file__).parent.rglob("*") if p.suffix in (".py", ".json"))
    assert {"nouns.json", "lexicon.json", "scale.json", "find.py"} <= {p.name for p in files}
    words = {w.lower() for p in files for w in re.findall(r"[A-Za-z]+", p.read_text(encoding="utf-8"))}
    sample_names = {"venezuela", "venezuelan", "venezuelans", "caribbean", "caracas", "maduro", "colombia", "zulia",
                    "tachira", "cabello", "sheinbaum", "rubio", "mexico", "mexican", "trump", "florida", "washington",
                    "salvador", "miraflores", "macarao", "bolivarian"}  # fmt: skip
    assert not words & sample_names


# -- the scan -----------------------------------------------------------------------------


def _reference_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in nouns.reference_regex().finditer(text)]


def test_prefiltered_scan_equals_the_plain_regex_on_the_tables_and_seeds():
    texts = [t for t, _ in POSITIVE] + NEGATIVE + [_seed(p) for p in SEED_EXPECTED]
    for text in texts:
        assert [m.span() for m in nouns.noun_matches(text)] == _reference_spans(text), text


VOCAB = [
    "4,000", "15", "thousand", "thousands", "of", "tens", "a", "dozen", "the", "its", "and", ",", ".", "$50",
    "million", "some", "up", "to", "troops", "warships", "drones", "militia", "members", "F-35", "fighter",
    "jets", "destroyers", "aircraft", "carriers", "tanks", "-strong", "force", "deployed", "sending",
    "American", "U.S.", "in", "2013", "\n\n", "anti-ship", "missiles", "drone", "strike", "Marines", "between",
    "three", "twenty-five", "several", "percent", "%", "people", "vessels", "navy", "police",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(VOCAB), max_size=40), st.sampled_from([" ", "", "  "]))
def test_property_spans_are_valid_and_scan_matches_reference(words, sep):
    text = sep.join(words)
    found = find_forces(text)
    check_invariants(text, found)
    assert [m.span() for m in nouns.noun_matches(text)] == _reference_spans(text)
    assert find_forces(text) == found  # deterministic


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(VOCAB), max_size=25))
def test_property_memoised_look_back_equals_fresh_parsing(words):
    text = " ".join(words * 3)  # repeated contexts hit the memo
    fresh = lookback.Spans.intersects
    try:
        lookback.Spans.intersects = lambda self, lo, hi: True  # type: ignore[method-assign]  # disables the memo
        expected = find_forces(text)
    finally:
        lookback.Spans.intersects = fresh  # type: ignore[method-assign]
    assert find_forces(text) == expected


def test_look_back_window_edge_is_the_same_with_and_without_memo():
    # the window is filled exactly: a number and four capitalised modifiers
    window = "4,000 " + " ".join("Q" + "x" * (n - 1) for n in (18, 18, 17, 17)) + " "
    assert len(window) == F.LOOKBACK_CHARS
    # 1st: the window starts after a blank, the number is whole -> 4,000 troops;
    # 2nd: the window cuts "14,000" in half, so the number is not read (memo must not hit)
    text = "Report " + window + "troops. 1" + window + "troops"
    assert [(f.count, f.unit) for f in find_forces(text)] == [(4000, "troops")]


def test_repeated_text_gives_shifted_copies():
    text = "Some 10,000 soldiers, a dozen fighter jets and the troops. "
    once, thrice = find_forces(text), find_forces(text * 3)
    assert len(thrice) == 3 * len(once) == 6
    for k, f in enumerate(thrice):
        g = once[k % len(once)]
        shift = len(text) * (k // len(once))
        assert (f.count, f.unit, f.approx, f.text, f.start, f.end) == (g.count, g.unit, g.approx, g.text, g.start + shift, g.end + shift)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_property_arbitrary_text_never_crashes(text):
    check_invariants(text, find_forces(text))


# -- robustness ---------------------------------------------------------------------------

SIZE = 2_000_000
PATHOLOGICAL = {
    "digits": "1" * SIZE + " troops",
    "digits-commas": "1," * (SIZE // 2) + "000 troops",
    "grouped-commas": "1,000," * (SIZE // 6) + " troops",
    "thousands-of": "thousands of " * (SIZE // 13) + "troops",
    "a-a-a": "a " * (SIZE // 2) + "submarine",
    "strong": "2,000-strong " * (SIZE // 13) + "force",
    "hyphens": "-" * SIZE,
    "blanks": " \n" * (SIZE // 2),
    "abbreviations": "U.S. " * (SIZE // 5) + "troops",
    "nbsp-digits": "4\u00a0000\u00a0" * (SIZE // 6) + "troops",
    "long-word": "x" * SIZE + " troops",
}
NEWS = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
PATHOLOGICAL["news"] = (NEWS * (SIZE // len(NEWS) + 1))[:SIZE]


@pytest.mark.timeout(60)
@pytest.mark.parametrize("name", PATHOLOGICAL)
def test_two_megabytes_of_pathological_text_in_under_two_seconds(name):
    text = PATHOLOGICAL[name]
    assert len(text) >= SIZE * 0.9
    t0 = time.perf_counter()
    found = find_forces(text)
    elapsed = time.perf_counter() - t0
    assert elapsed < 2.0, f"{name}: {elapsed:.2f}s"
    check_invariants(text, found)


@pytest.mark.timeout(60)
def test_dense_mentions_are_all_found():
    # how the time grows with size is measured in bench/bench_forces.py, not asserted here
    unit = "4,000 troops, warships and drones; "
    assert len(find_forces(unit * 5_000)) == 15_000
    assert len(find_forces(unit * 20_000)) == 60_000
