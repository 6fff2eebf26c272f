"""The entry points: :func:`find_timexes` (every date expression of a text) and
:func:`resolve` (one expression to an interval).  Checks the inputs, runs each rule of
:mod:`~dashboard.extract.timex.rules` inside its trigger windows
(:mod:`~dashboard.extract.timex.triggers`), and keeps the longest of overlapping
candidates.  Text and publication date in; :class:`Timex` list (or one
:class:`Interval`) out.
"""

from __future__ import annotations

from datetime import date, datetime

from dashboard.errors import InputError
from dashboard.extract.timex.context import Ctx, prep_before
from dashboard.extract.timex.rules import _RULES
from dashboard.extract.timex.triggers import _windows
from dashboard.extract.timex.values import Interval, Timex

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


def _find(text: str, pub: date | None, standalone: bool) -> list[Timex]:
    whole = (len(text) - len(text.lstrip()), len(text.rstrip()))
    candidates: list[tuple[int, int, int, Timex]] = []
    for order, windows in enumerate(_windows(text)):
        pattern, handler = _RULES[order]
        for lo, hi in windows:
            for m in pattern.finditer(text, lo, hi):
                s, prep = prep_before(text, m.start())
                loose = standalone and (s, m.end()) == whole
                res = handler(Ctx(text, m, pub, prep, loose))
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
