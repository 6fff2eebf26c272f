"""Temporal expressions: find the dates a news text names and resolve them to intervals.

In: a text (``str``) and its publication date (``datetime.date``, ISO string or ``None``).
Out: :class:`Timex` values (span, kind, anchor, :class:`Interval` or the reason there is
none), in text order and non-overlapping; or, from :func:`resolve`, one :class:`Interval`.

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
Modules
-------
:mod:`.find` (the entry points), :mod:`.rules` (the rule table: one regex and handler per
kind of expression), :mod:`.triggers` (the windows each rule is run in),
:mod:`.calendar_handlers` / :mod:`.relative_handlers` (what each match means),
:mod:`.context` (words and cues around a match), :mod:`.intervals` (calendar arithmetic),
:mod:`.patterns` (regex building blocks), :mod:`.lexicon` (word lists, ``lexicon.json``)
and :mod:`.values` (:class:`Interval`, :class:`Timex` and the thresholds).

May import: :mod:`dashboard.errors`.
"""

from dashboard.extract.timex.find import find_timexes, resolve
from dashboard.extract.timex.values import (
    FUTURE_GRACE_DAYS,
    NO_PUBLICATION_DATE,
    NOT_A_DATE,
    RECENT_DAYS,
    SUSPECT_DAYS,
    Interval,
    Timex,
)

__all__ = [
    "FUTURE_GRACE_DAYS",
    "Interval",
    "NOT_A_DATE",
    "NO_PUBLICATION_DATE",
    "RECENT_DAYS",
    "SUSPECT_DAYS",
    "Timex",
    "find_timexes",
    "resolve",
]
