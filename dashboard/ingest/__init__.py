"""Ingest: files, folders, stdin, uploads and pasted text in; :class:`~dashboard.model.Document`
values (or :class:`IngestFailure` with a one-line reason) out.

The first stage of the pipeline (``files/text ─ ingest ─► Document``).  Everything here
is a pure function of its input bytes/text; nothing touches the network, and the
values produced are plain, frozen and picklable so a later stage can run in worker
processes.
May import: :mod:`dashboard.model`, :mod:`dashboard.errors`, :mod:`dashboard.config`,
:mod:`dashboard.util`.

Entry points
------------
* :func:`iter_documents` — stream :class:`Document` or :class:`IngestFailure` items from
  files and folders (folders visited in sorted order, hidden entries skipped, unknown
  extensions in folders skipped; an explicitly named file of unknown type is read as
  text).  One bad file never stops the batch: it becomes an ``IngestFailure`` with a
  one-line reason.
* :func:`load_document` — one file, one ``Document``; raises
  :class:`~dashboard.errors.DocumentError` instead of yielding failures.
* :func:`read_text` — text given directly (a pasted article).
* :func:`read_bytes` — bytes given directly (stdin, an upload), decoded like a file.
* :func:`parse_date` — the unambiguous date forms understood in headers and metadata.
* :func:`save_uploads` / :func:`save_pasted` — the app's upload folder.

Modules
-------
``files`` (files and folders), ``direct`` (text/bytes given directly), ``fileio``
(size-limited reading), ``decode`` (bytes → text), ``formats`` (suffix → format →
reader), one reader per format — ``headers`` (plain text), ``markdown_reader``,
``html_reader``, ``records`` (JSON, JSON lines) —, ``dates`` (publication dates),
``results`` (Document assembly, IngestFailure) and ``uploads``.  Literal tables are in
``dates.json``, ``headers.json`` and ``html.json``.

Offsets and headers (the important decision)
--------------------------------------------
``Document.text`` is the *exposed text*, and every character offset any later stage
reports refers to that string.  Header material that is not part of the article is
removed from the front of the exposed text rather than kept:

* plain text / Markdown header lines recognised at the top (a bare date line such as
  ``29 August, 2025``, a URL slug line such as ``u-s-troop-deployment-...``,
  ``Date:``/``Published:``/``Title:``/``Author:``/``Source:``/``URL:`` lines,
  ``Published on …``) and an inline prefix such as `` date 2025-08-29 `` in front of
  the first sentence;
* a YAML front-matter block at the top of a Markdown file.

The article body itself is never rewritten: apart from the normalisation below
(BOM removed, ``\\r\\n``/``\\r`` → ``\\n``, control characters → spaces one for one,
lone surrogates → U+FFFD, Unicode NFC; see :func:`~dashboard.util.text.normalize_text`)
its characters are exactly those of the file, so whitespace, quotes and line breaks keep
their positions relative to each other.  ``doc.get("body_offset", 0)`` tells how many
characters of the normalised file text were removed in front of the body, so an offset
``i`` in ``Document.text`` is ``i + body_offset`` in the normalised file text.  Header
lines are only removed when the block contains a date or a title; a first line like
``UPDATE: The minister said …`` is body.  HTML is different by nature: its exposed text
is *generated* (markup stripped, block elements turned into line breaks, whitespace
runs inside text nodes collapsed as a browser would), and offsets refer to that
generated text.

``doc_id`` is the first 16 hex digits of the SHA-256 of the exposed text (NFC, UTF-8), so
the same article gives the same id whatever file, folder or container it came from.

Dates, JSON records and decoding are described in :mod:`dashboard.ingest.dates`,
:mod:`dashboard.ingest.records` and :mod:`dashboard.ingest.decode`.  Memory stays
bounded: a file over ``max_bytes`` is refused from its size before it is read, JSON
lines are read one (size-limited) line at a time, and folders are walked lazily.
"""

from dashboard.ingest.dates import parse_date
from dashboard.ingest.direct import read_bytes, read_text
from dashboard.ingest.fileio import DEFAULT_MAX_BYTES
from dashboard.ingest.files import iter_documents, load_document
from dashboard.ingest.formats import FORMATS
from dashboard.ingest.results import IngestFailure, IngestItem
from dashboard.ingest.uploads import Rejection, UploadReport, save_pasted, save_uploads

__all__ = [
    "DEFAULT_MAX_BYTES", "FORMATS", "IngestFailure", "IngestItem", "iter_documents",
    "load_document", "parse_date", "read_bytes", "read_text", "Rejection", "save_pasted",
    "save_uploads", "UploadReport",
]
