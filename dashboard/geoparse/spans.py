"""Where a recognised name ends: the words the tokeniser or the model left outside it.

A name's span is what an analyst reads as the name, and what gold corpora mark:

* an abbreviation keeps its final full stop ("W.Va.", "Phila.", "L.A."), which the
  tokeniser splits off when a capitalised word follows (it takes it for a sentence end);
* a street keeps its directional prefix ("North Cooper Street", "W. Tyler Street"): in an
  address the prefix is part of the street's name, not a part of the street;
* a numbered road keeps its number ("County Road 43", "Highway 19"), and so does a state
  route named by its state ("W.Va. 61", "KY 90", "Illinois Route 159").

The mention keeps its words and candidates; only its span grows.  Roads stay unresolved
(the gazetteer holds no roads) but are reported as the places they are.
"""

from __future__ import annotations

import re

from dashboard.geoparse.cues import STREET_HEADS, Draft
from dashboard.geoparse.names import PlaceNames
from dashboard.util.text import normalize

#: a street's directional prefix as written in addresses
STREET_PREFIXES = frozenset({"North", "South", "East", "West", "Northeast", "Northwest", "Southeast", "Southwest",
                             "N.", "S.", "E.", "W.", "NE", "NW", "SE", "SW"})
#: head words of a road named by its number ("County Road 43", "Route 1", "Interstate 64")
ROAD_WORDS = frozenset({"road", "route", "highway", "interstate", "hwy", "hwy.", "rte.", "freeway", "turnpike",
                        "expressway", "byway"})
#: a road number: "43", "4045", "61A"
ROAD_NUMBER = re.compile(r"^\d{1,4}[A-Z]?$")


def adjust_spans(sdoc, mentions: list[Draft], names: PlaceNames) -> None:
    """Grow the spans of ``mentions`` (in place) over the words their names carry."""
    taken = [False] * len(sdoc)
    for m in mentions:
        if m.tok_start is not None:
            for i in range(m.tok_start, m.tok_end):
                taken[i] = True
    for m in mentions:
        if m.tok_start is None:
            continue
        if _abbreviation_stop(sdoc, m, names):
            _grow(sdoc, m, m.tok_start, m.tok_end + 1, taken)
        s = m.tok_start
        if sdoc[m.tok_end - 1].lower_ in STREET_HEADS and s > 0 and sdoc[s - 1].text in STREET_PREFIXES \
                and not taken[s - 1] and m.tok_end - s > 1:
            _grow(sdoc, m, s - 1, m.tok_end, taken)
            m.modifier = None  # the street's name, not a part of the street
        if _road_number(sdoc, m, names):
            _grow(sdoc, m, m.tok_start, m.tok_end + 1, taken)
            m.label = "ROAD"  # kept unresolved: the gazetteer holds no roads


def _grow(sdoc, m: Draft, s: int, e: int, taken: list[bool]) -> None:
    span = sdoc[s:e]
    for i in range(s, e):
        taken[i] = True
    m.tok_start, m.tok_end = s, e
    m.start, m.end, m.text = span.start_char, span.end_char, span.text


def _abbreviation_stop(sdoc, m: Draft, names: PlaceNames) -> bool:
    """Is the full stop right after the mention its abbreviation's ("W.Va" + ".")?"""
    e = m.tok_end
    if e >= len(sdoc) or sdoc[e].text != "." or sdoc[e].idx != m.end or m.text.endswith("."):
        return False
    last = m.text.split()[-1]
    if "." in last:  # "W.Va", "L.A": dotted initials end with a stop
        return True
    if not last.isalpha() or len(last) > 5:
        return False
    # a truncation of the name it stands for ("Phila", "Calif", "Tenn"), not a name itself
    cands = names.lookup(m.text, limit=5)
    return bool(cands) and all(c.name_type in ("abbr", "alt", "code") for c in cands) and any(
        normalize(c.place.name).startswith(normalize(last)) and len(c.place.name) > len(last) for c in cands)


def _road_number(sdoc, m: Draft, names: PlaceNames) -> bool:
    """Does a road number follow: a road word's ("County Road 43") or a state's ("KY 90")?"""
    e = m.tok_end
    if e >= len(sdoc) or not ROAD_NUMBER.match(sdoc[e].text) or sdoc[e].idx > m.end + 1:
        return False
    if e + 1 < len(sdoc) and sdoc[e + 1].text in ("-", "–", "%", ":", "/"):
        return False  # a score or a share ("Ohio 45-30"), not a road
    if sdoc[e - 1].lower_ in ROAD_WORDS:
        return True
    # a US state route: the state's postal code or abbreviation and a number
    if len([t for t in sdoc[m.tok_start:m.tok_end] if t.text != "."]) != 1:
        return False
    text = m.text.rstrip(".")
    return any(c.name_type in ("abbr", "code") and c.place.kind == "admin1" and c.place.country_code == "US"
               for c in names.lookup(text, limit=5))
