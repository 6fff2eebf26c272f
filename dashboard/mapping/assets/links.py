"""Which resources a page would fetch: the URLs referenced by HTML attributes, CSS
``url(...)``/``@import`` and Leaflet calls in scripts, and whether a URL leaves this
machine (:func:`is_remote`).  :func:`find_remote_links` is what tests and exports use
to prove a page is offline.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Iterator
from urllib.parse import urlsplit

from dashboard.mapping.assets.catalog import VENDOR_URL

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
CSS_URL = re.compile(r"url\(\s*(?:\"([^\"]*)\"|'([^']*)'|([^)\s\"']*))\s*\)", re.I)
_CSS_IMPORT = re.compile(r"@import\s+(?:\"([^\"]*)\"|'([^']*)')", re.I)
# Leaflet calls and icon options in the page's script whose first argument / value is fetched.
_JS_LOADS = re.compile(
    r"L\.(?:tileLayer(?:\.wms)?|imageOverlay|videoOverlay)\(\s*([\"'`])(.*?)\1"
    r"|[\"']?(?:iconUrl|iconRetinaUrl|shadowUrl|shadowRetinaUrl)[\"']?\s*:\s*([\"'])(.*?)\3",
    re.S,
)


def strip_query(url: str) -> str:
    """``url`` without its ``?query`` and ``#fragment``."""
    return url.split("?")[0].split("#")[0]


def referenced_urls(html: str, anchors: bool = False) -> Iterator[str]:
    """Every URL ``html`` (or a stylesheet, or a script) references, in order, with repeats."""
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
    for m in CSS_URL.finditer(html):
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
    for url in referenced_urls(html, anchors=anchors):
        if is_remote(url):
            seen.setdefault(url.strip().replace("\\/", "/"), None)
    return list(seen)


def local_links(html: str, base_url: str = VENDOR_URL) -> list[str]:
    """The URLs in ``html`` that point into the vendor folder (``base_url/...``), in order."""
    prefix = base_url.rstrip("/") + "/"
    seen: dict[str, None] = {}
    for url in referenced_urls(html):
        if url.startswith(prefix):
            seen.setdefault(url, None)
    return list(seen)
