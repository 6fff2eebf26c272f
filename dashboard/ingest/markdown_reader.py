"""The Markdown reader, :func:`parse_markdown`: YAML front matter, header lines, heading.

A front-matter block (``---`` … ``---``/``...``) at the top is read for title, date and
URL and removed from the exposed text; header lines after it are handled as in plain
text (:func:`~dashboard.ingest.headers.split_header`); without a title so far, a
first-line ``# Heading`` (ATX) or ``Heading``/``====`` (setext) gives it.  The heading
itself stays in the body.
"""

from __future__ import annotations

import re
from typing import Any

from dashboard.ingest.dates import parse_date
from dashboard.ingest.headers import split_header
from dashboard.ingest.results import Parsed

__all__ = ["parse_markdown"]

_FM_KEY = re.compile(r"(?P<key>[A-Za-z_][\w-]*)[ \t]*:(?P<val>.*)")
_FM_DATE_KEYS = ("date", "published", "pubdate", "publishdate", "published_at", "date_published")
_ATX_H1 = re.compile(r"[ ]{0,3}#[ \t]+(?P<t>.*\S)")
_SETEXT_H1 = re.compile(r"[ ]{0,3}=+[ \t]*")


def parse_markdown(text: str) -> Parsed:
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
                    elif key in _FM_DATE_KEYS and fm_date is None:
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
    parsed = split_header(rest)
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
