"""The per-document stage (read → geoparse → extract) as a batch stage.

:class:`DocumentStage` is a pure function of a :class:`~dashboard.model.Document` plus
the loaded model and gazetteer, returning plain picklable :class:`DocResult` values, so
it runs in-process, across ``--workers`` processes (:mod:`dashboard.pipeline.batch`) or
as a Dask/Ray map — fusion is a separate reduce over its results (:mod:`dashboard.fuse`).
"""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.extract import extract_events
from dashboard.geoparse import GeoparseStage, pipe_texts
from dashboard.model import Document, Event


@dataclass(frozen=True)
class DocResult:
    document: Document
    toponyms: tuple[dict, ...]
    events: tuple[Event, ...]


class DocumentStage(GeoparseStage):
    """Geoparse and extract events from documents; ``setup()`` (inherited) loads the model
    and gazetteer once per process."""

    def run(self, batch: list[Document]) -> list[DocResult]:
        gp = self.geoparser
        out = []
        for doc, sdoc in zip(batch, pipe_texts(gp.nlp, [d.text for d in batch])):
            res = gp.parse_spacy(sdoc, doc_id=doc.doc_id)
            events = extract_events(sdoc, list(res.toponyms), doc_id=doc.doc_id, published=doc.published,
                                    path=doc.path, title=doc.title, gazetteer=gp.gazetteer)
            out.append(DocResult(doc, tuple(t.to_dict(alternatives=False) for t in res.toponyms), tuple(events)))
        return out
