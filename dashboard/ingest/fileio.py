"""Reading one file's bytes within the size limit; OS errors and over-limit sizes as
one-line reasons with a hint.

Memory stays bounded: a file over ``max_bytes`` is refused from its size before it is
read, and nothing allocates the whole limit up front.
"""

from __future__ import annotations

import errno
import os

from dashboard.errors import DocumentError, InputError
from dashboard.ingest.results import one_line

__all__ = ["DEFAULT_MAX_BYTES", "check_max_bytes", "os_reason", "read_file_bytes", "too_big"]

DEFAULT_MAX_BYTES = 10_000_000


def check_max_bytes(max_bytes: int) -> None:
    """Raise InputError unless *max_bytes* is a positive int (not a bool)."""
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes <= 0:
        raise InputError(f"max_bytes must be a positive number of bytes, not {max_bytes!r}")


def os_reason(e: OSError) -> str:
    """``cannot read (<strerror>); <hint>`` for an OSError met reading a path."""
    hints = {
        errno.ENOENT: "check the path",
        errno.EACCES: "check the file's permissions",
        errno.EPERM: "check the file's permissions",
        errno.ELOOP: "fix the symbolic link",
        errno.ENOTDIR: "check the path",
        errno.EISDIR: "pass the folder to iter_documents instead",
    }
    what = e.strerror or one_line(e)
    hint = hints.get(e.errno or -1)
    return f"cannot read ({what})" + (f"; {hint}" if hint else "")


def too_big(size: int | None, max_bytes: int) -> str:
    """The reason for refusing input over *max_bytes* (*size* None when not known)."""
    if size is None:
        return f"file is over the {max_bytes:,}-byte limit; raise the limit with --max-bytes"
    return (
        f"file is {size:,} bytes, over the {max_bytes:,}-byte limit; "
        f"raise the limit with --max-bytes (e.g. --max-bytes {size})"
    )


def read_file_bytes(path: str, max_bytes: int) -> bytes:
    """The file's bytes, refusing files over *max_bytes* before reading them."""
    try:
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            if size > max_bytes:
                raise DocumentError(path, too_big(size, max_bytes))
            # Not f.read(max_bytes + 1): that allocates the whole limit (10 MB) up front
            # for every file, however small.  Read what the size says, then check for
            # more (the file may have grown; pipes and /proc files report size 0).
            chunks = [f.read(size + 1)] if size else []
            total = sum(map(len, chunks))
            while total <= max_bytes and (not size or total > size):  # short read: at the end
                chunk = f.read(min(1 << 16, max_bytes + 1 - total))
                if not chunk:
                    break
                chunks.append(chunk)
                total += len(chunk)
            data = chunks[0] if len(chunks) == 1 else b"".join(chunks)
    except OSError as e:
        raise DocumentError(path, os_reason(e)) from None
    if len(data) > max_bytes:
        raise DocumentError(path, too_big(None, max_bytes))
    return data
