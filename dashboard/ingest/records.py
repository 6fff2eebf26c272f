"""The JSON readers: ``.json`` and ``.jsonl``/``.ndjson`` records → Documents.

``.json`` holds an object with a ``text`` field or a list of such objects;
``.jsonl``/``.ndjson`` hold one such object per line and are streamed line by line (the
``max_bytes`` limit applies to each line rather than to the whole file).  Failures of a
single record are reported as ``path[INDEX]`` (JSON list) or ``path:LINE`` (JSONL) and the
other records go on.  Text from JSON goes through the same header detection as plain
text; explicit ``title``/``published``/``url``/``id`` fields win over detected ones, and
other string/number fields are kept as metadata.  Mojibake in ``text`` and ``title``
is repaired (:func:`~dashboard.ingest.decode.repair_mojibake`) after the JSON is parsed,
so text broken before it was escaped (``"Bogot\\u00c3\\u00a1"``) is repaired too.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterable, Iterator
from typing import Any

from dashboard.errors import DocumentError
from dashboard.ingest.dates import parse_date
from dashboard.ingest.decode import decode_bytes, decode_line, repair_mojibake
from dashboard.ingest.fileio import os_reason, read_file_bytes
from dashboard.ingest.headers import split_header
from dashboard.ingest.results import IngestFailure, IngestItem, build_document, one_line
from dashboard.model import Document
from dashboard.util.safetext import scrub_surrogates
from dashboard.util.text import normalize_text

__all__ = ["iter_json", "iter_jsonl"]

# Field names of a record; where several are given, the first present wins.
_TEXT_FIELDS = ("text", "body", "content")
_TITLE_FIELDS = ("title", "headline")
_DATE_FIELDS = ("published", "date", "published_at", "publishedAt", "datePublished", "pubDate")
_URL_FIELDS = ("url", "link")
_ID_FIELDS = ("id", "_id", "doc_id")
_RECORD_FIELDS = {*_TEXT_FIELDS, *_TITLE_FIELDS, *_DATE_FIELDS, *_URL_FIELDS, *_ID_FIELDS}


def _first(obj: dict[str, Any], keys: Iterable[str]) -> Any:
    for k in keys:
        if obj.get(k) is not None:
            return obj[k]
    return None


def _record_to_document(obj: Any, *, source: str, path: str | None, fmt: str,
                        extra: Iterable[tuple[str, Any]] = ()) -> Document:
    """One JSON object → Document (``text`` required; title/published/url/id optional)."""
    if not isinstance(obj, dict):
        raise DocumentError(
            source, f'record is a JSON {_json_type(obj)}, not an object; give each record a "text" field'
        )
    text = _first(obj, _TEXT_FIELDS)
    if text is None:
        raise DocumentError(source, 'record has no "text" field; give each record its article text in "text"')
    if not isinstance(text, str):
        raise DocumentError(source, f'"text" is a JSON {_json_type(text)}, not a string')
    parsed = split_header(normalize_text(repair_mojibake(scrub_surrogates(text))))
    meta: list[tuple[str, Any]] = list(extra)
    raw_date = _first(obj, _DATE_FIELDS)
    published = None
    if raw_date is not None:
        published = parse_date(str(raw_date))
        if published is None:
            meta.append(("unparsed_date", scrub_surrogates(str(raw_date))))
    url = _first(obj, _URL_FIELDS)
    ident = _first(obj, _ID_FIELDS)
    for key in sorted(k for k in obj if k not in _RECORD_FIELDS):
        value = obj[key]
        if isinstance(value, str):
            meta.append((scrub_surrogates(key), scrub_surrogates(value)))
        elif isinstance(value, (int, float, bool)):
            meta.append((scrub_surrogates(key), value))
    return build_document(
        parsed,
        source=source,
        fmt=fmt,
        path=path,
        title=_title(_first(obj, _TITLE_FIELDS)),
        published=published,
        url=url if isinstance(url, str) and url.strip() else None,
        source_id=str(ident) if isinstance(ident, (str, int)) and str(ident) else None,
        extra=meta,
    )


def _title(value: Any) -> Any:
    return repair_mojibake(scrub_surrogates(value)) if isinstance(value, str) else value


def _json_type(value: Any) -> str:
    return {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}.get(
        type(value), "number"
    )


def _loads(text: str, source: str) -> Any:
    """``json.loads`` with every failure turned into a one-line DocumentError."""
    try:
        return json.loads(text)
    except RecursionError:
        raise DocumentError(source, "JSON nested too deeply to read; flatten the structure") from None
    except json.JSONDecodeError as e:
        raise DocumentError(
            source, f"invalid JSON at line {e.lineno} column {e.colno}: {e.msg}"
        ) from None
    except ValueError as e:  # e.g. an integer with too many digits
        raise DocumentError(source, f"invalid JSON: {one_line(e)}") from None


def iter_json(text: str, path: str, encoding: str) -> Iterator[IngestItem]:
    """Documents of a decoded, normalised ``.json`` file: one object or a list of them.

    Raises DocumentError when the file as a whole is unusable; a bad record of a list
    is yielded as an IngestFailure and the others go on.
    """
    data = _loads(text, path)
    enc = [("encoding", encoding)]
    if isinstance(data, dict):
        yield _record_to_document(data, source=path, path=path, fmt="json", extra=enc)
        return
    if not isinstance(data, list):
        raise DocumentError(
            path, f'top-level JSON is a {_json_type(data)}; use an object with "text" or a list of them'
        )
    if not data:
        raise DocumentError(path, "empty document (the JSON list has no records)")
    for i, obj in enumerate(data):
        source = f"{path}[{i}]"
        try:
            yield _record_to_document(
                obj, source=source, path=path, fmt="json", extra=[*enc, ("index", i), ("origin", source)]
            )
        except DocumentError as e:
            yield IngestFailure(e.source, e.reason)


def iter_jsonl(path: str, max_bytes: int) -> Iterator[IngestItem]:
    """Stream a JSON-lines file; each line is one record, bad lines fail alone."""
    try:
        f = open(path, "rb")  # noqa: SIM115 - closed below, also on early exit
    except OSError as e:
        raise DocumentError(path, os_reason(e)) from None
    with f:
        head = f.peek(4)[:4] if hasattr(f, "peek") else b""
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            # rare: read whole (size-limited) and split; UTF-16 cannot be split on b"\n"
            f.close()
            text, _ = decode_bytes(read_file_bytes(path, max_bytes), path, "jsonl")
            lines: Iterable[bytes | str] = normalize_text(text).split("\n")
        else:
            if head.startswith(codecs.BOM_UTF8):
                f.read(3)
            lines = _bounded_lines(f, max_bytes)
        count = 0
        reported = 0
        for lineno, raw in enumerate(lines, 1):
            source = f"{path}:{lineno}"
            if raw is None:
                reported += 1
                yield IngestFailure(
                    source,
                    f"line is over the {max_bytes:,}-byte limit; "
                    "split it or raise the limit with --max-bytes",
                )
                continue
            if not raw.strip():
                continue
            try:
                line = raw if isinstance(raw, str) else decode_line(raw, source)
                obj = _loads(line, source)
                doc = _record_to_document(
                    obj, source=source, path=path, fmt="jsonl", extra=[("line", lineno), ("origin", source)]
                )
            except DocumentError as e:
                reported += 1
                yield IngestFailure(e.source, e.reason)
                continue
            count += 1
            yield doc
        if count == 0 and reported == 0:
            raise DocumentError(path, "empty document (no JSON lines)")


def _bounded_lines(f: Any, max_bytes: int) -> Iterator[bytes | None]:
    """Lines of a binary file; None for a line longer than *max_bytes* (skipped)."""
    while True:
        raw = f.readline(max_bytes + 1)
        if not raw:
            return
        if len(raw) > max_bytes and not (raw.endswith(b"\n") and len(raw) == max_bytes + 1):
            while raw and not raw.endswith(b"\n"):
                raw = f.readline(1 << 20)
            yield None
            continue
        yield raw
