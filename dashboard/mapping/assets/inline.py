"""One self-contained page: a rendered map's vendored scripts and stylesheets inlined
into the HTML, their fonts and images as ``data:`` URIs, so the file works from
``file://`` with no server (:func:`inline_assets`).
"""

from __future__ import annotations

import base64
import json
import mimetypes
import os
import re
from pathlib import Path

from dashboard.errors import DataError
from dashboard.mapping.assets.catalog import ASSETS, DROPPED, SETUP_HINT, VENDOR_DIR, VENDOR_URL
from dashboard.mapping.assets.links import CSS_URL, is_remote, strip_query

_SCRIPT_SRC = re.compile(r"<script\b[^>]*?\bsrc\s*=\s*([\"'])(?P<url>[^\"']+)\1[^>]*>\s*</script\s*>", re.I)
_LINK_CSS = re.compile(r"<link\b(?=[^>]*\brel\s*=\s*[\"']?stylesheet)[^>]*?\bhref\s*=\s*([\"'])(?P<url>[^\"']+)\1[^>]*>", re.I)
_FONT_FACE = re.compile(r"@font-face\s*\{[^}]*\}", re.I)
_SOURCE_MAP = re.compile(r"/\*#\s*sourceMappingURL=[^*]*\*/|//#\s*sourceMappingURL=\S*")


def _data_uri(path: Path, cache: dict[Path, str]) -> str:
    if path not in cache:
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        cache[path] = f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"
    return cache[path]


def _vendored_file(vendor_dir: Path, rel: str) -> Path:
    root = vendor_dir.resolve()
    path = (root / strip_query(rel)).resolve()
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
        target = _vendored_file(vendor_dir, os.path.relpath(path.parent / strip_query(url), vendor_dir))
        return f'url("{_data_uri(target, cache)}")'

    css = CSS_URL.sub(repl, css)
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

    def inlined(body):
        """A tag replacer: removes a tag for a ``DROPPED`` URL, keeps one not pointing at a
        vendored file, and replaces the rest by ``body(rel, path)``."""

        def repl(m: re.Match) -> str:
            url = m.group("url")
            if url in DROPPED:
                return ""
            rel = rel_for(url)
            if rel is None:
                return m.group(0)
            return body(rel, _vendored_file(vendor_dir, rel))

        return repl

    def script(rel: str, path: Path) -> str:
        code = _SOURCE_MAP.sub("", path.read_text(encoding="utf-8"))
        code = re.sub(r"</(script)", r"<\\/\1", code, flags=re.I)
        out = f"<script>/* {rel} */\n{code}\n</script>"
        if path.name == "leaflet.js" and (path.parent / "images").is_dir():
            out += _leaflet_icon_fix(path, cache)
        return out

    def style(rel: str, path: Path) -> str:
        return f"<style>/* {rel} */\n{_inline_css(path, vendor_dir, cache)}\n</style>"

    return _LINK_CSS.sub(inlined(style), _SCRIPT_SRC.sub(inlined(script), html))
