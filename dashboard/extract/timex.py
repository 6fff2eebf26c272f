"""Temporal expressions: find the dates a news text names and resolve them to intervals.

Pure Python (``re`` + ``datetime``), no model: it works on plain text and can be called
from a spaCy component later.  Every value is a frozen, picklable dataclass.

Entry points
------------
* :func:`find_timexes` — every date expression in a text, in order, non-overlapping
  (where candidates overlap the longest wins), each resolved against the publication date.
* :func:`resolve` — one expression (``"last weekend"``, ``"In February"``) to an
  :class:`Interval`, or ``None``.

Conventions (the decisions a reader needs)
------------------------------------------
* **Intervals** are inclusive day ranges ``[start, end]``; weeks run Monday–Sunday (ISO).
* **Precision** is the calendar unit the expression is stated in; the interval is the
  exact span of days it denotes.  ``"day"`` means each day is named exactly — one day,
  or an explicit run of days such as a weekend (Saturday–Sunday) or ``Aug. 26-28``.
  ``"week"``/``"month"``/``"year"`` mean the event lies somewhere inside the interval,
  which may be a fraction of the unit (``"earlier this month"`` → 1st … day before
  publication, ``"mid-August"`` → 11–20 August, ``"early 2024"`` → January–April) or a
  multiple of it (``"the 1990s"`` → 1990–1999, precision ``"year"``).  Early / mid / late
  (and beginning/start, middle, end of) take the first / middle / last third of the unit.
* **Bare weekdays** (``"said Thursday"``, ``"on Monday"``) mean the most recent such day
  on or before publication (0–6 days back): a Friday report's ``"Friday"`` is the
  publication day itself, as in wire copy ("the minister said on Friday"); a week-old Friday
  is written ``"last Friday"``.  ``"last/past Tuesday"`` is the most recent Tuesday
  strictly before publication, ``"this Tuesday"`` the Tuesday of the publication week,
  ``"next/coming Tuesday"`` the first one strictly after.
* **Months without a year** mean the most recent such month not after the publication
  month (``"In February"`` in an August 2025 report → February 2025; ``"September"`` →
  September 2024; ``"In December"`` in a January report → the previous December);
  ``"last January"`` is strictly before the publication month, ``"next/coming"`` strictly
  after, ``"this January"`` in the publication year.  **Day and month without a year**
  (``"Aug. 28"``) mean the most recent such date not more than
  :data:`FUTURE_GRACE_DAYS` after publication.
* **Future cues**: when the same clause has a future marker before the expression
  (``will``, ``'ll``, ``scheduled``, ``set to``, ``plans to``, ``expected to`` …), bare
  weekdays, weekends, months, seasons and partial dates are read forward instead
  (the first occurrence on or after publication) and ``reason`` names the cue.
  ``"since"`` always reads backward.
* **Vague expressions** get an interval and ``kind="vague"``: ``"recently"``/``"lately"``
  → the 30 days before publication (precision ``"month"``); ``"in recent days/weeks/
  months/years"`` → the last 7 days / 6 weeks / 6 months / 5 years; ``"a few days ago"``
  → 2–5 days back, ``"several weeks ago"`` → 3–7 weeks back.
* **Durations** anchored on publication (``"the past two weeks"``, ``"the last 24
  hours"``, ``"the coming days"``) run from publication minus (or to publication plus)
  the amount, inclusive; unanchored durations (``"for three days"``) and narrative-
  relative phrases (``"two days later"``, ``"the previous week"``) are not reported.
* ``"N days/weeks/months/years ago"`` → the calendar day/week/month/year containing the
  publication date shifted by N units (``"three weeks ago"`` → the Monday–Sunday week
  that contains the day 21 days before publication).
* **Suspect dates**: an explicit day-precision date (year written) more than
  :data:`SUSPECT_DAYS` before publication or more than :data:`FUTURE_GRACE_DAYS` after it
  is kept as written with ``suspect=True`` and a reason such as ``"676 days before
  publication"``; so is a date whose written weekday does not match it.  Coarse
  absolute dates (``"in 2013"``, ``"July 2024"``) are background, never suspect.
* The span includes a leading preposition (``"On Tuesday"``, ``"in 2013"``,
  ``"over the weekend"``) but not a possessive ``'s``.  ``"since X"`` resolves to X.
* **False positives** avoided: month and weekday names must be capitalised; ``May`` and
  ``March`` need a date context (a preposition, a day, a year, a modifier or a following
  event noun such as ``"elections"``); other bare months next to a capitalised name
  (``"June Carter"``) and weekdays in titles/holidays (``"Sunday Times"``, ``"Good
  Friday"``) are skipped; a 4-digit number is a year only when 1900–2100 and in date
  context (``"in 2013"``, ``"since 2013"``, ``"2024 elections"``), never before a count
  noun (``"2000 troops"``).  Clock times (``"10 a.m."``) are not dates.
* Without a publication date every expression still gets found; relative ones get
  ``interval=None`` and ``reason="no publication date"``; absolute ones still resolve.

All patterns are linear-time (no nested quantifiers, bounded whitespace), so long or
adversarial texts are processed in time proportional to their length.
"""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Callable, Literal, NamedTuple

from dashboard.errors import InputError

__all__ = [
    "FUTURE_GRACE_DAYS",
    "Interval",
    "RECENT_DAYS",
    "SUSPECT_DAYS",
    "Timex",
    "find_timexes",
    "resolve",
]

Precision = Literal["day", "week", "month", "year"]
Kind = Literal["absolute", "relative", "weekday", "vague", "duration"]
Anchor = Literal["published", "absolute"]

#: An explicit date further than this before publication is flagged ``suspect``.
SUSPECT_DAYS = 400
#: An explicit date further than this after publication is flagged ``suspect``; a day
#: and month without year may lie at most this far after publication.
FUTURE_GRACE_DAYS = 7
#: ``"recently"`` covers this many days before publication.
RECENT_DAYS = 30

_PRECISIONS = ("day", "week", "month", "year")
NO_PUBLICATION_DATE = "no publication date"
NOT_A_DATE = "not a calendar date"


# --------------------------------------------------------------------------- values


@dataclass(frozen=True)
class Interval:
    """An inclusive range of days ``[start, end]`` and the unit it was stated in."""

    start: date
    end: date
    precision: Precision

    def __post_init__(self) -> None:
        for name in ("start", "end"):
            value = getattr(self, name)
            if isinstance(value, datetime) or not isinstance(value, date):
                raise InputError(f"Interval {name} must be a datetime.date, got {value!r}")
        if self.start > self.end:
            raise InputError(
                f"Interval start {self.start.isoformat()} is after end {self.end.isoformat()}: swap them"
            )
        if self.precision not in _PRECISIONS:
            raise InputError(f"Interval precision {self.precision!r} is not one of {', '.join(_PRECISIONS)}")

    def to_dict(self) -> dict[str, str]:
        """``{"start": "YYYY-MM-DD", "end": "YYYY-MM-DD", "precision": ...}``."""
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "precision": self.precision}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Interval:
        """Inverse of :meth:`to_dict`."""
        try:
            return cls(date.fromisoformat(data["start"]), date.fromisoformat(data["end"]), data["precision"])
        except (KeyError, TypeError, ValueError) as exc:
            if isinstance(exc, InputError):
                raise
            raise InputError(f"not an interval: {data!r} ({exc}); expected ISO start/end and a precision") from None

    def overlaps(self, other: Interval) -> bool:
        """True if the two intervals share at least one day."""
        return self.start <= other.end and other.start <= self.end

    def contains(self, day: date) -> bool:
        """True if *day* lies inside the interval."""
        return self.start <= day <= self.end

    @property
    def days(self) -> int:
        """Number of days covered (inclusive)."""
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class Timex:
    """One temporal expression found in a text.

    ``start``/``end`` are character offsets into the text searched (``text ==
    source[start:end]``).  ``interval`` is ``None`` when the expression cannot be
    resolved (no publication date, impossible date); ``reason`` then says why.  For
    resolved ones ``reason`` explains a ``suspect`` flag or a non-default reading
    (a future cue), else it is ``None``.  ``anchor`` is ``"published"`` when the
    publication date was needed to resolve the expression.
    """

    text: str
    start: int
    end: int
    interval: Interval | None
    kind: Kind
    anchor: Anchor
    suspect: bool = False
    reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (interval as ISO strings or ``None``)."""
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "interval": self.interval.to_dict() if self.interval else None,
            "kind": self.kind,
            "anchor": self.anchor,
            "suspect": self.suspect,
            "reason": self.reason,
        }


class _Res(NamedTuple):
    interval: Interval | None
    kind: Kind
    anchor: Anchor
    reason: str | None = None
    suspect: bool = False


# --------------------------------------------------------------------------- vocab

_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
_MONTH_NUM = {name: i + 1 for i, name in enumerate(_MONTH_NAMES)}
_MONTH_NUM.update(
    {"Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8,
     "Sep": 9, "Sept": 9, "Oct": 10, "Nov": 11, "Dec": 12}
)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAY_NUM = {name: i for i, name in enumerate(_WEEKDAYS)}

_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "twenty-four": 24,
    "forty-eight": 48, "a couple of": 2, "couple of": 2,
}
_VAGUE_COUNTS = {"few": (2, 5), "a few": (2, 5), "several": (3, 7)}

# Words after a number that make it a count, not a year ("2000 troops").
_COUNT_NOUNS = frozenset(
    """troops soldiers people persons civilians members militia militiamen militants men women
    children migrants refugees residents workers employees police policemen officers agents
    fighters rebels guerrillas marines sailors personnel families homes houses households
    buildings vehicles trucks ships boats aircraft planes drones tanks missiles rockets weapons
    guns rifles tons tonnes barrels kilometers kilometres km miles meters metres feet acres
    hectares dollars euros bolivars pesos pounds votes voters cases deaths dead casualties
    victims arrests detainees prisoners rounds units points hours minutes seconds gmt utc
    local jobs students doctors nurses patients protesters demonstrators supporters
    kilograms kilos kg pounds lbs packages bags pieces times""".split()
)

# Nouns after a year or a bare May/March that make it a date ("2024 elections").
_EVENT_NOUNS = frozenset(
    """election elections vote votes poll polls ballot referendum campaign census budget season
    olympics games cup summit crisis coup uprising protests protest revolution war invasion
    earthquake hurricane storm floods pandemic outbreak attack attacks bombing massacre
    agreement accord deal treaty law constitution report survey figures data estimate
    estimates plan strategy presidential parliamentary legislative general midterm midterms
    municipal regional race contest term inauguration visit talks negotiations sanctions
    decree ruling edition levels record deadline target targets ceasefire truce offensive
    meeting session strike strikes raid raids operation operations deployment
    announcement decision order orders""".split()
)

_HOLIDAY_PREFIXES = frozenset(
    "good black bloody cyber super easter palm ash holy maundy whit giving low man girl shrove fat blue".split()
)

_FUTURE_CUE = re.compile(
    r"\b(?:will|shall|won[’']t|scheduled|slated|upcoming|plans?\s+to|planning\s+to|intends?\s+to|"
    r"(?:is|are)\s+set\s+(?:to|for)|set\s+for|(?:is|are)\s+due|due\s+to\s+be|to\s+be\s+held|"
    r"(?:is|are)\s+expected\s+to|(?:is|are)\s+to|going\s+to)\b|[’']ll\b",
    re.IGNORECASE,
)
_CLAUSE_BREAKS = ".!?;:,\n“”\"()"

# A leading preposition is included in the span ("On Tuesday", "in 2013").
# Prepositions that make a bare year / month a date ("over 2000" is a quantity).
_YEAR_PREPS = frozenset("in since during throughout until till by before after from through".split())
_MONTH_PREPS = _YEAR_PREPS | {"on", "over", "at"}

_NEXT_WORD = re.compile(r"[ \t]{1,3}([A-Za-z][A-Za-z’'\-]*)")
_PREV_WORD = re.compile(r"([A-Za-z][A-Za-z’'\-]*)[ \t]{1,3}$")

# --------------------------------------------------------------------------- regex parts

_S = r"\s{1,3}"
_MONTH_ANY = (
    r"(?:" + "|".join(_MONTH_NAMES) + r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)(?![A-Za-z])\.?"
)
_YEAR_CORE = r"(?:19\d\d|20\d\d|2100)"
_YEAR = r"(?<![\d,.$€£#/\-])" + _YEAR_CORE + r"(?![\dA-Za-z]|[.,]\d)"
_DAYNUM = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\dA-Za-z])"


def _ci(alternatives: str) -> str:
    return r"(?i:" + alternatives + r")"


# --------------------------------------------------------------------------- calendar helpers


def _month_interval(y: int, m: int, precision: Precision = "month") -> Interval:
    return Interval(date(y, m, 1), date(y, m, monthrange(y, m)[1]), precision)


def _year_interval(y: int) -> Interval:
    return Interval(date(y, 1, 1), date(y, 12, 31), "year")


def _week_start(d: date) -> date:
    return d - timedelta(days=d.weekday())


def _week_interval(d: date) -> Interval:
    monday = _week_start(d)
    return Interval(monday, monday + timedelta(days=6), "week")


def _shift_month(y: int, m: int, n: int) -> tuple[int, int]:
    idx = y * 12 + (m - 1) + n
    return idx // 12, idx % 12 + 1


def _add_months(d: date, n: int) -> date:
    y, m = _shift_month(d.year, d.month, n)
    return date(y, m, min(d.day, monthrange(y, m)[1]))


def _unit_interval(unit: str, d: date) -> Interval:
    if unit == "week":
        return _week_interval(d)
    if unit == "month":
        return _month_interval(d.year, d.month)
    return _year_interval(d.year)


def _shift_unit(unit: str, d: date, n: int) -> date:
    if unit == "week":
        return d + timedelta(days=7 * n)
    if unit == "month":
        y, m = _shift_month(d.year, d.month, n)
        return date(y, m, 1)
    return date(d.year + n, 1, 1)


def _minus(d: date, unit: str, n: int) -> date:
    """*d* moved *n* units (day/week/month/year/decade) back; negative n forward."""
    if unit == "day":
        return d - timedelta(days=n)
    if unit == "week":
        return d - timedelta(days=7 * n)
    if unit == "month":
        return _add_months(d, -n)
    years = n * (10 if unit == "decade" else 1)
    y = d.year - years
    return date(y, d.month, min(d.day, monthrange(y, d.month)[1]))


def _third(iv: Interval, mod: str, unit: str) -> Interval:
    """The early/mid/late third of a week, month or year interval (same precision)."""
    part = {"early": 0, "beginning": 0, "start": 0, "mid": 1, "middle": 1, "late": 2, "end": 2}[mod]
    if unit == "year":
        y = iv.start.year
        m0 = 1 + 4 * part
        return Interval(date(y, m0, 1), date(y, m0 + 3, monthrange(y, m0 + 3)[1]), iv.precision)
    if unit == "month":
        first = iv.start
        bounds = ((1, 10), (11, 20), (21, iv.end.day))[part]
        return Interval(first.replace(day=bounds[0]), first.replace(day=bounds[1]), iv.precision)
    offsets = ((0, 2), (2, 4), (4, 6))[part]
    return Interval(iv.start + timedelta(days=offsets[0]), iv.start + timedelta(days=offsets[1]), iv.precision)


def _month_year(m: int, pub: date, mode: str) -> int:
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


def _day_month_date(m: int, d: int, pub: date, future: bool) -> date | None:
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


def _distance_reason(iv: Interval, pub: date | None) -> str | None:
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


# --------------------------------------------------------------------------- context helpers


class _Ctx(NamedTuple):
    text: str
    m: re.Match[str]
    pub: date | None
    prep: str | None  # lower-cased preposition right before the match, if any
    loose: bool  # the match is the whole expression given to resolve()


def _next_word(text: str, pos: int) -> str | None:
    nm = _NEXT_WORD.match(text, pos, min(len(text), pos + 60))
    return nm.group(1) if nm else None


def _prev_word(text: str, pos: int) -> tuple[str | None, bool]:
    """The word before *pos* and whether it starts a sentence."""
    window_start = max(0, pos - 40)
    pm = _PREV_WORD.search(text, window_start, pos)
    if not pm:
        return None, True
    i = pm.start(1) - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    sentence_start = i < 0 or text[i] in ".!?\n\"“”:;"
    return pm.group(1), sentence_start


def _future_cue(text: str, pos: int) -> str | None:
    """A future marker earlier in the same clause (within 60 characters), if any."""
    lo = max(0, pos - 60)
    cut = max(text.rfind(ch, lo, pos) for ch in _CLAUSE_BREAKS)
    fm = _FUTURE_CUE.search(text, max(lo, cut + 1), pos)
    return " ".join(fm.group(0).split()) if fm else None


def _direction(c: _Ctx) -> tuple[bool, str | None]:
    """(read forward?, reason) for an expression without explicit last/next."""
    if c.prep == "since":
        return False, None
    cue = _future_cue(c.text, c.m.start())
    if cue:
        return True, f"read as future ({cue!r} before it)"
    return False, None


def _is_count(text: str, pos: int) -> bool:
    w = _next_word(text, pos)
    return bool(w) and w.lower() in _COUNT_NOUNS


def _is_event_noun_next(text: str, pos: int) -> bool:
    if text.startswith(("'s", "’s"), pos):
        return True
    w = _next_word(text, pos)
    return bool(w) and w.lower() in _EVENT_NOUNS


def _is_name_like(word: str | None) -> bool:
    """Capitalised and not a month/weekday/pronoun (i.e. probably part of a name/title)."""
    if not word or not word[0].isupper():
        return False
    base = word.rstrip(".")
    return base not in _MONTH_NUM and base not in _WEEKDAY_NUM and base != "I"


def _unresolved(kind: Kind, anchor: Anchor = "published", reason: str = NO_PUBLICATION_DATE) -> _Res:
    return _Res(None, kind, anchor, reason)


def _g(c: _Ctx, name: str) -> str | None:
    return c.m.group(name)


def _low(c: _Ctx, name: str) -> str | None:
    v = c.m.group(name)
    return " ".join(v.lower().split()) if v else None


# --------------------------------------------------------------------------- handlers


def _h_iso(c: _Ctx) -> _Res | None:
    try:
        d = date(int(_g(c, "y")), int(_g(c, "mo")), int(_g(c, "d")))
    except ValueError:
        return _unresolved("absolute", "absolute", NOT_A_DATE)
    iv = Interval(d, d, "day")
    reason = _distance_reason(iv, c.pub)
    return _Res(iv, "absolute", "absolute", reason, reason is not None)


def _h_day_month(c: _Ctx) -> _Res | None:
    text, m = c.text, c.m
    mon = _MONTH_NUM[_g(c, "mon").rstrip(".")]
    d1 = int(re.match(r"\d+", _g(c, "d1")).group())
    d2s = _g(c, "d2")
    d2 = int(re.match(r"\d+", d2s).group()) if d2s else None
    ys = _g(c, "y")
    if d2 is not None and d2 <= d1:
        return None
    if ys is None and _is_count(text, m.end()):
        return None  # "in May 31 people died"
    wd = _g(c, "wd")
    if ys is not None:
        y = int(ys)
        anchor: Anchor = "absolute"
        reason = None
    else:
        if c.pub is None:
            return _unresolved("absolute")
        future, reason = _direction(c)
        start_day = _day_month_date(mon, d1, c.pub, future)
        if start_day is None:
            return _unresolved("absolute", "published", NOT_A_DATE)
        y = start_day.year
        anchor = "published"
    try:
        start = date(y, mon, d1)
        end = date(y, mon, d2) if d2 is not None else start
    except ValueError:
        return _unresolved("absolute", anchor, NOT_A_DATE)
    iv = Interval(start, end, "day")
    suspect = False
    if anchor == "absolute":
        far = _distance_reason(iv, c.pub)
        if far:
            reason, suspect = far, True
    if wd and d2 is None and _WEEKDAY_NUM[wd] != start.weekday():
        note = f"written {wd} but {start.isoformat()} is a {_WEEKDAYS[start.weekday()]}"
        reason = f"{reason}; {note}" if reason else note
        suspect = True
    return _Res(iv, "absolute", anchor, reason, suspect)


def _h_month_year(c: _Ctx) -> _Res | None:
    if _is_count(c.text, c.m.end()):
        return None  # "in March, 2000 troops"
    mon = _MONTH_NUM[_g(c, "mon").rstrip(".")]
    return _Res(_month_interval(int(_g(c, "y")), mon), "absolute", "absolute")


def _h_month(c: _Ctx) -> _Res | None:
    name = _g(c, "mon")
    rel = _low(c, "rel")
    if not (rel or c.loose or (c.prep and c.prep in _MONTH_PREPS)):
        if name in ("May", "March"):
            if not _is_event_noun_next(c.text, c.m.end()):
                return None  # "May" the verb / the name, "March" the noun
        else:
            if _is_name_like(_next_word(c.text, c.m.end())):
                return None  # "June Carter", "August Wilson"
            prev, sentence_start = _prev_word(c.text, c.m.start())
            if prev and not sentence_start and _is_name_like(prev) and not prev.endswith(("'s", "’s", "s'")):
                return None
    if c.pub is None:
        return _unresolved("absolute")
    mon = _MONTH_NUM[name]
    reason = None
    if rel in ("last", "past", "this past"):
        mode = "last"
    elif rel in ("next", "coming", "this coming"):
        mode = "next"
    elif rel == "this":
        mode = "this"
    else:
        future, reason = _direction(c)
        mode = "future" if future else "past"
    return _Res(_month_interval(_month_year(mon, c.pub, mode), mon), "absolute", "published", reason)


def _h_month_range(c: _Ctx) -> _Res | None:
    m1, m2 = _MONTH_NUM[_g(c, "m1")], _MONTH_NUM[_g(c, "m2")]
    ys = _g(c, "y")
    reason = None
    if ys:
        y2 = int(ys)
        anchor: Anchor = "absolute"
    else:
        if c.pub is None:
            return _unresolved("absolute")
        future, reason = _direction(c)
        y2 = _month_year(m2, c.pub, "future" if future else "past")
        anchor = "published"
    y1 = y2 if m1 <= m2 else y2 - 1
    iv = Interval(date(y1, m1, 1), date(y2, m2, monthrange(y2, m2)[1]), "month")
    return _Res(iv, "absolute", anchor, reason)


def _resolve_target(c: _Ctx) -> tuple[Interval, str, Kind, Anchor, str | None] | _Res:
    """Month (+year), year, or this/last/next unit named in a modifier pattern."""
    if _g(c, "tm"):
        mon = _MONTH_NUM[_g(c, "tm")]
        if _g(c, "ty"):
            return _month_interval(int(_g(c, "ty")), mon), "month", "absolute", "absolute", None
        if c.pub is None:
            return _unresolved("absolute")
        future, reason = _direction(c)
        y = _month_year(mon, c.pub, "future" if future else "past")
        return _month_interval(y, mon), "month", "absolute", "published", reason
    if _g(c, "yy"):
        return _year_interval(int(_g(c, "yy"))), "year", "absolute", "absolute", None
    unit = _low(c, "unit")
    if c.pub is None:
        return _unresolved("relative")
    rel = _low(c, "rel")
    shift = {"last": -1, "next": 1}.get(rel, 0)
    base = _shift_unit(unit, c.pub, shift)
    return _unit_interval(unit, base), unit, "relative", "published", None


def _h_modified(c: _Ctx) -> _Res | None:
    target = _resolve_target(c)
    if isinstance(target, _Res):
        return target
    iv, unit, kind, anchor, reason = target
    mod = _low(c, "mod") or _low(c, "mod2")
    return _Res(_third(iv, mod, unit), kind, anchor, reason)


def _h_ordinal_week(c: _Ctx) -> _Res | None:
    target = _resolve_target(c)
    if isinstance(target, _Res):
        return target
    iv, _unit, kind, anchor, reason = target
    ordinal = _low(c, "ord")
    if ordinal in ("last", "final"):
        start = iv.end - timedelta(days=6)
    else:
        start = iv.start + timedelta(days=7 * ("first", "second", "third", "fourth").index(ordinal))
    return _Res(Interval(start, start + timedelta(days=6), "week"), kind, anchor, reason)


def _h_year(c: _Ctx) -> _Res | None:
    text, end = c.text, c.m.end()
    if _is_count(text, end):
        return None
    if re.match(r"\s{0,3}(?:[-–]|to\b|and\b|or\b)\s{0,3}\d", text[end:end + 12], re.IGNORECASE):
        rest = re.match(r"\s{0,3}(?:[-–]|to|and|or)\s{0,3}(\d[\d,]*)", text[end:end + 20], re.IGNORECASE)
        if rest and not re.fullmatch(_YEAR_CORE, rest.group(1)):
            return None  # "from 2000 to 3000 troops"
    lead = _low(c, "lead")
    ok = (
        c.loose
        or (c.prep in _YEAR_PREPS)
        or lead in ("year", "fiscal", "fiscal year")
        or _is_event_noun_next(text, end)
    )
    if not ok:
        return None
    return _Res(_year_interval(int(_g(c, "y"))), "absolute", "absolute")


def _h_year_range(c: _Ctx) -> _Res | None:
    y1 = int(_g(c, "y1"))
    y2s = _g(c, "y2")
    sep = _g(c, "sep").strip().lower()
    if len(y2s) == 2:
        if sep not in ("-", "–", "/"):
            return None
        y2 = (y1 // 100) * 100 + int(y2s)
    else:
        y2 = int(y2s)
    if not (y1 < y2 <= 2100):
        return None
    end = c.m.end()
    if _is_count(c.text, end):
        return None
    four_digit_dash = len(y2s) == 4 and sep in ("-", "–")  # "the 2013-2015 drought"
    if not (four_digit_dash or c.loose or _g(c, "bw") or c.prep in _YEAR_PREPS or _is_event_noun_next(c.text, end)):
        return None
    return _Res(Interval(date(y1, 1, 1), date(y2, 12, 31), "year"), "absolute", "absolute")


def _h_decade(c: _Ctx) -> _Res | None:
    dec = int(_g(c, "dec"))
    mod = _low(c, "mod")
    lo, hi = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}.get(mod, (0, 9))
    return _Res(Interval(date(dec + lo, 1, 1), date(dec + hi, 12, 31), "year"), "absolute", "absolute")


def _h_weekday(c: _Ctx) -> _Res | None:
    text, m = c.text, c.m
    name = _g(c, "wd")
    mod = _low(c, "mod")
    prev, _ = _prev_word(text, m.start())
    if prev and prev.lower() in _HOLIDAY_PREFIXES and not mod:
        return None  # "Good Friday", "Black Friday", "Bloody Sunday"
    if not (mod or c.prep or _g(c, "tod") or c.loose):
        if _is_name_like(_next_word(text, m.end())):
            return None  # "Sunday Times"
    if c.pub is None:
        return _unresolved("weekday")
    wd = _WEEKDAY_NUM[name]
    pw = c.pub.weekday()
    reason = None
    if mod in ("last", "past", "this past"):
        day = c.pub - timedelta(days=(pw - wd) % 7 or 7)
    elif mod in ("next", "coming", "this coming"):
        day = c.pub + timedelta(days=(wd - pw) % 7 or 7)
    elif mod == "this":
        day = _week_start(c.pub) + timedelta(days=wd)
    else:
        future, reason = _direction(c)
        day = c.pub + timedelta(days=(wd - pw) % 7) if future else c.pub - timedelta(days=(pw - wd) % 7)
    return _Res(Interval(day, day, "day"), "weekday", "published", reason)


def _h_weekend(c: _Ctx) -> _Res | None:
    if c.pub is None:
        return _unresolved("relative")
    mod = _low(c, "mod")
    pub = c.pub
    reason = None
    if mod == "the":
        future, reason = _direction(c)
        mod = "coming" if future else "last"
    if mod in ("last", "past", "this past"):
        sat = pub - timedelta(days=(pub.weekday() - 5) % 7 or 7)
    elif mod == "this":
        sat = _week_start(pub) + timedelta(days=5)
    elif mod == "next":
        sat = _week_start(pub) + timedelta(days=12)
    else:  # coming, this coming
        sat = pub + timedelta(days=(5 - pub.weekday()) % 7)
    return _Res(Interval(sat, sat + timedelta(days=1), "day"), "relative", "published", reason)


_DAY_WORDS = {
    "today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
    "yesterday": -1, "last night": -1, "last evening": -1, "tomorrow": 1,
    "the day before yesterday": -2, "the day after tomorrow": 2,
}


def _h_day_word(c: _Ctx) -> _Res | None:
    if c.pub is None:
        return _unresolved("relative")
    d = c.pub + timedelta(days=_DAY_WORDS[_low(c, "w")])
    return _Res(Interval(d, d, "day"), "relative", "published")


def _h_rel_unit(c: _Ctx) -> _Res | None:
    rel = _low(c, "rel")
    mod = _low(c, "mod")
    if rel == "the" and mod not in ("earlier", "later"):
        return None  # "the week" alone is narrative, not a date
    if c.pub is None:
        return _unresolved("relative")
    unit = _low(c, "unit")
    pub = c.pub
    shift = {"last": -1, "next": 1}.get(rel, 0)
    iv = _unit_interval(unit, _shift_unit(unit, pub, shift))
    if shift == 0 and mod == "earlier":
        iv = Interval(iv.start, max(iv.start, pub - timedelta(days=1)), iv.precision)
    elif shift == 0 and mod == "later":
        iv = Interval(min(iv.end, pub + timedelta(days=1)), iv.end, iv.precision)
    elif mod:
        iv = _third(iv, {"earlier": "early", "later": "late"}.get(mod, mod), unit)
    return _Res(iv, "relative", "published")


def _unit_of(word: str) -> str:
    w = word.lower().rstrip("s")
    return "day" if w == "hour" else w


def _count(word: str) -> int | None:
    w = " ".join(word.lower().split())
    if w.isdigit():
        return int(w)
    return _NUMBER_WORDS.get(w)


def _h_ago(c: _Ctx) -> _Res | None:
    if c.pub is None:
        return _unresolved("relative")
    pub = c.pub
    raw_unit = _low(c, "unit").rstrip("s")
    nword = _low(c, "n")
    if nword in _VAGUE_COUNTS:
        lo, hi = _VAGUE_COUNTS[nword]
        unit = raw_unit
        start, end = _minus(pub, unit, hi), _minus(pub, unit, lo)
        if unit == "week":
            start, end = _week_start(start), _week_start(end) + timedelta(days=6)
        elif unit == "month":
            start, end = start.replace(day=1), _month_interval(end.year, end.month).end
        elif unit == "year":
            start, end = date(start.year, 1, 1), date(end.year, 12, 31)
        precision: Precision = {"day": "week", "week": "month", "month": "month", "year": "year"}[unit]
        return _Res(Interval(start, min(end, pub), precision), "vague", "published")
    n = _count(nword)
    if n is None:
        return None
    if raw_unit in ("hour", "minute"):
        d = pub - timedelta(days=n // (24 if raw_unit == "hour" else 1440))
        return _Res(Interval(d, d, "day"), "relative", "published")
    if raw_unit == "day":
        d = pub - timedelta(days=n)
        return _Res(Interval(d, d, "day"), "relative", "published")
    if raw_unit == "week":
        return _Res(_week_interval(pub - timedelta(days=7 * n)), "relative", "published")
    if raw_unit == "month":
        y, mo = _shift_month(pub.year, pub.month, -n)
        return _Res(_month_interval(y, mo), "relative", "published")
    return _Res(_year_interval(pub.year - n), "relative", "published")


def _h_duration(c: _Ctx) -> _Res | None:
    rel = _low(c, "rel")
    nword = _low(c, "n")
    unit_word = _low(c, "unit")
    plural = unit_word.endswith("s")
    if not rel.startswith("the ") and nword is None and not plural:
        return None  # "last week" / "next month" are calendar units, see _h_rel_unit
    if c.pub is None:
        return _unresolved("duration")
    unit = _unit_of(unit_word)
    kind: Kind = "duration"
    if nword is None:
        if plural:
            n, kind = _VAGUE_COUNTS["few"][1], "vague"  # "the past weeks"
        else:
            n = 1
    elif nword in _VAGUE_COUNTS or nword in ("few",):
        n, kind = _VAGUE_COUNTS.get(nword, _VAGUE_COUNTS["few"])[1], "vague"
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
        back = _minus(c.pub, unit, n)
        fwd = _minus(c.pub, unit, -n)
    precision: Precision = {"day": "day", "week": "week", "month": "month", "year": "year", "decade": "year"}[unit]
    future = rel.endswith(("coming", "next"))
    iv = Interval(c.pub, fwd, precision) if future else Interval(back, c.pub, precision)
    return _Res(iv, kind, "published")


def _h_recent(c: _Ctx) -> _Res | None:
    if c.pub is None:
        return _unresolved("vague")
    pub = c.pub
    unit = _low(c, "unit")
    yesterday = pub - timedelta(days=1)
    if not unit:  # recently / lately
        return _Res(Interval(pub - timedelta(days=RECENT_DAYS), yesterday, "month"), "vague", "published")
    start, precision = {
        "days": (pub - timedelta(days=7), "week"),
        "weeks": (pub - timedelta(days=42), "month"),
        "months": (_add_months(pub, -6), "year"),
        "years": (_minus(pub, "year", 5), "year"),
    }[unit]
    return _Res(Interval(start, pub, precision), "vague", "published")


_SEASON_MONTHS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}


def _season_interval(season: str, season_year: int) -> Interval:
    m0 = _SEASON_MONTHS[season]
    y2, m2 = _shift_month(season_year, m0, 2)
    return Interval(date(season_year, m0, 1), date(y2, m2, monthrange(y2, m2)[1]), "month")


def _h_season(c: _Ctx) -> _Res | None:
    season = _low(c, "s")
    ys = _g(c, "y")
    mod = _low(c, "mod")
    after = c.text[c.m.end():c.m.end() + 8]
    if ys:
        return _Res(_season_interval(season, int(ys)), "absolute", "absolute")
    if mod is None or (mod == "the" and (season == "fall" or re.match(r"\s{1,3}of\b", after))):
        return None  # "prices fall", "the fall of the government"
    if c.pub is None:
        return _unresolved("relative")
    pub = c.pub
    # Occurrences around the publication date: season years pub.year-2 .. pub.year+1.
    occ = [_season_interval(season, y) for y in range(pub.year - 2, pub.year + 2)]
    current = next((iv for iv in occ if iv.contains(pub)), None)
    reason = None
    if mod == "the":
        future, reason = _direction(c)
        mod = "coming" if future else "the"
    if mod in ("last", "past", "this past"):
        cands = [iv for iv in occ if iv.end < pub and iv is not current]
        iv = cands[-1]
    elif mod == "this":
        if season == "winter":
            iv = _season_interval(season, pub.year - 1 if pub.month <= 2 else pub.year)
        else:
            iv = _season_interval(season, pub.year)
    elif mod in ("next", "coming", "this coming"):
        iv = next(iv for iv in occ if iv.start > pub)
    else:  # "the summer": the most recent one that has begun
        iv = [iv for iv in occ if iv.start <= pub][-1]
    return _Res(iv, "relative", "published", reason)


def _h_quarter(c: _Ctx) -> _Res | None:
    q = _g(c, "q")
    part = _low(c, "part") or "quarter"
    if q is None:
        q = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}[_low(c, "ord")]
    q = int(q)
    if part == "half" and q > 2:
        return None
    if _g(c, "y"):
        y = int(_g(c, "y"))
        kind: Kind = "absolute"
        anchor: Anchor = "absolute"
    else:
        if c.pub is None:
            return _unresolved("relative")
        y = c.pub.year + {"last": -1, "next": 1}.get(_low(c, "rel"), 0)
        kind, anchor = "relative", "published"
    size = 3 if part == "quarter" else 6
    m1 = 1 + size * (q - 1)
    m2 = m1 + size - 1
    return _Res(Interval(date(y, m1, 1), date(y, m2, monthrange(y, m2)[1]), "month"), kind, anchor)


def _h_quarter_any(c: _Ctx) -> _Res | None:
    if c.m.group("q"):
        y = int(c.m.group("y2"))
        q = int(c.m.group("q"))
        return _Res(Interval(date(y, 3 * q - 2, 1), date(y, 3 * q, monthrange(y, 3 * q)[1]), "month"),
                    "absolute", "absolute")
    return _h_quarter(c)


# --------------------------------------------------------------------------- rules

_TARGET = (
    r"(?P<tm>" + "|".join(_MONTH_NAMES) + r")(?![A-Za-z])(?:,?" + _S + r"(?P<ty>" + _YEAR + r"))?"
    r"|(?<![\d,.$€£#/])(?P<yy>" + _YEAR_CORE + r")(?![\dA-Za-z]|[.,]\d|[-–/]\d)"
    r"|(?P<rel>" + _ci("this|last|next|the") + r")" + _S + r"(?P<unit>" + _ci("week|month|year") + r")(?![A-Za-z])"
)

_WD_GROUP = r"(?P<wd>" + "|".join(_WEEKDAYS) + r")(?![A-Za-z])"

_RULES: list[tuple[re.Pattern[str], Callable[[_Ctx], _Res | None]]] = [
    (
        re.compile(r"(?<![\d\-/.])(?P<y>" + _YEAR_CORE + r")-(?P<mo>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])(?!\d)"),
        _h_iso,
    ),
    (  # [Thursday, ] August 28[-30][, 2025] / Aug. 28
        re.compile(
            r"\b(?:" + _WD_GROUP + r",?" + _S + r")?(?P<mon>" + _MONTH_ANY + r")\s{0,3}"
            r"(?P<d1>" + _DAYNUM + r")(?:\s{0,2}[-–]\s{0,2}(?P<d2>" + _DAYNUM + r"))?"
            r"(?:,?" + _S + r"(?P<y>" + _YEAR + r"))?(?![.,]?\d)"
        ),
        _h_day_month,
    ),
    (  # [Thursday, ] 28[-30] [of] August[,] [2025]
        re.compile(
            r"\b(?:" + _WD_GROUP + r",?" + _S + r")?(?:" + _ci("the") + _S + r")?(?<![\d,.$€£])"
            r"(?P<d1>" + _DAYNUM + r")(?:\s{0,2}[-–]\s{0,2}(?P<d2>" + _DAYNUM + r"))?" + _S
            + r"(?:" + _ci("of") + _S + r")?(?P<mon>" + _MONTH_ANY + r")"
            r"(?:,?" + _S + r"(?P<y>" + _YEAR + r"))?(?![.,]?\d)"
        ),
        _h_day_month,
    ),
    (  # July 2024 / Jul. 2024
        re.compile(r"\b(?P<mon>" + _MONTH_ANY + r"),?" + _S + r"(?P<y>" + _YEAR + r")(?![-–/]\d)"),
        _h_month_year,
    ),
    (  # [between] May and June [2024]
        re.compile(
            r"\b(?:(?P<bw>" + _ci("between|from") + r")" + _S + r")?(?P<m1>" + "|".join(_MONTH_NAMES) + r")(?![A-Za-z])"
            r"(?:" + _S + _ci("and|or|to|through|until|till") + _S + r"|\s{0,2}[-–—]\s{0,2})"
            r"(?P<m2>" + "|".join(_MONTH_NAMES) + r")(?![A-Za-z])(?:,?" + _S + r"(?P<y>" + _YEAR + r"))?"
        ),
        _h_month_range,
    ),
    (  # [last|this|next] January
        re.compile(
            r"\b(?:(?P<rel>" + _ci("this past|this coming|last|next|this|coming|past") + r")" + _S + r")?"
            r"(?P<mon>" + "|".join(_MONTH_NAMES) + r")(?![A-Za-z])"
        ),
        _h_month,
    ),
    (  # early/mid/late X, the end/beginning/middle of X
        re.compile(
            r"\b(?:" + _ci("the") + _S + r")?(?:(?P<mod>" + _ci("early|mid|late") + r")(?:-|" + _S + r")"
            r"|(?P<mod2>" + _ci("end|beginning|start|middle") + r")" + _S + _ci("of") + _S + r")"
            r"(?:" + _TARGET + r")"
        ),
        _h_modified,
    ),
    (  # the first week of August
        re.compile(
            r"\b" + _ci("the") + _S + r"(?P<ord>" + _ci("first|second|third|fourth|last|final") + r")" + _S
            + _ci("week") + _S + _ci("of") + _S + r"(?:" + _TARGET + r")"
        ),
        _h_ordinal_week,
    ),
    (  # in 2013, the 2024 elections, fiscal 2024
        re.compile(
            r"\b(?:(?P<lead>" + _ci("fiscal year|fiscal|year") + r")" + _S + r")?(?P<y>" + _YEAR + r")(?![-–/]\d|\s?%)"
        ),
        _h_year,
    ),
    (  # 2013-2015, 2024/25, between 2013 and 2015
        re.compile(
            r"\b(?:(?P<bw>" + _ci("between|from") + r")" + _S + r")?(?P<y1>" + _YEAR + r")"
            r"(?P<sep>\s{0,2}[-–/]\s{0,2}|" + _S + _ci("to|and|until|through") + _S + r")"
            r"(?P<y2>" + _YEAR_CORE + r"|\d\d)(?![\dA-Za-z]|[.,]\d)"
        ),
        _h_year_range,
    ),
    (  # the (early) 1990s
        re.compile(
            r"\b(?:" + _ci("the") + _S + r")?(?:(?P<mod>" + _ci("early|mid|late") + r")[-\s]{1,2})?"
            r"(?<![\d,.$])(?P<dec>(?:19|20)\d0)(?:'s|’s|s)(?![A-Za-z])"
        ),
        _h_decade,
    ),
    (  # [last|this|next|early|late] Monday [night]
        re.compile(
            r"\b(?:(?P<mod>" + _ci("this past|this coming|last|next|this|past|coming|earlier on|later on|early on|"
                                   "late on|earlier|later|early|late") + r")" + _S + r")?"
            + _WD_GROUP + r"(?:" + _S + r"(?P<tod>" + _ci("morning|afternoon|evening|night|overnight") + r")(?![A-Za-z]))?"
        ),
        _h_weekday,
    ),
    (  # last weekend, over the weekend
        re.compile(
            r"\b(?P<mod>" + _ci("this past|this coming|last|this|next|past|coming|the") + r")" + _S
            + _ci("weekend") + r"(?![A-Za-z])"
        ),
        _h_weekend,
    ),
    (  # (earlier) today, yesterday (morning), last night
        re.compile(
            r"\b(?:" + _ci("earlier|later|early|late") + _S + r")?(?P<w>"
            + _ci("the day before yesterday|the day after tomorrow|today|tonight|yesterday|tomorrow|"
                  "this morning|this afternoon|this evening|last night|last evening")
            + r")(?![A-Za-z])(?:" + _S + _ci("morning|afternoon|evening|night") + r"(?![A-Za-z]))?"
        ),
        _h_day_word,
    ),
    (  # (earlier) this month, last week, later in the year
        re.compile(
            r"\b(?:(?P<mod>" + _ci("earlier|later|early|late") + r")" + _S + r"(?:" + _ci("in") + _S + r")?)?"
            r"(?P<rel>" + _ci("last|this|next|the") + r")" + _S + r"(?P<unit>" + _ci("week|month|year") + r")(?![A-Za-z])"
        ),
        _h_rel_unit,
    ),
    (  # two days ago, a few weeks ago
        re.compile(
            r"\b(?P<n>\d{1,3}|" + _ci("a couple of|a few|few|several|twenty-four|forty-eight|" + "|".join(
                sorted((w for w in _NUMBER_WORDS if " " not in w and "-" not in w), key=len, reverse=True)))
            + r")" + _S + r"(?P<unit>" + _ci("minutes?|hours?|days?|weeks?|months?|years?") + r")" + _S
            + _ci("ago") + r"(?![A-Za-z])"
        ),
        _h_ago,
    ),
    (  # the past two weeks, the last 24 hours, the coming days
        re.compile(
            r"\b(?P<rel>" + _ci("the past|the last|the coming|the next|past|last|coming|next") + r")" + _S
            + r"(?:(?P<n>\d{1,3}|" + _ci("a couple of|couple of|few|several|twenty-four|forty-eight|" + "|".join(
                sorted((w for w in _NUMBER_WORDS if " " not in w and "-" not in w and w not in ("a", "an")),
                       key=len, reverse=True))) + r")" + _S + r")?"
            + r"(?P<unit>" + _ci("hours?|days?|weeks?|months?|years?|decades?") + r")(?![A-Za-z])"
        ),
        _h_duration,
    ),
    (  # recently, in recent weeks
        re.compile(
            r"\b(?:" + _ci("recently|lately") + r"|" + _ci("recent") + _S + r"(?P<unit>" + _ci("days|weeks|months|years")
            + r"))(?![A-Za-z])"
        ),
        _h_recent,
    ),
    (  # summer 2024, last summer, in the winter
        re.compile(
            r"\b(?:(?P<mod>" + _ci("this past|this coming|last|this|next|past|coming|the") + r")" + _S + r")?"
            r"(?:" + _ci("early|mid|late") + r"[-\s]{1,2})?"
            r"(?P<s>" + _ci("spring|summer|autumn|fall|winter") + r")(?![A-Za-z])"
            r"(?:(?:" + _S + _ci("of") + r")?,?" + _S + r"(?P<y>" + _YEAR + r"))?"
        ),
        _h_season,
    ),
    (  # the first quarter of 2025, the second half of this year, Q3 2024
        re.compile(
            r"\b(?:(?:" + _ci("the") + _S + r")?(?P<ord>" + _ci("first|second|third|fourth|1st|2nd|3rd|4th") + r")"
            + _S + r"(?P<part>" + _ci("quarter|half") + r")(?:" + _S + _ci("of") + r")?,?" + _S
            + r"(?:(?P<y>" + _YEAR + r")|(?P<rel>" + _ci("this|last|next") + r")" + _S + _ci("year") + r"(?![A-Za-z]))"
            r"|Q(?P<q>[1-4])\s{0,2}(?P<y2>" + _YEAR + r"))"
        ),
        _h_quarter_any,
    ),
]




# --------------------------------------------------------------------------- public API


_PUB_RANGE = (date(1000, 1, 1), date(9000, 12, 31))


def _as_date(published: date | str | None) -> date | None:
    if published is None:
        return None
    value: date | None = None
    if isinstance(published, datetime):
        value = published.date()
    elif isinstance(published, date):
        value = published
    elif isinstance(published, str):
        try:
            value = date.fromisoformat(published.strip()[:10])
        except ValueError:
            value = None
    if value is None:
        raise InputError(
            f"publication date {published!r} is not a date: pass a datetime.date or an ISO string such as '2025-08-29'"
        )
    if not _PUB_RANGE[0] <= value <= _PUB_RANGE[1]:
        raise InputError(
            f"publication date {value.isoformat()} is outside {_PUB_RANGE[0].year}-{_PUB_RANGE[1].year}: "
            "check the document's date"
        )
    return value


_PREPS = frozenset(
    "on in at since during over throughout until till by before after from through".split()
)


def _prep_before(text: str, start: int) -> tuple[int, str | None]:
    """(start of a preposition right before *start*, that preposition) or (start, None)."""
    lo = max(0, start - 16)
    seg = text[lo:start]
    core = seg.rstrip()
    if not 1 <= len(seg) - len(core) <= 3:
        return start, None
    parts = core.rsplit(None, 1)
    word = parts[-1] if parts else ""
    if len(parts) < 2 and lo > 0 and not text[lo - 1].isspace():
        return start, None  # the word may continue left of the window
    bare = word.lstrip("([\"“‘'")
    low = bare.lower()
    if low not in _PREPS:
        return start, None
    return lo + len(core) - len(bare), low


# Every rule match contains one of the rule's trigger tokens and reaches at most
# _LEFT characters before it and _RIGHT after it, so each rule is run only inside
# (merged) windows around its own triggers: ordinary text is mostly skipped and a text
# full of one kind of token ("May May May ...") wakes only the rules that can use it.
_LEFT, _RIGHT = 64, 80
_TOKEN = re.compile(r"[A-Za-z]+|\d+")
_R_ISO, _R_MDY, _R_DMY, _R_MONTH_YEAR, _R_MONTH_RANGE, _R_MONTH, _R_MODIFIED, _R_ORD_WEEK = range(8)
_R_YEAR, _R_YEAR_RANGE, _R_DECADE, _R_WEEKDAY, _R_WEEKEND, _R_DAY_WORD, _R_REL_UNIT = range(8, 15)
_R_AGO, _R_DURATION, _R_RECENT, _R_SEASON, _R_QUARTER = range(15, 20)

_MONTH_RULES = (_R_MDY, _R_DMY, _R_MONTH_YEAR, _R_MONTH_RANGE, _R_MONTH, _R_MODIFIED, _R_ORD_WEEK)
_YEAR_RULES = (_R_ISO, _R_MDY, _R_DMY, _R_MONTH_YEAR, _R_MODIFIED, _R_YEAR, _R_YEAR_RANGE, _R_DECADE,
               _R_SEASON, _R_QUARTER)
_NAME_TRIGGERS: dict[str, tuple[int, ...]] = {name: _MONTH_RULES for name in _MONTH_NUM}
_NAME_TRIGGERS.update({name: (_R_MDY, _R_DMY, _R_WEEKDAY) for name in _WEEKDAYS})
_UNIT_RULES = (_R_MODIFIED, _R_ORD_WEEK, _R_REL_UNIT, _R_DURATION, _R_QUARTER)
_KEYWORD_TRIGGERS: dict[str, tuple[int, ...]] = {
    **{w: (_R_DAY_WORD,) for w in ("today", "tonight", "yesterday", "tomorrow", "morning", "afternoon",
                                   "evening", "night")},
    **{w: _UNIT_RULES for w in ("week", "month", "year")},
    **{w: (_R_DURATION, _R_RECENT) for w in ("hour", "hours", "day", "days", "weeks", "months", "years",
                                             "decade", "decades")},
    "weekend": (_R_WEEKEND,),
    "ago": (_R_AGO,),
    "recent": (_R_RECENT,),
    "recently": (_R_RECENT,),
    "lately": (_R_RECENT,),
    **{w: (_R_SEASON,) for w in _SEASON_MONTHS},
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


def _find(text: str, pub: date | None, standalone: bool) -> list[Timex]:
    whole = (len(text) - len(text.lstrip()), len(text.rstrip()))
    candidates: list[tuple[int, int, int, Timex]] = []
    for order, windows in enumerate(_windows(text)):
        pattern, handler = _RULES[order]
        for lo, hi in windows:
            for m in pattern.finditer(text, lo, hi):
                s, prep = _prep_before(text, m.start())
                loose = standalone and (s, m.end()) == whole
                res = handler(_Ctx(text, m, pub, prep, loose))
                if res is None:
                    continue
                e = m.end()
                timex = Timex(text[s:e], s, e, res.interval, res.kind, res.anchor, res.suspect, res.reason)
                candidates.append((s, e, order, timex))
    # Longest wins; then the earlier one; then the rule listed first.
    candidates.sort(key=lambda t: (t[0] - t[1], t[0], t[2]))
    taken = bytearray(len(text))
    chosen: list[Timex] = []
    for s, e, _order, timex in candidates:
        if taken.find(1, s, e) != -1:
            continue
        taken[s:e] = b"\x01" * (e - s)
        chosen.append(timex)
    chosen.sort(key=lambda t: t.start)
    return chosen


def find_timexes(text: str, published: date | str | None) -> list[Timex]:
    """Every temporal expression in *text*, in order, resolved against *published*.

    *published* is a ``datetime.date`` (a ``datetime`` is truncated; an ISO
    ``"YYYY-MM-DD"`` string, as :class:`~dashboard.ingest.Document` stores it, is
    accepted) or ``None``, in which case relative expressions are returned unresolved.
    Raises :class:`~dashboard.errors.InputError` for an unusable *published* value (not a
    date, or outside the years 1000-9000).
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    return _find(text, _as_date(published), standalone=False)


def resolve(expression: str, published: date | str | None) -> Interval | None:
    """The interval of one expression (``"last weekend"``), or ``None`` if it names no date.

    The expression is taken as a date on its own, so a bare ``"2013"`` or ``"May"``
    resolves here even though running text needs more context for them.
    """
    if not isinstance(expression, str):
        raise TypeError(f"expression must be str, not {type(expression).__name__}")
    found = _find(expression, _as_date(published), standalone=True)
    if not found:
        return None
    return max(found, key=lambda t: t.end - t.start).interval
