"""The rule table: one regex per kind of date expression, each with the handler that
resolves its matches, in a fixed order (:data:`_RULES`; the ``_R_*`` names are the
positions).  Where matches of several rules overlap, the longest wins, then the earlier,
then the rule listed first.  Patterns are built from the lexicon and are linear-time.
"""

from __future__ import annotations

import re
from typing import Callable

from dashboard.extract.timex.calendar_handlers import (
    _h_day_month,
    _h_decade,
    _h_iso,
    _h_modified,
    _h_month,
    _h_month_range,
    _h_month_year,
    _h_ordinal_week,
    _h_quarter_any,
    _h_season,
    _h_year,
    _h_year_range,
)
from dashboard.extract.timex.context import Ctx
from dashboard.extract.timex.lexicon import NUMBER_WORDS
from dashboard.extract.timex.patterns import DAYNUM, MONTH_ANY, MONTH_NAME, S, WD_GROUP, YEAR, YEAR_CORE, ci
from dashboard.extract.timex.relative_handlers import (
    _h_ago,
    _h_day_word,
    _h_duration,
    _h_recent,
    _h_rel_unit,
    _h_weekday,
    _h_weekend,
)
from dashboard.extract.timex.values import Resolution

#: The thing an early/mid/late or ordinal-week modifier applies to: a month (+ year), a
#: year, or this/last/next week, month or year.
_TARGET = (
    r"(?P<tm>" + MONTH_NAME + r")(?![A-Za-z])(?:,?" + S + r"(?P<ty>" + YEAR + r"))?"
    r"|(?<![\d,.$€£#/])(?P<yy>" + YEAR_CORE + r")(?![\dA-Za-z]|[.,]\d|[-–/]\d)"
    r"|(?P<rel>" + ci("this|last|next|the") + r")" + S + r"(?P<unit>" + ci("week|month|year") + r")(?![A-Za-z])"
)

_RULES: list[tuple[re.Pattern[str], Callable[[Ctx], Resolution | None]]] = [
    (
        re.compile(r"(?<![\d\-/.])(?P<y>" + YEAR_CORE + r")-(?P<mo>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])(?!\d)"),
        _h_iso,
    ),
    (  # [Thursday, ] August 28[-30][, 2025] / Aug. 28
        re.compile(
            r"\b(?:" + WD_GROUP + r",?" + S + r")?(?P<mon>" + MONTH_ANY + r")\s{0,3}"
            r"(?P<d1>" + DAYNUM + r")(?:\s{0,2}[-–]\s{0,2}(?P<d2>" + DAYNUM + r"))?"
            r"(?:,?" + S + r"(?P<y>" + YEAR + r"))?(?![.,]?\d)"
        ),
        _h_day_month,
    ),
    (  # [Thursday, ] 28[-30] [of] August[,] [2025]
        re.compile(
            r"\b(?:" + WD_GROUP + r",?" + S + r")?(?:" + ci("the") + S + r")?(?<![\d,.$€£])"
            r"(?P<d1>" + DAYNUM + r")(?:\s{0,2}[-–]\s{0,2}(?P<d2>" + DAYNUM + r"))?" + S
            + r"(?:" + ci("of") + S + r")?(?P<mon>" + MONTH_ANY + r")"
            r"(?:,?" + S + r"(?P<y>" + YEAR + r"))?(?![.,]?\d)"
        ),
        _h_day_month,
    ),
    (  # July 2024 / Jul. 2024
        re.compile(r"\b(?P<mon>" + MONTH_ANY + r"),?" + S + r"(?P<y>" + YEAR + r")(?![-–/]\d)"),
        _h_month_year,
    ),
    (  # [between] May and June [2024]
        re.compile(
            r"\b(?:(?P<bw>" + ci("between|from") + r")" + S + r")?(?P<m1>" + MONTH_NAME + r")(?![A-Za-z])"
            r"(?:" + S + ci("and|or|to|through|until|till") + S + r"|\s{0,2}[-–—]\s{0,2})"
            r"(?P<m2>" + MONTH_NAME + r")(?![A-Za-z])(?:,?" + S + r"(?P<y>" + YEAR + r"))?"
        ),
        _h_month_range,
    ),
    (  # [last|this|next] January
        re.compile(
            r"\b(?:(?P<rel>" + ci("this past|this coming|last|next|this|coming|past") + r")" + S + r")?"
            r"(?P<mon>" + MONTH_NAME + r")(?![A-Za-z])"
        ),
        _h_month,
    ),
    (  # early/mid/late X, the end/beginning/middle of X
        re.compile(
            r"\b(?:" + ci("the") + S + r")?(?:(?P<mod>" + ci("early|mid|late") + r")(?:-|" + S + r")"
            r"|(?P<mod2>" + ci("end|beginning|start|middle") + r")" + S + ci("of") + S + r")"
            r"(?:" + _TARGET + r")"
        ),
        _h_modified,
    ),
    (  # the first week of August
        re.compile(
            r"\b" + ci("the") + S + r"(?P<ord>" + ci("first|second|third|fourth|last|final") + r")" + S
            + ci("week") + S + ci("of") + S + r"(?:" + _TARGET + r")"
        ),
        _h_ordinal_week,
    ),
    (  # in 2013, the 2024 elections, fiscal 2024
        re.compile(
            r"\b(?:(?P<lead>" + ci("fiscal year|fiscal|year") + r")" + S + r")?(?P<y>" + YEAR + r")(?![-–/]\d|\s?%)"
        ),
        _h_year,
    ),
    (  # 2013-2015, 2024/25, between 2013 and 2015
        re.compile(
            r"\b(?:(?P<bw>" + ci("between|from") + r")" + S + r")?(?P<y1>" + YEAR + r")"
            r"(?P<sep>\s{0,2}[-–/]\s{0,2}|" + S + ci("to|and|until|through") + S + r")"
            r"(?P<y2>" + YEAR_CORE + r"|\d\d)(?![\dA-Za-z]|[.,]\d)"
        ),
        _h_year_range,
    ),
    (  # the (early) 1990s
        re.compile(
            r"\b(?:" + ci("the") + S + r")?(?:(?P<mod>" + ci("early|mid|late") + r")[-\s]{1,2})?"
            r"(?<![\d,.$])(?P<dec>(?:19|20)\d0)(?:'s|’s|s)(?![A-Za-z])"
        ),
        _h_decade,
    ),
    (  # [last|this|next|early|late] Monday [night]
        re.compile(
            r"\b(?:(?P<mod>" + ci("this past|this coming|last|next|this|past|coming|earlier on|later on|early on|"
                                   "late on|earlier|later|early|late") + r")" + S + r")?"
            + WD_GROUP + r"(?:" + S + r"(?P<tod>" + ci("morning|afternoon|evening|night|overnight") + r")(?![A-Za-z]))?"
        ),
        _h_weekday,
    ),
    (  # last weekend, over the weekend
        re.compile(
            r"\b(?P<mod>" + ci("this past|this coming|last|this|next|past|coming|the") + r")" + S
            + ci("weekend") + r"(?![A-Za-z])"
        ),
        _h_weekend,
    ),
    (  # (earlier) today, yesterday (morning), last night
        re.compile(
            r"\b(?:" + ci("earlier|later|early|late") + S + r")?(?P<w>"
            + ci("the day before yesterday|the day after tomorrow|today|tonight|yesterday|tomorrow|"
                  "this morning|this afternoon|this evening|last night|last evening|overnight")
            + r")(?![A-Za-z])(?:" + S + ci("morning|afternoon|evening|night") + r"(?![A-Za-z]))?"
        ),
        _h_day_word,
    ),
    (  # (earlier) this month, last week, later in the year
        re.compile(
            r"\b(?:(?P<mod>" + ci("earlier|later|early|late") + r")" + S + r"(?:" + ci("in") + S + r")?)?"
            r"(?P<rel>" + ci("last|this|next|the") + r")" + S + r"(?P<unit>" + ci("week|month|year") + r")(?![A-Za-z])"
        ),
        _h_rel_unit,
    ),
    (  # two days ago, a few weeks ago
        re.compile(
            r"\b(?P<n>\d{1,3}|" + ci("a couple of|a few|few|several|twenty-four|forty-eight|" + "|".join(
                sorted((w for w in NUMBER_WORDS if " " not in w and "-" not in w), key=len, reverse=True)))
            + r")" + S + r"(?P<unit>" + ci("minutes?|hours?|days?|weeks?|months?|years?") + r")" + S
            + ci("ago") + r"(?![A-Za-z])"
        ),
        _h_ago,
    ),
    (  # the past two weeks, the last 24 hours, the coming days
        re.compile(
            r"\b(?P<rel>" + ci("the past|the last|the coming|the next|past|last|coming|next") + r")" + S
            + r"(?:(?P<n>\d{1,3}|" + ci("a couple of|couple of|few|several|twenty-four|forty-eight|" + "|".join(
                sorted((w for w in NUMBER_WORDS if " " not in w and "-" not in w and w not in ("a", "an")),
                       key=len, reverse=True))) + r")" + S + r")?"
            + r"(?P<unit>" + ci("hours?|days?|weeks?|months?|years?|decades?") + r")(?![A-Za-z])"
        ),
        _h_duration,
    ),
    (  # recently, in recent weeks
        re.compile(
            r"\b(?:" + ci("recently|lately") + r"|" + ci("recent") + S + r"(?P<unit>" + ci("days|weeks|months|years")
            + r"))(?![A-Za-z])"
        ),
        _h_recent,
    ),
    (  # summer 2024, last summer, in the winter
        re.compile(
            r"\b(?:(?P<mod>" + ci("this past|this coming|last|this|next|past|coming|the") + r")" + S + r")?"
            r"(?:" + ci("early|mid|late") + r"[-\s]{1,2})?"
            r"(?P<s>" + ci("spring|summer|autumn|fall|winter") + r")(?![A-Za-z])"
            r"(?:(?:" + S + ci("of") + r")?,?" + S + r"(?P<y>" + YEAR + r"))?"
        ),
        _h_season,
    ),
    (  # the first quarter of 2025, the second half of this year, Q3 2024
        re.compile(
            r"\b(?:(?:" + ci("the") + S + r")?(?P<ord>" + ci("first|second|third|fourth|1st|2nd|3rd|4th") + r")"
            + S + r"(?P<part>" + ci("quarter|half") + r")(?:" + S + ci("of") + r")?,?" + S
            + r"(?:(?P<y>" + YEAR + r")|(?P<rel>" + ci("this|last|next") + r")" + S + ci("year") + r"(?![A-Za-z]))"
            r"|Q(?P<q>[1-4])\s{0,2}(?P<y2>" + YEAR + r"))"
        ),
        _h_quarter_any,
    ),
]

# Positions in _RULES.
_R_ISO, _R_MDY, _R_DMY, _R_MONTH_YEAR, _R_MONTH_RANGE, _R_MONTH, _R_MODIFIED, _R_ORD_WEEK = range(8)
_R_YEAR, _R_YEAR_RANGE, _R_DECADE, _R_WEEKDAY, _R_WEEKEND, _R_DAY_WORD, _R_REL_UNIT = range(8, 15)
_R_AGO, _R_DURATION, _R_RECENT, _R_SEASON, _R_QUARTER = range(15, 20)
