"""The HTML reader, :func:`parse_html`: the article's main text, title, date, URL, site, author.

A saved news page is mostly not the article: menus, cookie banners, teasers of other
stories ("Russia deploys troops to …"), newsletter boxes, comments and footers, each of
which would give false events.  trafilatura finds the main text (``favor_precision``:
when unsure, a block is left out; comments never kept); it only ever sees the parsed
tree, so it cannot fetch anything.  The exposed text is its paragraphs, headings and
list items, one block per paragraph, blocks separated by a blank line, list items and
``<br>`` breaks by a line break — *generated* text, to which all offsets refer.  The
headline is the Document's title; it stays in the text only where trafilatura keeps
the page's own heading as a block.

* Title, canonical URL, site name and author come from trafilatura's metadata
  (``og:``/``twitter:`` tags, JSON-LD, ``<title>``, ``<h1>``); site and author go to
  ``meta`` as ``site`` and ``author``, the ``<html lang>`` as ``lang``.
* The publication date is htmldate's (``find_date`` through trafilatura's metadata, on
  the page's markup only: ``extensive_search`` off, the original date preferred over an
  update); when it finds none, the ``<meta>``/JSON-LD/``<time>`` candidates of
  :func:`~dashboard.ingest.html_text.date_candidates` are tried with
  :func:`~dashboard.ingest.dates.parse_date`.
* When trafilatura finds no main text (a fragment such as ``<p>Hi</p>``, a page that is
  only markup, nesting too deep for lxml), every visible character is kept instead
  (:func:`~dashboard.ingest.html_text.visible_text`).

The content of ``script``/``style``/``template``/``svg``/… (``html.json``) is never text;
markup written as entities (``&lt;img …&gt;``) is text, as a browser shows it.
"""

from __future__ import annotations

import logging
import re
from datetime import date
from typing import Any

from trafilatura import bare_extraction
from trafilatura.metadata import extract_metadata
from trafilatura.utils import load_html
from trafilatura.xml import xmltotxt

from dashboard.ingest.dates import parse_date
from dashboard.ingest.html_text import SKIP_TAGS, date_candidates, visible_text
from dashboard.ingest.results import Parsed
from dashboard.util.text import normalize_text

__all__ = ["looks_like_html", "parse_html"]

log = logging.getLogger("sitmap.ingest")

_PRUNE = [f"//{tag}" for tag in sorted(SKIP_TAGS)]
_TITLE_OPEN = re.compile(r"<title\b[^>]*>", re.IGNORECASE)
_TITLE_CLOSE = re.compile(r"</title\s*>", re.IGNORECASE)
_BLANKS = re.compile(r"\n{3,}")


def parse_html(text: str) -> Parsed:
    """Main text of an HTML page plus title, publication date, URL, site, author, language."""
    text = _close_title(text)
    tree = _tree(text)
    body = _main_text(tree) if tree is not None else None
    if not body:
        body = visible_text(text)
    info = _metadata(tree) if tree is not None else {}
    published = info.get("date")
    if published is None:
        published = next((d for d in map(parse_date, date_candidates(text)) if d), None)
    meta: list[tuple[str, Any]] = [(k, info[k]) for k in ("lang", "site", "author") if info.get(k)]
    return Parsed(body, 0, info.get("title"), published, info.get("url"), meta)


def _close_title(text: str) -> str:
    """End an unclosed ``<title>`` at the next tag: lxml (like a browser) would make the
    rest of the page its title."""
    m = _TITLE_OPEN.search(text)
    if m is None or _TITLE_CLOSE.search(text, m.end()):
        return text
    nxt = text.find("<", m.end())
    return text if nxt < 0 else f"{text[:nxt]}</title>{text[nxt:]}"


def _tree(text: str):
    """The lxml tree of the page, or None where lxml gives up."""
    try:
        return load_html(text)
    except Exception as exc:  # noqa: BLE001 - lxml raises many kinds on hostile markup; logged, fallback
        log.debug("lxml could not parse the page (%s); reading it as plain markup", exc)
        return None


def _main_text(tree) -> str | None:
    """trafilatura's main text, blocks separated by blank lines; None when it finds none."""
    try:
        doc = bare_extraction(tree, favor_precision=True, include_comments=False, include_tables=True,
                              include_images=False, include_links=False, include_formatting=False,
                              deduplicate=False, with_metadata=False, prune_xpath=_PRUNE)
    except Exception as exc:  # noqa: BLE001 - hostile markup: logged, the fallback reader takes over
        log.debug("trafilatura failed on the page (%s: %s); keeping all visible text", type(exc).__name__, exc)
        return None
    if doc is None or doc.body is None:
        return None
    blocks = [xmltotxt(child, False).strip() for child in doc.body]
    body = normalize_text("\n\n".join(b for b in blocks if b))
    return _BLANKS.sub("\n\n", body).strip() or None


def _metadata(tree) -> dict[str, str | None]:
    """Title, URL, site, author, htmldate's publication date and the page language."""
    config = {"extensive_search": False, "original_date": True, "max_date": date.today().isoformat()}
    try:
        m = extract_metadata(tree, date_config=config)
    except Exception as exc:  # noqa: BLE001 - hostile markup: logged, the fallback dates are tried
        log.debug("no page metadata (%s: %s)", type(exc).__name__, exc)
        return {}
    lang = tree.get("lang") if hasattr(tree, "get") else None
    return {"title": m.title, "url": m.url, "site": m.sitename, "author": m.author,
            "date": parse_date(m.date) if m.date else None, "lang": (lang or "").strip() or None}


def looks_like_html(text: str) -> bool:
    """True when *text* starts like an HTML page (``<!doctype html`` or ``<html``)."""
    head = text[:512].lstrip().lower()
    return head.startswith("<!doctype html") or head.startswith("<html")
