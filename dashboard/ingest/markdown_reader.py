"""The Markdown reader, :func:`parse_markdown`: YAML front matter, header lines, heading,
and the text a reader sees.

A front-matter block (``---`` … ``---``/``...``) at the top is read for title, date and
URL and removed from the exposed text; header lines after it are handled as in plain
text (:func:`~dashboard.ingest.headers.split_header`); without a title so far, a
first-line ``# Heading`` (ATX) or ``Heading``/``====`` (setext) gives it.  The heading
itself stays in the body.

The exposed text is the source with its markup blanked (:func:`plain_text`): markdown-it-py
parses the document (CommonMark, tables, strikethrough); the characters of its text
tokens are kept where they stand and every other character — emphasis and heading marks,
list bullets, link targets, table pipes, HTML tags — becomes a space, line breaks kept.
Offsets into the exposed text are therefore offsets into the source, and "**Mali.** The
army …" reads as two sentences.
"""

from __future__ import annotations

import re
from typing import Any

from markdown_it import MarkdownIt

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
    heading = _markdown_heading(rest)
    parsed = split_header(plain_text(rest))
    parsed.body_offset += offset
    parsed.meta[:0] = fm_meta
    parsed.title = fm_title or parsed.title
    parsed.published = fm_date or parsed.published
    parsed.url = fm_url or parsed.url
    if parsed.title is None and parsed.body_offset == offset:
        parsed.title = heading
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


_MD = MarkdownIt("commonmark").enable("table").enable("strikethrough")
_TAG = re.compile(r"<[^>\n]*>")
_MAX_SKIP = 12  # markup characters between two text characters (entities, escapes)


def plain_text(src: str) -> str:
    """``src`` with everything but its text blanked to spaces (same length, same lines)."""
    keep = bytearray(len(src))
    starts = [0] + [i + 1 for i, c in enumerate(src) if c == "\n"]

    def line(n: int) -> int:
        return starts[n] if n < len(starts) else len(src)

    done = 0  # text tokens come in source order: table cells of one row share its lines
    for tok in _MD.parse(src):
        if tok.map is None:
            continue
        lo, hi = line(tok.map[0]), line(tok.map[1])
        if tok.type == "inline":
            done = _keep_inline(src, tok.children or [], max(lo, done), hi, keep)
        elif tok.type == "fence":
            keep[line(tok.map[0] + 1):line(max(tok.map[1] - 1, tok.map[0] + 1))] = \
                b"\x01" * (line(max(tok.map[1] - 1, tok.map[0] + 1)) - line(tok.map[0] + 1))
        elif tok.type == "code_block":
            keep[lo:hi] = b"\x01" * (hi - lo)
        elif tok.type == "html_block":
            keep[lo:hi] = b"\x01" * (hi - lo)
            for m in _TAG.finditer(src, lo, hi):
                keep[m.start():m.end()] = bytes(m.end() - m.start())
    return "".join(c if keep[i] or c == "\n" else " " for i, c in enumerate(src))


_SPECIAL = re.compile(r"([&<>\"'*\\_`\[\]~]|[^\x00-\x7f])")


def _keep_inline(src: str, children, lo: int, hi: int, keep: bytearray) -> int:
    """Mark the characters of an inline block's text tokens in ``src[lo:hi]``.  A token's
    text is found as written, else piece by piece: runs of plain characters as written,
    characters a source may spell otherwise ("&amp;", "\\*", "&#233;") within a few
    characters, or not at all."""
    cur = lo
    for child in children:
        if child.type not in ("text", "code_inline") or not child.content:
            continue
        content = child.content
        j = src.find(content, cur, hi)
        if j >= 0:
            keep[j:j + len(content)] = b"\x01" * len(content)
            cur = j + len(content)
            continue
        for piece in _SPECIAL.split(content):
            if not piece:
                continue
            special = len(piece) == 1 and _SPECIAL.fullmatch(piece) is not None
            k = src.find(piece, cur, min(hi, cur + len(piece) + _MAX_SKIP) if special else hi)
            if k < 0:
                continue
            keep[k:k + len(piece)] = b"\x01" * len(piece)
            cur = k + len(piece)
    return cur
