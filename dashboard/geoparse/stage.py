"""The geoparser as a batch stage (:func:`dashboard.pipeline.run_stage`): picklable, it
ships its recipe to worker processes and loads the model and gazetteer there once."""

from __future__ import annotations

from dashboard.gazetteer import Gazetteer
from dashboard.geoparse.geoparser import Geoparser
from dashboard.geoparse.nlp import load_pipeline, pipe_texts


class GeoparseStage:
    """The geoparsing stage.

    Inputs are dicts ``{"id", "text", "spans"?}``; outputs ``{"id", "toponyms": [...]}``.
    With ``spans`` (oracle mode) exactly those spans are resolved, in order, ``lat``/``lon``
    null where nothing fits.  ``setup()`` loads the model and gazetteer once per process.
    """

    def __init__(self, gazetteer_path: str | None = None, model: str | None = None, *, alternatives: bool = False):
        self.gazetteer_path = gazetteer_path
        self.model = model
        self.alternatives = alternatives
        self.geoparser: Geoparser | None = None

    def __getstate__(self):  # ship the recipe, not the loaded model
        return {**self.__dict__, "geoparser": None}

    def setup(self) -> None:
        if self.geoparser is not None:
            return
        self.geoparser = Geoparser(load_pipeline(self.model), Gazetteer(self.gazetteer_path))
        self.geoparser.warm()

    def run(self, batch: list[dict]) -> list[dict]:
        gp = self.geoparser
        texts = [str(item.get("text") or "") for item in batch]
        out = []
        for item, sdoc in zip(batch, pipe_texts(gp.nlp, texts)):
            spans = item.get("spans")
            if spans is not None:
                tops = gp.resolve_spans(sdoc.text, [tuple(s) for s in spans], sdoc=sdoc)
            else:
                tops = list(gp.parse_spacy(sdoc).toponyms)
            out.append({"id": item.get("id"), "toponyms": [t.to_dict(alternatives=self.alternatives) for t in tops]})
        return out
