"""Atomic file writes: a reader sees the old file or the new one, never half of one.

The data goes to a temporary file in the target's own folder (same file system), is
flushed to disk, and is then renamed over the target with :func:`os.replace`.  If
anything fails — the disk fills up, the process is interrupted, the serialiser raises —
the temporary file is removed and the target is left as it was.  Temporary names are
unique (``tempfile.mkstemp``), so two writers never share one.

    >>> atomic_write_text(path, text)                  # doctest: +SKIP
    >>> with atomic_writer(path, "wb") as f:            # doctest: +SKIP
    ...     f.write(png_bytes)
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from dashboard.errors import InputError

__all__ = ["atomic_write_bytes", "atomic_write_text", "atomic_writer"]


def _mode_for(target: Path) -> int:
    """The target's current permission bits, or the usual ones for a new file (0o666 minus umask)."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _refuse(target: Path, exc: OSError | None = None, why: str | None = None) -> InputError:
    reason = why or (exc.strerror if exc is not None and exc.strerror else str(exc))
    return InputError(f"cannot write {str(target)!r} ({reason}): check that the folder exists and is writable, "
                      "or give another file name")


@contextlib.contextmanager
def atomic_writer(path: str | os.PathLike, mode: str = "w", *, encoding: str | None = "utf-8",
                  newline: str | None = "") -> Iterator[IO]:
    """Open a temporary file next to *path* for writing; on a clean exit it replaces
    *path*, on an exception it is deleted (and *path* is untouched).  ``mode`` is ``"w"``
    or ``"wb"``.  Raises :class:`~dashboard.errors.InputError` when *path* is a folder
    or its folder cannot be written."""
    if mode not in ("w", "wb"):
        raise InputError(f"atomic_writer mode {mode!r} is not 'w' or 'wb'")
    target = Path(path)
    if "\x00" in str(target):
        raise _refuse(target, why="the name contains a NUL character")
    if target.name in ("", ".", ".."):
        raise _refuse(target, why="not a file name")
    try:
        is_dir = target.is_dir()
    except OSError as exc:  # e.g. a name too long for the file system
        raise _refuse(target, exc) from None
    if is_dir:
        raise _refuse(target, why="it is a folder")
    folder = target.parent
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name[:100]}.", suffix=".tmp")
    except OSError as exc:
        raise _refuse(target, exc) from None
    try:
        os.chmod(tmp, _mode_for(target))
        kwargs = {} if "b" in mode else {"encoding": encoding, "newline": newline}
        with os.fdopen(fd, mode, **kwargs) as f:
            fd = -1
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        if fd >= 0:
            os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise _refuse(target, exc) from None
        raise


def atomic_write_text(path: str | os.PathLike, text: str, *, encoding: str = "utf-8") -> None:
    """Write *text* to *path* atomically (see :func:`atomic_writer`)."""
    with atomic_writer(path, "w", encoding=encoding) as f:
        f.write(text)


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> None:
    """Write *data* to *path* atomically (see :func:`atomic_writer`)."""
    with atomic_writer(path, "wb") as f:
        f.write(data)
