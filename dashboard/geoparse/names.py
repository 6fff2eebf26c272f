"""The gazetteer as the geoparser sees it: names a text may use, safe lookups, and the
per-document-independent facts about a name (is it a demonym, is it prominent) cached.
"""

from __future__ import annotations

import math
from functools import cached_property

from dashboard.errors import InputError
from dashboard.gazetteer import Candidate, Gazetteer, validate_query
from dashboard.geoparse.lexicon import GENERIC_WORDS
from dashboard.util.text import normalize
from dashboard.model import Place


class PlaceNames:
    """Lookups of one gazetteer for recognition and resolution.

    :param min_city_population: cities below this size are found only through the NER
        (the phrase lexicon leaves them out: too many common words are towns).
    """

    def __init__(self, gazetteer: Gazetteer, *, min_city_population: int = 15000):
        self.gazetteer = gazetteer
        self.min_city_population = min_city_population
        self._demonyms: dict[str, Place | None] = {}
        self._strong: dict[str, bool] = {}
        self._named: dict[str, bool] = {}

    @cached_property
    def lexicon(self) -> tuple[dict[str, float], int]:
        """normalised name -> best prior, for the phrase matcher; and the longest name in tokens."""
        min_city = 0.35 + 0.08 * math.log10(max(self.min_city_population, 1))
        lex: dict[str, float] = {}
        longest = 1
        kinds_all = ("country", "admin1", "sea", "lake", "river", "region", "facility")
        for kinds, min_imp in ((kinds_all, 0.0), (("city",), min_city), (("admin2",), 0.0)):
            for name, key, _fid in self.gazetteer.iter_names(kinds, min_importance=min_imp,
                                                             name_types=("name", "long", "alt")):
                if len(key) < 3 and not name.isupper():
                    continue
                lex[key] = max(lex.get(key, 0.0), 1.0)
                longest = max(longest, key.count(" ") + 1)
        return lex, min(longest, 8)

    @cached_property
    def codes(self) -> frozenset[str]:
        """Codes and abbreviations ("UK", "U.S.", "Ky.") match only as written, never folded
        ("Mr." is not Mauritania's MR)."""
        kinds = ("country", "admin1", "region")
        return frozenset(name for name, _key, _fid in self.gazetteer.iter_names(kinds, name_types=("code", "abbr"))
                         if len(name) >= 2 and (name.isupper() or "." in name))

    @cached_property
    def demonyms(self) -> frozenset[str]:
        """Normalised demonyms of countries, regions and states ("lithuanian", "north korean")
        that are not also place names: a word of this set is a nationality, whatever label
        the model gave it."""
        lex, _ = self.lexicon
        kinds = ("country", "region", "admin1")
        return frozenset(key for _name, key, _fid in self.gazetteer.iter_names(kinds, name_types=("demonym",))
                         if key not in lex)

    def warm(self) -> None:
        """Build the phrase lexicon and the code set now (once per process)."""
        _ = self.lexicon, self.codes, self.demonyms

    def lookup(self, text: str, **kw) -> list[Candidate]:
        """Gazetteer candidates for a name found in a document; none for text that is not
        an acceptable query (control characters, U+FFFD, over the length limit): such a
        mention stays unresolved instead of stopping the document, or the batch."""
        try:
            validate_query(text)
        except InputError:
            return []
        return self.gazetteer.lookup(text, **kw)

    def close_names(self, text: str, cutoff: float) -> list[tuple[str, float]]:
        """Prominent names spelt within ``cutoff`` of ``text``; none for text that is not an
        acceptable query (as :meth:`lookup`)."""
        try:
            validate_query(text)
        except InputError:
            return []
        return self.gazetteer.close_names(text, cutoff=cutoff)

    def demonym_of(self, text: str) -> Place | None:
        """The country, region or state a demonym names ("Canadians" -> Canada), or None."""
        if text not in self._demonyms:
            c = self.lookup(text, kinds=("country", "region", "admin1"), name_types=("demonym",), limit=1)
            self._demonyms[text] = c[0].place if c else None
        return self._demonyms[text]

    def named(self, text: str) -> bool:
        """Is ``text`` itself the name of a gazetteer feature, however small ("South
        Charleston", a town of 13,000 the phrase lexicon leaves out)?"""
        key = normalize(text)
        if key not in self._named:
            self._named[key] = bool(self.lookup(text, name_types=("name", "long", "alt"), limit=1))
        return self._named[key]

    def own_name(self, text: str) -> bool:
        """Is ``text`` the best reading's own name (not an alternate one: "Human" is an
        alternate spelling of Uman, and the word of "Department of Human Resources")?"""
        cands = self.lookup(text, limit=1)
        return bool(cands) and cands[0].name_type != "alt"

    def strong_place(self, key: str) -> bool:
        """Is the best reading of this name a prominent place (country, state, sea, region,
        or a city of about 100,000 or more)?"""
        if key not in self._strong:
            cands = self.lookup(key, limit=1) if key not in GENERIC_WORDS else []
            # a big city's alternate name is a translation or an old spelling: "White House"
            # is Casablanca's, and no sign that the entity "the White House" is a place
            self._strong[key] = bool(cands) and (cands[0].place.kind in ("country", "admin1", "sea", "region")
                                                 or cands[0].score >= 0.75 and cands[0].name_type != "alt")
        return self._strong[key]
