"""Atomic file writes: a reader sees the old file or the new one, never half of one.

The data goes to a temporary file in the target's own folder (same file system), is
flushed to disk, and is then put in place: renamed over the target with
:func:`os.replace`, or — with ``overwrite=False`` — hard-linked to the target's name,
which fails if a file of that name exists, even one created meanwhile (so nothing is
ever clobbered).  If anything fails — the disk fills up, the process is interrupted,
the serialiser raises — the temporary file is removed and the target is left as it
was.  Temporary names are unique (``tempfile.mkstemp``), so two writers never share one.
The new file gets the target's current permission bits, or the usual ones for a new
file (0o666 less the umask).

    >>> atomic_write_text(path, text)                  # doctest: +SKIP
    >>> with atomic_writer(path, "wb", overwrite=False) as f:   # doctest: +SKIP
    ...     f.write(png_bytes)
    >>> with atomic_path(path, suffix=".gpkg") as tmp:  # doctest: +SKIP
    ...     driver.write(tmp)                           # a writer that creates the file itself
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from dashboard.errors import InputError

__all__ = ["atomic_path", "atomic_write_bytes", "atomic_write_text", "atomic_writer", "exists_error"]


def exists_error(path: str | os.PathLike) -> InputError:
    """The error for a target that exists when it may not be overwritten."""
    return InputError(f"{str(path)!r} exists: pass --force to overwrite it")


def _umask() -> int:
    """The process umask, read from /proc where it can be (``os.umask`` has to change the
    umask to read it, for every thread of the process)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    umask = os.umask(0)
    os.umask(umask)
    return umask


def _mode_for(target: Path) -> int:
    """The target's current permission bits, or the usual ones for a new file (0o666 minus umask)."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        return 0o666 & ~_umask()


def _refuse(target: Path, exc: OSError | None = None, why: str | None = None) -> InputError:
    reason = why or (exc.strerror if exc is not None and exc.strerror else str(exc))
    return InputError(f"cannot write {str(target)!r} ({reason}): check that the folder exists and is writable, "
                      "or give another file name")


def _target(path: str | os.PathLike) -> Path:
    """*path* as a :class:`Path` that names a file (not a folder), else :class:`InputError`."""
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
    return target


def _mkstemp(target: Path, suffix: str) -> tuple[int, str]:
    try:
        return tempfile.mkstemp(dir=target.parent, prefix=f".{target.name[:100]}.", suffix=suffix)
    except OSError as exc:
        raise _refuse(target, exc) from None


def _publish(tmp: str, target: Path, overwrite: bool) -> None:
    """Put the finished temporary file *tmp* in place at *target*."""
    if overwrite:
        os.replace(tmp, target)
        return
    try:
        os.link(tmp, target)  # fails if the target appeared meanwhile: never overwrites
    except FileExistsError:
        raise exists_error(target) from None
    except OSError:  # a file system without hard links
        if target.exists():
            raise exists_error(target) from None
        os.replace(tmp, target)
        return
    with contextlib.suppress(OSError):
        os.unlink(tmp)


@contextlib.contextmanager
def _publishing(tmp: str, target: Path, overwrite: bool) -> Iterator[None]:
    """Run the block that fills *tmp*; on a clean exit publish it at *target*, on any
    failure delete it (an :class:`OSError` becomes an :class:`InputError` naming *target*)."""
    try:
        yield
        _publish(tmp, target, overwrite)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise _refuse(target, exc) from None
        raise


@contextlib.contextmanager
def atomic_writer(path: str | os.PathLike, mode: str = "w", *, encoding: str | None = "utf-8",
                  newline: str | None = "", overwrite: bool = True) -> Iterator[IO]:
    """Open a temporary file next to *path* for writing; on a clean exit it replaces
    *path* (with ``overwrite=False`` it is put there only if no file of that name exists,
    else :class:`~dashboard.errors.InputError`), on an exception it is deleted (and
    *path* is untouched).  ``mode`` is ``"w"`` or ``"wb"``.  Raises
    :class:`~dashboard.errors.InputError` when *path* is a folder or its folder cannot
    be written."""
    if mode not in ("w", "wb"):
        raise InputError(f"atomic_writer mode {mode!r} is not 'w' or 'wb'")
    target = _target(path)
    fd, tmp = _mkstemp(target, ".tmp")
    with _publishing(tmp, target, overwrite):
        try:
            os.chmod(tmp, _mode_for(target))
            kwargs = {} if "b" in mode else {"encoding": encoding, "newline": newline}
            f = os.fdopen(fd, mode, **kwargs)
        except BaseException:
            with contextlib.suppress(OSError):
                os.close(fd)
            raise
        with f:
            yield f
            f.flush()
            os.fsync(f.fileno())


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike, *, overwrite: bool = True, suffix: str = ".tmp") -> Iterator[Path]:
    """A free temporary path next to *path* (ending in *suffix*), for a writer that creates
    the file itself (a GDAL driver, say); on a clean exit the file written there is
    flushed and put in place as :func:`atomic_writer` does, on an exception it is deleted."""
    target = _target(path)
    fd, tmp = _mkstemp(target, suffix)
    os.close(fd)
    os.unlink(tmp)  # the writer creates the file itself
    with _publishing(tmp, target, overwrite):
        yield Path(tmp)
        os.chmod(tmp, _mode_for(target))
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def atomic_write_text(path: str | os.PathLike, text: str, *, encoding: str = "utf-8",
                      overwrite: bool = True) -> None:
    """Write *text* to *path* atomically (see :func:`atomic_writer`)."""
    with atomic_writer(path, "w", encoding=encoding, overwrite=overwrite) as f:
        f.write(text)


def atomic_write_bytes(path: str | os.PathLike, data: bytes, *, overwrite: bool = True) -> None:
    """Write *data* to *path* atomically (see :func:`atomic_writer`)."""
    with atomic_writer(path, "wb", overwrite=overwrite) as f:
        f.write(data)
