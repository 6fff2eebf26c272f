"""Documents from text or bytes given directly (stdin, a pasted article, an upload)
rather than read from a file: :func:`read_text` and :func:`read_bytes`.
"""

from __future__ import annotations

from dashboard.errors import DocumentError, InputError
from dashboard.ingest.dates import parse_date
from dashboard.ingest.decode import decode_bytes
from dashboard.ingest.fileio import DEFAULT_MAX_BYTES, check_max_bytes, too_big
from dashboard.ingest.formats import TEXT_FORMATS, parse_text
from dashboard.ingest.results import build_document
from dashboard.model import Document
from dashboard.util.text import normalize_text

__all__ = ["read_bytes", "read_text"]


def _check_fmt(fmt: str) -> None:
    if fmt not in TEXT_FORMATS:
        raise InputError(f"fmt {fmt!r} is not one of {', '.join(TEXT_FORMATS)}")


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
    _check_fmt(fmt)
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
    return build_document(
        parse_text(norm, fmt),
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
    check_max_bytes(max_bytes)
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise InputError(f"data must be bytes, not {type(data).__name__}; use read_text() for text")
    _check_fmt(fmt)
    data = bytes(data)
    if len(data) > max_bytes:
        raise DocumentError(source, too_big(None, max_bytes))
    text, encoding = decode_bytes(data, source, fmt)
    return build_document(parse_text(normalize_text(text), fmt), source=source, fmt=fmt, path=None,
                          encoding=encoding, extra=[("origin", source)])
