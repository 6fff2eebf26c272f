"""The per-document context event extraction works in: the document's mentions, date
expressions and force mentions indexed by offset, and the people it ties to countries."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date

from dashboard.model import Actor, DateRef, Mention


class Spans:
    """Items with a ``start`` offset, looked up by the range their start falls in, in
    O(log n + k) — a linear scan per event made a long document quadratic (a 2 MB
    article took minutes).  Results keep the items' original order."""

    def __init__(self, items=()):
        self.items = list(items)
        self._order = sorted(range(len(self.items)), key=lambda i: self.items[i].start)
        self._starts = [self.items[i].start for i in self._order]

    def starting_in(self, lo: int, hi: int) -> list:
        """Items with ``lo <= start < hi``."""
        i, j = bisect_left(self._starts, lo), bisect_left(self._starts, hi)
        if j - i <= 1:
            return [self.items[k] for k in self._order[i:j]]
        return [self.items[k] for k in sorted(self._order[i:j])]

    def __iter__(self):
        return iter(self.items)


@dataclass
class DocContext:
    """What extraction knows about one document as it reads it, sentence by sentence."""

    published: date | None
    toponyms: list[Mention]
    gazetteer: object = None
    people: dict[str, Actor] = field(default_factory=dict)  # surname -> actor with country
    spans: Spans = field(default_factory=Spans)  # the toponyms, indexed by start
    timexes: Spans = field(default_factory=Spans)
    forces: Spans = field(default_factory=Spans)
    institutions: dict[str, Actor] = field(default_factory=dict)  # "navy" -> the state whose navy it was
    home: Actor | None = None  # the document's own country (dateline, else focus)
    last_actor: Actor | None = None  # the previous event's actor (pronouns)
    aliases: dict[str, str] = field(default_factory=dict)  # acronym -> full name the document gives
    sentence: int = 0  # index of the sentence being read
    scene: tuple[Mention, int, DateRef | None] | None = None  # the last event's place, sentence, stated date

    def state(self, cc: str, fallback: str | None = None) -> Actor:
        """The state actor for a country code, named as the gazetteer names the country."""
        country = self.gazetteer.country(cc) if self.gazetteer is not None else None
        return Actor(country.name if country else (fallback or cc), "state", cc)
