"""The per-document stage (ingest → geoparse → extract) and the batch runner around it.

:class:`DocumentStage` is a pure function of a :class:`~dashboard.ingest.Document` plus
the loaded model and gazetteer, returning plain picklable :class:`DocResult` values, so
it runs in-process, across ``--workers`` processes (:mod:`dashboard.batch`) or, later,
as a Dask/Ray map — fusion is a separate reduce over its results (:mod:`dashboard.fuse`).
"""

from __future__ import annotations

from dataclasses import dataclass

from .geoparse import GeoparseStage
from .ingest import Document
from .model import Event


@dataclass(frozen=True)
class DocResult:
    document: Document
    toponyms: tuple[dict, ...]
    events: tuple[Event, ...]


class DocumentStage(GeoparseStage):
    """Geoparse and extract events from documents; ``setup()`` (inherited) loads the model
    and gazetteer once per process."""

    def run(self, batch: list[Document]) -> list[DocResult]:
        from .extract import extract_events
        from .nlp import pipe_texts

        gp = self.geoparser
        out = []
        for doc, sdoc in zip(batch, pipe_texts(gp.nlp, [d.text for d in batch])):
            res = gp.parse_spacy(sdoc, doc_id=doc.doc_id)
            events = extract_events(sdoc, list(res.toponyms), doc_id=doc.doc_id, published=doc.published,
                                    path=doc.path, title=doc.title, gazetteer=gp.gazetteer)
            out.append(DocResult(doc, tuple(t.to_dict(alternatives=False) for t in res.toponyms), tuple(events)))
        return out
