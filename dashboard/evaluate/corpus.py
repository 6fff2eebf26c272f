"""Reading gold corpora in the Gritta XML format (LGL, TR-News; see ``shared/eval/README.md``).

:func:`read_corpus` refuses files declaring a DTD or entities, then streams the articles
with :func:`xml.etree.ElementTree.iterparse` as :class:`GoldDocument` values, realigning
gold spans whose offsets drifted from the text (counted in :class:`AlignmentStats`).
:func:`oracle_spans` hands the gold spans to a geoparser for oracle-mode resolution.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from dashboard.errors import InputError

__all__ = ["REALIGN_WINDOW", "GoldToponym", "GoldDocument", "AlignmentStats", "read_corpus", "oracle_spans"]

REALIGN_WINDOW = 12
"""How far (characters) a drifted gold span is searched for around its given start."""

_FORBIDDEN = ("<!DOCTYPE", "<!ENTITY")
_SCAN_CHUNK = 1 << 20


@dataclass(frozen=True)
class GoldToponym:
    """One gold toponym: a character span of the text and, when known, its gazetteer entry."""

    start: int
    end: int
    phrase: str
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    fclass: str | None = None
    fcode: str | None = None
    country: str | None = None
    admin1: str | None = None

    @property
    def located(self) -> bool:
        """True when the toponym has gold coordinates (it then counts for resolution)."""
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True)
class GoldDocument:
    """One gold article: its id, publication time (as given), text and toponyms."""

    docid: str
    published: str | None
    text: str
    toponyms: tuple[GoldToponym, ...]


@dataclass
class AlignmentStats:
    """Counters filled by :func:`read_corpus` while realigning drifted gold spans."""

    checked: int = 0
    realigned: int = 0
    unalignable: int = 0


def _reject_dtd(path: Path) -> None:
    """Refuse files declaring a DTD or entities (billion laughs, external entities).

    The raw bytes are scanned in chunks, case-insensitively, in UTF-8/ASCII and UTF-16.
    """
    patterns = [
        (name, name.encode(enc)) for name in _FORBIDDEN for enc in ("ascii", "utf-16-le", "utf-16-be")
    ]
    keep = max(len(p) for _, p in patterns) - 1
    tail = b""
    with path.open("rb") as fh:
        while chunk := fh.read(_SCAN_CHUNK):
            window = (tail + chunk).upper()
            for name, pattern in patterns:
                if pattern in window:
                    raise InputError(
                        f"{path}: refusing an XML corpus that contains {name} "
                        "(DTDs and entities are not allowed); remove the declaration"
                    )
            tail = window[-keep:]


def _realign(text: str, start: int, end: int, phrase: str, stats: AlignmentStats) -> tuple[int, int]:
    """Return the span of ``phrase`` nearest to ``start`` (within the realignment window).

    The given span is kept when it already holds the phrase (case-insensitively) or when the
    phrase is not found nearby.  On a tie the earlier occurrence wins (drift is mostly
    towards the end in TR-News, i.e. given offsets are too large).
    """
    stats.checked += 1
    wanted = phrase.lower()
    if text[start:end].lower() == wanted:
        return start, end
    n = len(phrase)
    for shift in range(REALIGN_WINDOW + 1):
        for candidate in (start - shift, start + shift):
            if candidate >= 0 and text[candidate : candidate + n].lower() == wanted:
                stats.realigned += 1
                return candidate, candidate + n
    stats.unalignable += 1
    return start, end


def _float(element: ET.Element | None) -> float | None:
    if element is None or element.text is None or not element.text.strip():
        return None
    return float(element.text)


def _text(element: ET.Element | None) -> str | None:
    if element is None or element.text is None:
        return None
    return element.text.strip() or None


def _toponym(node: ET.Element, text: str, stats: AlignmentStats) -> GoldToponym:
    start, end, phrase = node.findtext("start"), node.findtext("end"), node.findtext("phrase")
    if start is None or end is None or phrase is None:
        raise ValueError("a toponym lacks <start>, <end> or <phrase>")
    begin, finish = _realign(text, int(start), int(end), phrase, stats)
    gaz = node.find("gaztag")
    if gaz is None:
        return GoldToponym(begin, finish, phrase)
    gid = gaz.get("geonameid")
    return GoldToponym(
        start=begin,
        end=finish,
        phrase=phrase,
        lat=_float(gaz.find("lat")),
        lon=_float(gaz.find("lon")),
        geonameid=int(gid) if gid and gid.strip().isdigit() else None,
        fclass=_text(gaz.find("fclass")),
        fcode=_text(gaz.find("fcode")),
        country=_text(gaz.find("country")),
        admin1=_text(gaz.find("admin1")),
    )


def _document(node: ET.Element, ordinal: int, stats: AlignmentStats) -> GoldDocument:
    text = node.findtext("text") or ""
    toponyms = tuple(_toponym(t, text, stats) for t in node.iter("toponym"))
    return GoldDocument(
        docid=node.get("docid") or f"#{ordinal}",
        published=_text(node.find("dltime")),
        text=text,
        toponyms=toponyms,
    )


def read_corpus(
    path: str | Path, limit: int | None = None, stats: AlignmentStats | None = None
) -> Iterator[GoldDocument]:
    """Stream the documents of a Gritta-format XML corpus, realigning drifted gold spans.

    ``limit`` stops after that many documents.  Pass an :class:`AlignmentStats` to learn how
    many spans were realigned or could not be.  The file is checked (exists, no DTD or
    entity declaration) before this function returns; a malformed document raises
    :class:`InputError` during iteration.
    """
    path = Path(path)
    if limit is not None and limit < 1:
        raise InputError(f"--limit {limit}: give a positive number of documents")
    try:
        is_file = path.is_file()
    except OSError as exc:  # e.g. a name too long for the file system
        raise InputError(f"{str(path)[:200]!r}: cannot use this path ({exc.strerror}); check it") from None
    if not is_file:
        raise InputError(
            f"{path}: evaluation corpus not found; pass the path of a Gritta-format XML "
            "corpus such as lgl.xml or TR-News.xml"
        )
    try:
        _reject_dtd(path)
    except OSError as exc:
        raise InputError(f"{path}: cannot read the evaluation corpus ({exc}); check its permissions") from exc
    return _iter_documents(path, limit, stats if stats is not None else AlignmentStats())


def _iter_documents(path: Path, limit: int | None, stats: AlignmentStats) -> Iterator[GoldDocument]:
    try:
        with path.open("rb") as fh:
            yield from _parse(path, fh, limit, stats)
    except ET.ParseError as exc:
        raise InputError(f"{path}: not well-formed XML ({exc}); fix or re-download the corpus") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot read the evaluation corpus ({exc}); check the file") from exc


def _parse(path: Path, fh: BinaryIO, limit: int | None, stats: AlignmentStats) -> Iterator[GoldDocument]:
    count = 0
    root: ET.Element | None = None
    for event, node in ET.iterparse(fh, events=("start", "end")):
        if root is None:
            root = node
            if node.tag != "articles":
                raise InputError(
                    f"{path}: root element is <{node.tag}>, expected <articles>; "
                    "pass a corpus in the LGL / TR-News XML format"
                )
            continue
        if event != "end" or node.tag != "article":
            continue
        count += 1
        try:
            doc = _document(node, count, stats)
        except ValueError as exc:
            raise InputError(
                f"{path}: article {node.get('docid') or count} is malformed ({exc}); fix or replace the corpus"
            ) from exc
        root.clear()  # drop parsed articles: memory stays flat on large corpora
        yield doc
        if limit is not None and count >= limit:
            return


def oracle_spans(doc: GoldDocument) -> list[tuple[int, int]]:
    """The gold ``(start, end)`` spans of ``doc``, in order, for oracle-mode resolution."""
    return [(t.start, t.end) for t in doc.toponyms]
