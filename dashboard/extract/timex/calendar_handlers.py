"""Handlers of the rules that name the calendar: ISO dates, day and month ("Aug. 28",
"28 August 2025"), months ("In February", "last January"), month ranges, early/mid/late
and ordinal weeks of a month, year or unit, years, year ranges, decades, seasons and
quarters.  Each takes a :class:`~dashboard.extract.timex.context.Ctx` and returns a
:class:`~dashboard.extract.timex.values.Resolution`, or ``None`` when the match is no date.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from dashboard.extract.timex.context import (
    Ctx,
    direction,
    g,
    is_count,
    is_event_noun_next,
    is_name_like,
    low,
    next_word,
    prev_word,
)
from dashboard.extract.timex.intervals import (
    day_month_date,
    distance_reason,
    month_interval,
    month_year,
    months_interval,
    season_interval,
    shift_unit,
    third,
    unit_interval,
    year_interval,
    year_part,
)
from dashboard.extract.timex.lexicon import MONTH_NUM, PREPS, WEEKDAY_NUM, WEEKDAYS, YEAR_PREPS
from dashboard.extract.timex.patterns import YEAR_CORE
from dashboard.extract.timex.values import NOT_A_DATE, Anchor, Interval, Kind, Resolution, unresolved


def _h_iso(c: Ctx) -> Resolution | None:
    try:
        d = date(int(g(c, "y")), int(g(c, "mo")), int(g(c, "d")))
    except ValueError:
        return unresolved("absolute", "absolute", NOT_A_DATE)
    iv = Interval(d, d, "day")
    reason = distance_reason(iv, c.pub)
    return Resolution(iv, "absolute", "absolute", reason, reason is not None)


def _h_day_month(c: Ctx) -> Resolution | None:
    text, m = c.text, c.m
    mon = MONTH_NUM[g(c, "mon").rstrip(".")]
    d1 = int(re.match(r"\d+", g(c, "d1")).group())
    d2s = g(c, "d2")
    d2 = int(re.match(r"\d+", d2s).group()) if d2s else None
    ys = g(c, "y")
    if d2 is not None and d2 <= d1:
        return None
    if ys is None and is_count(text, m.end()):
        return None  # "in May 31 people died"
    wd = g(c, "wd")
    if ys is not None:
        y = int(ys)
        anchor: Anchor = "absolute"
        reason = None
    else:
        if c.pub is None:
            return unresolved("absolute")
        future, reason = direction(c)
        start_day = day_month_date(mon, d1, c.pub, future)
        if start_day is None:
            return unresolved("absolute", "published", NOT_A_DATE)
        y = start_day.year
        anchor = "published"
    try:
        start = date(y, mon, d1)
        end = date(y, mon, d2) if d2 is not None else start
    except ValueError:
        return unresolved("absolute", anchor, NOT_A_DATE)
    iv = Interval(start, end, "day")
    suspect = False
    if anchor == "absolute":
        far = distance_reason(iv, c.pub)
        if far:
            reason, suspect = far, True
    if wd and d2 is None and WEEKDAY_NUM[wd] != start.weekday():
        note = f"written {wd} but {start.isoformat()} is a {WEEKDAYS[start.weekday()]}"
        reason = f"{reason}; {note}" if reason else note
        suspect = True
    return Resolution(iv, "absolute", anchor, reason, suspect)


def _h_month_year(c: Ctx) -> Resolution | None:
    if is_count(c.text, c.m.end()):
        return None  # "in March, 2000 troops"
    mon = MONTH_NUM[g(c, "mon").rstrip(".")]
    return Resolution(month_interval(int(g(c, "y")), mon), "absolute", "absolute")


def _h_month(c: Ctx) -> Resolution | None:
    name = g(c, "mon")
    rel = low(c, "rel")
    if not (rel or c.loose or (c.prep and c.prep in PREPS)):
        if name in ("May", "March"):
            if not is_event_noun_next(c.text, c.m.end()):
                return None  # "May" the verb / the name, "March" the noun
        else:
            if is_name_like(next_word(c.text, c.m.end())):
                return None  # "June Carter", "August Wilson"
            prev, sentence_start = prev_word(c.text, c.m.start())
            if prev and not sentence_start and is_name_like(prev) and not prev.endswith(("'s", "’s", "s'")):
                return None
    if c.pub is None:
        return unresolved("absolute")
    mon = MONTH_NUM[name]
    reason = None
    if rel in ("last", "past", "this past"):
        mode = "last"
    elif rel in ("next", "coming", "this coming"):
        mode = "next"
    elif rel == "this":
        mode = "this"
    else:
        future, reason = direction(c)
        mode = "future" if future else "past"
    return Resolution(month_interval(month_year(mon, c.pub, mode), mon), "absolute", "published", reason)


def _h_month_range(c: Ctx) -> Resolution | None:
    m1, m2 = MONTH_NUM[g(c, "m1")], MONTH_NUM[g(c, "m2")]
    ys = g(c, "y")
    reason = None
    if ys:
        y2 = int(ys)
        anchor: Anchor = "absolute"
    else:
        if c.pub is None:
            return unresolved("absolute")
        future, reason = direction(c)
        y2 = month_year(m2, c.pub, "future" if future else "past")
        anchor = "published"
    y1 = y2 if m1 <= m2 else y2 - 1
    return Resolution(months_interval(y1, m1, y2, m2), "absolute", anchor, reason)


def _resolve_target(c: Ctx) -> tuple[Interval, str, Kind, Anchor, str | None] | Resolution:
    """Month (+year), year, or this/last/next unit named in a modifier pattern."""
    if g(c, "tm"):
        mon = MONTH_NUM[g(c, "tm")]
        if g(c, "ty"):
            return month_interval(int(g(c, "ty")), mon), "month", "absolute", "absolute", None
        if c.pub is None:
            return unresolved("absolute")
        future, reason = direction(c)
        y = month_year(mon, c.pub, "future" if future else "past")
        return month_interval(y, mon), "month", "absolute", "published", reason
    if g(c, "yy"):
        return year_interval(int(g(c, "yy"))), "year", "absolute", "absolute", None
    unit = low(c, "unit")
    if c.pub is None:
        return unresolved("relative")
    rel = low(c, "rel")
    shift = {"last": -1, "next": 1}.get(rel, 0)
    base = shift_unit(unit, c.pub, shift)
    return unit_interval(unit, base), unit, "relative", "published", None


def _h_modified(c: Ctx) -> Resolution | None:
    target = _resolve_target(c)
    if isinstance(target, Resolution):
        return target
    iv, unit, kind, anchor, reason = target
    mod = low(c, "mod") or low(c, "mod2")
    return Resolution(third(iv, mod, unit), kind, anchor, reason)


def _h_ordinal_week(c: Ctx) -> Resolution | None:
    target = _resolve_target(c)
    if isinstance(target, Resolution):
        return target
    iv, _unit, kind, anchor, reason = target
    ordinal = low(c, "ord")
    if ordinal in ("last", "final"):
        start = iv.end - timedelta(days=6)
    else:
        start = iv.start + timedelta(days=7 * ("first", "second", "third", "fourth").index(ordinal))
    return Resolution(Interval(start, start + timedelta(days=6), "week"), kind, anchor, reason)


def _h_year(c: Ctx) -> Resolution | None:
    text, end = c.text, c.m.end()
    if is_count(text, end):
        return None
    if re.match(r"\s{0,3}(?:[-–]|to\b|and\b|or\b)\s{0,3}\d", text[end:end + 12], re.IGNORECASE):
        rest = re.match(r"\s{0,3}(?:[-–]|to|and|or)\s{0,3}(\d[\d,]*)", text[end:end + 20], re.IGNORECASE)
        if rest and not re.fullmatch(YEAR_CORE, rest.group(1)):
            return None  # "from 2000 to 3000 troops"
    lead = low(c, "lead")
    ok = (
        c.loose
        or (c.prep in YEAR_PREPS)
        or lead in ("year", "fiscal", "fiscal year")
        or is_event_noun_next(text, end)
    )
    if not ok:
        return None
    return Resolution(year_interval(int(g(c, "y"))), "absolute", "absolute")


def _h_year_range(c: Ctx) -> Resolution | None:
    y1 = int(g(c, "y1"))
    y2s = g(c, "y2")
    sep = g(c, "sep").strip().lower()
    if len(y2s) == 2:
        if sep not in ("-", "–", "/"):
            return None
        y2 = (y1 // 100) * 100 + int(y2s)
    else:
        y2 = int(y2s)
    if not (y1 < y2 <= 2100):
        return None
    end = c.m.end()
    if is_count(c.text, end):
        return None
    four_digit_dash = len(y2s) == 4 and sep in ("-", "–")  # "the 2013-2015 drought"
    if not (four_digit_dash or c.loose or g(c, "bw") or c.prep in YEAR_PREPS or is_event_noun_next(c.text, end)):
        return None
    return Resolution(Interval(date(y1, 1, 1), date(y2, 12, 31), "year"), "absolute", "absolute")


def _h_decade(c: Ctx) -> Resolution | None:
    dec = int(g(c, "dec"))
    mod = low(c, "mod")
    lo, hi = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}.get(mod, (0, 9))
    return Resolution(Interval(date(dec + lo, 1, 1), date(dec + hi, 12, 31), "year"), "absolute", "absolute")


def _h_season(c: Ctx) -> Resolution | None:
    season = low(c, "s")
    ys = g(c, "y")
    mod = low(c, "mod")
    after = c.text[c.m.end():c.m.end() + 8]
    if ys:
        return Resolution(season_interval(season, int(ys)), "absolute", "absolute")
    if mod is None or (mod == "the" and (season == "fall" or re.match(r"\s{1,3}of\b", after))):
        return None  # "prices fall", "the fall of the government"
    if c.pub is None:
        return unresolved("relative")
    pub = c.pub
    # Occurrences around the publication date: season years pub.year-2 .. pub.year+1.
    occ = [season_interval(season, y) for y in range(pub.year - 2, pub.year + 2)]
    current = next((iv for iv in occ if iv.contains(pub)), None)
    reason = None
    if mod == "the":
        future, reason = direction(c)
        mod = "coming" if future else "the"
    if mod in ("last", "past", "this past"):
        cands = [iv for iv in occ if iv.end < pub and iv is not current]
        iv = cands[-1]
    elif mod == "this":
        if season == "winter":
            iv = season_interval(season, pub.year - 1 if pub.month <= 2 else pub.year)
        else:
            iv = season_interval(season, pub.year)
    elif mod in ("next", "coming", "this coming"):
        iv = next(iv for iv in occ if iv.start > pub)
    else:  # "the summer": the most recent one that has begun
        iv = [iv for iv in occ if iv.start <= pub][-1]
    return Resolution(iv, "relative", "published", reason)


def _h_quarter(c: Ctx) -> Resolution | None:
    q = g(c, "q")
    part = low(c, "part") or "quarter"
    if q is None:
        q = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}[low(c, "ord")]
    q = int(q)
    if part == "half" and q > 2:
        return None
    if g(c, "y"):
        y = int(g(c, "y"))
        kind: Kind = "absolute"
        anchor: Anchor = "absolute"
    else:
        if c.pub is None:
            return unresolved("relative")
        y = c.pub.year + {"last": -1, "next": 1}.get(low(c, "rel"), 0)
        kind, anchor = "relative", "published"
    return Resolution(year_part(y, q, 3 if part == "quarter" else 6), kind, anchor)


def _h_quarter_any(c: Ctx) -> Resolution | None:
    if c.m.group("q"):
        return Resolution(year_part(int(c.m.group("y2")), int(c.m.group("q")), 3), "absolute", "absolute")
    return _h_quarter(c)
