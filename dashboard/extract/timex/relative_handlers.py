"""Handlers of the rules counted from the publication date: weekdays ("said Thursday",
"last Friday"), weekends, day words ("yesterday", "last night"), this/last/next week,
month or year, "N units ago", durations ("the past two weeks") and "recently".  Each takes
a :class:`~dashboard.extract.timex.context.Ctx` and returns a
:class:`~dashboard.extract.timex.values.Resolution`, or ``None`` when the match is no date.
"""

from __future__ import annotations

from datetime import date, timedelta

from dashboard.extract.timex.context import Ctx, direction, g, is_name_like, low, next_word, prev_word
from dashboard.extract.timex.intervals import (
    add_months,
    minus,
    month_interval,
    shift_month,
    shift_unit,
    third,
    unit_interval,
    week_interval,
    week_start,
    year_interval,
)
from dashboard.extract.timex.lexicon import DAY_WORDS, HOLIDAY_PREFIXES, NUMBER_WORDS, VAGUE_COUNTS, WEEKDAY_NUM
from dashboard.extract.timex.values import RECENT_DAYS, Interval, Kind, Precision, Resolution, unresolved


def _h_weekday(c: Ctx) -> Resolution | None:
    text, m = c.text, c.m
    name = g(c, "wd")
    mod = low(c, "mod")
    prev, _ = prev_word(text, m.start())
    if prev and prev.lower() in HOLIDAY_PREFIXES and not mod:
        return None  # "Good Friday", "Black Friday", "Bloody Sunday"
    if not (mod or c.prep or g(c, "tod") or c.loose):
        if is_name_like(next_word(text, m.end())):
            return None  # "Sunday Times"
    if c.pub is None:
        return unresolved("weekday")
    wd = WEEKDAY_NUM[name]
    pw = c.pub.weekday()
    reason = None
    if mod in ("last", "past", "this past"):
        day = c.pub - timedelta(days=(pw - wd) % 7 or 7)
    elif mod in ("next", "coming", "this coming"):
        day = c.pub + timedelta(days=(wd - pw) % 7 or 7)
    elif mod == "this":
        day = week_start(c.pub) + timedelta(days=wd)
    else:
        future, reason = direction(c)
        day = c.pub + timedelta(days=(wd - pw) % 7) if future else c.pub - timedelta(days=(pw - wd) % 7)
    return Resolution(Interval(day, day, "day"), "weekday", "published", reason)


def _h_weekend(c: Ctx) -> Resolution | None:
    if c.pub is None:
        return unresolved("relative")
    mod = low(c, "mod")
    pub = c.pub
    reason = None
    if mod == "the":
        future, reason = direction(c)
        mod = "coming" if future else "last"
    if mod in ("last", "past", "this past"):
        sat = pub - timedelta(days=(pub.weekday() - 5) % 7 or 7)
    elif mod == "this":
        sat = week_start(pub) + timedelta(days=5)
    elif mod == "next":
        sat = week_start(pub) + timedelta(days=12)
    else:  # coming, this coming
        sat = pub + timedelta(days=(5 - pub.weekday()) % 7)
    return Resolution(Interval(sat, sat + timedelta(days=1), "day"), "relative", "published", reason)


def _h_day_word(c: Ctx) -> Resolution | None:
    if c.pub is None:
        return unresolved("relative")
    word = low(c, "w")
    d = c.pub + timedelta(days=DAY_WORDS[word])
    if word == "overnight":  # the night before the report: either calendar day
        return Resolution(Interval(d, c.pub, "day"), "relative", "published")
    return Resolution(Interval(d, d, "day"), "relative", "published")


def _h_rel_unit(c: Ctx) -> Resolution | None:
    rel = low(c, "rel")
    mod = low(c, "mod")
    if rel == "the" and mod not in ("earlier", "later"):
        return None  # "the week" alone is narrative, not a date
    if c.pub is None:
        return unresolved("relative")
    unit = low(c, "unit")
    pub = c.pub
    shift = {"last": -1, "next": 1}.get(rel, 0)
    iv = unit_interval(unit, shift_unit(unit, pub, shift))
    if shift == 0 and mod == "earlier":
        iv = Interval(iv.start, max(iv.start, pub - timedelta(days=1)), iv.precision)
    elif shift == 0 and mod == "later":
        iv = Interval(min(iv.end, pub + timedelta(days=1)), iv.end, iv.precision)
    elif mod:
        iv = third(iv, {"earlier": "early", "later": "late"}.get(mod, mod), unit)
    return Resolution(iv, "relative", "published")


def _unit_of(word: str) -> str:
    w = word.lower().rstrip("s")
    return "day" if w == "hour" else w


def _count(word: str) -> int | None:
    w = " ".join(word.lower().split())
    if w.isdigit():
        return int(w)
    return NUMBER_WORDS.get(w)


def _h_ago(c: Ctx) -> Resolution | None:
    if c.pub is None:
        return unresolved("relative")
    pub = c.pub
    raw_unit = low(c, "unit").rstrip("s")
    nword = low(c, "n")
    if nword in VAGUE_COUNTS:
        lo, hi = VAGUE_COUNTS[nword]
        unit = raw_unit
        start, end = minus(pub, unit, hi), minus(pub, unit, lo)
        if unit == "week":
            start, end = week_start(start), week_start(end) + timedelta(days=6)
        elif unit == "month":
            start, end = start.replace(day=1), month_interval(end.year, end.month).end
        elif unit == "year":
            start, end = date(start.year, 1, 1), date(end.year, 12, 31)
        precision: Precision = {"day": "week", "week": "month", "month": "month", "year": "year"}[unit]
        return Resolution(Interval(start, min(end, pub), precision), "vague", "published")
    n = _count(nword)
    if n is None:
        return None
    if raw_unit in ("hour", "minute"):
        d = pub - timedelta(days=n // (24 if raw_unit == "hour" else 1440))
        return Resolution(Interval(d, d, "day"), "relative", "published")
    if raw_unit == "day":
        d = pub - timedelta(days=n)
        return Resolution(Interval(d, d, "day"), "relative", "published")
    if raw_unit == "week":
        return Resolution(week_interval(pub - timedelta(days=7 * n)), "relative", "published")
    if raw_unit == "month":
        y, mo = shift_month(pub.year, pub.month, -n)
        return Resolution(month_interval(y, mo), "relative", "published")
    return Resolution(year_interval(pub.year - n), "relative", "published")


def _h_duration(c: Ctx) -> Resolution | None:
    rel = low(c, "rel")
    nword = low(c, "n")
    unit_word = low(c, "unit")
    plural = unit_word.endswith("s")
    if not rel.startswith("the ") and nword is None and not plural:
        return None  # "last week" / "next month" are calendar units, see _h_rel_unit
    if c.pub is None:
        return unresolved("duration")
    unit = _unit_of(unit_word)
    kind: Kind = "duration"
    if nword is None:
        if plural:
            n, kind = VAGUE_COUNTS["few"][1], "vague"  # "the past weeks"
        else:
            n = 1
    elif nword in VAGUE_COUNTS or nword in ("few",):
        n, kind = VAGUE_COUNTS.get(nword, VAGUE_COUNTS["few"])[1], "vague"
    else:
        n = _count(nword)
        if n is None or n == 0:
            return None
    raw = unit_word.rstrip("s")
    if raw == "hour":
        span = timedelta(days=max(1, (n + 23) // 24))
        back = c.pub - span
        fwd = c.pub + span
    else:
        back = minus(c.pub, unit, n)
        fwd = minus(c.pub, unit, -n)
    precision: Precision = {"day": "day", "week": "week", "month": "month", "year": "year", "decade": "year"}[unit]
    future = rel.endswith(("coming", "next"))
    iv = Interval(c.pub, fwd, precision) if future else Interval(back, c.pub, precision)
    return Resolution(iv, kind, "published")


def _h_recent(c: Ctx) -> Resolution | None:
    if c.pub is None:
        return unresolved("vague")
    pub = c.pub
    unit = low(c, "unit")
    yesterday = pub - timedelta(days=1)
    if not unit:  # recently / lately
        return Resolution(Interval(pub - timedelta(days=RECENT_DAYS), yesterday, "month"), "vague", "published")
    start, precision = {
        "days": (pub - timedelta(days=7), "week"),
        "weeks": (pub - timedelta(days=42), "month"),
        "months": (add_months(pub, -6), "year"),
        "years": (minus(pub, "year", 5), "year"),
    }[unit]
    return Resolution(Interval(start, pub, precision), "vague", "published")
