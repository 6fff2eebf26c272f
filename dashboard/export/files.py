"""Export files: safe and default file names, the checks made on a target before any
work, and writing an export's bytes to it atomically (an existing file is kept unless
``force``)."""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

from dashboard.errors import InputError
from dashboard.export.formats import EXTENSION, check_format
from dashboard.export.view import ExportOptions
from dashboard.util.atomic import atomic_write_bytes, exists_error

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_filename(name: str, default: str = "sitmap-export") -> str:
    """``name`` reduced to ``[A-Za-z0-9._-]`` (no folders, no leading dot, at most 120
    characters, the extension kept)."""
    name = Path(str(name).replace("\\", "/")).name
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    stem = _UNSAFE.sub("-", stem).strip(".-_")[:100] or default
    ext = _UNSAFE.sub("", ext)[:10]
    return f"{stem}.{ext}" if ext else stem


def default_filename(fmt: str, options: ExportOptions | None = None) -> str:
    """``sitmap-<day>.<ext>``, dated with ``options.as_of`` (else today)."""
    check_format(fmt)
    day = (options.as_of if options and options.as_of else None) or date.today().isoformat()
    return safe_filename(f"sitmap-{day}.{EXTENSION[fmt]}")


def check_target(path: str | os.PathLike, force: bool = False) -> None:
    """Refuse (:class:`InputError`) to write ``path`` when it is a folder, its folder is
    missing, or it exists and ``force`` is not set."""
    path = Path(path)
    if path.is_dir():
        raise InputError(f"{str(path)!r} is a folder: give a file name such as {default_filename('png')}")
    if not path.parent.is_dir():
        raise InputError(f"folder {str(path.parent)!r} does not exist: create it or write elsewhere")
    if path.exists() and not force:
        raise exists_error(path)


def write_export(path: str | os.PathLike, data: bytes | str, *, force: bool = False) -> Path:
    """Write ``data`` (text as UTF-8) to ``path`` after :func:`check_target`, atomically
    (:mod:`dashboard.util.atomic`): readers never see a half-written file.  Without
    ``force`` an existing file is kept (:class:`InputError` naming it and ``--force``),
    even one created meanwhile."""
    path = Path(path)
    check_target(path, force)
    atomic_write_bytes(path, data.encode("utf-8") if isinstance(data, str) else data, overwrite=force)
    return path
