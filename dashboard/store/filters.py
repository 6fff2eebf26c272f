"""Checks and normal forms of :meth:`Store.query <dashboard.store.base.Store.query>`'s
arguments, shared by every backend: days and windows, filter values, counts, the
bounding box, and the folded form text search compares.

Each function returns the value in the form a backend puts into its query, or raises
:class:`~dashboard.errors.InputError` quoting the bad value and saying what to give.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from dashboard.errors import InputError

__all__ = ["check_bbox", "day", "filter_values", "fold", "search_words", "whole_number", "window"]

#: the words of a text as full-text search splits them (letters and digits; FTS5's unicode61 does the same)
_WORDS = re.compile(r"[^\W_]+")


def fold(value: str | None) -> str | None:
    """Case- and accent-insensitive form for text search ("São Paulo" ~ "sao paulo")."""
    if value is None:
        return None
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def search_words(text: str) -> list[str]:
    """The words of ``text`` for full-text search: runs of letters and digits, in order."""
    return _WORDS.findall(text)


def day(value: str | date | None, name: str) -> str | None:
    """``value`` as ``YYYY-MM-DD`` (a date, a datetime or such a string), or None."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            if len(value) == 10:
                return date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    raise InputError(f"{name} {value!r} is not a date: give YYYY-MM-DD")


def window(start: str | date | None, end: str | date | None) -> tuple[str | None, str | None]:
    """The query window as two days (either may be None = open); start must not be after end."""
    start, end = day(start, "window start"), day(end, "window end")
    if start and end and start > end:
        raise InputError(f"window start {start!r} is after its end {end!r}: swap them")
    return start, end


def whole_number(value: int, name: str) -> int:
    """``value`` if it is an int >= 0 (not a bool)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InputError(f"{name} {value!r} is not a whole number >= 0")
    return value


def filter_values(value: Iterable[str] | str | None, name: str,
                  allowed: Iterable[str] | None = None) -> tuple | None:
    """A filter's values as a tuple (one string or a collection of strings), or None for
    no filter; with ``allowed``, every value must be one of them."""
    if value is None:
        return None
    vals = (value,) if isinstance(value, str) else tuple(value)
    for v in vals:
        if not isinstance(v, str):
            raise InputError(f"{name} filter value {v!r} is not a string")
    if allowed is not None:
        allowed = tuple(allowed)
        bad = [v for v in vals if v not in allowed]
        if bad:
            raise InputError(f"unknown {name} {bad[0]!r}: use one of {', '.join(sorted(allowed))}")
    return vals


def check_bbox(bbox: Sequence[float]) -> tuple[float, float, float, float]:
    """``(min_lon, min_lat, max_lon, max_lat)`` as floats in degrees (min_lon > max_lon
    means a box across the antimeridian)."""
    try:
        x0, y0, x1, y1 = (float(v) for v in bbox)
    except (TypeError, ValueError):
        raise InputError(f"bbox {bbox!r} is not four numbers (min_lon, min_lat, max_lon, max_lat)") from None
    if not all(math.isfinite(v) for v in (x0, y0, x1, y1)) or not (-180 <= x0 <= 180 and -180 <= x1 <= 180) \
            or not (-90 <= y0 <= y1 <= 90):
        raise InputError(f"bbox {tuple(bbox)!r} is not (min_lon, min_lat, max_lon, max_lat) in degrees with "
                         "min_lat <= max_lat (min_lon > max_lon means a box across the antimeridian)")
    return x0, y0, x1, y1
