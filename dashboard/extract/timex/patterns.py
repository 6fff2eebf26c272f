"""Regex building blocks of the date rules (bounded whitespace, month and weekday names
from the lexicon, years 1900-2100, day numbers), shared by the rule table and handlers.
All are linear-time: no nested quantifiers."""

from __future__ import annotations

from dashboard.extract.timex.lexicon import MONTH_ABBREVIATIONS, MONTH_NAMES, WEEKDAYS

#: One to three whitespace characters between words.
S = r"\s{1,3}"
#: A full month name (alternatives only; follow it with ``(?![A-Za-z])``).
MONTH_NAME = "|".join(MONTH_NAMES)
#: A full or abbreviated month name, with an optional dot ("Sept.").
MONTH_ANY = r"(?:" + MONTH_NAME + "|" + "|".join(MONTH_ABBREVIATIONS) + r")(?![A-Za-z])\.?"
YEAR_CORE = r"(?:19\d\d|20\d\d|2100)"
#: A year not part of a longer number, amount or date.
YEAR = r"(?<![\d,.$€£#/\-])" + YEAR_CORE + r"(?![\dA-Za-z]|[.,]\d)"
#: A day of the month, with an optional ordinal suffix ("28th").
DAYNUM = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\dA-Za-z])"
#: A weekday name, captured as ``wd``.
WD_GROUP = r"(?P<wd>" + "|".join(WEEKDAYS) + r")(?![A-Za-z])"


def ci(alternatives: str) -> str:
    """*alternatives* matched case-insensitively."""
    return r"(?i:" + alternatives + r")"
