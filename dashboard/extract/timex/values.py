"""The values the date finder returns — :class:`Interval` (an inclusive day range and its
precision) and :class:`Timex` (one expression found in a text) — the :class:`Resolution`
a rule handler gives back, and the thresholds and reasons those values carry."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal, NamedTuple

from dashboard.errors import InputError

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

PRECISIONS = ("day", "week", "month", "year")
NO_PUBLICATION_DATE = "no publication date"
NOT_A_DATE = "not a calendar date"


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
        if self.precision not in PRECISIONS:
            raise InputError(f"Interval precision {self.precision!r} is not one of {', '.join(PRECISIONS)}")

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


class Resolution(NamedTuple):
    """What a rule handler makes of one match (the :class:`Timex` without its span)."""

    interval: Interval | None
    kind: Kind
    anchor: Anchor
    reason: str | None = None
    suspect: bool = False


def unresolved(kind: Kind, anchor: Anchor = "published", reason: str = NO_PUBLICATION_DATE) -> Resolution:
    """A match that names a date but cannot be given one (*reason* says why)."""
    return Resolution(None, kind, anchor, reason)
