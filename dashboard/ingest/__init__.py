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
  extensions and ``.xml`` files that are not feeds skipped in folders; an explicitly
  named file of unknown type is read as text, or as HTML or a feed if it looks like
  one).  One bad file (or feed item, or record) never stops the batch: it becomes an
  ``IngestFailure`` with a one-line reason.
* :func:`load_document` — one file, one ``Document``; raises
  :class:`~dashboard.errors.DocumentError` instead of yielding failures.
* :func:`read_text` — text given directly (a pasted article).
* :func:`read_bytes` — bytes given directly (stdin, an upload), decoded like a file.
* :func:`parse_date` — the unambiguous date forms understood in headers and metadata.
* :func:`save_uploads` / :func:`save_pasted` — the app's upload folder.

Modules
-------
``files`` (files and folders), ``direct`` (text/bytes given directly), ``fileio``
(size-limited reading), ``decode`` (bytes → text, mojibake repaired), ``formats``
(suffix → format → reader), one reader per format — ``headers`` (plain text),
``markdown_reader``, ``html_reader`` (trafilatura, with ``html_text`` as its fallback),
``records`` (JSON, JSON lines), ``feeds`` (RSS, Atom) —, ``dates`` (publication dates),
``results`` (Document assembly, IngestFailure) and ``uploads``.  Literal tables are in
``dates.json``, ``headers.json`` and ``html.json``.

Web pages, feeds and broken encodings
-------------------------------------
A saved web page gives its *article*, not the page: trafilatura extracts the main text
(``favor_precision``: navigation, cookie banners, teasers of other stories, newsletter
boxes, comments and footers are left out, since each would give false events), title,
site, author and canonical URL come from its metadata, and the date from htmldate (the
original publication date; page-metadata fallbacks when it finds none); a fragment with
no article keeps all its visible text.  A feed (``.rss``, ``.atom``, a ``.xml`` whose root
is ``<rss>``/``<feed>``/``<rdf:RDF>``) gives one Document per item, ``path[i]`` its origin,
as a JSON list does.  After decoding, ftfy's encoding fix (only that) repairs mojibake
("TÃ¡chira" → "Táchira"); the repaired text is the one the exposed text is cut from.
Nothing here ever fetches anything: trafilatura, htmldate and feedparser only see text
or a parsed tree.

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
``UPDATE: The minister said …`` is body.  HTML and feeds are different by nature: their
exposed text is *generated* (the main text's blocks separated by blank lines, list
items and ``<br>`` by line breaks, whitespace runs collapsed as a browser would), and
offsets refer to that generated text.  "The normalised file text" is the text after
decoding and mojibake repair.

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
