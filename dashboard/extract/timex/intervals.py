"""Calendar arithmetic: the :class:`~dashboard.extract.timex.values.Interval` of a week,
month, year, season, quarter or third of one, moving dates by calendar units, choosing
the year of a month or day named without one, and the suspect-distance check."""

from __future__ import annotations

from calendar import monthrange
from datetime import date, timedelta

from dashboard.extract.timex.lexicon import SEASON_MONTHS
from dashboard.extract.timex.values import FUTURE_GRACE_DAYS, SUSPECT_DAYS, Interval, Precision


def months_interval(y1: int, m1: int, y2: int, m2: int, precision: Precision = "month") -> Interval:
    """From the first day of month *m1* of *y1* to the last day of month *m2* of *y2*."""
    return Interval(date(y1, m1, 1), date(y2, m2, monthrange(y2, m2)[1]), precision)


def month_interval(y: int, m: int, precision: Precision = "month") -> Interval:
    return months_interval(y, m, y, m, precision)


def year_interval(y: int) -> Interval:
    return Interval(date(y, 1, 1), date(y, 12, 31), "year")


def year_part(y: int, index: int, months: int) -> Interval:
    """The *index*-th (1-based) run of *months* months of year *y* (quarter: 3, half: 6)."""
    m1 = 1 + months * (index - 1)
    return months_interval(y, m1, y, m1 + months - 1)


def season_interval(season: str, season_year: int) -> Interval:
    """The three months of *season* starting in *season_year* (winter runs into the next year)."""
    m0 = SEASON_MONTHS[season]
    y2, m2 = shift_month(season_year, m0, 2)
    return months_interval(season_year, m0, y2, m2)


def week_start(d: date) -> date:
    return d - timedelta(days=d.weekday())


def week_interval(d: date) -> Interval:
    monday = week_start(d)
    return Interval(monday, monday + timedelta(days=6), "week")


def shift_month(y: int, m: int, n: int) -> tuple[int, int]:
    idx = y * 12 + (m - 1) + n
    return idx // 12, idx % 12 + 1


def add_months(d: date, n: int) -> date:
    y, m = shift_month(d.year, d.month, n)
    return date(y, m, min(d.day, monthrange(y, m)[1]))


def unit_interval(unit: str, d: date) -> Interval:
    if unit == "week":
        return week_interval(d)
    if unit == "month":
        return month_interval(d.year, d.month)
    return year_interval(d.year)


def shift_unit(unit: str, d: date, n: int) -> date:
    if unit == "week":
        return d + timedelta(days=7 * n)
    if unit == "month":
        y, m = shift_month(d.year, d.month, n)
        return date(y, m, 1)
    return date(d.year + n, 1, 1)


def minus(d: date, unit: str, n: int) -> date:
    """*d* moved *n* units (day/week/month/year/decade) back; negative n forward."""
    if unit == "day":
        return d - timedelta(days=n)
    if unit == "week":
        return d - timedelta(days=7 * n)
    if unit == "month":
        return add_months(d, -n)
    years = n * (10 if unit == "decade" else 1)
    y = d.year - years
    return date(y, d.month, min(d.day, monthrange(y, d.month)[1]))


def third(iv: Interval, mod: str, unit: str) -> Interval:
    """The early/mid/late third of a week, month or year interval (same precision)."""
    part = {"early": 0, "beginning": 0, "start": 0, "mid": 1, "middle": 1, "late": 2, "end": 2}[mod]
    if unit == "year":
        y = iv.start.year
        m0 = 1 + 4 * part
        return months_interval(y, m0, y, m0 + 3, iv.precision)
    if unit == "month":
        first = iv.start
        bounds = ((1, 10), (11, 20), (21, iv.end.day))[part]
        return Interval(first.replace(day=bounds[0]), first.replace(day=bounds[1]), iv.precision)
    offsets = ((0, 2), (2, 4), (4, 6))[part]
    return Interval(iv.start + timedelta(days=offsets[0]), iv.start + timedelta(days=offsets[1]), iv.precision)


def month_year(m: int, pub: date, mode: str) -> int:
    """Year of month *m* relative to *pub*: past/future (inclusive), last/next (strict), this."""
    if mode == "past":
        return pub.year if m <= pub.month else pub.year - 1
    if mode == "future":
        return pub.year if m >= pub.month else pub.year + 1
    if mode == "last":
        return pub.year if m < pub.month else pub.year - 1
    if mode == "next":
        return pub.year if m > pub.month else pub.year + 1
    return pub.year


def day_month_date(m: int, d: int, pub: date, future: bool) -> date | None:
    """The most recent valid m/d not after pub + grace (or the first on/after pub)."""
    years = range(pub.year - 1, pub.year + 6) if future else range(pub.year + 1, pub.year - 9, -1)
    for y in years:
        try:
            cand = date(y, m, d)
        except ValueError:
            continue
        if future and cand >= pub:
            return cand
        if not future and cand <= pub + timedelta(days=FUTURE_GRACE_DAYS):
            return cand
    return None


def distance_reason(iv: Interval, pub: date | None) -> str | None:
    """Why an explicit day-precision date is suspect, else None."""
    if pub is None:
        return None
    before = (pub - iv.end).days
    after = (iv.start - pub).days
    if before > SUSPECT_DAYS:
        return f"{before:,} days before publication"
    if after > FUTURE_GRACE_DAYS:
        return f"{after:,} days after publication"
    return None
