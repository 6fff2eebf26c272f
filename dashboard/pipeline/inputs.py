"""What the command line and the library read: documents from paths ("-" is stdin) or
given as :class:`~dashboard.model.Document` values, and the ``{"id", "text", "spans"?}`` records of a JSON Lines file for the geoparser.
A file or record that cannot be read is logged as one line (``sitmap: skipped …``) and
counted; the batch goes on."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from dashboard.errors import DocumentError, InputError
from dashboard.ingest import DEFAULT_MAX_BYTES, IngestFailure, iter_documents, read_bytes
from dashboard.model import Document
from dashboard.util.safetext import printable

log = logging.getLogger("sitmap.ingest")


class Inputs:
    """Documents from ``sources`` — paths of files and folders, ``"-"`` for stdin, or
    ready :class:`~dashboard.model.Document` values — in order; iterate it once.
    ``failures`` lists what could not be read (``"source: reason"``), each also logged
    when met; ``read`` counts the documents yielded."""

    def __init__(self, sources: Iterable[str | Path | Document], *, max_bytes: int = DEFAULT_MAX_BYTES,
                 stdin=None):
        self.sources = list(sources)
        self.max_bytes = max_bytes
        self.stdin = stdin
        self.failures: list[str] = []
        self.read = 0

    def __iter__(self) -> Iterator[Document]:
        for doc in self._documents():
            self.read += 1
            yield doc

    def _documents(self) -> Iterator[Document]:
        for p in self.sources:
            if isinstance(p, Document):
                yield p
                continue
            if str(p) == "-":
                doc = self._stdin()
                if doc is not None:
                    yield doc
                continue
            for item in iter_documents([p], max_bytes=self.max_bytes):
                if isinstance(item, IngestFailure):
                    self._skip(item.source, item.reason)
                else:
                    yield item

    def _stdin(self) -> Document | None:
        # bytes, size-limited, decoded like a file: not-UTF-8 input is not undecodable text
        stream = self.stdin if self.stdin is not None else sys.stdin
        raw = getattr(stream, "buffer", None)
        data = raw.read(self.max_bytes + 1) if raw is not None else stream.read().encode("utf-8", "replace")
        try:
            return read_bytes(data, source="<stdin>", max_bytes=self.max_bytes)
        except DocumentError as exc:
            self._skip("<stdin>", exc.reason)
            return None

    def _skip(self, source: str, reason: str) -> None:
        self.failures.append(str(IngestFailure(source, reason)))
        log.warning("skipped %s: %s", printable(source), printable(reason))


def read_jsonl_records(path: str | Path) -> Iterator[dict]:
    """``{"id", "text", "spans"?}`` objects of a JSON Lines file (``"-"``: stdin); a
    malformed line is logged and skipped."""
    stream = sys.stdin if str(path) == "-" else None
    try:
        fh = stream or open(path, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read {str(path)!r}: {exc.strerror}") from None
    with fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
                if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
                    raise ValueError("expected an object with a 'text' string")
                spans = obj.get("spans")
                if spans is not None and not (isinstance(spans, list) and all(
                        isinstance(s, list) and len(s) == 2 and all(isinstance(x, int) for x in s) for s in spans)):
                    raise ValueError("'spans' must be a list of [start, end] integer pairs")
            except ValueError as exc:
                log.warning("skipped %s:%d: %s", path, n, exc)
                continue
            yield obj
