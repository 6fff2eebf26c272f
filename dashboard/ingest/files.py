"""Documents from files and folders: :func:`iter_documents` and :func:`load_document`.

Folders are walked lazily, depth first, in sorted name order; hidden entries, files of
unknown suffix and ``.xml`` files that are not RSS/Atom feeds are skipped, symlink loops
visited once.  Each file goes to its
format's reader; one bad file never stops the batch: it becomes an
:class:`~dashboard.ingest.results.IngestFailure` with a one-line reason.
"""

from __future__ import annotations

import codecs
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from dashboard.errors import DocumentError
from dashboard.ingest.decode import decode_bytes
from dashboard.ingest.fileio import DEFAULT_MAX_BYTES, check_max_bytes, os_reason, read_file_bytes
from dashboard.ingest.feeds import iter_feed, looks_like_feed
from dashboard.ingest.formats import FEED_FORMATS, SUFFIX_LIST, format_of, parse_text
from dashboard.ingest.html_reader import looks_like_html
from dashboard.ingest.records import iter_json, iter_jsonl
from dashboard.ingest.results import IngestFailure, IngestItem, build_document, one_line
from dashboard.model import Document
from dashboard.util.text import normalize_text

__all__ = ["iter_documents", "load_document"]


def _iter_file(path: str, max_bytes: int, *, explicit: bool) -> Iterator[IngestItem]:
    """Documents of one file; every failure becomes an IngestFailure."""
    fmt = format_of(path) or "text"
    if "\x00" in path:
        yield IngestFailure(repr(path), "the path contains a NUL character, which no file name can hold")
        return
    try:
        if fmt == "jsonl":
            yield from iter_jsonl(path, max_bytes)
            return
        text, encoding = decode_bytes(read_file_bytes(path, max_bytes), path, fmt)
        text = normalize_text(text)
        if fmt == "json":
            yield from iter_json(text, path, encoding)
            return
        if explicit and format_of(path) is None:
            fmt = "html" if looks_like_html(text) else "feed" if looks_like_feed(text) else fmt
        if fmt in FEED_FORMATS:
            if fmt == "xml" and not looks_like_feed(text):
                raise DocumentError(path, "is XML but not an RSS or Atom feed; save articles as .txt, .html or "
                                          ".json (a gold corpus goes to 'sitmap evaluate')")
            yield from iter_feed(text, path, encoding)
            return
        yield build_document(parse_text(text, fmt), source=path, fmt=fmt, path=path, encoding=encoding)
    except DocumentError as e:
        yield IngestFailure(e.source, one_line(e.reason))
    except RecursionError:
        yield IngestFailure(path, "structure nested too deeply to read")
    except Exception as e:  # noqa: BLE001 - one broken file must not stop a batch; reported
        reason = f"unexpected error ({type(e).__name__}: {one_line(e)}); please report this"
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
            return IngestFailure(d, os_reason(e))

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
        fmt = format_of(entry.name) if is_file else None
        if fmt is None or (fmt == "xml" and not _is_feed_file(entry.path)):
            continue
        found += 1
        yield from _iter_file(entry.path, max_bytes, explicit=False)
    if not found:
        hint = f"; {skipped_dirs} subfolder(s) not searched (recursion is off)" if skipped_dirs else ""
        yield IngestFailure(root, f"no documents found (looked for {SUFFIX_LIST}){hint}")


def _is_feed_file(path: str) -> bool:
    """Whether an ``.xml`` file starts like an RSS/Atom feed (unreadable: yes, so that the
    reader reports why)."""
    try:
        with open(path, "rb") as f:
            head = f.read(8192)
    except OSError:
        return True
    utf16 = head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    return looks_like_feed(head.decode("utf-16" if utf16 else "utf-8", "replace"))


def iter_documents(
    paths: Iterable[str | Path] | str | Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    recursive: bool = True,
) -> Iterator[IngestItem]:
    """Stream Documents (and IngestFailures, one per unreadable file/record) from paths.

    Folders are walked in sorted order (into subfolders when *recursive*), skipping
    hidden entries, files whose suffix is not in :data:`FORMATS` and ``.xml`` files that
    are not feeds; a file named explicitly is read whatever its suffix (as text, or as
    HTML or a feed if it looks like one).  Nothing is read before it is needed, and
    ``.jsonl`` files are read line by line.
    """
    check_max_bytes(max_bytes)  # eagerly, not at the first next()
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    return _iter_paths(paths, max_bytes, recursive)


def _iter_paths(paths: Iterable[str | Path], max_bytes: int, recursive: bool) -> Iterator[IngestItem]:
    for p in paths:
        path = os.fspath(p)
        try:
            st = os.stat(path)
        except OSError as e:
            yield IngestFailure(str(path), os_reason(e))
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
    check_max_bytes(max_bytes)
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
