"""Offline front end: pinned copies of the browser libraries folium loads from CDNs.

folium 0.20 and its plugins point ``<script>``/``<link>`` tags at jsDelivr, cdnjs,
code.jquery.com, netdna and d3js.org.  On an air-gapped network none of those answer, so
sitmap serves its own copies from the Streamlit app's static folder instead:

* ``package.json`` pins the npm packages that hold the same files (same versions as
  folium's CDN URLs wherever npm has them); ``npm ci`` puts them in ``node_modules/``;
* ``catalog`` (data: ``bundles.json``) lists the bundles, ``ASSETS`` (each CDN URL folium
  or streamlit-folium may emit -> its vendored copy, relative to the vendor folder),
  ``DROPPED`` (the few URLs deliberately not served, with the reason) and ``REWRITES``;
* ``vendor`` (``python -m dashboard.mapping.assets``) copies exactly the files the pages
  load into ``dashboard/app/static/vendor/<bundle>/`` with each package's licence,
  keeping the relative layout the CSS relies on.  Streamlit serves that folder at
  ``/app/static/vendor/`` (``server.enableStaticServing`` in ``.streamlit/config.toml``);
* ``localize``: :func:`localize` repoints every element's ``default_js``/``default_css``
  at those copies and :func:`offline_map` returns a map that does so itself every time
  it is rendered, so plugins added later are covered too.  An element that asks for a
  URL neither in ``ASSETS`` nor in ``DROPPED`` makes :func:`localize` raise
  :class:`~dashboard.errors.DataError` instead of silently loading from the internet;
* ``inline``: :func:`inline_assets` turns a rendered page into one self-contained file
  (scripts and styles inlined, fonts and images as ``data:`` URIs) that works from
  ``file://``;
* ``links``: :func:`find_remote_links` lists every resource a page would fetch from
  another host (tests assert it is empty).

In: folium maps and elements, rendered HTML, ``node_modules/``.  Out: localized maps,
self-contained HTML, the vendor folder.  Never imports streamlit.
May import: :mod:`dashboard.errors`, :mod:`dashboard.config` (and folium, branca).
"""

from dashboard.mapping.assets.catalog import (ASSETS, BUNDLES, DROPPED, NODE_MODULES, REWRITES, SETUP_HINT,
    VENDOR_DIR, VENDOR_URL, Bundle)
from dashboard.mapping.assets.links import find_remote_links, is_remote, local_links
from dashboard.mapping.assets.localize import LeafletImagePath, component_links, local_url, localize, offline_map
from dashboard.mapping.assets.inline import inline_assets
from dashboard.mapping.assets.vendor import VendorReport, check, digest, main, vendor

__all__ = [
    "ASSETS", "BUNDLES", "DROPPED", "NODE_MODULES", "REWRITES", "SETUP_HINT", "VENDOR_DIR", "VENDOR_URL", "Bundle",
    "find_remote_links", "is_remote", "local_links", "LeafletImagePath", "component_links", "local_url",
    "localize", "offline_map", "inline_assets", "VendorReport", "check", "digest", "main", "vendor",
]
