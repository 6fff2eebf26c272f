"""Offline front end: pinned copies of the browser libraries folium loads from CDNs.

folium 0.20 and its plugins point ``<script>``/``<link>`` tags at jsDelivr, cdnjs,
code.jquery.com, netdna and d3js.org.  On an air-gapped network none of those answer, so
sitmap serves its own copies from the Streamlit app's static folder instead:

* ``package.json`` pins the npm packages that hold the same files (same versions as
  folium's CDN URLs wherever npm has them); ``npm ci`` puts them in ``node_modules/``;
* :func:`vendor` (``python -m dashboard.mapping.assets``) copies exactly the files the pages
  load -- scripts, stylesheets and what the stylesheets' ``url(...)`` reference (fonts,
  marker sprites, Leaflet's images) -- with each package's licence into
  ``dashboard/app/static/vendor/<bundle>/``, keeping the relative layout the CSS relies
  on.  Streamlit serves that folder at ``/app/static/vendor/``
  (``server.enableStaticServing`` in ``.streamlit/config.toml``);
* :func:`localize` repoints every element's ``default_js``/``default_css`` at those
  copies (per instance: folium's class-level lists are never modified), and
  :func:`offline_map` returns a map that does so itself every time it is rendered, so
  plugins added later are covered too;
* :func:`inline_assets` turns a rendered page into one self-contained file (scripts and
  styles inlined, fonts and images as ``data:`` URIs) that works from ``file://``;
* :func:`find_remote_links` lists every resource a page would fetch from another host
  (tests assert it is empty).

``ASSETS`` maps each CDN URL folium (or streamlit-folium) may emit to its vendored copy,
relative to the vendor folder; ``DROPPED`` lists the few URLs that are deliberately not
served, with the reason.  An element that asks for a URL in neither makes
:func:`localize` raise :class:`~dashboard.errors.DataError` instead of silently loading
from the internet.

This module never imports streamlit.
"""

from __future__ import annotations

import argparse
import base64
import filecmp
import hashlib
import ipaddress
import json
import mimetypes
import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Sequence
from urllib.parse import urlsplit

import folium
import folium.elements
import folium.plugins
from branca.colormap import ColorMap
from branca.element import Element, Link, MacroElement
from folium.template import Template

from dashboard import config
from dashboard.errors import DataError

PACKAGE_DIR = config.PACKAGE_DIR
PROJECT_DIR = config.PROJECT_DIR
NODE_MODULES = PROJECT_DIR / "node_modules"
#: Where the vendored files live: Streamlit serves ``<app dir>/static/`` at ``/app/static/``.
VENDOR_DIR = PACKAGE_DIR / "app" / "static" / "vendor"
#: The URL path the vendored files are served under by ``sitmap serve``.
VENDOR_URL = "/app/static/vendor"

SETUP_HINT = "run `npm ci --ignore-scripts --no-audit --no-fund && .venv/bin/python -m dashboard.mapping.assets` in the project folder"

_MIT = """Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
"""

# Where Debian keeps the full Apache-2.0 text (base-files); used for iso8601-js-period,
# whose npm package names the licence but ships no copy of it.
_APACHE_TEXT = Path("/usr/share/common-licenses/Apache-2.0")


@dataclass(frozen=True)
class Bundle:
    """One vendored library: which package it comes from and which of its files we serve.

    ``files`` pairs a path inside the bundle folder with the path inside the source
    package; ``licences`` pairs a destination file name with a path relative to
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


def _same(*paths: str, prefix: str = "") -> tuple[tuple[str, str], ...]:
    return tuple((p, prefix + p) for p in paths)


BUNDLES: tuple[Bundle, ...] = (
    Bundle(
        "leaflet-1.9.3", "leaflet", "1.9.3", "BSD-2-Clause",
        _same("leaflet.js", "leaflet.css", "images/layers.png", "images/layers-2x.png",
              "images/marker-icon.png", "images/marker-icon-2x.png", "images/marker-shadow.png",
              prefix="dist/"),
        (("LICENSE", "leaflet/LICENSE"),),
    ),
    Bundle(
        "jquery-3.7.1", "jquery", "3.7.1", "MIT",
        (("jquery.min.js", "dist/jquery.min.js"),),
        (("LICENSE.txt", "jquery/LICENSE.txt"),),
    ),
    Bundle(
        "bootstrap-5.2.2", "bootstrap", "5.2.2", "MIT",
        _same("js/bootstrap.bundle.min.js", "css/bootstrap.min.css", prefix="dist/"),
        (("LICENSE", "bootstrap/LICENSE"), ("LICENSE-popper.md", "@popperjs/core/LICENSE.md")),
        notice="bootstrap.bundle.min.js includes Popper (MIT, see LICENSE-popper.md).\n",
    ),
    Bundle(
        # folium loads Bootstrap 3's glyphicons (the default icon set of folium.Icon) from
        # netdna's bootstrap-glyphicons.css 3.0.0, which is not on npm; this package is
        # Bootstrap 3.3.7's own customizer build limited to the glyphicons (same class
        # names, a superset of the 3.0.0 icons).
        "glyphicons-only-bootstrap-1.0.1", "glyphicons-only-bootstrap", "1.0.1", "MIT",
        (("css/bootstrap-glyphicons.min.css", "css/bootstrap.min.css"),)
        + _same("fonts/glyphicons-halflings-regular.eot", "fonts/glyphicons-halflings-regular.svg",
                "fonts/glyphicons-halflings-regular.ttf", "fonts/glyphicons-halflings-regular.woff",
                "fonts/glyphicons-halflings-regular.woff2"),
        notice=(
            "glyphicons-only-bootstrap 1.0.1 (npm): the glyphicons part of Bootstrap v3.3.7,\n"
            "Copyright 2011-2016 Twitter, Inc., licensed under the MIT licence below.\n"
            "The Glyphicons Halflings font is made available by its author (glyphicons.com)\n"
            "for Bootstrap under the same licence.\n\n"
            "Copyright (c) 2011-2016 Twitter, Inc.\n\n" + _MIT
        ),
    ),
    Bundle(
        "fontawesome-free-6.2.0", "@fortawesome/fontawesome-free", "6.2.0",
        "CC-BY-4.0 AND OFL-1.1 AND MIT",
        (("css/all.min.css", "css/all.min.css"),)
        + _same(*(f"webfonts/fa-{n}.{ext}" for n in ("brands-400", "regular-400", "solid-900", "v4compatibility")
                  for ext in ("woff2", "ttf"))),
        (("LICENSE.txt", "@fortawesome/fontawesome-free/LICENSE.txt"),),
    ),
    Bundle(
        # The 2.0.2 release folium asks for (lvoogdt/Leaflet.awesome-markers) is on npm only
        # as this repackaging; the later leaflet.awesome-markers 2.0.4+ are a fork whose
        # sprite sheet differs.
        "leaflet.awesome-markers-2.0.2", "drmonty-leaflet-awesome-markers", "2.0.2", "MIT",
        (("leaflet.awesome-markers.js", "js/leaflet.awesome-markers.js"),
         ("leaflet.awesome-markers.css", "css/leaflet.awesome-markers.css"))
        + _same("images/markers-soft.png", "images/markers-soft@2x.png",
                "images/markers-shadow.png", "images/markers-shadow@2x.png", prefix="css/"),
        notice=(
            "Leaflet.awesome-markers 2.0.2 (npm: drmonty-leaflet-awesome-markers 2.0.2)\n"
            "Copyright (C) 2013 L. Voogdt -- released under the MIT licence:\n\n" + _MIT
        ),
    ),
    Bundle(
        # Files folium itself serves from its GitHub repository (via jsDelivr): the heat-map
        # scripts ship inside the folium wheel; the awesome-marker rotation classes are
        # generated here (one rule per degree, as in folium's leaflet.awesome.rotate.css).
        "folium-0.20", "folium", "0.20", "MIT",
        (("leaflet.awesome.rotate.min.css", ""),)
        + _same("leaflet_heat.min.js", "pa7_hm.min.js", "pa7_leaflet_hm.min.js", prefix="templates/"),
        (("LICENSE.txt", "LICENSE.txt"),),
        notice=(
            "leaflet_heat.min.js: Leaflet.heat and simpleheat, (c) 2014 Vladimir Agafonkin, BSD-2-Clause.\n"
            "pa7_hm.min.js, pa7_leaflet_hm.min.js: heatmap.js v2.0.5 and its Leaflet overlay,\n"
            "(c) 2008-2016 Patrick Wied, dual-licensed MIT / Beerware.\n"
            "leaflet.awesome.rotate.min.css: generated by dashboard/assets.py, equivalent to\n"
            "folium's templates/leaflet.awesome.rotate.css (folium, MIT: LICENSE.txt).\n"
        ),
    ),
    Bundle(
        "leaflet.fullscreen-3.0.0", "leaflet.fullscreen", "3.0.0", "MIT",
        _same("Control.FullScreen.js", "Control.FullScreen.css", "icon-fullscreen.svg"),
        (("LICENSE", "leaflet.fullscreen/LICENSE"),),
    ),
    Bundle(
        "leaflet.markercluster-1.1.0", "leaflet.markercluster", "1.1.0", "MIT",
        _same("leaflet.markercluster.js", "MarkerCluster.css", "MarkerCluster.Default.css", prefix="dist/"),
        (("MIT-LICENCE.txt", "leaflet.markercluster/MIT-LICENCE.txt"),),
    ),
    Bundle(
        "leaflet-minimap-3.6.1", "leaflet-minimap", "3.6.1", "BSD-2-Clause",
        _same("Control.MiniMap.js", "Control.MiniMap.css", "images/toggle.png", "images/toggle.svg",
              prefix="src/"),
        (("LICENSE.txt", "leaflet-minimap/LICENSE.txt"),),
    ),
    Bundle(
        "leaflet-timedimension-1.1.1", "leaflet-timedimension", "1.1.1", "MIT",
        _same("leaflet.timedimension.min.js", "leaflet.timedimension.control.css", prefix="dist/"),
        (("LICENSE", "leaflet-timedimension/LICENSE"),),
        notice=(
            "leaflet.timedimension.control.css is changed: its @font-face loaded the\n"
            "Glyphicons Halflings font from netdna.bootstrapcdn.com; it now points at the\n"
            "vendored copy in ../glyphicons-only-bootstrap-1.0.1/fonts/.\n"
        ),
    ),
    Bundle(
        "iso8601-js-period-0.2.1", "iso8601-js-period", "0.2.1", "Apache-2.0",
        (("iso8601.js", "iso8601.js"),),
        notice="iso8601-js-period 0.2.1, (c) Nezasa, 2012-2013, published under the Apache License 2.0 (LICENSE).\n",
    ),
    Bundle(
        "moment-2.18.1", "moment", "2.18.1", "MIT",
        (("moment.min.js", "min/moment.min.js"),),
        (("LICENSE", "moment/LICENSE"),),
    ),
    Bundle(
        "highlight.js-8.4.0", "highlight.js", "8.4.0", "BSD-3-Clause",
        (("styles/default.css", "styles/default.css"),),
        (("LICENSE", "highlight.js/LICENSE"),),
    ),
    Bundle(
        "d3-4.13.0", "d3", "4.13.0", "BSD-3-Clause",
        (("d3.min.js", "build/d3.min.js"),),
        (("LICENSE", "d3/LICENSE"),),
    ),
    Bundle(
        "d3-3.5.5", "d3-v3", "3.5.5", "BSD-3-Clause",
        (("d3.min.js", "d3.min.js"),),
        (("LICENSE", "d3-v3/LICENSE"),),
        npm_name="d3",
    ),
)

_JSD = "https://cdn.jsdelivr.net"
_CDNJS = "https://cdnjs.cloudflare.com/ajax/libs"

_LEAFLET_JS = f"{_JSD}/npm/leaflet@1.9.3/dist/leaflet.js"

#: CDN URL -> vendored file, relative to the vendor folder.
ASSETS: dict[str, str] = {
    # folium.Map (folium/folium.py: _default_js, _default_css)
    _LEAFLET_JS: "leaflet-1.9.3/leaflet.js",
    "https://code.jquery.com/jquery-3.7.1.min.js": "jquery-3.7.1/jquery.min.js",
    f"{_JSD}/npm/bootstrap@5.2.2/dist/js/bootstrap.bundle.min.js": "bootstrap-5.2.2/js/bootstrap.bundle.min.js",
    f"{_CDNJS}/Leaflet.awesome-markers/2.0.2/leaflet.awesome-markers.js": "leaflet.awesome-markers-2.0.2/leaflet.awesome-markers.js",
    f"{_JSD}/npm/leaflet@1.9.3/dist/leaflet.css": "leaflet-1.9.3/leaflet.css",
    f"{_JSD}/npm/bootstrap@5.2.2/dist/css/bootstrap.min.css": "bootstrap-5.2.2/css/bootstrap.min.css",
    "https://netdna.bootstrapcdn.com/bootstrap/3.0.0/css/bootstrap-glyphicons.css": "glyphicons-only-bootstrap-1.0.1/css/bootstrap-glyphicons.min.css",
    f"{_JSD}/npm/@fortawesome/fontawesome-free@6.2.0/css/all.min.css": "fontawesome-free-6.2.0/css/all.min.css",
    f"{_CDNJS}/Leaflet.awesome-markers/2.0.2/leaflet.awesome-markers.css": "leaflet.awesome-markers-2.0.2/leaflet.awesome-markers.css",
    f"{_JSD}/gh/python-visualization/folium/folium/templates/leaflet.awesome.rotate.min.css": "folium-0.20/leaflet.awesome.rotate.min.css",
    # plugins.Fullscreen
    f"{_JSD}/npm/leaflet.fullscreen@3.0.0/Control.FullScreen.min.js": "leaflet.fullscreen-3.0.0/Control.FullScreen.js",
    f"{_JSD}/npm/leaflet.fullscreen@3.0.0/Control.FullScreen.css": "leaflet.fullscreen-3.0.0/Control.FullScreen.css",
    # plugins.MarkerCluster
    f"{_CDNJS}/leaflet.markercluster/1.1.0/leaflet.markercluster.js": "leaflet.markercluster-1.1.0/leaflet.markercluster.js",
    f"{_CDNJS}/leaflet.markercluster/1.1.0/MarkerCluster.css": "leaflet.markercluster-1.1.0/MarkerCluster.css",
    f"{_CDNJS}/leaflet.markercluster/1.1.0/MarkerCluster.Default.css": "leaflet.markercluster-1.1.0/MarkerCluster.Default.css",
    # plugins.MiniMap
    f"{_CDNJS}/leaflet-minimap/3.6.1/Control.MiniMap.js": "leaflet-minimap-3.6.1/Control.MiniMap.js",
    f"{_CDNJS}/leaflet-minimap/3.6.1/Control.MiniMap.css": "leaflet-minimap-3.6.1/Control.MiniMap.css",
    # plugins.TimestampedGeoJson, plugins.HeatMapWithTime
    f"{_CDNJS}/jquery/3.7.1/jquery.min.js": "jquery-3.7.1/jquery.min.js",
    f"{_JSD}/npm/iso8601-js-period@0.2.1/iso8601.min.js": "iso8601-js-period-0.2.1/iso8601.js",
    f"{_JSD}/npm/leaflet-timedimension@1.1.1/dist/leaflet.timedimension.min.js": "leaflet-timedimension-1.1.1/leaflet.timedimension.min.js",
    f"{_JSD}/npm/leaflet-timedimension@1.1.1/dist/leaflet.timedimension.control.css": "leaflet-timedimension-1.1.1/leaflet.timedimension.control.css",
    f"{_CDNJS}/moment.js/2.18.1/moment.min.js": "moment-2.18.1/moment.min.js",
    f"{_CDNJS}/highlight.js/8.4/styles/default.min.css": "highlight.js-8.4.0/styles/default.css",
    f"{_JSD}/gh/python-visualization/folium/folium/templates/pa7_hm.min.js": "folium-0.20/pa7_hm.min.js",
    f"{_JSD}/gh/python-visualization/folium/folium/templates/pa7_leaflet_hm.min.js": "folium-0.20/pa7_leaflet_hm.min.js",
    # plugins.HeatMap
    f"{_JSD}/gh/python-visualization/folium@main/folium/templates/leaflet_heat.min.js": "folium-0.20/leaflet_heat.min.js",
    # plugins.TimeSliderChoropleth (and streamlit-folium, for any branca ColorMap)
    "https://d3js.org/d3.v4.min.js": "d3-4.13.0/d3.min.js",
    # branca ColorMap legends (added to the page header at render time)
    f"{_CDNJS}/d3/3.5.5/d3.min.js": "d3-3.5.5/d3.min.js",
}

#: CDN URLs deliberately not served, with the reason.  :func:`localize` drops them.
DROPPED: dict[str, str] = {
    f"{_CDNJS}/jqueryui/1.10.2/jquery-ui.min.js": (
        "jQuery UI 1.10.2 has no browser build on npm, and nothing uses it: neither the "
        "TimestampedGeoJson template nor leaflet-timedimension 1.1.1 calls jQuery UI"
    ),
}

# Text changes applied to vendored files: (bundle folder, file) -> [(old, new)].  Each old
# string must be present, so an upgrade that changes the file fails loudly.
REWRITES: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {
    ("leaflet-timedimension-1.1.1", "leaflet.timedimension.control.css"): (
        ("//netdna.bootstrapcdn.com/bootstrap/3.0.0/fonts/", "../glyphicons-only-bootstrap-1.0.1/fonts/"),
    ),
}


# --------------------------------------------------------------------------- URLs


_LOOPBACK_NAMES = {"localhost"}
_NETWORK_SCHEMES = {"http", "https", "ws", "wss", "ftp"}


def is_remote(url: str) -> bool:
    """True if fetching ``url`` would leave this machine.

    Relative and root-relative paths, ``data:``/``blob:``/``about:`` URIs, fragments and
    URLs whose host is loopback (``localhost``, ``127.0.0.0/8``, ``::1``) are local;
    ``http(s)``, ``ws(s)`` and ``ftp`` URLs to any other host, and protocol-relative
    ``//host/...`` URLs, are remote.
    """
    url = url.strip().replace("\\/", "/")
    if url.startswith("//"):
        host = urlsplit("http:" + url).hostname
    else:
        m = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", url)
        if not m or m.group(1).lower() not in _NETWORK_SCHEMES:
            return False
        try:
            host = urlsplit(url).hostname
        except ValueError:
            return True
    if not host:
        return True
    host = host.lower()
    if host in _LOOPBACK_NAMES or host.endswith(".localhost"):
        return False
    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:
        return True


# Attributes whose value the browser fetches.  <a>/<area> href are links a user may
# follow, not loads; they are reported only with ``anchors=True``.
_TAG = re.compile(r"<([A-Za-z][\w:-]*)\b((?:[^<>\"']|\"[^\"]*\"|'[^']*')*)>", re.S)
_ATTR = re.compile(
    r"(?:^|[\s\\])(src|href|srcset|poster|data|xlink:href|background|action|formaction|manifest)"
    r"\s*=\s*(?:(\\?[\"'])(.*?)\2|([^\s\"'>\\]+))",
    re.I | re.S,
)
_CSS_URL = re.compile(r"url\(\s*(?:\"([^\"]*)\"|'([^']*)'|([^)\s\"']*))\s*\)", re.I)
_CSS_IMPORT = re.compile(r"@import\s+(?:\"([^\"]*)\"|'([^']*)')", re.I)
# Leaflet calls and icon options in the page's script whose first argument / value is fetched.
_JS_LOADS = re.compile(
    r"L\.(?:tileLayer(?:\.wms)?|imageOverlay|videoOverlay)\(\s*([\"'`])(.*?)\1"
    r"|[\"']?(?:iconUrl|iconRetinaUrl|shadowUrl|shadowRetinaUrl)[\"']?\s*:\s*([\"'])(.*?)\3",
    re.S,
)


def _referenced_urls(html: str, anchors: bool = False) -> Iterator[str]:
    for tag in _TAG.finditer(html):
        name = tag.group(1).lower()
        if name in ("a", "area") and not anchors:
            continue
        for attr in _ATTR.finditer(tag.group(2)):
            value = attr.group(3) if attr.group(2) else attr.group(4)
            if value is None:
                continue
            if attr.group(1).lower() == "srcset":
                yield from (part.split()[0] for part in value.split(",") if part.strip())
            else:
                yield value
    for m in _CSS_URL.finditer(html):
        yield next(g for g in m.groups() if g is not None)
    for m in _CSS_IMPORT.finditer(html):
        yield next(g for g in m.groups() if g is not None)
    for m in _JS_LOADS.finditer(html):
        yield m.group(2) if m.group(1) else m.group(4)


def find_remote_links(html: str, *, anchors: bool = False) -> list[str]:
    """Every resource ``html`` would fetch from another host, in order, without repeats.

    Looks at ``src``/``href``/``srcset``/... attributes of any tag (also inside script
    strings, e.g. an ``<img>`` in a popup), CSS ``url(...)`` and ``@import``, the URL
    templates of Leaflet tile/image layers and marker icon URLs.  A URL is remote by
    :func:`is_remote`.  ``<a href>`` links are ignored unless ``anchors=True``: following
    one is the user's choice, not something the page loads.
    """
    seen: dict[str, None] = {}
    for url in _referenced_urls(html, anchors=anchors):
        if is_remote(url):
            seen.setdefault(url.strip().replace("\\/", "/"), None)
    return list(seen)


def local_links(html: str, base_url: str = VENDOR_URL) -> list[str]:
    """The URLs in ``html`` that point into the vendor folder (``base_url/...``), in order."""
    prefix = base_url.rstrip("/") + "/"
    seen: dict[str, None] = {}
    for url in _referenced_urls(html):
        if url.startswith(prefix):
            seen.setdefault(url, None)
    return list(seen)


# --------------------------------------------------------------------------- folium


def _walk(element: Element) -> Iterator[Element]:
    yield element
    if isinstance(element, folium.plugins.DualMap):
        yield from _walk(element.m1)
        yield from _walk(element.m2)
    for part in ("header", "html", "script"):
        sub = getattr(element, part, None)
        if isinstance(sub, Element) and sub is not element:
            yield from _walk(sub)
    for child in list(getattr(element, "_children", {}).values()):
        yield from _walk(child)


def local_url(url: str, base_url: str = VENDOR_URL, *, owner: object = None) -> str | None:
    """The local replacement for a CDN ``url``; ``None`` if it is dropped (see ``DROPPED``).

    Local URLs are returned unchanged.  Raises :class:`DataError` for a remote URL
    sitmap has not vendored.
    """
    if not is_remote(url):
        return url
    if url in DROPPED:
        return None
    try:
        rel = ASSETS[url]
    except KeyError:
        who = f"{type(owner).__name__} " if owner is not None else ""
        raise DataError(
            f"{who}loads {url!r}, which sitmap has not vendored for offline use: add its npm "
            "package to package.json and the file to dashboard.mapping.assets (BUNDLES and ASSETS), "
            "then run `npm install --ignore-scripts && python -m dashboard.mapping.assets`"
        ) from None
    return f"{base_url.rstrip('/')}/{rel}"


def _localized(links: Sequence[tuple[str, str]], base_url: str, owner: object) -> list[tuple[str, str]]:
    out = []
    for name, url in links:
        new = local_url(url, base_url, owner=owner)
        if new is not None:
            out.append((name, new))
    return out


def _localize_header_links(root: Element, base_url: str) -> None:
    header = getattr(root, "header", None)
    if not isinstance(header, Element):
        return
    for key, child in list(header._children.items()):
        if isinstance(child, Link):
            new = local_url(child.url, base_url, owner=child)
            if new is None:
                del header._children[key]
            else:
                child.url = new


_IMAGE_PATH_KEY = "sitmap_leaflet_image_path"


class LeafletImagePath(MacroElement):
    """Tells Leaflet where its default marker images are (``L.Icon.Default.imagePath``).

    Leaflet guesses the folder from its stylesheet, but streamlit-folium's iframe loads
    the stylesheets after the scripts, and Leaflet's fallback guess drops the
    ``images/`` part, so default markers would request ``.../leaflet-1.9.3marker-icon.png``.
    :func:`localize` puts this first among each map's children, so it runs before any
    marker is made, in a standalone page and in streamlit-folium alike.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            L.Icon.Default.imagePath = {{ this.image_path|tojson }};
        {% endmacro %}
        """
    )

    def __init__(self, image_path: str):
        super().__init__()
        self._name = "LeafletImagePath"
        self.image_path = image_path


def _set_image_path(m: folium.Map, base_url: str) -> None:
    path = f"{base_url.rstrip('/')}/{ASSETS[_LEAFLET_JS].rsplit('/', 1)[0]}/images/"
    existing = m._children.get(_IMAGE_PATH_KEY)
    if isinstance(existing, LeafletImagePath):
        existing.image_path = path
    else:
        m.add_child(LeafletImagePath(path), name=_IMAGE_PATH_KEY)
    m._children.move_to_end(_IMAGE_PATH_KEY, last=False)


def localize(fig_or_map: Element, base_url: str = VENDOR_URL) -> Element:
    """Point every folium/branca element under ``fig_or_map``'s root at the vendored files.

    Sets each element's own ``default_js``/``default_css`` (the class-level lists of
    folium stay as they are), rewrites links already in the page header and gives each
    map a :class:`LeafletImagePath`.  Returns
    ``fig_or_map``.  Elements added afterwards, and links a branca ``ColorMap`` adds to
    the header when rendered, are not covered: use :func:`offline_map`, which localizes
    at render time.  Raises :class:`DataError` for a remote file not in ``ASSETS``.
    """
    root = fig_or_map.get_root()
    maps = []
    for element in _walk(root):
        for attr in ("default_js", "default_css"):
            links = getattr(element, attr, None)
            if isinstance(links, (list, tuple)):
                setattr(element, attr, _localized(links, base_url, element))
        if isinstance(element, folium.Map):
            maps.append(element)
    for m in maps:
        _set_image_path(m, base_url)
    _localize_header_links(root, base_url)
    return fig_or_map


class OfflineMap(folium.Map):
    """A :class:`folium.Map` that loads everything from the vendored copies.

    It localizes its whole page each time it is rendered (so plugins added after
    construction are covered), and again after its children have rendered, for the
    links branca colormaps add to the header at render time.
    """

    offline_base_url: str = VENDOR_URL

    def render(self, **kwargs):
        localize(self, self.offline_base_url)
        super().render(**kwargs)
        _localize_header_links(self.get_root(), self.offline_base_url)


def offline_map(*, base_url: str = VENDOR_URL, **folium_map_kwargs) -> folium.Map:
    """A folium map with no tile layer (unless ``tiles=`` says otherwise) that works offline.

    Takes :class:`folium.Map`'s keyword arguments.  Nothing is rendered here.
    """
    folium_map_kwargs.setdefault("tiles", None)
    m = OfflineMap(**folium_map_kwargs)
    m.offline_base_url = base_url
    return m


def component_links(fig: Element) -> tuple[list[str], list[str]]:
    """The ``(js_links, css_links)`` streamlit-folium 0.27 sends to its iframe for ``fig``.

    Mirrors ``streamlit_folium.st_folium``: every element's ``default_js``/``default_css``
    in tree order, with two d3 URLs put first (hard-coded, remote) whenever the tree holds
    a branca ``ColorMap``.  The iframe loads these one by one and stops at the first that
    fails, so on an air-gapped network any remote one leaves the map blank.
    """
    js: list[str] = []
    css: list[str] = []

    def walk(el):
        if isinstance(el, ColorMap):
            yield el
        if isinstance(el, folium.plugins.DualMap):
            yield from walk(el.m1)
            yield from walk(el.m2)
        if isinstance(el, folium.elements.JSCSSMixin):
            yield el
        for child in getattr(el, "_children", {}).values():
            yield from walk(child)

    for el in walk(fig):
        if isinstance(el, ColorMap):
            js.insert(0, f"{_CDNJS}/d3/3.5.5/d3.min.js")
            js.insert(0, "https://d3js.org/d3.v4.min.js")
        css.extend(url for _, url in getattr(el, "default_css", []))
        js.extend(url for _, url in getattr(el, "default_js", []))
    return list(dict.fromkeys(js)), list(dict.fromkeys(css))


# --------------------------------------------------------------------------- inlining


_SCRIPT_SRC = re.compile(r"<script\b[^>]*?\bsrc\s*=\s*([\"'])(?P<url>[^\"']+)\1[^>]*>\s*</script\s*>", re.I)
_LINK_CSS = re.compile(r"<link\b(?=[^>]*\brel\s*=\s*[\"']?stylesheet)[^>]*?\bhref\s*=\s*([\"'])(?P<url>[^\"']+)\1[^>]*>", re.I)
_FONT_FACE = re.compile(r"@font-face\s*\{[^}]*\}", re.I)
_SOURCE_MAP = re.compile(r"/\*#\s*sourceMappingURL=[^*]*\*/|//#\s*sourceMappingURL=\S*")


def _data_uri(path: Path, cache: dict[Path, str]) -> str:
    if path not in cache:
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        cache[path] = f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"
    return cache[path]


def _strip_query(url: str) -> str:
    return url.split("?")[0].split("#")[0]


def _vendored_file(vendor_dir: Path, rel: str) -> Path:
    root = vendor_dir.resolve()
    path = (root / _strip_query(rel)).resolve()
    if root not in path.parents:
        raise DataError(f"{rel!r} points outside the vendor folder {vendor_dir}")
    if not path.is_file():
        raise DataError(f"vendored file {path} is missing: {SETUP_HINT}")
    return path


def _woff2_only(css: str) -> str:
    """In each @font-face that offers WOFF2, keep only that source (every current browser reads it)."""

    def one(m: re.Match) -> str:
        block = m.group(0)
        woff2 = re.search(r"url\([^)]*\.woff2[^)]*\)\s*format\(\s*[\"']woff2[\"']\s*\)", block)
        if not woff2:
            return block
        block = re.sub(r"src\s*:[^;}]*;?", "", block)
        return block.rstrip("}").rstrip().rstrip(";") + f";src:{woff2.group(0)}}}"

    return _FONT_FACE.sub(one, css)


def _inline_css(path: Path, vendor_dir: Path, cache: dict[Path, str]) -> str:
    css = _woff2_only(_SOURCE_MAP.sub("", path.read_text(encoding="utf-8")))

    def repl(m: re.Match) -> str:
        url = next(g for g in m.groups() if g is not None)
        if not url or url.startswith(("data:", "#", "/")) or is_remote(url):
            return m.group(0)
        target = _vendored_file(vendor_dir, os.path.relpath(path.parent / _strip_query(url), vendor_dir))
        return f'url("{_data_uri(target, cache)}")'

    css = _CSS_URL.sub(repl, css)
    return re.sub(r"</(style)", r"<\\/\1", css, flags=re.I)


def _leaflet_icon_fix(leaflet_js: Path, cache: dict[Path, str]) -> str:
    images = leaflet_js.parent / "images"
    urls = {k: _data_uri(images / f, cache) for k, f in
            (("iconUrl", "marker-icon.png"), ("iconRetinaUrl", "marker-icon-2x.png"), ("shadowUrl", "marker-shadow.png"))}
    # Leaflet prefixes its default marker images with L.Icon.Default.imagePath (which
    # LeafletImagePath sets to the served folder); in a single file they are data: URIs,
    # so use them as they are, whatever imagePath says.
    return ("<script>L.Icon.Default.mergeOptions(" + json.dumps(urls) + ");"
            "L.Icon.Default.include({_getIconUrl:function(name){"
            "return L.Icon.prototype._getIconUrl.call(this,name);}});</script>")


def inline_assets(html: str, vendor_dir: Path = VENDOR_DIR, *, base_url: str = VENDOR_URL) -> str:
    """``html`` with its vendored scripts and stylesheets inlined: one file that needs no server.

    ``<script src>`` and ``<link rel=stylesheet href>`` tags pointing at ``base_url/...``
    (or at a CDN URL listed in ``ASSETS``, so un-localized folium output works too) are
    replaced by ``<script>``/``<style>`` holding the file's content; the stylesheets'
    fonts and images become ``data:`` URIs (WOFF2 only where a font offers it).  Tags for
    ``DROPPED`` URLs are removed.  Other tags are left alone: check the result with
    :func:`find_remote_links`.  Raises :class:`DataError` if a vendored file is missing.
    """
    prefix = base_url.rstrip("/") + "/"
    cache: dict[Path, str] = {}

    def rel_for(url: str) -> str | None:
        if url.startswith(prefix):
            return url[len(prefix):]
        return ASSETS.get(url)

    def script(m: re.Match) -> str:
        url = m.group("url")
        if url in DROPPED:
            return ""
        rel = rel_for(url)
        if rel is None:
            return m.group(0)
        path = _vendored_file(vendor_dir, rel)
        code = _SOURCE_MAP.sub("", path.read_text(encoding="utf-8"))
        code = re.sub(r"</(script)", r"<\\/\1", code, flags=re.I)
        out = f"<script>/* {rel} */\n{code}\n</script>"
        if path.name == "leaflet.js" and (path.parent / "images").is_dir():
            out += _leaflet_icon_fix(path, cache)
        return out

    def style(m: re.Match) -> str:
        url = m.group("url")
        if url in DROPPED:
            return ""
        rel = rel_for(url)
        if rel is None:
            return m.group(0)
        path = _vendored_file(vendor_dir, rel)
        return f"<style>/* {rel} */\n{_inline_css(path, vendor_dir, cache)}\n</style>"

    return _LINK_CSS.sub(style, _SCRIPT_SRC.sub(script, html))


# --------------------------------------------------------------------------- vendoring


@dataclass(frozen=True)
class VendorReport:
    dest: Path
    files: tuple[str, ...]  # paths relative to dest
    total_bytes: int

    def summary(self) -> str:
        return f"vendored {len(self.files)} files ({self.total_bytes / 1e6:.2f} MB) into {self.dest}"


def _rotate_css() -> str:
    rules = (
        f".fa-rotate-{d}{{-ms-transform:rotate({d}deg);-webkit-transform:rotate({d}deg);transform:rotate({d}deg)}}"
        for d in range(1, 361)
    )
    return "/* generated by dashboard/assets.py: folium's leaflet.awesome.rotate.css (MIT) */\n" + "\n".join(rules) + "\n"


def _source_dir(bundle: Bundle, node_modules: Path) -> Path:
    if bundle.source == "folium":
        return Path(folium.__file__).resolve().parent
    return node_modules / bundle.source


def _check_version(bundle: Bundle, node_modules: Path) -> None:
    if bundle.source == "folium":
        version = folium.__version__
        if not (version == bundle.version or version.startswith(bundle.version + ".")):
            raise DataError(f"folium {version} is installed but the vendored files are for folium {bundle.version}: "
                            "update dashboard.mapping.assets (BUNDLES, ASSETS) for the new folium")
        return
    manifest = node_modules / bundle.source / "package.json"
    if not manifest.is_file():
        raise DataError(f"npm package {bundle.source!r} is not in {node_modules}: {SETUP_HINT}")
    meta = json.loads(manifest.read_text(encoding="utf-8"))
    want_name = bundle.npm_name or bundle.source
    if meta.get("version") != bundle.version or meta.get("name") != want_name:
        raise DataError(
            f"{node_modules / bundle.source} holds {meta.get('name')}@{meta.get('version')}, "
            f"expected {want_name}@{bundle.version}: {SETUP_HINT}"
        )


def _licence_source(bundle: Bundle, src: str, node_modules: Path) -> Path:
    if bundle.source == "folium":
        dist = next(Path(folium.__file__).resolve().parent.parent.glob("folium-*.dist-info"), None)
        if dist is None or not (dist / "licenses" / src).is_file():
            raise DataError("folium's licence file (folium-*.dist-info/licenses/LICENSE.txt) is missing: reinstall folium")
        return dist / "licenses" / src
    return node_modules / src


def _build(dest: Path, node_modules: Path) -> None:
    if not node_modules.is_dir():
        raise DataError(f"{node_modules} does not exist: {SETUP_HINT}")
    index = ["# Vendored browser libraries", "",
             "Generated by `python -m dashboard.mapping.assets` from the npm packages pinned in package.json",
             "(and files shipped with folium); do not edit by hand.  Each folder holds its licence.", "",
             "| folder | package | licence |", "| --- | --- | --- |"]
    for bundle in BUNDLES:
        _check_version(bundle, node_modules)
        src_dir = _source_dir(bundle, node_modules)
        out = dest / bundle.folder
        for dst_rel, src_rel in bundle.files:
            target = out / dst_rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if bundle.source == "folium" and dst_rel == "leaflet.awesome.rotate.min.css":
                target.write_text(_rotate_css(), encoding="utf-8")
                continue
            src = src_dir / src_rel
            if not src.is_file():
                raise DataError(f"{src} is missing from the npm package {bundle.source}@{bundle.version}: {SETUP_HINT}")
            shutil.copyfile(src, target)
        for (folder, rel), pairs in REWRITES.items():
            if folder != bundle.folder:
                continue
            path = out / rel
            text = path.read_text(encoding="utf-8")
            for old, new in pairs:
                if old not in text:
                    raise DataError(f"{path}: expected to find {old!r} to rewrite; the upstream file changed, update REWRITES")
                text = text.replace(old, new)
            path.write_text(text, encoding="utf-8")
        for dst_rel, src_rel in bundle.licences:
            src = _licence_source(bundle, src_rel, node_modules)
            if not src.is_file():
                raise DataError(f"licence file {src} is missing: {SETUP_HINT}")
            shutil.copyfile(src, out / dst_rel)
        if bundle.licence == "Apache-2.0" and not any(d == "LICENSE" for d, _ in bundle.licences):
            text = (_APACHE_TEXT.read_text(encoding="utf-8") if _APACHE_TEXT.is_file()
                    else "Apache License, Version 2.0: https://www.apache.org/licenses/LICENSE-2.0\n")
            (out / "LICENSE").write_text(text, encoding="utf-8")
        if bundle.notice:
            (out / "NOTICE").write_text(bundle.notice, encoding="utf-8")
        pkg = f"{bundle.npm_name or bundle.source}@{bundle.version}" + (" (npm)" if bundle.source != "folium" else " (wheel)")
        index.append(f"| {bundle.folder} | {pkg} | {bundle.licence} |")
    (dest / "README.md").write_text("\n".join(index) + "\n", encoding="utf-8")
    _audit(dest)


def _audit(dest: Path) -> None:
    """Every ASSETS target exists; every stylesheet reference is local and exists."""
    missing = [rel for rel in sorted(set(ASSETS.values())) if not (dest / rel).is_file()]
    if missing:
        raise DataError(f"ASSETS points at files vendor() did not produce: {missing}")
    for css in sorted(dest.rglob("*.css")):
        text = css.read_text(encoding="utf-8")
        for url in _referenced_urls(text):
            if is_remote(url):
                raise DataError(f"{css.relative_to(dest)} still loads {url!r} from the internet: add a REWRITES entry")
            if url.startswith(("data:", "#")) or not url:
                continue
            target = (css.parent / _strip_query(url)).resolve()
            if not target.is_file():
                raise DataError(f"{css.relative_to(dest)} references {url!r}, which was not vendored: add it to BUNDLES")


def _tree(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def vendor(dest: Path = VENDOR_DIR, node_modules: Path = NODE_MODULES) -> VendorReport:
    """Copy the needed files from ``node_modules`` (and folium) into ``dest``, replacing it.

    The folder is built next to ``dest`` and swapped in only when complete and audited
    (every ``ASSETS`` target present, no stylesheet reference that is remote or missing).
    Raises :class:`DataError` when ``node_modules`` is missing or holds other versions.
    """
    dest = Path(dest)
    tmp = dest.with_name(dest.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        _build(tmp, Path(node_modules))
        if dest.exists():
            shutil.rmtree(dest)
        tmp.rename(dest)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    files = tuple(_tree(dest))
    return VendorReport(dest, files, sum((dest / f).stat().st_size for f in files))


def check(dest: Path = VENDOR_DIR, node_modules: Path = NODE_MODULES) -> list[str]:
    """The differences between ``dest`` and what :func:`vendor` would produce now (empty if none)."""
    dest = Path(dest)
    scratch = Path(tempfile.mkdtemp(prefix="sitmap-vendor-"))
    fresh = scratch / "vendor"
    try:
        vendor(fresh, node_modules)
        have, want = set(_tree(dest)) if dest.is_dir() else set(), set(_tree(fresh))
        problems = [f"missing: {f}" for f in sorted(want - have)] + [f"extra: {f}" for f in sorted(have - want)]
        problems += [f"differs: {f}" for f in sorted(have & want) if not filecmp.cmp(dest / f, fresh / f, shallow=False)]
        return problems
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def digest(root: Path = VENDOR_DIR) -> str:
    """A sha256 over the vendored tree (names and contents), for quick comparisons."""
    h = hashlib.sha256()
    for rel in _tree(root):
        h.update(rel.encode() + b"\0" + (root / rel).read_bytes() + b"\0")
    return h.hexdigest()


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m dashboard.mapping.assets",
        description="Copy the pinned front-end libraries from node_modules/ into the app's static folder.",
    )
    parser.add_argument("--dest", type=Path, default=VENDOR_DIR, help=f"target folder (default: {VENDOR_DIR})")
    parser.add_argument("--node-modules", type=Path, default=NODE_MODULES, help="where `npm ci` installed the packages")
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 if the target differs from what would be generated")
    args = parser.parse_args(list(argv) if argv is not None else None)
    try:
        if args.check:
            problems = check(args.dest, args.node_modules)
            for p in problems:
                print(p)
            print(f"{args.dest}: {'out of date' if problems else 'up to date'}", file=sys.stderr)
            return 1 if problems else 0
        print(vendor(args.dest, args.node_modules).summary())
        return 0
    except DataError as exc:
        print(f"sitmap: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
