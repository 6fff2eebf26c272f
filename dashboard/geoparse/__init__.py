"""Geoparsing: a document's text in, its :class:`~dashboard.model.Mention` values out —
every place it names, recognised (spaCy NER + gazetteer phrase matching), resolved to a
gazetteer place (candidate ranking with document context), described places derived
("the southern Caribbean", "its coastline", "the Colombia border"), and metonymy
("Caracas petitioned …") marked as role ``actor``.  Also loads the spaCy pipeline.
May import: :mod:`dashboard.gazetteer`, :mod:`dashboard.model`, :mod:`dashboard.errors`,
:mod:`dashboard.config`, :mod:`dashboard.util`.
"""

from .geoparser import GeoparseResult, Geoparser
from .stage import GeoparseStage
from .nlp import load_pipeline, model_name, pipe_texts

__all__ = [
    "Geoparser", "GeoparseResult", "GeoparseStage", "load_pipeline", "model_name", "pipe_texts",
]
