"""The date rules' word lists (``lexicon.json``): month and weekday names, number words,
the nouns that make a number a count or a year a date, holiday prefixes, prepositions,
day words and the seasons' first months.  Loaded once, at import.

The order of ``month_names``, ``weekdays``, ``month_abbreviations`` and ``number_words``
is kept as written (positions are month / weekday numbers, and the regex alternatives
are built in that order); the word sets are stored sorted.
"""

from __future__ import annotations

import json
from importlib.resources import files

_DATA = json.loads((files("dashboard.extract.timex") / "lexicon.json").read_text(encoding="utf-8"))

MONTH_NAMES: tuple[str, ...] = tuple(_DATA["month_names"])
#: Abbreviations ("Sept", written with or without a dot), in the order the regex tries them.
MONTH_ABBREVIATIONS: dict[str, int] = dict(_DATA["month_abbreviations"])
#: Full month name or abbreviation -> month number.
MONTH_NUM: dict[str, int] = {name: i + 1 for i, name in enumerate(MONTH_NAMES)}
MONTH_NUM.update(MONTH_ABBREVIATIONS)
WEEKDAYS: tuple[str, ...] = tuple(_DATA["weekdays"])
#: Weekday name -> ``date.weekday()`` number (Monday = 0).
WEEKDAY_NUM: dict[str, int] = {name: i for i, name in enumerate(WEEKDAYS)}

#: Lower-case number words ("a couple of" included) -> value.
NUMBER_WORDS: dict[str, int] = dict(_DATA["number_words"])
#: Vague quantities -> (fewest, most) units ("a few days ago" is 2-5 days back).
VAGUE_COUNTS: dict[str, tuple[int, int]] = {w: (lo, hi) for w, (lo, hi) in _DATA["vague_counts"].items()}

#: Words after a number that make it a count, not a year ("2000 troops").
COUNT_NOUNS = frozenset(_DATA["count_nouns"])
#: Nouns after a year or a bare May/March that make it a date ("2024 elections").
EVENT_NOUNS = frozenset(_DATA["event_nouns"])
#: Lower-case words before a weekday that make it a holiday ("Good Friday").
HOLIDAY_PREFIXES = frozenset(_DATA["holiday_prefixes"])

#: Prepositions that make a bare year a date ("in 2013"; "over 2000" is a quantity).
YEAR_PREPS = frozenset(_DATA["year_prepositions"])
#: Prepositions a span may start with ("On Tuesday"); each makes a bare month a date.
PREPS = YEAR_PREPS | frozenset(_DATA["month_only_prepositions"])

#: "yesterday", "last night", ... -> days from publication.
DAY_WORDS: dict[str, int] = dict(_DATA["day_words"])
#: Season -> the first of its three months ("winter" runs December-February).
SEASON_MONTHS: dict[str, int] = dict(_DATA["season_start_months"])
