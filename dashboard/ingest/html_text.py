"""The fallback HTML reader: every visible character of a page, and its date candidates.

:func:`visible_text` is what :func:`~dashboard.ingest.html_reader.parse_html` falls back
on when trafilatura finds no main text (a fragment, a page that is all markup, hostile
nesting), and what strips the HTML of feed entries.  Built on the standard library's
:class:`html.parser.HTMLParser`: markup stripped, the content of ``script``/``style``/…
skipped, block elements turned into line breaks (paragraph-level ones into blank lines),
table cells into spaces, and whitespace runs inside text nodes collapsed as a browser
would (not inside ``<pre>``).  It keeps menus and footers: it is not an article
extractor.

:func:`date_candidates` lists the publication-date strings of the page's metadata, most
trusted first — ``<meta>`` keys in ``html.json`` (in order of preference), JSON-LD
``datePublished``, ``itemprop="datePublished"``, then ``<time>`` — for when htmldate
finds no date.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from importlib.resources import files

__all__ = ["SKIP_TAGS", "date_candidates", "visible_text"]

_TABLES: dict[str, list[str]] = json.loads((files("dashboard.ingest") / "html.json").read_text(encoding="utf-8"))
#: Elements whose content is never text (scripts, styles, templates, embedded objects).
SKIP_TAGS = frozenset(_TABLES["skip_tags"])
_HTML_PARA = frozenset(_TABLES["paragraph_tags"])
_HTML_LINE = frozenset(_TABLES["line_tags"])
_HTML_CELL = frozenset(_TABLES["cell_tags"])
#: ``<meta>`` keys holding the publication date, most trusted first (order matters).
_HTML_DATE_KEYS = tuple(_TABLES["date_meta_keys"])
_WS_RUN = re.compile(r"[ \t\n\r\f]+")


class _HTMLText(HTMLParser):
    """Collects visible text and date candidates."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str | int] = []  # text, or a break: 1 = line, 2 = paragraph
        self.skip = 0
        self.pre = 0
        self.in_title = False
        self.meta: dict[str, str] = {}
        self.times: list[tuple[int, str]] = []
        self.ld_json: list[str] = []
        self._ld: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag in SKIP_TAGS:
            self.skip += 1
            if tag == "script" and a.get("type", "").strip().lower() == "application/ld+json":
                self._ld = []
            return
        if self.skip:
            return
        if tag == "title":
            self.in_title = True  # metadata, not body text
        elif self.in_title and (tag in _HTML_PARA or tag in _HTML_LINE):
            self.in_title = False  # unclosed <title>: do not swallow the page
        elif tag == "meta":
            content = a.get("content", "").strip()
            for attr in ("property", "name", "itemprop", "http-equiv"):
                key = a.get(attr, "").strip().lower()
                if key and content:
                    self.meta.setdefault(key, content)
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
        if tag in SKIP_TAGS:
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
        if not self.in_title:
            self.parts.append(data if self.pre else _WS_RUN.sub(" ", data))


def _parse(text: str) -> _HTMLText:
    p = _HTMLText()
    p.feed(text)
    p.close()
    return p


def visible_text(text: str) -> str:
    """Every visible character of an HTML page or fragment, with paragraph breaks."""
    chunks: list[str] = []
    pending = 0
    for part in _parse(text).parts:
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
    return "\n".join(lines).strip("\n")


def date_candidates(text: str) -> list[str]:
    """The page's publication-date strings, most trusted first (unparsed)."""
    p = _parse(text)
    candidates = [p.meta[k] for k in _HTML_DATE_KEYS if k in p.meta]
    candidates += _json_ld_dates(p.ld_json)
    candidates += [v for _, v in sorted(p.times, key=lambda t: t[0])]
    return [c.strip() for c in candidates if c.strip()]


def _json_ld_dates(blocks: list[str]) -> list[str]:
    """``datePublished`` values of JSON-LD script blocks, in page order."""
    out = []
    for block in blocks:
        try:
            data = json.loads(block)
        except (ValueError, RecursionError):
            continue
        items = data if isinstance(data, list) else [data]
        if isinstance(data, dict) and isinstance(data.get("@graph"), list):
            items = [data, *data["@graph"]]
        out += [item["datePublished"] for item in items
                if isinstance(item, dict) and isinstance(item.get("datePublished"), str)]
    return out
