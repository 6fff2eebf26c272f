"""What is vendored, and where: the bundles (one folder per browser library, with the
files taken from its npm package and its licence), the CDN URL -> vendored file map, the
URLs deliberately not served, the text rewrites applied to vendored files, and the
folders and URL they live at.

The tables are data (``bundles.json`` in this folder, read once at import); the order of
``bundles`` is the order of the vendor folder's README table.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib.resources import files

from dashboard import config

PACKAGE_DIR = config.PACKAGE_DIR
PROJECT_DIR = config.PROJECT_DIR
NODE_MODULES = PROJECT_DIR / "node_modules"
#: Where the vendored files live: Streamlit serves ``<app dir>/static/`` at ``/app/static/``.
VENDOR_DIR = PACKAGE_DIR / "app" / "static" / "vendor"
#: The URL path the vendored files are served under by ``sitmap serve``.
VENDOR_URL = "/app/static/vendor"

SETUP_HINT = "run `npm ci --ignore-scripts --no-audit --no-fund && .venv/bin/python -m dashboard.mapping.assets` in the project folder"


@dataclass(frozen=True)
class Bundle:
    """One vendored library: which package it comes from and which of its files we serve.

    ``files`` pairs a path inside the bundle folder with the path inside the source
    package (an empty source path: a file :mod:`dashboard.mapping.assets.vendor`
    generates); ``licences`` pairs a destination file name with a path relative to
    ``node_modules`` (or to the folium package for ``source == "folium"``).  ``notice``
    is written to ``NOTICE`` when the package ships no licence file of its own, or to
    record where a file was changed.
    """

    folder: str
    source: str  # the dependency's key in package.json, or "folium" for files in the folium wheel
    version: str
    licence: str  # SPDX expression
    files: tuple[tuple[str, str], ...]
    licences: tuple[tuple[str, str], ...] = ()
    notice: str = ""
    npm_name: str = ""  # the registry name when ``source`` is an npm alias


def _text(lines: list[str]) -> str:
    return "".join(line + "\n" for line in lines)


def _bundle(entry: dict, licence_texts: dict[str, str]) -> Bundle:
    notice = _text(entry.get("notice", []))
    if "notice_ends_with" in entry:
        notice += licence_texts[entry["notice_ends_with"]]
    return Bundle(entry["folder"], entry["source"], entry["version"], entry["licence"],
                  tuple(entry["files"].items()), tuple(entry.get("licences", {}).items()), notice,
                  entry.get("npm_name", ""))


_DATA = json.loads((files("dashboard.mapping.assets") / "bundles.json").read_text(encoding="utf-8"))
_LICENCE_TEXTS = {name: _text(lines) for name, lines in _DATA["licence_texts"].items()}

BUNDLES: tuple[Bundle, ...] = tuple(_bundle(entry, _LICENCE_TEXTS) for entry in _DATA["bundles"])

#: CDN URL -> vendored file, relative to the vendor folder.
ASSETS: dict[str, str] = {url: rel for group in _DATA["assets"].values() for url, rel in group.items()}

#: CDN URLs deliberately not served, with the reason.  :func:`~dashboard.mapping.assets.localize.localize`
#: drops them.
DROPPED: dict[str, str] = dict(_DATA["dropped"])

#: Text changes applied to vendored files: (bundle folder, file) -> [(old, new)].  Each old
#: string must be present, so an upgrade that changes the file fails loudly.
REWRITES: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {
    (r["folder"], r["file"]): tuple((old, new) for old, new in r["replace"]) for r in _DATA["rewrites"]}

#: The folder of the Leaflet bundle (its ``images/`` hold the default marker images).
LEAFLET_FOLDER = next(b.folder for b in BUNDLES if b.source == "leaflet")
