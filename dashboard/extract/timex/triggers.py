"""Trigger windows: which parts of a text each rule needs to be run on.  Every rule match
contains one of the rule's trigger tokens (a month or weekday name, a year, a keyword such
as "ago" or "weekend"), so :func:`_windows` returns, per rule, the merged character
windows around that rule's triggers; the rest of the text is never searched by it.
"""

from __future__ import annotations

import re

from dashboard.extract.timex.lexicon import MONTH_NUM, SEASON_MONTHS, WEEKDAYS
from dashboard.extract.timex.rules import (
    _R_AGO,
    _R_DAY_WORD,
    _R_DECADE,
    _R_DMY,
    _R_DURATION,
    _R_ISO,
    _R_MDY,
    _R_MODIFIED,
    _R_MONTH,
    _R_MONTH_RANGE,
    _R_MONTH_YEAR,
    _R_ORD_WEEK,
    _R_QUARTER,
    _R_RECENT,
    _R_REL_UNIT,
    _R_SEASON,
    _R_WEEKDAY,
    _R_WEEKEND,
    _R_YEAR,
    _R_YEAR_RANGE,
    _RULES,
)

# Every rule match contains one of the rule's trigger tokens and reaches at most
# _LEFT characters before it and _RIGHT after it, so each rule is run only inside
# (merged) windows around its own triggers: ordinary text is mostly skipped and a text
# full of one kind of token ("May May May ...") wakes only the rules that can use it.
_LEFT, _RIGHT = 64, 80
_TOKEN = re.compile(r"[A-Za-z]+|\d+")

_MONTH_RULES = (_R_MDY, _R_DMY, _R_MONTH_YEAR, _R_MONTH_RANGE, _R_MONTH, _R_MODIFIED, _R_ORD_WEEK)
_YEAR_RULES = (_R_ISO, _R_MDY, _R_DMY, _R_MONTH_YEAR, _R_MODIFIED, _R_YEAR, _R_YEAR_RANGE, _R_DECADE,
               _R_SEASON, _R_QUARTER)
_NAME_TRIGGERS: dict[str, tuple[int, ...]] = {name: _MONTH_RULES for name in MONTH_NUM}
_NAME_TRIGGERS.update({name: (_R_MDY, _R_DMY, _R_WEEKDAY) for name in WEEKDAYS})
_UNIT_RULES = (_R_MODIFIED, _R_ORD_WEEK, _R_REL_UNIT, _R_DURATION, _R_QUARTER)
_KEYWORD_TRIGGERS: dict[str, tuple[int, ...]] = {
    **{w: (_R_DAY_WORD,) for w in ("today", "tonight", "yesterday", "tomorrow", "morning", "afternoon",
                                   "evening", "night", "overnight")},
    **{w: _UNIT_RULES for w in ("week", "month", "year")},
    **{w: (_R_DURATION, _R_RECENT) for w in ("hour", "hours", "day", "days", "weeks", "months", "years",
                                             "decade", "decades")},
    "weekend": (_R_WEEKEND,),
    "ago": (_R_AGO,),
    "recent": (_R_RECENT,),
    "recently": (_R_RECENT,),
    "lately": (_R_RECENT,),
    **{w: (_R_SEASON,) for w in SEASON_MONTHS},
    "quarter": (_R_QUARTER,),
    "half": (_R_QUARTER,),
}


def _windows(text: str) -> list[list[tuple[int, int]]]:
    """Per rule, the merged character windows around its trigger tokens."""
    n = len(text)
    by_group: dict[tuple[int, ...], list[list[int]]] = {}
    name_get, kw_get = _NAME_TRIGGERS.get, _KEYWORD_TRIGGERS.get
    for tm in _TOKEN.finditer(text):
        tok = tm.group()
        if tok[0].isdigit():
            if len(tok) != 4 or not ("1900" <= tok <= "2100"):
                continue
            group: tuple[int, ...] | None = _YEAR_RULES
        else:
            group = name_get(tok) or kw_get(tok.lower())
            if group is None:
                continue
        lo = tm.start() - _LEFT
        w = by_group.get(group)
        if w is None:
            by_group[group] = [[max(0, lo), tm.end() + _RIGHT]]
        elif lo <= w[-1][1]:
            w[-1][1] = tm.end() + _RIGHT
        else:
            w.append([lo, tm.end() + _RIGHT])
    per_rule: list[list[tuple[int, int]]] = [[] for _ in _RULES]
    for r in range(len(_RULES)):
        groups = [w for g, w in by_group.items() if r in g]
        spans = groups[0] if len(groups) == 1 else sorted(x for w in groups for x in w)
        out = per_rule[r]
        for lo, hi in spans:
            if out and lo <= out[-1][1]:
                out[-1] = (out[-1][0], max(out[-1][1], min(n, hi)))
            else:
                out.append((lo, min(n, hi)))
    return per_rule
