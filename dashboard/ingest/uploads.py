"""Saving documents an analyst adds in the app (uploaded files, pasted text) into the
data folder, safely.  No Streamlit here: the app passes names and bytes in and shows
the :class:`UploadReport` it gets back.

Guarantees
----------
* **Nothing is written outside** ``data_dir``: a name is reduced to a bare file name
  (directories, ``..``, drive letters, absolute paths, NUL and control characters,
  bidi overrides removed), and the final path is resolved and checked to be directly
  inside the resolved ``data_dir`` before anything is written.
* **Nothing is overwritten**: a name already taken gets ``-2``, ``-3``, … before its
  suffix.  The file appears atomically under its final name (temporary file in the
  same folder, then a hard link that fails if the name was taken meanwhile, so two
  sessions saving ``report.txt`` at once get ``report.txt`` and ``report-2.txt``).
* **Only documents** are kept: suffix one of :data:`ALLOWED_SUFFIXES` (case-insensitive),
  content non-empty, not binary (the ingest decoder's checks), at most ``max_bytes``
  per file, ``max_files`` per call and ``max_total_bytes`` in all.  Anything else is
  rejected with a one-line reason and the rest of the upload goes on.
* Windows-reserved names (``CON``, ``NUL``, ``COM1`` …) get a leading ``_``; hidden names
  (a leading ``.``, which the ingest skips) lose it; names are capped at
  :data:`MAX_NAME_BYTES` bytes of UTF-8.

>>> report = save_uploads([("../../etc/passwd.txt", b"Troops ...")], Path("data"))  # doctest: +SKIP
>>> report.saved                                                                      # doctest: +SKIP
(PosixPath('/…/data/passwd.txt'),)
"""

from __future__ import annotations

import errno
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import BinaryIO, NamedTuple, Union

from dashboard.errors import DocumentError, InputError
from dashboard.ingest.dates import parse_date
from dashboard.ingest.decode import decode_bytes  # the same decoding and binary checks as ingest
from dashboard.util.safetext import printable
from dashboard.util.text import normalize_text

__all__ = [
    "ALLOWED_SUFFIXES",
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_FILES",
    "DEFAULT_MAX_TOTAL_BYTES",
    "MAX_NAME_BYTES",
    "Rejection",
    "UploadReport",
    "safe_filename",
    "save_pasted",
    "save_uploads",
]

ALLOWED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".json", ".jsonl")
DEFAULT_MAX_BYTES = 10_000_000
DEFAULT_MAX_FILES = 100
DEFAULT_MAX_TOTAL_BYTES = 200_000_000
MAX_NAME_BYTES = 150  # well under the usual 255-byte limit, leaving room for "-NNN"
_MAX_TITLE = 300

_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
# controls, DEL, C1, bidi embedding/override/isolate marks, zero-width and BOM characters
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb\ud800-\udfff]")
_UNSAFE = re.compile(r"[^\w\-. ()\[\]+,@]", re.UNICODE)
_RUNS = re.compile(r"[_ ]{2,}")
_FORMAT_FOR = {".txt": "text", ".md": "markdown", ".html": "html", ".htm": "html"}

Content = Union[bytes, bytearray, memoryview, BinaryIO]


class Rejection(NamedTuple):
    """An item that was not saved: its name (made printable) and why.  A named tuple,
    so ``for name, reason in report.rejected`` works."""

    name: str
    reason: str

    def __str__(self) -> str:
        return f"{self.name}: {self.reason}"


@dataclass(frozen=True)
class UploadReport:
    """What :func:`save_uploads` did: the files written (absolute paths, in input
    order) and the items refused, each with a one-line reason."""

    saved: tuple[Path, ...] = ()
    rejected: tuple[Rejection, ...] = ()

    @property
    def ok(self) -> bool:
        """True when every item was saved."""
        return not self.rejected


def _split_suffix(name: str) -> tuple[str, str]:
    stem, dot, suffix = name.rpartition(".")
    if not dot or not stem.strip(". "):
        return name, ""
    return stem, "." + suffix


def safe_filename(name: str | bytes, *, default: str = "upload") -> str:
    """A bare, harmless file name made from *name* (as sent by a browser or typed).

    Keeps the last path component only (``/`` and ``\\`` both count as separators),
    removes control, bidi and zero-width characters, replaces characters other than
    letters, digits and ``-._ ()[]+,@`` with ``_``, strips leading dots and spaces
    and trailing ones, prefixes Windows-reserved stems with ``_``, lower-cases the
    suffix and caps the length.  Raises :class:`InputError` if the suffix is not one of
    :data:`ALLOWED_SUFFIXES`.

    >>> safe_filename("../../etc/passwd.txt"), safe_filename("C:\\\\Users\\\\x\\\\Report.HTML")
    ('passwd.txt', 'Report.html')
    """
    if isinstance(name, (bytes, bytearray)):
        name = bytes(name).decode("utf-8", "replace")
    if not isinstance(name, str):
        raise InputError(f"file name must be text, not {type(name).__name__}")
    name = unicodedata.normalize("NFC", name)
    name = _INVISIBLE.sub("", name)
    name = re.split(r"[/\\]", name)[-1]
    name = name.replace(":", "_")  # drive letters and NTFS streams ("C:x", "a.txt:evil")
    stem, suffix = _split_suffix(name.strip(" ."))
    suffix = suffix.lower().strip()
    if suffix not in ALLOWED_SUFFIXES:
        shown = f"{suffix!r}" if suffix else "no suffix"
        raise InputError(f"{shown} is not a document type sitmap reads: upload {', '.join(ALLOWED_SUFFIXES)} files")
    stem = _UNSAFE.sub("_", stem)
    stem = _RUNS.sub("_", stem).strip(" ._") or default
    if stem.split(".")[0].lower() in _RESERVED:
        stem = "_" + stem
    budget = MAX_NAME_BYTES - len(suffix.encode())
    while len(stem.encode("utf-8")) > budget:
        stem = stem[:-1]
    stem = stem.rstrip(" .") or default
    return stem + suffix


def _read_limited(content: Content, max_bytes: int) -> bytes:
    """The item's bytes; at most ``max_bytes + 1`` are read from a stream."""
    if isinstance(content, (bytes, bytearray, memoryview)):
        return bytes(content)
    read = getattr(content, "read", None)
    if read is None:
        raise InputError(f"upload content must be bytes or a binary file, not {type(content).__name__}")
    chunks, size = [], 0
    while size <= max_bytes:
        chunk = read(min(1 << 20, max_bytes + 1 - size))
        if not chunk:
            break
        if isinstance(chunk, str):
            raise InputError("upload content must be bytes (open the file in binary mode)")
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _check_content(data: bytes, name: str, suffix: str, max_bytes: int) -> None:
    """Raise DocumentError unless *data* is a plausible text document."""
    if len(data) > max_bytes:
        raise DocumentError(name, f"file is over the {max_bytes:,}-byte upload limit")
    if not data.strip():
        raise DocumentError(name, "empty file")
    if suffix in (".json", ".jsonl"):
        decode_bytes(data[:200_000], name, "json")  # binary checks on the head; JSON errors are reported at ingest
    else:
        decode_bytes(data, name, _FORMAT_FOR.get(suffix, "text"))


def _data_dir(data_dir: str | os.PathLike) -> Path:
    root = Path(data_dir).expanduser()
    if "\x00" in str(root):
        raise InputError(f"data folder {str(root)!r} contains a NUL character")
    try:
        root.mkdir(parents=True, exist_ok=True)
        root = root.resolve(strict=True)
    except OSError as exc:
        raise InputError(f"cannot use data folder {str(root)!r} ({exc.strerror or exc}): "
                         "give a writable folder") from None
    if not root.is_dir():
        raise InputError(f"data folder {str(root)!r} is not a folder")
    return root


def _write_new(root: Path, name: str, data: bytes) -> Path:
    """Write *data* as a new file named *name* (or name-2, name-3, …) directly in *root*."""
    stem, suffix = _split_suffix(name)
    fd, tmp = tempfile.mkstemp(dir=root, prefix=".upload-", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        for n in range(1, 10_000):
            candidate = name if n == 1 else f"{stem}-{n}{suffix}"
            final = root / candidate
            # belt and braces (safe_filename already made it a bare name): never leave root.
            # Not resolve(): an existing symlink of that name must not be followed, only skipped.
            if (candidate in ("", ".", "..") or os.sep in candidate or (os.altsep and os.altsep in candidate)
                    or "\x00" in candidate or Path(os.path.normpath(final)).parent != root):
                raise InputError(f"file name {printable(candidate)!r} would leave the data folder")
            try:
                os.link(tmp, final)  # atomic, and fails if the name exists: never overwrites
            except FileExistsError:
                continue
            except OSError as exc:
                if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
                    raise
                # file system without hard links: claim the name, then move the data in
                try:
                    os.close(os.open(final, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
                except FileExistsError:
                    continue
                os.replace(tmp, final)
            return final
        raise InputError(f"too many files named like {printable(name)!r} in {str(root)!r}")
    finally:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass


def save_uploads(
    items: Iterable[tuple[str, Content]],
    data_dir: str | os.PathLike,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_files: int = DEFAULT_MAX_FILES,
    max_total_bytes: int = DEFAULT_MAX_TOTAL_BYTES,
) -> UploadReport:
    """Save uploaded ``(file name, content)`` items as new files directly in *data_dir*.

    *content* is bytes or a binary file object (read at most ``max_bytes + 1`` bytes).
    Items are handled one at a time and independently: a bad one is listed in
    ``rejected`` with its reason and the others are saved.  Items after the first
    ``max_files``, or that would bring the total over ``max_total_bytes``, are rejected
    unread.  Raises :class:`InputError` only for a bad limit or an unusable *data_dir*.
    """
    for label, value in (("max_bytes", max_bytes), ("max_files", max_files), ("max_total_bytes", max_total_bytes)):
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise InputError(f"{label} must be a positive whole number, not {value!r}")
    root = _data_dir(data_dir)
    saved: list[Path] = []
    rejected: list[Rejection] = []
    total = 0
    for i, item in enumerate(items):
        try:
            raw_name, content = item
        except (TypeError, ValueError):
            rejected.append(Rejection(f"item {i + 1}", "not a (file name, content) pair"))
            continue
        shown = printable(raw_name if isinstance(raw_name, str) else repr(raw_name), limit=120)
        if i >= max_files:
            rejected.append(Rejection(shown, f"over the limit of {max_files} files per upload"))
            continue
        try:
            name = safe_filename(raw_name)
            remaining = min(max_bytes, max_total_bytes - total)
            data = _read_limited(content, remaining)
            if len(data) > remaining and remaining < max_bytes:
                raise DocumentError(shown, f"over the limit of {max_total_bytes:,} bytes per upload in all")
            _check_content(data, shown, _split_suffix(name)[1], max_bytes)
            saved.append(_write_new(root, name, data))
            total += len(data)
        except (InputError, DocumentError) as exc:
            rejected.append(Rejection(shown, getattr(exc, "reason", None) or str(exc)))
        except OSError as exc:
            rejected.append(Rejection(shown, f"cannot write it ({exc.strerror or exc}); check the data folder"))
    return UploadReport(tuple(saved), tuple(rejected))


def save_pasted(
    text: str,
    data_dir: str | os.PathLike,
    title: str | None = None,
    *,
    published: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Path:
    """Save pasted article text as a new ``.txt`` file in *data_dir*; return its path.

    The file name comes from *title* (made safe) or the current UTC time.  *title* and
    *published* (an unambiguous date such as ``2025-08-29``) are written as ``Title:``
    and ``Published:`` header lines, which the ingest reads back; a title is reduced to
    one line of at most 300 characters, so it cannot inject header lines of its own.
    Raises :class:`InputError` for empty or over-long text, a bad date, or an unusable
    *data_dir*.
    """
    if not isinstance(text, str):
        raise InputError(f"pasted text must be a string, not {type(text).__name__}")
    text = normalize_text(text)
    if not text.strip():
        raise InputError("nothing to save: the pasted text is empty")
    header = []
    clean_title = None
    if title is not None:
        clean_title = " ".join(normalize_text(str(title)).split())[:_MAX_TITLE].strip() or None
    if clean_title:
        header.append(f"Title: {clean_title}")
    if published is not None and str(published).strip():
        iso = parse_date(str(published).strip())
        if iso is None:
            raise InputError(f"publication date {published!r} is not a valid unambiguous date: use YYYY-MM-DD")
        header.append(f"Published: {iso}")
    body = ("\n".join(header) + "\n\n" if header else "") + text.strip("\n") + "\n"
    data = body.encode("utf-8")
    if len(data) > max_bytes:
        raise InputError(f"the pasted text is {len(data):,} bytes, over the {max_bytes:,}-byte limit")
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
    try:
        name = safe_filename(f"{clean_title[:80]}.txt" if clean_title else f"pasted-{stamp}.txt",
                             default=f"pasted-{stamp}")
    except InputError:  # pragma: no cover - the suffix is ours
        name = f"pasted-{stamp}.txt"
    root = _data_dir(data_dir)
    try:
        return _write_new(root, name, data)
    except OSError as exc:
        raise InputError(f"cannot save the pasted text in {str(root)!r} ({exc.strerror or exc}): "
                         "check the data folder") from None
