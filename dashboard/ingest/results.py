"""What the ingest produces: a :class:`Parsed` text becomes a :class:`Document`, an
unreadable file or record an :class:`IngestFailure` with a one-line reason.

Every format reader returns a :class:`Parsed` (exposed body, how many characters were
removed in front of it, and the title/date/URL/metadata found around it);
:func:`build_document` assembles the frozen, picklable Document from it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Union

from dashboard.errors import DocumentError
from dashboard.model import Document
from dashboard.util.safetext import scrub_surrogates
from dashboard.util.text import doc_id_for, normalize_text

__all__ = ["IngestFailure", "IngestItem", "Parsed", "build_document", "one_line"]


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


@dataclass
class Parsed:
    """A text split into exposed body and the metadata found around it."""

    body: str
    body_offset: int = 0
    title: str | None = None
    published: str | None = None
    url: str | None = None
    meta: list[tuple[str, Any]] = field(default_factory=list)


def build_document(
    parsed: Parsed,
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


def one_line(text: object) -> str:
    """*text* (an exception, a message) with all whitespace runs as single spaces."""
    return " ".join(str(text).split())
