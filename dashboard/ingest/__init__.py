"""Ingest: files, folders, stdin, uploads and pasted text in; :class:`~dashboard.model.Document`
values (or :class:`IngestFailure` with a one-line reason) out.

Readers per format, decoding, header and publication-date detection, and the upload
folder of the app.  Pure functions of their input bytes; nothing touches the network.
May import: :mod:`dashboard.model`, :mod:`dashboard.errors`, :mod:`dashboard.config`,
:mod:`dashboard.util`.
"""

from .reader import (DEFAULT_MAX_BYTES, FORMATS, IngestFailure, IngestItem, iter_documents, load_document,
    parse_date, read_bytes, read_text)
from .uploads import Rejection, save_pasted, save_uploads, UploadReport

__all__ = [
    "DEFAULT_MAX_BYTES", "FORMATS", "IngestFailure", "IngestItem", "iter_documents",
    "load_document", "parse_date", "read_bytes", "read_text", "Rejection", "save_pasted",
    "save_uploads", "UploadReport",
]
