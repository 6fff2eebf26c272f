"""The HTML reader, :func:`parse_html`: visible text, title, publication date, canonical URL.

Built on the standard library's :class:`html.parser.HTMLParser`.  The exposed text of a
page is *generated*: markup stripped, the content of ``script``/``style``/… skipped,
block elements turned into line breaks (paragraph-level ones into blank lines), table
cells into spaces, and whitespace runs inside text nodes collapsed as a browser would
(not inside ``<pre>``); offsets refer to that generated text.  The title comes from
``og:title``, ``<title>`` or JSON-LD ``headline``; the date from ``<meta>`` tags (keys
in ``html.json``, in order of preference), JSON-LD ``datePublished``, then ``<time>``.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from importlib.resources import files
from typing import Any

from dashboard.ingest.dates import parse_date
from dashboard.ingest.results import Parsed

__all__ = ["looks_like_html", "parse_html"]

_TABLES: dict[str, list[str]] = json.loads((files("dashboard.ingest") / "html.json").read_text(encoding="utf-8"))
_HTML_SKIP = frozenset(_TABLES["skip_tags"])
_HTML_PARA = frozenset(_TABLES["paragraph_tags"])
_HTML_LINE = frozenset(_TABLES["line_tags"])
_HTML_CELL = frozenset(_TABLES["cell_tags"])
#: ``<meta>`` keys holding the publication date, most trusted first (order matters).
_HTML_DATE_KEYS = tuple(_TABLES["date_meta_keys"])
_WS_RUN = re.compile(r"[ \t\n\r\f]+")


class _HTMLText(HTMLParser):
    """Collects visible text, the title, date candidates and a canonical URL."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str | int] = []  # text, or a break: 1 = line, 2 = paragraph
        self.skip = 0
        self.pre = 0
        self.in_title = False
        self.title_parts: list[str] = []
        self.meta: dict[str, str] = {}
        self.times: list[tuple[int, str]] = []
        self.ld_json: list[str] = []
        self._ld: list[str] | None = None
        self.lang: str | None = None
        self.canonical: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag in _HTML_SKIP:
            self.skip += 1
            if tag == "script" and a.get("type", "").strip().lower() == "application/ld+json":
                self._ld = []
            return
        if self.skip:
            return
        if tag == "title":
            self.in_title = True
        elif self.in_title and (tag in _HTML_PARA or tag in _HTML_LINE):
            self.in_title = False  # unclosed <title>: do not swallow the page
        elif tag == "meta":
            content = a.get("content", "").strip()
            for attr in ("property", "name", "itemprop", "http-equiv"):
                key = a.get(attr, "").strip().lower()
                if key and content:
                    self.meta.setdefault(key, content)
        elif tag == "link" and "canonical" in a.get("rel", "").lower().split():
            self.canonical = self.canonical or a.get("href") or None
        elif tag == "html" and a.get("lang"):
            self.lang = a["lang"].strip() or None
        if a.get("itemprop", "").lower() == "datepublished" and tag != "meta":
            value = a.get("content") or a.get("datetime")
            if value:
                self.times.append((0, value))
        if tag == "time" and a.get("datetime"):
            self.times.append((1 if "pubdate" in a else 2, a["datetime"]))
        if tag == "pre":
            self.pre += 1
        self._block(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _HTML_SKIP:
            if self.skip:
                self.skip -= 1
            if tag == "script" and self._ld is not None:
                self.ld_json.append("".join(self._ld))
                self._ld = None
            return
        if self.skip:
            return
        if tag == "title":
            self.in_title = False
        elif tag == "pre":
            self.pre = max(0, self.pre - 1)
        if tag != "br":
            self._block(tag)

    def _block(self, tag: str) -> None:
        if tag in _HTML_PARA:
            self.parts.append(2)
        elif tag in _HTML_LINE:
            self.parts.append(1)
        elif tag in _HTML_CELL:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if self.skip:
            if self._ld is not None:
                self._ld.append(data)
            return
        if self.in_title:
            self.title_parts.append(data)
            return
        self.parts.append(data if self.pre else _WS_RUN.sub(" ", data))


def parse_html(text: str) -> Parsed:
    """Visible text of an HTML page plus title, publication date, canonical URL."""
    p = _HTMLText()
    p.feed(text)
    p.close()
    chunks: list[str] = []
    pending = 0
    for part in p.parts:
        if isinstance(part, int):
            pending = max(pending, part)  # adjacent breaks merge: </li><li> is one
            continue
        if pending:
            if not part.strip():
                continue
            if chunks:
                chunks.append("\n" * pending)
            part = part.lstrip(" \t")
            pending = 0
        chunks.append(part)
    lines: list[str] = []
    for line in "".join(chunks).split("\n"):
        line = line.strip(" \t")
        if line or (lines and lines[-1]):
            lines.append(line)
    body = "\n".join(lines).strip("\n")

    ld_title, ld_date = _json_ld(p.ld_json)
    title = p.meta.get("og:title") or " ".join("".join(p.title_parts).split()) or ld_title
    published = None
    candidates = [p.meta[k] for k in _HTML_DATE_KEYS if k in p.meta]
    candidates += [ld_date] if ld_date else []
    candidates += [v for _, v in sorted(p.times, key=lambda t: t[0])]
    for cand in candidates:
        published = parse_date(cand.strip())
        if published:
            break
    meta: list[tuple[str, Any]] = []
    if p.lang:
        meta.append(("lang", p.lang))
    return Parsed(body, 0, title or None, published, p.canonical or p.meta.get("og:url"), meta)


def _json_ld(blocks: list[str]) -> tuple[str | None, str | None]:
    """``(headline, datePublished)`` from JSON-LD script blocks, if any."""
    title = published = None
    for block in blocks:
        try:
            data = json.loads(block)
        except (ValueError, RecursionError):
            continue
        items = data if isinstance(data, list) else [data]
        if isinstance(data, dict) and isinstance(data.get("@graph"), list):
            items = [data, *data["@graph"]]
        for item in items:
            if not isinstance(item, dict):
                continue
            if title is None and isinstance(item.get("headline"), str):
                title = item["headline"].strip() or None
            if published is None and isinstance(item.get("datePublished"), str):
                published = item["datePublished"]
    return title, published


def looks_like_html(text: str) -> bool:
    """True when *text* starts like an HTML page (``<!doctype html`` or ``<html``)."""
    head = text[:512].lstrip().lower()
    return head.startswith("<!doctype html") or head.startswith("<html")
