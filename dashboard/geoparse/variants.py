"""Other forms of a name the gazetteer does not hold as written, tried in turn when a
mention has no candidate at all (:meth:`dashboard.geoparse.resolve.Resolver.candidates`).

Each rule rewrites the name into a query and the gazetteer kinds its answer may have;
the rules are general facts of how news writes place names, not lists of names:

* abbreviated words spelled out: "W. Columbia" -> "West Columbia", "St. Kitts" -> "Saint Kitts",
  "Mt." -> "Mount", "Ft." -> "Fort";
* a type word around the name: "Karak district", "Readington Township", "Tewksbury Twp.",
  "Town of Groton", "Port of Los Angeles" -> the name, as a feature of that type
  ("X river" only as a river, so a river never becomes the town it is named after);
* the generic term left out: "North Atlantic" -> "North Atlantic Ocean" (a sea only);
* a part of a place named by a direction or extent: "North London", "Southern California",
  "Upper Edmonton", "Greater Toronto Area" -> the place (a part lies within it);
* an inhabitant: "Londoner", "New Londoners", "Richmondites", "Gazans" -> the place,
  when the stem is a place's own name.

Candidates found through a rule keep their gazetteer score times :data:`VARIANT_WEIGHT`
(the lookup of the name as written would have been more certain).
"""

from __future__ import annotations

from collections.abc import Iterator

from dashboard.geoparse.lexicon import DIRECTIONS, GENERIC_WORDS, TYPE_WORDS

#: score factor of a candidate found through a rewritten name
VARIANT_WEIGHT = 0.95

#: abbreviations of words in names, spelled out (case kept from the table)
ABBREVIATIONS = {
    "n.": "North", "s.": "South", "e.": "East", "w.": "West", "st.": "Saint", "st": "Saint",
    "ste.": "Sainte", "mt.": "Mount", "mt": "Mount", "ft.": "Fort", "ft": "Fort", "pt.": "Point",
}

#: words that name a kind of unit or place next to a name, besides the lexicon's type
#: words, with the kinds their answer may have
EXTRA_TYPE_WORDS: dict[str, tuple[str, ...]] = {
    "township": ("city", "admin2"), "twp": ("city", "admin2"), "twp.": ("city", "admin2"),
    "borough": ("city", "admin2"), "area": ("city", "admin1", "admin2", "region"),
    "metro": ("city",), "harbor": ("city",), "harbour": ("city",),
}
#: "<word> of X"
PREFIX_TYPE_WORDS: dict[str, tuple[str, ...]] = {
    "town": ("city",), "city": ("city",), "village": ("city",), "township": ("city", "admin2"),
    "borough": ("city", "admin2"), "port": ("city",), "county": ("admin2",), "province": ("admin1",),
    "state": ("admin1",), "region": ("admin1", "region"), "district": ("admin2", "admin1"),
}
#: generic terms a water body's name drops ("the North Atlantic")
WATER_TERMS = ("Ocean", "Sea")
#: words before a name that name a part of the place
PART_WORDS = frozenset(DIRECTIONS) | {"upper", "lower", "greater", "inner", "outer", "downtown", "metro",
                                      "metropolitan", "mid", "far"}
#: endings of inhabitant nouns and what the place name ends with instead, longest first
INHABITANT_ENDINGS = (("ites", ""), ("ite", ""), ("ers", ""), ("er", ""), ("ians", "ia"), ("ian", "ia"),
                      ("ans", "a"), ("an", "a"), ("ans", ""), ("an", ""))

_KINDS_ANY: tuple[str, ...] | None = None
_LOCAL_AREA = ("city", "admin1", "admin2", "region", "country")


def _words(text: str) -> list[str]:
    return text.split()


def spelled_out(text: str) -> str | None:
    """The name with abbreviated words spelled out ("W. Columbia" -> "West Columbia"), or
    None when nothing changes; only words before another word are abbreviations ("Co. E"
    is no abbreviation's place)."""
    words = _words(text)
    out = [ABBREVIATIONS.get(w.lower(), w) if i < len(words) - 1 else w for i, w in enumerate(words)]
    return " ".join(out) if out != words else None


def rewrites(text: str) -> Iterator[tuple[str, tuple[str, ...] | None, str]]:
    """``(query, kinds or None for any, rule)`` for ``text``, most faithful first."""
    text = " ".join(text.split())
    words = _words(text)
    if not words:
        return
    full = spelled_out(text)
    if full:
        yield full, _KINDS_ANY, "abbreviation"
        words = _words(full)
    name = " ".join(words)
    # "X district", "X Township"
    if len(words) >= 2:
        last = words[-1].lower()
        kinds = EXTRA_TYPE_WORDS.get(last) or TYPE_WORDS.get(last)
        if kinds:
            rest = words[:-1]
            if rest and rest[-1].lower() in ("metro", "metropolitan"):  # "X metro area"
                rest = rest[:-1]
            if rest:
                yield " ".join(rest), tuple(kinds), "type word"
                words = rest
                name = " ".join(words)
    # "Town of X", "Port of X"
    if len(words) >= 3 and words[1].lower() == "of" and words[0].lower() in PREFIX_TYPE_WORDS:
        yield " ".join(words[2:]), PREFIX_TYPE_WORDS[words[0].lower()], "type word"
    # "North Atlantic" -> "North Atlantic Ocean"
    if len(words) <= 2 and words[-1] not in WATER_TERMS and name == text:
        for term in WATER_TERMS:
            yield f"{name} {term}", ("sea", "lake"), "water term"
    # "North London", "Greater Toronto"
    if len(words) >= 2 and words[0].lower().rstrip(".") in PART_WORDS:
        rest = " ".join(words[1:])
        if rest[:1].isupper() and rest.lower() not in GENERIC_WORDS and len(rest) >= 3:
            yield rest, _LOCAL_AREA, "part"
    # "Londoners", "Gazans"
    last = words[-1]
    if last[:1].isupper() and len(last) >= 6:
        seen = set()
        for ending, restore in INHABITANT_ENDINGS:
            if last.lower().endswith(ending) and len(last) - len(ending) >= 3:
                stem = " ".join([*words[:-1], last[: len(last) - len(ending)] + restore])
                if stem not in seen:
                    seen.add(stem)
                    yield stem, ("city", "admin1", "admin2"), "inhabitant"

