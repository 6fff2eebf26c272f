"""Evaluation harness for the geoparser, after Gritta et al. (2019).

Reads gold corpora in the Gritta XML format (LGL, TR-News; see ``shared/eval/README.md``),
matches predicted toponym spans against gold ones and computes the standard measures:

* recognition precision / recall / F1 -- a predicted span matches a gold one when their
  lower-cased strings are equal and their midpoints are at most 10 characters apart
  (one-to-one, greedy by nearest midpoint); every gold toponym counts, located or not;
* resolution on matched gold toponyms that have coordinates: Acc@161km, mean and median
  error (km, haversine) and AUC of the log error curve.  A prediction without coordinates
  for such a toponym counts as the maximum error (20039 km), so abstaining is not rewarded.

In *oracle* mode the gold spans are handed to the geoparser (:func:`oracle_spans`),
recognition is perfect by construction and gold toponym *i* is paired with prediction *i*.

The module is pure (no I/O beyond reading the corpus) and streaming: :func:`read_corpus`
parses with :func:`xml.etree.ElementTree.iterparse` and :class:`Evaluator` accumulates
counts and errors document by document.
"""

from __future__ import annotations

import math
import statistics
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import BinaryIO

from dashboard.errors import InputError

__all__ = [
    "EARTH_RADIUS_KM",
    "MAX_ERROR_KM",
    "ACC_THRESHOLD_KM",
    "MATCH_WINDOW",
    "REALIGN_WINDOW",
    "GoldToponym",
    "GoldDocument",
    "Prediction",
    "AlignmentStats",
    "EvalReport",
    "Evaluator",
    "read_corpus",
    "oracle_spans",
    "haversine_km",
    "match_spans",
    "auc",
    "score",
]

EARTH_RADIUS_KM = 6371.0088
"""Mean earth radius (IUGG), as in geopy."""
MAX_ERROR_KM = 20039.0
"""Maximum error of Gritta et al.: the penalty for a missing answer and the AUC scale."""
ACC_THRESHOLD_KM = 161.0
"""Acc@161km: an error strictly below 161 km (100 miles) counts as correct."""
MATCH_WINDOW = 10.0
"""Largest midpoint distance (characters, inclusive) between matching spans."""
REALIGN_WINDOW = 12
"""How far (characters) a drifted gold span is searched for around its given start."""

_FORBIDDEN = ("<!DOCTYPE", "<!ENTITY")
_SCAN_CHUNK = 1 << 20


# --------------------------------------------------------------------------- values


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


@dataclass(frozen=True)
class Prediction:
    """What a geoparser returns for one toponym; ``lat``/``lon`` are None when unresolved."""

    start: int
    end: int
    text: str
    lat: float | None = None
    lon: float | None = None


@dataclass
class AlignmentStats:
    """Counters filled by :func:`read_corpus` while realigning drifted gold spans."""

    checked: int = 0
    realigned: int = 0
    unalignable: int = 0


# --------------------------------------------------------------------------- reading


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


# --------------------------------------------------------------------------- metrics


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two points given in decimal degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dlat, dlon = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dlat / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, max(0.0, a))))


def match_spans(gold: Sequence[GoldToponym], predicted: Sequence[Prediction]) -> list[tuple[int, int]]:
    """One-to-one matching of predicted to gold spans; returns ``(gold_i, pred_i)`` sorted by gold.

    A pair is eligible when ``phrase.lower() == text.lower()`` and the span midpoints are at
    most :data:`MATCH_WINDOW` characters apart; eligible pairs are taken greedily by
    increasing midpoint distance (ties: earlier gold, then earlier prediction).
    """
    candidates: list[tuple[float, int, int]] = []
    for gi, g in enumerate(gold):
        g_mid, g_str = (g.start + g.end) / 2, g.phrase.lower()
        for pi, p in enumerate(predicted):
            distance = abs((p.start + p.end) / 2 - g_mid)
            if distance <= MATCH_WINDOW and p.text.lower() == g_str:
                candidates.append((distance, gi, pi))
    candidates.sort()
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, gi, pi in candidates:
        if gi not in used_gold and pi not in used_pred:
            used_gold.add(gi)
            used_pred.add(pi)
            pairs.append((gi, pi))
    return sorted(pairs)


def auc(errors_km: Iterable[float]) -> float | None:
    """Area under the log error curve, in [0, 1], lower is better (Gritta et al. 2019).

    Errors are sorted and mapped to ``ln(1 + e) / ln(20039)`` (capped at 1), then integrated
    with the trapezoid rule over unit steps and divided by ``n - 1``.  With one error the
    curve is a single point and its value is returned; with none the result is None.
    """
    scale = math.log(MAX_ERROR_KM)
    values = sorted(min(1.0, math.log1p(max(0.0, e)) / scale) for e in errors_km)
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    area = sum((a + b) / 2 for a, b in zip(values, values[1:]))
    return area / (len(values) - 1)


@dataclass(frozen=True)
class EvalReport:
    """The measures over a corpus; resolution fields are None when nothing was resolvable."""

    documents: int
    gold: int
    predicted: int
    matched: int
    precision: float
    recall: float
    f1: float
    resolved: int
    acc161: float | None
    mean_km: float | None
    median_km: float | None
    auc: float | None
    oracle: bool = False

    def to_dict(self) -> dict[str, object]:
        """The report as a plain JSON-ready dict."""
        return asdict(self)

    def format_text(self) -> str:
        """A compact two-column table for the terminal."""

        def num(value: float | None, fmt: str) -> str:
            return "n/a" if value is None else format(value, fmt)

        mode = "oracle spans (resolution only)" if self.oracle else "end to end"
        rows = [
            ("mode", mode),
            ("documents", str(self.documents)),
            ("gold toponyms", str(self.gold)),
            ("predicted", str(self.predicted)),
            ("matched", str(self.matched)),
            ("precision", num(self.precision, ".3f")),
            ("recall", num(self.recall, ".3f")),
            ("F1", num(self.f1, ".3f")),
            ("resolved", str(self.resolved)),
            ("Acc@161km", num(self.acc161, ".3f")),
            ("mean error km", num(self.mean_km, ".1f")),
            ("median error km", num(self.median_km, ".1f")),
            ("AUC (lower=better)", num(self.auc, ".3f")),
        ]
        width = max(len(label) for label, _ in rows)
        return "\n".join(f"{label:<{width}}  {value}" for label, value in rows)


@dataclass
class Evaluator:
    """Streaming accumulator: ``add`` each document with its predictions, then ``report``."""

    oracle: bool = False
    documents: int = 0
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    errors_km: list[float] = field(default_factory=list)

    def add(self, doc: GoldDocument, predictions: Iterable[Prediction]) -> None:
        """Score one document.  In oracle mode ``predictions[i]`` answers ``doc.toponyms[i]``."""
        preds = list(predictions)
        if self.oracle:
            if len(preds) != len(doc.toponyms):
                raise InputError(
                    f"document {doc.docid}: oracle mode needs one prediction per gold span "
                    f"({len(doc.toponyms)}), got {len(preds)}; return a Prediction (lat/lon None "
                    "when unresolved) for every span of oracle_spans(doc)"
                )
            pairs = [(i, i) for i in range(len(preds))]
        else:
            pairs = match_spans(doc.toponyms, preds)
        self.documents += 1
        self.gold += len(doc.toponyms)
        self.predicted += len(preds)
        self.matched += len(pairs)
        for gi, pi in pairs:
            g, p = doc.toponyms[gi], preds[pi]
            if not g.located:
                continue
            if p.lat is None or p.lon is None:
                self.errors_km.append(MAX_ERROR_KM)
            else:
                self.errors_km.append(haversine_km(g.lat, g.lon, p.lat, p.lon))  # type: ignore[arg-type]

    def report(self) -> EvalReport:
        """The measures over everything added so far."""
        precision = self.matched / self.predicted if self.predicted else 0.0
        recall = self.matched / self.gold if self.gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        errors = self.errors_km
        return EvalReport(
            documents=self.documents,
            gold=self.gold,
            predicted=self.predicted,
            matched=self.matched,
            precision=precision,
            recall=recall,
            f1=f1,
            resolved=len(errors),
            acc161=sum(e < ACC_THRESHOLD_KM for e in errors) / len(errors) if errors else None,
            mean_km=statistics.fmean(errors) if errors else None,
            median_km=statistics.median(errors) if errors else None,
            auc=auc(errors),
            oracle=self.oracle,
        )


def score(
    pairs: Iterable[tuple[GoldDocument, Sequence[Prediction]]], *, oracle: bool = False
) -> EvalReport:
    """Score ``(document, predictions)`` pairs; see :class:`Evaluator` for oracle mode."""
    evaluator = Evaluator(oracle=oracle)
    for doc, predictions in pairs:
        evaluator.add(doc, predictions)
    return evaluator.report()


AREA_KINDS = frozenset({"country", "admin1", "admin2", "region", "sea", "lake"})


class AreaAwareAccuracy:
    """Acc@161km that also counts a hit when the gold point lies inside the resolved
    polygon (buffered ≈1 km).  Gold corpora give one point per country or state, and
    gazetteers disagree on which point; this secondary measure separates "wrong place"
    from "same place, other reference point".  Not part of Gritta et al.'s measures."""

    def __init__(self, gazetteer):
        self.gazetteer = gazetteer
        self.hits = 0
        self.total = 0

    def add(self, doc: GoldDocument, predictions: Sequence[Prediction], toponyms: Sequence[dict], *,
            oracle: bool) -> None:
        import shapely

        pairs = list(zip(range(len(doc.toponyms)), range(len(predictions)))) if oracle \
            else match_spans(doc.toponyms, predictions)
        for gi, pi in pairs:
            g, t = doc.toponyms[gi], toponyms[pi]
            if g.lat is None or g.lon is None:
                continue
            self.total += 1
            if t.get("lat") is None:
                continue
            if haversine_km(g.lat, g.lon, t["lat"], t["lon"]) < ACC_THRESHOLD_KM:
                self.hits += 1
            elif t.get("kind") in AREA_KINDS and t.get("place_id") is not None:
                geom = self.gazetteer.geometry(t["place_id"], simple=True)
                if geom.buffer(0.01).contains(shapely.Point(g.lon, g.lat)):
                    self.hits += 1

    @property
    def value(self) -> float | None:
        return self.hits / self.total if self.total else None
