"""Which reader reads what: file suffix → format name, and format name → reader.

Each text format has one reader function, text in, :class:`~dashboard.ingest.results.Parsed`
out, so a reader can be swapped without touching the rest: plain text
(:func:`~dashboard.ingest.headers.split_header`), Markdown
(:func:`~dashboard.ingest.markdown_reader.parse_markdown`) and HTML
(:func:`~dashboard.ingest.html_reader.parse_html`).  JSON and JSON lines hold records
rather than one text; :mod:`dashboard.ingest.records` reads them.  RSS and Atom feeds
(``.rss``, ``.atom``, and ``.xml`` files whose root is ``<rss>``, ``<feed>`` or
``<rdf:RDF>``) hold items; :mod:`dashboard.ingest.feeds` reads them.
"""

from __future__ import annotations

import os

from dashboard.ingest.headers import split_header
from dashboard.ingest.html_reader import parse_html
from dashboard.ingest.markdown_reader import parse_markdown
from dashboard.ingest.results import Parsed

__all__ = ["FEED_FORMATS", "FORMATS", "SUFFIX_LIST", "TEXT_FORMATS", "format_of", "parse_text"]

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
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "xml",  # read when it is a feed (sniffed); other XML is skipped in folders
}
#: The formats :func:`parse_text` reads (one text each, no records).
TEXT_FORMATS = ("text", "markdown", "html")
#: The formats :func:`~dashboard.ingest.feeds.iter_feed` reads ("xml" only once sniffed as a feed).
FEED_FORMATS = ("feed", "xml")
SUFFIX_LIST = ", ".join(sorted(FORMATS))


def format_of(name: str) -> str | None:
    """The format of a file name from its suffix, or None for an unknown suffix."""
    return FORMATS.get(os.path.splitext(name)[1].lower())


def parse_text(text: str, fmt: str) -> Parsed:
    """Normalised text of format *fmt* (one of :data:`TEXT_FORMATS`) → body and metadata."""
    if fmt == "html":
        return parse_html(text)
    if fmt == "markdown":
        return parse_markdown(text)
    return split_header(text)
