"""Publication dates: the unambiguous date forms understood in headers and metadata.

Dates are returned as ``YYYY-MM-DD`` as written (a time zone, if any, is not used to
shift the day).  Only unambiguous forms are accepted: ``2025-08-29`` (also with ``/``
or ``.``, optionally with a time), ``29 August 2025``, ``29 Aug, 2025``, ``August 29,
2025``, optionally with a weekday and a time (RFC 2822 dates work).  Numeric
day/month forms such as ``29/08/2025`` are refused; impossible dates such as
``2025-02-30`` are refused.

Month names come from ``dates.json``.  :data:`DATE_PATTERN` is the regex source of one
date (with named groups) for other patterns to embed; :func:`date_from_match` reads a
match of it.
"""

from __future__ import annotations

import json
import re
from datetime import date
from importlib.resources import files

__all__ = ["DATE_PATTERN", "date_from_match", "parse_date"]

_MONTH_NAMES: list[list[str]] = json.loads(
    (files("dashboard.ingest") / "dates.json").read_text(encoding="utf-8")
)["months"]
#: Month name or abbreviation (lower case) → month number.
_MONTHS: dict[str, int] = {name: i + 1 for i, names in enumerate(_MONTH_NAMES) for name in names}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?"
_TZ = r"(?:Z|(?:UTC|GMT)(?:\s*[+-]\d{1,2}(?::?\d{2})?)?|[+-]\d{2}(?::?\d{2})?|(?-i:[A-Z]{2,4}T))"
_TIME = r"\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:\s*[ap]\.?m\.?)?(?:\s*" + _TZ + r")?"
#: Regex source of one date (use with re.IGNORECASE); read a match with :func:`date_from_match`.
DATE_PATTERN = (
    r"(?:" + _WEEKDAY + r",?\s+)?"
    r"(?:"
    r"(?P<iy>\d{4})(?P<isep>[-/.])(?P<im>\d{1,2})(?P=isep)(?P<id>\d{1,2})"
    r"(?:(?:T|\s+)" + _TIME + r")?"
    r"|"
    r"(?:"
    r"(?P<dd>\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?[\s-]+(?P<dm>" + _MONTH + r")\.?,?[\s-]+(?P<dy>\d{4})"
    r"|"
    r"(?P<mm>" + _MONTH + r")\.?\s+(?P<md>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<my>\d{4})"
    r")"
    r"(?:,?\s+(?:at\s+)?" + _TIME + r")?"
    r")"
)
_DATE_FULL = re.compile(r"\s*" + DATE_PATTERN + r"\.?\s*", re.IGNORECASE)


def date_from_match(m: re.Match[str]) -> str | None:
    """``YYYY-MM-DD`` for a match of :data:`DATE_PATTERN`, or None for an impossible date."""
    if m.group("iy"):
        y, mo, d = int(m.group("iy")), int(m.group("im")), int(m.group("id"))
    elif m.group("dy"):
        y, mo, d = int(m.group("dy")), _MONTHS[m.group("dm").lower()], int(m.group("dd"))
    else:
        y, mo, d = int(m.group("my")), _MONTHS[m.group("mm").lower()], int(m.group("md"))
    try:
        return date(y, mo, d).isoformat()
    except ValueError:
        return None


def parse_date(value: str) -> str | None:
    """``YYYY-MM-DD`` for an unambiguous, valid date string, else None.

    >>> parse_date("29 August, 2025"), parse_date("2025-08-29T10:00:00Z")
    ('2025-08-29', '2025-08-29')
    >>> parse_date("29/08/2025") is None and parse_date("2025-02-30") is None
    True
    """
    if not isinstance(value, str) or len(value) > 100:
        return None
    m = _DATE_FULL.fullmatch(value)
    return date_from_match(m) if m else None
