"""Event extraction: a geoparsed document (spaCy ``Doc`` + its mentions + publication date)
in; typed :class:`~dashboard.model.Event` values with actor, place, date interval,
forces, modality and evidence out.  Date expressions (:mod:`.timex`) and force mentions
(:mod:`.forces`) are found here too.
May import: :mod:`dashboard.geoparse`, :mod:`dashboard.gazetteer`, :mod:`dashboard.model`,
:mod:`dashboard.errors`, :mod:`dashboard.util`.
"""

from .events import extract_events
from .summary import summarize
from .forces import find_forces
from .timex import find_timexes, Interval, Timex

__all__ = [
    "extract_events", "summarize", "find_forces", "find_timexes", "Interval", "Timex",
]
