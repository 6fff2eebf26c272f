"""The event-store interface every backend implements: :class:`Store`, and the
:class:`StoredDocument` record it returns.

Backend-neutral: no SQL and no driver here.  The argument checks and value forms a
backend shares live in :mod:`dashboard.store.filters` (query arguments) and
:mod:`dashboard.store.rows` (what is stored); the embedded backend is
:class:`dashboard.store.sqlite.store.SQLiteStore`, the shared one
:class:`dashboard.store.postgres.store.PostgresStore`.
"""

from __future__ import annotations

import abc
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date
from typing import Any

from dashboard.errors import DataError, InputError
from dashboard.model import Document, Event

__all__ = ["Store", "StoredDocument", "check_schema_version"]


def check_schema_version(name: str, version: int, supported: int, missing: set[str] | frozenset[str],
                         fix: str) -> int:
    """``version`` when a backend may use a store at it: a newer one (than ``supported``)
    or one missing tables raises DataError naming the store ``name`` and ``fix``."""
    if version > supported:
        raise DataError(f"event store {name!r} has schema version {version}, newer than this sitmap "
                        f"supports ({supported}): upgrade sitmap, or {fix}")
    if version < 1 or missing:
        raise DataError(f"event store {name!r} is damaged (schema version {version}, missing tables: "
                        f"{', '.join(sorted(missing)) or 'none'}): {fix}")
    return version


@dataclass(frozen=True)
class StoredDocument:
    """A stored document's metadata; ``text`` is None unless it was asked for."""

    doc_id: str
    path: str | None
    title: str | None
    published: str | None
    url: str | None
    ingested_at: str
    text: str | None = None

    def to_document(self) -> Document:
        """The :class:`~dashboard.ingest.Document` (needs ``text``; ``meta`` is not stored)."""
        if self.text is None:
            raise InputError(f"document {self.doc_id!r} was read without its text: use Store.document()")
        return Document(self.doc_id, self.text, self.title, self.published, self.path, self.url)


class Store(abc.ABC):
    """What the pipeline, CLI and app need from an event store (the contract tests in
    tests/integration/test_store_contract.py hold every backend to it)."""

    @abc.abstractmethod
    def add_document(self, doc: Document, toponyms: Sequence[Mapping[str, Any]], events: Sequence[Event]) -> bool:
        """Store a document with its toponyms and events in one transaction.

        Returns False, changing nothing, when ``doc.doc_id`` is already stored."""

    @abc.abstractmethod
    def has_document(self, doc_id: str) -> bool: ...

    @abc.abstractmethod
    def documents(self, *, text: bool = False) -> Iterator[StoredDocument]:
        """All documents, by publication date (undated last), then doc_id."""

    @abc.abstractmethod
    def document(self, doc_id: str) -> StoredDocument | None:
        """One document with its text, or None if it is not stored."""

    @abc.abstractmethod
    def mentions(self, doc_id: str) -> list[dict]:
        """The toponyms stored for a document, in their original order."""

    @abc.abstractmethod
    def count(self) -> int:
        """Number of stored documents."""

    @abc.abstractmethod
    def counts(self) -> dict[str, int]:
        """Row counts: documents, mentions, events (per document) and fused events."""

    @abc.abstractmethod
    def changed(self) -> str:
        """A value that changes whenever the store's content does (a cache key)."""

    @abc.abstractmethod
    def ingest_lock(self) -> AbstractContextManager:
        """A context manager: one ingest into this store at a time, across processes."""

    @abc.abstractmethod
    def document_events(self, doc_id: str | None = None) -> Iterator[Event]:
        """The per-document events (all documents, or one), by doc_id then original order."""

    @abc.abstractmethod
    def replace_fused(self, events: Sequence[Event]) -> int:
        """Replace all fused events atomically; returns how many were stored."""

    @abc.abstractmethod
    def query(self, *, start: str | date | None = None, end: str | date | None = None,
              types: Iterable[str] | str | None = None, actors: Iterable[str] | str | None = None,
              modality: Iterable[str] | str | None = None, doc_ids: Iterable[str] | str | None = None,
              min_corroboration: int = 1, text: str | None = None,
              bbox: Sequence[float] | None = None, include_undated: bool = True,
              limit: int | None = None) -> list[Event]:
        """Fused events matching every given filter, ordered by (date_start, id), undated last.

        * window: a dated event matches when its interval [date_start, date_end] overlaps
          [start, end] (either bound may be None = open); undated events are returned
          only when ``include_undated``;
        * ``types``/``actors`` (actor name)/``modality``/``doc_ids`` (any source):
          a string or a collection; None = no filter, an empty collection matches nothing;
        * ``text``: every whitespace-separated term must occur in the summary, the actor
          or the place name, its words as word beginnings ("venez" finds Venezuela,
          "zuela" does not; case- and accent-insensitive; % and _ are literal; the SQLite
          store answers from an FTS5 index);
        * ``bbox``: (min_lon, min_lat, max_lon, max_lat); events without coordinates are
          excluded; min_lon > max_lon means across the antimeridian.
        """

    @abc.abstractmethod
    def span(self) -> tuple[str | None, str | None]:
        """(earliest start, latest end) over the fused events' dates; (None, None) if none."""

    @abc.abstractmethod
    def facets(self) -> dict[str, list]:
        """Distinct values for UI filters: types, actors, modalities, documents."""

    @abc.abstractmethod
    def close(self) -> None: ...

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()
