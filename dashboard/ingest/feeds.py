"""The feed reader: RSS and Atom files → one Document per item or entry.

feedparser reads the feed from the decoded, repaired text handed to it as bytes (never a
URL or a file name, so it cannot fetch anything; external entities are not resolved).
Each entry becomes a Document: its text is the entry's content, else its summary, with
HTML stripped by the HTML reader's :func:`~dashboard.ingest.html_text.visible_text`
(feedparser has already removed scripts); its title, link (``url``), id (``source_id``)
and published date (else its update date, as ``YYYY-MM-DD``: the calendar date the
feed writes, else feedparser's parsed date in UTC) come from the entry; ``author`` and the feed's title (``site``) go to ``meta``.

As for a JSON list, entry *i* of ``path`` is reported as ``path[i]`` (its ``origin``) and
a bad entry fails alone; ``doc_id`` is the hash of the entry's exposed text, so each
entry has its own stable id and the same story in two feeds is one document.
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Iterator
from typing import Any

import feedparser

from dashboard.errors import DocumentError
from dashboard.ingest.dates import parse_date
from dashboard.ingest.html_text import visible_text
from dashboard.ingest.results import IngestFailure, IngestItem, Parsed, build_document, one_line
from dashboard.model import Document
from dashboard.util.text import normalize_text

__all__ = ["iter_feed", "looks_like_feed"]

# The root element after an optional XML declaration, comments, processing instructions
# and a doctype: <rss>, <feed> (Atom) or <rdf:RDF> (RSS 1.0), with or without a prefix.
_FEED_ROOT = re.compile(
    r"\s*(?:<\?xml[^>]*>\s*)?(?:(?:<!--(?:[^-]|-(?!->))*-->|<\?[^>]*>|<!DOCTYPE[^>[]*(?:\[[^\]]*\])?\s*>)\s*)*"
    r"<(?:[A-Za-z_][\w.-]*:)?(?:rss|feed|RDF)[\s>/]")
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_HEADERS = {"content-type": "application/xml; charset=utf-8"}  # the bytes we hand over are UTF-8


def looks_like_feed(text: str) -> bool:
    """True when *text* (the start of a file is enough) is an RSS or Atom document."""
    return _FEED_ROOT.match(text[:8192].lstrip("\ufeff")) is not None


def iter_feed(text: str, path: str, encoding: str) -> Iterator[IngestItem]:
    """Documents of a decoded, normalised feed file, one per item/entry.

    Raises DocumentError when the file as a whole is unusable (not a feed, no entries);
    a bad entry is yielded as an IngestFailure and the others go on.
    """
    parsed = feedparser.parse(io.BytesIO(text.encode("utf-8")), response_headers=_HEADERS,
                              resolve_relative_uris=False, sanitize_html=True)
    if not parsed.entries:
        if parsed.get("bozo") and not parsed.get("version"):
            reason = one_line(parsed.get("bozo_exception", "unreadable"))
            raise DocumentError(path, f"not a readable RSS or Atom feed ({reason}); check that the file is complete")
        raise DocumentError(path, "empty document (the feed has no items)")
    feed = parsed.get("feed", {})
    site = _plain(feed.get("title"), feed.get("title_detail"))
    for i, entry in enumerate(parsed.entries):
        source = f"{path}[{i}]"
        extra: list[tuple[str, Any]] = [("encoding", encoding), ("index", i), ("origin", source)]
        if site:
            extra.append(("site", site))
        try:
            yield _entry_document(entry, source=source, path=path, extra=extra)
        except DocumentError as e:
            yield IngestFailure(e.source, e.reason)


def _entry_document(entry: Any, *, source: str, path: str, extra: list[tuple[str, Any]]) -> Document:
    body = ""
    for part in [*(entry.get("content") or []), entry.get("summary_detail")]:
        if part and isinstance(part.get("value"), str):
            body = normalize_text(_plain(part["value"], part)).strip()
            if body:
                break
    if not body:
        raise DocumentError(source, "empty document (the feed item has no content or summary)")
    published = None
    for key in ("published", "updated"):
        # the calendar date as the publisher wrote it ("…T03:15+08:00" is the 9th where it
        # was written, the 8th in UTC); feedparser's parsed (UTC) date for other forms
        stamp = entry.get(f"{key}_parsed")
        published = parse_date(str(entry.get(key) or "")) or (time.strftime("%Y-%m-%d", stamp) if stamp else None)
        if published:
            break
    if published is None and entry.get("published"):
        extra.append(("unparsed_date", str(entry["published"])))
    author = entry.get("author")
    if isinstance(author, str) and author.strip():
        extra.append(("author", author.strip()))
    link, ident = entry.get("link"), entry.get("id")
    return build_document(
        Parsed(body), source=source, fmt="feed", path=path,
        title=_plain(entry.get("title"), entry.get("title_detail")), published=published,
        url=link if isinstance(link, str) and link.strip() else None,
        source_id=ident if isinstance(ident, str) and ident.strip() else None, extra=extra,
    )


def _plain(value: Any, detail: Any) -> str | None:
    """A feed value as text: HTML (by its declared type) stripped to what a reader sees."""
    if not isinstance(value, str):
        return None
    kind = detail.get("type") if hasattr(detail, "get") else None
    return visible_text(value) if kind in _HTML_TYPES else value
