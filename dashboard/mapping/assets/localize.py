"""Folium maps that load nothing from the internet: every element's ``default_js`` /
``default_css`` repointed from CDN URLs to the vendored copies (:func:`localize`), a map
that does so itself each time it renders (:func:`offline_map`), Leaflet told where its
marker images are (:class:`LeafletImagePath`), and the links streamlit-folium would send
to its iframe (:func:`component_links`).

Per instance only: folium's class-level lists are never modified.  A remote URL that is
neither vendored nor deliberately dropped raises :class:`~dashboard.errors.DataError`.
"""

from __future__ import annotations

from typing import Iterator, Sequence

import folium
import folium.elements
import folium.plugins
from branca.colormap import ColorMap
from branca.element import Element, Link, MacroElement
from folium.template import Template

from dashboard.errors import DataError
from dashboard.mapping.assets.catalog import ASSETS, DROPPED, LEAFLET_FOLDER, VENDOR_URL
from dashboard.mapping.assets.links import is_remote


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
    path = f"{base_url.rstrip('/')}/{LEAFLET_FOLDER}/images/"
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
            js.insert(0, "https://cdnjs.cloudflare.com/ajax/libs/d3/3.5.5/d3.min.js")
            js.insert(0, "https://d3js.org/d3.v4.min.js")
        css.extend(url for _, url in getattr(el, "default_css", []))
        js.extend(url for _, url in getattr(el, "default_js", []))
    return list(dict.fromkeys(js)), list(dict.fromkeys(css))
