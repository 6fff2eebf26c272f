"""Document ingest: files, folders and pasted text in, :class:`Document` values out.

The first stage of the pipeline (``files/text ─ ingest ─► Document``).  Everything here
is a pure function of its input bytes/text; nothing touches the network, and the
values produced are plain, frozen and picklable so a later stage can run in worker
processes.

Entry points
------------
* :func:`iter_documents` — stream :class:`Document` or :class:`IngestFailure` items from
  files and folders (folders visited in sorted order, hidden entries skipped, unknown
  extensions in folders skipped; an explicitly named file of unknown type is read as
  text).  One bad file never stops the batch: it becomes an ``IngestFailure`` with a
  one-line reason.
* :func:`load_document` — one file, one ``Document``; raises
  :class:`~dashboard.errors.DocumentError` instead of yielding failures.
* :func:`read_text` — text given directly (a pasted article).
* :func:`read_bytes` — bytes given directly (stdin, an upload), decoded like a file.
* :func:`parse_date` — the unambiguous date forms understood in headers and metadata.

Offsets and headers (the important decision)
--------------------------------------------
``Document.text`` is the *exposed text*, and every character offset any later stage
reports refers to that string.  Header material that is not part of the article is
removed from the front of the exposed text rather than kept:

* plain text / Markdown header lines recognised at the top (a bare date line such as
  ``29 August, 2025``, a URL slug line such as ``u-s-troop-deployment-...``,
  ``Date:``/``Published:``/``Title:``/``Author:``/``Source:``/``URL:`` lines,
  ``Published on …``) and an inline prefix such as `` date 2025-08-29 `` in front of
  the first sentence;
* a YAML front-matter block at the top of a Markdown file.

The article body itself is never rewritten: apart from the normalisation below
(BOM removed, ``\\r\\n``/``\\r`` → ``\\n``, control characters → spaces one for one,
lone surrogates → U+FFFD, Unicode NFC; see :func:`normalize_text`) its characters are
exactly those of the file, so whitespace, quotes and line breaks keep their positions
relative to each other.  ``doc.get("body_offset", 0)`` tells how many characters of the normalised
file text were removed in front of the body, so an offset ``i`` in ``Document.text`` is
``i + body_offset`` in the normalised file text.  Header lines are only removed when the
block contains a date or a title; a first line like ``UPDATE: The minister said …`` is body.
HTML is different by nature: its exposed text is *generated* (markup stripped, block
elements turned into line breaks, whitespace runs inside text nodes collapsed as a
browser would), and offsets refer to that generated text.

``doc_id`` is the first 16 hex digits of the SHA-256 of the exposed text (NFC, UTF-8), so
the same article gives the same id whatever file, folder or container it came from.

Dates are returned as ``YYYY-MM-DD`` as written (a time zone, if any, is not used to
shift the day).  Only unambiguous forms are accepted: ``2025-08-29`` (also with ``/``
or ``.``, optionally with a time), ``29 August 2025``, ``29 Aug, 2025``, ``August 29,
2025``, optionally with a weekday and a time (RFC 2822 dates work).  Numeric
day/month forms such as ``29/08/2025`` are refused; impossible dates such as
``2025-02-30`` are refused.

JSON: ``.json`` holds an object with a ``text`` field or a list of such objects;
``.jsonl``/``.ndjson`` hold one such object per line and are streamed line by line (the
``max_bytes`` limit applies to each line rather than to the whole file).  Failures of a
single record are reported as ``path[INDEX]`` (JSON list) or ``path:LINE`` (JSONL) and the
other records go on.  Text from JSON goes through the same header detection as plain
text; explicit ``title``/``published``/``url``/``id`` fields win over detected ones.

Decoding: a byte-order mark decides; else UTF-16 without one is sniffed; else UTF-8,
an HTML file's declared charset, UTF-8 mixed with cp1252 (each valid UTF-8 sequence as
UTF-8, every other byte as cp1252: text pasted together from several sources), cp1252,
latin-1.  ``meta["encoding"]`` says which.  Files with NUL bytes, known binary magic
numbers or mostly control characters are refused as binary.  Memory stays bounded: a
file over ``max_bytes`` is refused from its size before it is read, JSON lines are read
one (size-limited) line at a time, and folders are walked lazily.
"""

from __future__ import annotations

import codecs
import errno
import json
import os
import re
import stat
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Union

from dashboard.errors import DocumentError, InputError
from dashboard.model import Document
from dashboard.util.safetext import scrub_surrogates
from dashboard.util.text import doc_id_for, normalize_text

__all__ = [
    "DEFAULT_MAX_BYTES",
    "FORMATS",
    "Document",
    "IngestFailure",
    "IngestItem",
    "doc_id_for",
    "iter_documents",
    "load_document",
    "normalize_text",
    "parse_date",
    "read_bytes",
    "read_text",
]

DEFAULT_MAX_BYTES = 10_000_000

#: File suffix (lower case) → format name.  Files of other suffixes are skipped in
#: folders; an explicitly named file of another suffix is read as text.
FORMATS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}

_TEXT_FORMATS = ("text", "markdown", "html")
_SUFFIX_LIST = ", ".join(sorted(FORMATS))


# --------------------------------------------------------------------------- values


@dataclass(frozen=True)
class IngestFailure:
    """A file or record that could not be read, with a one-line reason."""

    source: str
    reason: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "source", scrub_surrogates(str(self.source)))
        object.__setattr__(self, "reason", scrub_surrogates(str(self.reason)))

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"

    def to_error(self) -> DocumentError:
        """The equivalent :class:`DocumentError` (to raise in single-file use)."""
        return DocumentError(self.source, self.reason)


IngestItem = Union[Document, IngestFailure]


# --------------------------------------------------------------------------- dates

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
    "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9, "october": 10,
    "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?"
_TZ = r"(?:Z|(?:UTC|GMT)(?:\s*[+-]\d{1,2}(?::?\d{2})?)?|[+-]\d{2}(?::?\d{2})?|(?-i:[A-Z]{2,4}T))"
_TIME = r"\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:\s*[ap]\.?m\.?)?(?:\s*" + _TZ + r")?"
_DATE = (
    r"(?:" + _WEEKDAY + r",?\s+)?"
    r"(?:"
    r"(?P<iy>\d{4})(?P<isep>[-/.])(?P<im>\d{1,2})(?P=isep)(?P<id>\d{1,2})"
    r"(?:(?:T|\s+)" + _TIME + r")?"
    r"|"
    r"(?:"
    r"(?P<dd>\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?[\s-]+(?P<dm>" + _MONTH + r")\.?,?[\s-]+(?P<dy>\d{4})"
    r"|"
    r"(?P<mm>" + _MONTH + r")\.?\s+(?P<md>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<my>\d{4})"
    r")"
    r"(?:,?\s+(?:at\s+)?" + _TIME + r")?"
    r")"
)
_DATE_FULL = re.compile(r"\s*" + _DATE + r"\.?\s*", re.IGNORECASE)


def _date_from_match(m: re.Match[str]) -> str | None:
    if m.group("iy"):
        y, mo, d = int(m.group("iy")), int(m.group("im")), int(m.group("id"))
    elif m.group("dy"):
        y, mo, d = int(m.group("dy")), _MONTHS[m.group("dm").lower()], int(m.group("dd"))
    else:
        y, mo, d = int(m.group("my")), _MONTHS[m.group("mm").lower()], int(m.group("md"))
    try:
        return date(y, mo, d).isoformat()
    except ValueError:
        return None


def parse_date(value: str) -> str | None:
    """``YYYY-MM-DD`` for an unambiguous, valid date string, else None.

    >>> parse_date("29 August, 2025"), parse_date("2025-08-29T10:00:00Z")
    ('2025-08-29', '2025-08-29')
    >>> parse_date("29/08/2025") is None and parse_date("2025-02-30") is None
    True
    """
    if not isinstance(value, str) or len(value) > 100:
        return None
    m = _DATE_FULL.fullmatch(value)
    return _date_from_match(m) if m else None


# --------------------------------------------------------------------------- headers

_DATE_KEYS = {
    "date", "dated", "published", "published on", "publication date", "publish date",
    "pubdate", "posted", "posted on", "date published",
}
_UPDATE_KEYS = {"updated", "updated on", "last updated", "modified", "last modified"}
_TITLE_KEYS = {"title", "headline", "subject"}
_OTHER_KEYS = {
    "author", "authors", "by", "byline", "source", "publisher", "url", "link",
    "lang", "language",
}
_MAX_HEADER_LINES = 12
_MAX_HEADER_VALUE = 300

# Note: values are matched greedily and stripped in code; a lazy ``.*?`` followed by
# ``[ \t]*`` backtracks quadratically on lines with long runs of spaces.
_KEY_LINE = re.compile(r"[ \t]*(?P<key>[A-Za-z][A-Za-z ]{0,20}?)[ \t]*:[ \t]*(?P<val>\S.*)")
_KEY_WORD_LINE = re.compile(
    r"[ \t]*(?P<key>date[d]?|published(?:[ \t]+on)?|posted(?:[ \t]+on)?|updated(?:[ \t]+on)?)"
    r"(?:[ \t]*[-–—])?[ \t]+(?P<val>\S.*)",
    re.IGNORECASE,
)
_INLINE_PREFIX = re.compile(
    r"[ \t]*(?:date[d]?|published(?:[ \t]+on)?|posted(?:[ \t]+on)?)(?:[ \t]*[:\-–—])?[ \t]*"
    r"(?P<date>" + _DATE + r")[ \t]+(?=\S)",
    re.IGNORECASE,
)
_SLUG = re.compile(r"[a-z0-9]+(?:-+[a-z0-9]+){2,}-*")
_CONTRACTIONS = {"s": "'s", "t": "'t", "re": "'re", "ve": "'ve", "ll": "'ll", "d": "'d", "m": "'m"}


def _is_slug(line: str) -> bool:
    """A URL slug line: lower-case words joined by hyphens, mostly letters."""
    if len(line) < 10 or not _SLUG.fullmatch(line):
        return False
    return sum(1 for w in line.split("-") if re.search("[a-z]{2}", w)) >= 2


def _title_from_slug(slug: str) -> str:
    """``u-s-troop-deployment-sparks-minister-s-defiant`` → ``U.S. troop … minister's defiant``."""
    words = [w for w in slug.strip("-").split("-") if w]
    if len(words) > 3 and words[-1].isdigit() and len(words[-1]) >= 5:
        words.pop()  # trailing numeric article id
    out: list[str] = []
    i = 0
    while i < len(words):
        w = words[i]
        run = i
        while run < len(words) and len(words[run]) == 1 and words[run].isalpha():
            run += 1
        if run - i >= 2 and not (out and words[i] in _CONTRACTIONS):
            out.append("".join(c.upper() + "." for c in words[i:run]))
            i = run
            continue
        if out and w in _CONTRACTIONS and (w != "t" or out[-1].endswith("n")):
            out[-1] += _CONTRACTIONS[w]
        elif w == "i":
            out.append("I")
        else:
            out.append(w)
        i += 1
    title = " ".join(out)
    return title[:1].upper() + title[1:]


@dataclass
class _Parsed:
    """A text split into exposed body and the metadata found around it."""

    body: str
    body_offset: int = 0
    title: str | None = None
    published: str | None = None
    url: str | None = None
    meta: list[tuple[str, Any]] = field(default_factory=list)


def _split_header(text: str) -> _Parsed:
    """Recognise header lines at the top of plain text; see the module docstring."""
    out = _Parsed(text)
    pos = 0
    body_start = 0
    anchored = False
    n = len(text)
    for _ in range(_MAX_HEADER_LINES):
        if pos >= n:
            break
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        line = text[pos:end]
        nxt = end + 1 if nl >= 0 else n
        stripped = line.strip()
        if not stripped:
            pos = nxt
            continue
        kind = _header_line(line, stripped, out)
        if kind is None:
            m = _INLINE_PREFIX.match(line)
            if m is not None:
                iso = _date_from_match(m)
                if iso is not None:
                    if out.published is None:
                        out.published = iso
                    body_start = pos + m.end()
                    anchored = True
            break
        anchored = anchored or kind == "anchor"
        pos = body_start = nxt
    if not anchored:
        return _Parsed(text)
    while body_start < n and text[body_start].isspace():
        body_start += 1
    out.body = text[body_start:]
    out.body_offset = body_start
    return out


def _header_line(line: str, stripped: str, out: _Parsed) -> str | None:
    """Classify one header line, recording what it says in *out*.

    Returns ``"anchor"`` (date or title), ``"other"`` (a header line of another kind)
    or None (not a header line: the body starts here).
    """
    iso = parse_date(stripped)
    if iso is not None:
        _set_date(out, iso)
        return "anchor"
    if _is_slug(stripped):
        if out.title is None:
            out.title = _title_from_slug(stripped)
        out.meta.append(("slug", stripped))
        return "anchor"
    m = _KEY_LINE.fullmatch(line)
    if m is not None and len(m.group("val")) <= _MAX_HEADER_VALUE:
        key = " ".join(m.group("key").lower().split())
        val = m.group("val").rstrip()
        if key in _DATE_KEYS or key in _UPDATE_KEYS:
            iso = parse_date(val)
            if iso is None:
                # "Date: 29/08/2025" is clearly a header, its value just unusable;
                # anything longer may be "Date: 2025-08-29 The article starts…".
                if len(val) > 40 or not re.search(r"\d", val) or _INLINE_PREFIX.match(line):
                    return None
                out.meta.append(("unparsed_date", val))
                return "anchor"
            if key in _UPDATE_KEYS:
                out.meta.append(("updated", iso))
                return "other"
            _set_date(out, iso)
            return "anchor"
        if key in _TITLE_KEYS:
            if out.title is None:
                out.title = val
            else:
                out.meta.append((key, val))
            return "anchor"
        if key in _OTHER_KEYS:
            if key in ("url", "link") and out.url is None:
                out.url = val
            else:
                out.meta.append((key, val))
            return "other"
        return None
    m = _KEY_WORD_LINE.fullmatch(line)
    if m is not None:
        iso = parse_date(m.group("val").rstrip())
        if iso is not None:
            if m.group("key").lower().startswith("updated"):
                out.meta.append(("updated", iso))
                return "other"
            _set_date(out, iso)
            return "anchor"
    return None


def _set_date(out: _Parsed, iso: str) -> None:
    if out.published is None:
        out.published = iso
    elif out.published != iso:
        out.meta.append(("other_date", iso))


# --------------------------------------------------------------------------- markdown

_FM_KEY = re.compile(r"(?P<key>[A-Za-z_][\w-]*)[ \t]*:(?P<val>.*)")
_ATX_H1 = re.compile(r"[ ]{0,3}#[ \t]+(?P<t>.*\S)")
_SETEXT_H1 = re.compile(r"[ ]{0,3}=+[ \t]*")


def _parse_markdown(text: str) -> _Parsed:
    """Front matter (title/date read, block removed), header lines, ``# Heading`` title."""
    fm_title = fm_date = fm_url = None
    fm_meta: list[tuple[str, Any]] = []
    offset = 0
    lines = text.split("\n")
    if lines and lines[0].rstrip() == "---":
        for i in range(1, len(lines)):
            if lines[i].rstrip() in ("---", "..."):
                for fm_line in lines[1:i]:
                    m = _FM_KEY.fullmatch(fm_line)
                    if m is None or not m.group("val").strip():
                        continue
                    key, val = m.group("key").lower(), _unquote(m.group("val").strip())
                    if val[:1] in "[{|>" or not val:
                        continue
                    if key in ("title", "headline") and fm_title is None:
                        fm_title = val
                    elif key in ("date", "published", "pubdate", "publishdate", "published_at",
                                 "date_published") and fm_date is None:
                        fm_date = parse_date(val)
                        if fm_date is None:
                            fm_meta.append(("unparsed_date", val))
                    elif key in ("url", "link", "canonical_url") and fm_url is None:
                        fm_url = val
                    else:
                        fm_meta.append((key, val))
                offset = sum(len(x) + 1 for x in lines[: i + 1])
                break
    rest = text[offset:]
    parsed = _split_header(rest)
    parsed.body_offset += offset
    parsed.meta[:0] = fm_meta
    parsed.title = fm_title or parsed.title
    parsed.published = fm_date or parsed.published
    parsed.url = fm_url or parsed.url
    if parsed.title is None:
        parsed.title = _markdown_heading(parsed.body)
    if offset and parsed.body_offset == offset:
        # front matter removed but no header: drop the blank lines it leaves behind
        body = parsed.body
        stripped = body.lstrip()
        parsed.body_offset += len(body) - len(stripped)
        parsed.body = stripped
    return parsed


def _unquote(val: str) -> str:
    if len(val) >= 2 and val[0] == val[-1] and val[0] in "'\"":
        return val[1:-1].strip()
    return val


def _markdown_heading(body: str) -> str | None:
    lines = body.lstrip("\n").split("\n", 2)
    if not lines:
        return None
    m = _ATX_H1.fullmatch(lines[0].rstrip())
    if m is not None:
        title = m.group("t")
        closed = title.rstrip("#")  # optional closing sequence: "# Title ##"
        if closed != title and (not closed or closed[-1] in " \t"):
            title = closed
        return title.strip() or None
    if len(lines) > 1 and lines[0].strip() and _SETEXT_H1.fullmatch(lines[1]):
        return lines[0].strip()
    return None


# --------------------------------------------------------------------------- HTML

_HTML_SKIP = {"script", "style", "noscript", "template", "svg", "math", "iframe", "object", "canvas"}
_HTML_PARA = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "ul", "ol", "dl", "table",
    "section", "article", "header", "footer", "aside", "nav", "main", "figure", "hr", "form",
    "address", "details", "fieldset", "body",
}
_HTML_LINE = {"div", "li", "tr", "br", "dt", "dd", "figcaption", "caption", "summary", "option", "legend"}
_HTML_CELL = {"td", "th"}
_HTML_DATE_KEYS = (
    "article:published_time", "og:published_time", "og:article:published_time",
    "published_time", "datepublished", "dc.date.issued", "dcterms.issued", "dc.date",
    "dcterms.date", "dcterms.created", "date", "pubdate", "publishdate", "publish-date",
    "publish_date", "publication_date", "citation_publication_date", "sailthru.date",
    "parsely-pub-date",
)
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


def _parse_html(text: str) -> _Parsed:
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
    return _Parsed(body, 0, title or None, published, p.canonical or p.meta.get("og:url"), meta)


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


def _looks_like_html(text: str) -> bool:
    head = text[:512].lstrip().lower()
    return head.startswith("<!doctype html") or head.startswith("<html")


# --------------------------------------------------------------------------- decoding

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF document; extract its text first, e.g. with pdftotext"),
    (b"PK\x03\x04", "ZIP archive or Office document; unpack it or save it as text first"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Office document; save it as text first"),
    (b"{\\rtf", "RTF document; save it as plain text first"),
    (b"\x89PNG", "PNG image"),
    (b"GIF8", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"\x1f\x8b", "gzip archive; decompress it first"),
    (b"BZh", "bzip2 archive; decompress it first"),
    (b"\xfd7zXZ\x00", "xz archive; decompress it first"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive; unpack it first"),
    (b"Rar!\x1a\x07", "RAR archive; unpack it first"),
    (b"\x7fELF", "executable"),
    (b"SQLite format 3\x00", "SQLite database"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_MAX_CONTROL_SHARE = 0.05
_HTML_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_ONLY_TEXT = "ingest text, Markdown, HTML or JSON files"


def _decode(data: bytes, source: str, fmt: str) -> tuple[str, str]:
    """Decode file bytes to ``(text, encoding)`` or raise DocumentError (binary, …)."""
    if not data.strip():
        raise DocumentError(source, "empty document")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return _check_text(data[len(bom):].decode(enc), source), enc
            except UnicodeDecodeError as e:
                raise DocumentError(
                    source,
                    f"invalid {enc.upper()} text at byte {e.start + len(bom)} after the byte-order mark; "
                    "re-save the file as UTF-8",
                ) from None
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise DocumentError(source, f"binary file ({what})")
    enc16 = _sniff_utf16(data)
    if enc16 is not None:
        try:
            return _check_text(data.decode(enc16), source), enc16
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        raise DocumentError(source, f"binary file (contains NUL bytes); {_ONLY_TEXT}")
    encodings = ["utf-8"]
    if fmt == "html":
        m = _HTML_CHARSET.search(data[:4096])
        if m is not None:
            declared = m.group(1).decode("ascii").lower()
            try:
                name = codecs.lookup(declared).name
            except LookupError:
                name = None
            if name and not name.startswith(("utf-16", "utf-32")) and name not in encodings:
                encodings.append(name)
    for enc in encodings:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        return _check_text(text, source), enc
    mixed = _decode_mixed(data)
    if mixed is not None:
        return _check_text(mixed, source), "utf-8+cp1252"
    for enc in ("cp1252", "latin-1"):
        try:
            return _check_text(data.decode(enc), source), enc
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes any bytes")  # pragma: no cover


def _single_byte(exc: UnicodeError) -> tuple[str, int]:
    """Decode error handler: the offending bytes as cp1252, or latin-1 where cp1252 has
    no character (0x81, 0x8D, 0x8F, 0x90, 0x9D)."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    chunk = exc.object[exc.start:exc.end]
    return "".join(bytes([b]).decode("cp1252", "ignore") or chr(b) for b in chunk), exc.end


def _decode_mixed(data: bytes) -> str | None:
    """Text that mixes UTF-8 with a single-byte encoding (pasted together from several
    sources): valid UTF-8 sequences as UTF-8, every other byte as cp1252.  None when the
    data holds no multi-byte UTF-8 sequence at all (then it is plain cp1252)."""
    if _UTF8_MULTIBYTE.search(data) is None:
        return None
    _STRAY.count = 0
    text = data.decode("utf-8", "_sitmap_mixed")
    stray = _STRAY.count
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    return text if non_ascii > stray else None


_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_STRAY = threading.local()  # bytes decoded by the fallback in this thread's current _decode_mixed


def _counting_single_byte(exc: UnicodeError) -> tuple[str, int]:
    text, end = _single_byte(exc)
    _STRAY.count += len(text)
    return text, end


codecs.register_error("_sitmap_mixed", _counting_single_byte)


def _sniff_utf16(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` for BOM-less UTF-16 text (NULs in every other byte)."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    half = len(sample) // 2
    even = sample[0::2].count(0) / half
    odd = sample[1::2].count(0) / half
    if odd > 0.3 and even < 0.02:
        return "utf-16-le"
    if even > 0.3 and odd < 0.02:
        return "utf-16-be"
    return None


def _check_text(text: str, source: str) -> str:
    """Refuse decoded text that is mostly control characters (binary in disguise)."""
    if text.endswith("\x1a"):  # DOS end-of-file marker
        text = text[:-1]
    if not text.strip():
        raise DocumentError(source, "empty document")
    sample = text[:200_000]
    controls = len(_CONTROL.findall(sample))
    if controls and controls / len(sample) > _MAX_CONTROL_SHARE:
        share = 100 * controls / len(sample)
        raise DocumentError(source, f"binary file ({share:.0f}% control characters); {_ONLY_TEXT}")
    return text


# --------------------------------------------------------------------------- building


def _build(
    parsed: _Parsed,
    *,
    source: str,
    fmt: str,
    path: str | None,
    encoding: str | None = None,
    title: str | None = None,
    published: str | None = None,
    url: str | None = None,
    source_id: str | None = None,
    extra: Iterable[tuple[str, Any]] = (),
) -> Document:
    """Assemble a Document; explicit values win over the ones found in the text."""
    body = parsed.body
    if not body.strip():
        reason = "empty document" + (" (only a header)" if parsed.body_offset else "")
        raise DocumentError(source, reason)
    meta: list[tuple[str, Any]] = [("format", fmt)]
    if encoding:
        meta.append(("encoding", encoding))
    if parsed.body_offset:
        meta.append(("body_offset", parsed.body_offset))
    meta += parsed.meta
    meta += list(extra)
    return Document(
        doc_id=doc_id_for(body),
        text=body,
        title=_clean_title(title) or _clean_title(parsed.title),
        published=published or parsed.published,
        path=path,
        url=url or parsed.url,
        source_id=source_id,
        meta=tuple(meta),
    )


def _clean_title(title: Any) -> str | None:
    if not isinstance(title, str):
        return None
    title = " ".join(normalize_text(title).split())
    return title or None


def _parse_text(text: str, fmt: str) -> _Parsed:
    if fmt == "html":
        return _parse_html(text)
    if fmt == "markdown":
        return _parse_markdown(text)
    return _split_header(text)


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


# --------------------------------------------------------------------------- JSON

_TEXT_FIELDS = ("text", "body", "content")
_TITLE_FIELDS = ("title", "headline")
_DATE_FIELDS = ("published", "date", "published_at", "publishedAt", "datePublished", "pubDate")
_URL_FIELDS = ("url", "link")
_ID_FIELDS = ("id", "_id", "doc_id")
_RECORD_FIELDS = {*_TEXT_FIELDS, *_TITLE_FIELDS, *_DATE_FIELDS, *_URL_FIELDS, *_ID_FIELDS}


def _first(obj: dict[str, Any], keys: Iterable[str]) -> Any:
    for k in keys:
        if obj.get(k) is not None:
            return obj[k]
    return None


def _record_to_document(obj: Any, *, source: str, path: str | None, fmt: str,
                        extra: Iterable[tuple[str, Any]] = ()) -> Document:
    """One JSON object → Document (``text`` required; title/published/url/id optional)."""
    if not isinstance(obj, dict):
        raise DocumentError(
            source, f'record is a JSON {_json_type(obj)}, not an object; give each record a "text" field'
        )
    text = _first(obj, _TEXT_FIELDS)
    if text is None:
        raise DocumentError(source, 'record has no "text" field; give each record its article text in "text"')
    if not isinstance(text, str):
        raise DocumentError(source, f'"text" is a JSON {_json_type(text)}, not a string')
    parsed = _split_header(normalize_text(text))
    meta: list[tuple[str, Any]] = list(extra)
    raw_date = _first(obj, _DATE_FIELDS)
    published = None
    if raw_date is not None:
        published = parse_date(str(raw_date))
        if published is None:
            meta.append(("unparsed_date", scrub_surrogates(str(raw_date))))
    url = _first(obj, _URL_FIELDS)
    ident = _first(obj, _ID_FIELDS)
    for key in sorted(k for k in obj if k not in _RECORD_FIELDS):
        value = obj[key]
        if isinstance(value, str):
            meta.append((scrub_surrogates(key), scrub_surrogates(value)))
        elif isinstance(value, (int, float, bool)):
            meta.append((scrub_surrogates(key), value))
    return _build(
        parsed,
        source=source,
        fmt=fmt,
        path=path,
        title=_first(obj, _TITLE_FIELDS),
        published=published,
        url=url if isinstance(url, str) and url.strip() else None,
        source_id=str(ident) if isinstance(ident, (str, int)) and str(ident) else None,
        extra=meta,
    )


def _json_type(value: Any) -> str:
    return {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}.get(
        type(value), "number"
    )


def _loads(text: str, source: str) -> Any:
    """``json.loads`` with every failure turned into a one-line DocumentError."""
    try:
        return json.loads(text)
    except RecursionError:
        raise DocumentError(source, "JSON nested too deeply to read; flatten the structure") from None
    except json.JSONDecodeError as e:
        raise DocumentError(
            source, f"invalid JSON at line {e.lineno} column {e.colno}: {e.msg}"
        ) from None
    except ValueError as e:  # e.g. an integer with too many digits
        raise DocumentError(source, f"invalid JSON: {_one_line(e)}") from None


def _iter_json(text: str, path: str, encoding: str) -> Iterator[IngestItem]:
    data = _loads(text, path)
    enc = [("encoding", encoding)]
    if isinstance(data, dict):
        yield _record_to_document(data, source=path, path=path, fmt="json", extra=enc)
        return
    if not isinstance(data, list):
        raise DocumentError(
            path, f'top-level JSON is a {_json_type(data)}; use an object with "text" or a list of them'
        )
    if not data:
        raise DocumentError(path, "empty document (the JSON list has no records)")
    for i, obj in enumerate(data):
        source = f"{path}[{i}]"
        try:
            yield _record_to_document(
                obj, source=source, path=path, fmt="json", extra=[*enc, ("index", i), ("origin", source)]
            )
        except DocumentError as e:
            yield IngestFailure(e.source, e.reason)


def _iter_jsonl(path: str, max_bytes: int) -> Iterator[IngestItem]:
    """Stream a JSON-lines file; each line is one record, bad lines fail alone."""
    try:
        f = open(path, "rb")  # noqa: SIM115 - closed below, also on early exit
    except OSError as e:
        raise DocumentError(path, _os_reason(e)) from None
    with f:
        head = f.peek(4)[:4] if hasattr(f, "peek") else b""
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            # rare: read whole (size-limited) and split; UTF-16 cannot be split on b"\n"
            f.close()
            text, _ = _decode(_read_bytes(path, max_bytes), path, "jsonl")
            lines: Iterable[bytes | str] = normalize_text(text).split("\n")
        else:
            if head.startswith(codecs.BOM_UTF8):
                f.read(3)
            lines = _bounded_lines(f, max_bytes)
        count = 0
        reported = 0
        for lineno, raw in enumerate(lines, 1):
            source = f"{path}:{lineno}"
            if raw is None:
                reported += 1
                yield IngestFailure(
                    source,
                    f"line is over the {max_bytes:,}-byte limit; "
                    "split it or raise the limit with --max-bytes",
                )
                continue
            if not raw.strip():
                continue
            try:
                line = raw if isinstance(raw, str) else _decode_line(raw, source)
                obj = _loads(line, source)
                doc = _record_to_document(
                    obj, source=source, path=path, fmt="jsonl", extra=[("line", lineno), ("origin", source)]
                )
            except DocumentError as e:
                reported += 1
                yield IngestFailure(e.source, e.reason)
                continue
            count += 1
            yield doc
        if count == 0 and reported == 0:
            raise DocumentError(path, "empty document (no JSON lines)")


def _bounded_lines(f: Any, max_bytes: int) -> Iterator[bytes | None]:
    """Lines of a binary file; None for a line longer than *max_bytes* (skipped)."""
    while True:
        raw = f.readline(max_bytes + 1)
        if not raw:
            return
        if len(raw) > max_bytes and not (raw.endswith(b"\n") and len(raw) == max_bytes + 1):
            while raw and not raw.endswith(b"\n"):
                raw = f.readline(1 << 20)
            yield None
            continue
        yield raw


def _decode_line(raw: bytes, source: str) -> str:
    if b"\x00" in raw:
        raise DocumentError(source, "binary data (NUL bytes) in this line")
    try:
        return normalize_text(raw.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    mixed = _decode_mixed(raw)
    if mixed is not None:
        return normalize_text(mixed)
    for enc in ("cp1252", "latin-1"):
        try:
            return normalize_text(raw.decode(enc))
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes any bytes")  # pragma: no cover


# --------------------------------------------------------------------------- files


def _os_reason(e: OSError) -> str:
    hints = {
        errno.ENOENT: "check the path",
        errno.EACCES: "check the file's permissions",
        errno.EPERM: "check the file's permissions",
        errno.ELOOP: "fix the symbolic link",
        errno.ENOTDIR: "check the path",
        errno.EISDIR: "pass the folder to iter_documents instead",
    }
    what = e.strerror or _one_line(e)
    hint = hints.get(e.errno or -1)
    return f"cannot read ({what})" + (f"; {hint}" if hint else "")


def _too_big(size: int | None, max_bytes: int) -> str:
    if size is None:
        return f"file is over the {max_bytes:,}-byte limit; raise the limit with --max-bytes"
    return (
        f"file is {size:,} bytes, over the {max_bytes:,}-byte limit; "
        f"raise the limit with --max-bytes (e.g. --max-bytes {size})"
    )


def _read_bytes(path: str, max_bytes: int) -> bytes:
    """The file's bytes, refusing files over *max_bytes* before reading them."""
    try:
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            if size > max_bytes:
                raise DocumentError(path, _too_big(size, max_bytes))
            # Not f.read(max_bytes + 1): that allocates the whole limit (10 MB) up front
            # for every file, however small.  Read what the size says, then check for
            # more (the file may have grown; pipes and /proc files report size 0).
            chunks = [f.read(size + 1)] if size else []
            total = sum(map(len, chunks))
            while total <= max_bytes and (not size or total > size):  # short read: at the end
                chunk = f.read(min(1 << 16, max_bytes + 1 - total))
                if not chunk:
                    break
                chunks.append(chunk)
                total += len(chunk)
            data = chunks[0] if len(chunks) == 1 else b"".join(chunks)
    except OSError as e:
        raise DocumentError(path, _os_reason(e)) from None
    if len(data) > max_bytes:
        raise DocumentError(path, _too_big(None, max_bytes))
    return data


def _format_of(name: str) -> str | None:
    return FORMATS.get(os.path.splitext(name)[1].lower())


def _iter_file(path: str, max_bytes: int, *, explicit: bool) -> Iterator[IngestItem]:
    """Documents of one file; every failure becomes an IngestFailure."""
    fmt = _format_of(path) or "text"
    if "\x00" in path:
        yield IngestFailure(repr(path), "the path contains a NUL character, which no file name can hold")
        return
    try:
        if fmt == "jsonl":
            yield from _iter_jsonl(path, max_bytes)
            return
        text, encoding = _decode(_read_bytes(path, max_bytes), path, fmt)
        text = normalize_text(text)
        if fmt == "json":
            yield from _iter_json(text, path, encoding)
            return
        if explicit and _format_of(path) is None and _looks_like_html(text):
            fmt = "html"
        yield _build(_parse_text(text, fmt), source=path, fmt=fmt, path=path, encoding=encoding)
    except DocumentError as e:
        yield IngestFailure(e.source, _one_line(e.reason))
    except RecursionError:
        yield IngestFailure(path, "structure nested too deeply to read")
    except Exception as e:  # noqa: BLE001 - one broken file must not stop a batch; reported
        reason = f"unexpected error ({type(e).__name__}: {_one_line(e)}); please report this"
        yield IngestFailure(path, reason)


def _iter_folder(root: str, max_bytes: int, recursive: bool) -> Iterator[IngestItem]:
    """Depth-first walk in sorted name order; hidden entries and unknown types skipped."""
    seen: set[str] = set()
    found = 0
    skipped_dirs = 0
    stack: list[Iterator[os.DirEntry[str]]] = []

    def listing(d: str) -> Iterator[os.DirEntry[str]] | IngestFailure:
        real = os.path.realpath(d)
        if real in seen:  # symlink loop
            return iter(())
        seen.add(real)
        try:
            with os.scandir(d) as it:
                return iter(sorted(it, key=lambda e: e.name))
        except OSError as e:
            return IngestFailure(d, _os_reason(e))

    first = listing(root)
    if isinstance(first, IngestFailure):
        yield first
        return
    stack.append(first)
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        if entry.name.startswith("."):
            continue
        try:
            is_dir = entry.is_dir()
            is_file = not is_dir and entry.is_file()
        except OSError:
            is_dir = is_file = False
        if is_dir:
            if not recursive:
                skipped_dirs += 1
                continue
            sub = listing(entry.path)
            if isinstance(sub, IngestFailure):
                yield sub
            else:
                stack.append(sub)
            continue
        if not is_file or _format_of(entry.name) is None:
            continue
        found += 1
        yield from _iter_file(entry.path, max_bytes, explicit=False)
    if not found:
        hint = f"; {skipped_dirs} subfolder(s) not searched (recursion is off)" if skipped_dirs else ""
        yield IngestFailure(root, f"no documents found (looked for {_SUFFIX_LIST}){hint}")


def _check_max_bytes(max_bytes: int) -> None:
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes <= 0:
        raise InputError(f"max_bytes must be a positive number of bytes, not {max_bytes!r}")


# --------------------------------------------------------------------------- public API


def iter_documents(
    paths: Iterable[str | Path] | str | Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    recursive: bool = True,
) -> Iterator[IngestItem]:
    """Stream Documents (and IngestFailures, one per unreadable file/record) from paths.

    Folders are walked in sorted order (into subfolders when *recursive*), skipping
    hidden entries and files whose suffix is not in :data:`FORMATS`; a file named
    explicitly is read whatever its suffix (as text, or HTML if it looks like HTML).
    Nothing is read before it is needed, and ``.jsonl`` files are read line by line.
    """
    _check_max_bytes(max_bytes)  # eagerly, not at the first next()
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    return _iter_paths(paths, max_bytes, recursive)


def _iter_paths(paths: Iterable[str | Path], max_bytes: int, recursive: bool) -> Iterator[IngestItem]:
    for p in paths:
        path = os.fspath(p)
        try:
            st = os.stat(path)
        except OSError as e:
            yield IngestFailure(str(path), _os_reason(e))
            continue
        except ValueError:  # "embedded null byte"
            yield from _iter_file(path, max_bytes, explicit=True)
            continue
        if stat.S_ISDIR(st.st_mode):
            yield from _iter_folder(path, max_bytes, recursive)
        elif not stat.S_ISREG(st.st_mode):  # a FIFO would block forever, a device never end
            kind = "named pipe" if stat.S_ISFIFO(st.st_mode) else "socket" if stat.S_ISSOCK(st.st_mode) else "device"
            yield IngestFailure(str(path), f"not a regular file (a {kind}); pipe text in with '-' instead")
        else:
            yield from _iter_file(path, max_bytes, explicit=True)


def load_document(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read exactly one document from a file; raise DocumentError if that fails.

    A ``.json``/``.jsonl`` file holding several records is refused (use
    :func:`iter_documents`), as is a folder.
    """
    _check_max_bytes(max_bytes)
    p = os.fspath(path)
    if os.path.isdir(p):
        raise DocumentError(p, "is a folder, not a file; use iter_documents() to read a folder")
    doc: Document | None = None
    for item in _iter_file(p, max_bytes, explicit=True):
        if isinstance(item, IngestFailure):
            raise item.to_error()
        if doc is not None:
            raise DocumentError(p, "holds more than one document; read it with iter_documents()")
        doc = item
    if doc is None:  # pragma: no cover - _iter_file always yields something
        raise DocumentError(p, "empty document")
    return doc


def read_text(
    text: str,
    *,
    source: str = "<stdin>",
    published: str | None = None,
    title: str | None = None,
    fmt: str = "text",
) -> Document:
    """A Document from text given directly (stdin, a pasted article).

    Header lines are detected as for a ``.txt`` file (*fmt* may also be ``"markdown"``
    or ``"html"``); *published* and *title*, when given, win over detected ones.
    Raises DocumentError for empty text and InputError for a bad *published* or *fmt*.
    """
    if not isinstance(text, str):
        raise InputError(f"text must be a string, not {type(text).__name__}; decode bytes first")
    if fmt not in _TEXT_FORMATS:
        raise InputError(f"fmt {fmt!r} is not one of {', '.join(_TEXT_FORMATS)}")
    iso = None
    if published is not None:
        iso = parse_date(published)
        if iso is None:
            raise InputError(
                f"published date {published!r} is not a valid unambiguous date; use YYYY-MM-DD"
            )
    norm = normalize_text(text)
    if not norm.strip():
        raise DocumentError(source, "empty document")
    return _build(
        _parse_text(norm, fmt),
        source=source,
        fmt=fmt,
        path=None,
        title=title,
        published=iso,
        extra=[("origin", source)],
    )


def read_bytes(
    data: bytes,
    *,
    source: str = "<stdin>",
    fmt: str = "text",
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Document:
    """A Document from raw bytes (a pipe, an upload), decoded as a file would be.

    The same decoding fallbacks as for files apply (byte-order marks, UTF-16 without
    one, UTF-8, then cp1252/latin-1; binary data refused), so bytes that are not UTF-8
    never reach later stages as undecodable characters.  Raises DocumentError for
    empty, binary or over-limit input and InputError for a bad *fmt*.
    """
    _check_max_bytes(max_bytes)
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise InputError(f"data must be bytes, not {type(data).__name__}; use read_text() for text")
    if fmt not in _TEXT_FORMATS:
        raise InputError(f"fmt {fmt!r} is not one of {', '.join(_TEXT_FORMATS)}")
    data = bytes(data)
    if len(data) > max_bytes:
        raise DocumentError(source, _too_big(None, max_bytes))
    text, encoding = _decode(data, source, fmt)
    return _build(_parse_text(normalize_text(text), fmt), source=source, fmt=fmt, path=None,
                  encoding=encoding, extra=[("origin", source)])
