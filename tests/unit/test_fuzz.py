"""Property-based fuzzing of the stages that meet untrusted input (issue 7): ingest,
geoparse (with the fast fake pipeline), timex, forces and the CLI's argument parsing.

The property everywhere: whatever comes in, the only exceptions that leave are the
project's own typed errors (:class:`~dashboard.errors.SitmapError`), a file that cannot
be read is reported with a one-line reason, and every string produced can be encoded,
stored and printed.  Examples are bounded so the module runs in well under a minute; set
``SITMAP_FUZZ_SCALE=20`` for a longer hunt.
"""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import date

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.errors import SitmapError
from dashboard.extract import find_forces
from dashboard.model import Document
from dashboard.ingest import IngestFailure, iter_documents, load_document, parse_date, read_bytes, read_text
from dashboard.extract import find_timexes
from dashboard.extract.timex import resolve
from tests.fixtures.fake_pipeline import fake_geoparser, install_fake_stage

FUZZ = settings(deadline=None, suppress_health_check=list(HealthCheck), database=None)
_SCALE = max(1, int(os.environ.get("SITMAP_FUZZ_SCALE", "1") or 1))  # e.g. 20 for a long local hunt


def _n(examples: int) -> int:
    return examples * _SCALE

# Pieces that reach the odd corners of the readers: markup, BOMs, NULs, JSON syntax,
# escapes for lone surrogates, bad code points, magic numbers, header lines.
_FRAGMENTS = [
    b"<html>", b"<title>", b"</title>", b"<script>alert(1)</script>", b"<p>", b"<img src=x onerror=alert(1)>",
    b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00", b"\n", b"\r\n", b"\r", b"---\n", b"title: x\n",
    b"Date: 2025-08-29\n", b"Published: 29 August 2025\n", b"{", b"}", b"[", b"]", b'"text":', b'"title":',
    b'"x"', b",", b":", b"\xe9", b"\xc3\xa9", b"\xed\xa0\x80", b"\xf0\x9f\x98\x80", b"\xe2\x80\xae",
    b"<meta charset=utf-16>", b"<meta charset=foo>", b"<meta charset=cp1252>", b"&#0;", b"&#x110000;",
    b"&#xD800;", b"<![CDATA[", b"<!--", b"\x1a", b"PK\x03\x04", b"%PDF-", b"# T\n", b"=====\n", b"1e99999",
    b'"\\ud800"', b'"\\udfff x"', b'"\\u0000"', b'"published": 5', b'"date": [1]', b'"title": {"a": 1}',
    b"Caracas", b"Venezuela", b" ", b"\t", b"\x0b", b"\x85", b"\xc2\x85", b"\xd8\xa8\xd9\x84",
]
_DATA = st.one_of(
    st.binary(max_size=300),
    st.lists(st.sampled_from(_FRAGMENTS), max_size=40).map(b"".join),
    st.text(max_size=200).map(lambda s: s.encode("utf-8")),
)
_SUFFIX = st.sampled_from([".txt", ".md", ".html", ".json", ".jsonl", ".xyz", ".htm", ".ndjson", ""])


def _encodable(*values) -> None:
    for v in values:
        if isinstance(v, str):
            v.encode("utf-8")  # no lone surrogates: SQLite, spaCy, stdout and Streamlit need this


def _check_items(items) -> list[Document]:
    docs = []
    for it in items:
        assert isinstance(it, (Document, IngestFailure)), it
        if isinstance(it, IngestFailure):
            assert it.reason and "\n" not in it.reason
            assert "unexpected error" not in it.reason, it
            _encodable(it.source, it.reason)
        else:
            assert it.text.strip()
            _encodable(it.text, it.title, it.path, it.url, it.source_id, *(v for _, v in it.meta))
            json.dumps([it.text, it.title, it.path, it.url], ensure_ascii=False).encode("utf-8")
            docs.append(it)
    return docs


@settings(FUZZ, max_examples=_n(300))
@given(data=_DATA, suffix=_SUFFIX, max_bytes=st.integers(1, 400))
def test_ingest_any_bytes_gives_documents_or_reasons(tmp_path_factory, data, suffix, max_bytes):
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / f"f{suffix}"
    path.write_bytes(data)
    _check_items(iter_documents(path, max_bytes=max_bytes))
    _check_items(iter_documents(folder, max_bytes=max_bytes))
    try:
        doc = load_document(path, max_bytes=max_bytes)
        _check_items([doc])
    except SitmapError:
        pass
    for fmt in ("text", "markdown", "html"):
        try:
            _check_items([read_bytes(data, fmt=fmt, max_bytes=max_bytes)])
        except SitmapError:
            pass
        try:
            _check_items([read_text(data.decode("utf-8", "surrogateescape"), fmt=fmt)])
        except SitmapError:
            pass


@settings(FUZZ, max_examples=_n(60))
@given(data=st.lists(st.sampled_from(_FRAGMENTS), min_size=1, max_size=30).map(b"".join), suffix=_SUFFIX)
def test_ingested_documents_can_be_stored(tmp_path_factory, data, suffix):
    from dashboard.store import SQLiteStore

    folder = tmp_path_factory.mktemp("fuzzstore")
    (folder / f"doc{suffix}").write_bytes(data)
    docs = _check_items(iter_documents(folder))
    with SQLiteStore(folder / "s.db") as store:
        for d in docs:
            store.add_document(d, [], [])
            back = store.document(d.doc_id)
            assert back is not None and back.text == d.text and back.title == d.title


@settings(FUZZ, max_examples=_n(300))
@given(text=st.text(max_size=200))
def test_parse_date_and_forces_take_any_text(text):
    iso = parse_date(text)
    assert iso is None or date.fromisoformat(iso)
    for f in find_forces(text):
        assert text[f.start:f.end] == f.text


_TIMEX_WORDS = st.sampled_from(
    "May March Monday Friday weekend last next this the in on since early mid- late of and to , . - 2013 2024 "
    "1990s 1900s 2100 1900 28 31 0 99999999999 Aug. Sept. week weeks month months year years ago two hundred "
    "thousand million days recently today will said 2025-08-28 2025-02-30 9999-12-31 0001-01-01 Q3 H2 summer "
    "winter decade centuries past coming 1st 32nd 53 first fifth".split())
_PUBS = st.one_of(
    st.none(),
    st.dates(min_value=date(1000, 1, 1), max_value=date(9000, 12, 31)),
    st.sampled_from([date(1000, 1, 1), date(9000, 12, 31), date(1, 1, 1), date(9999, 12, 31), "2025-08-29", "",
                     "29/08/2025", "2025-13-01", "x" * 50]),
    st.text(max_size=12),
)


@settings(FUZZ, max_examples=_n(400))
@given(text=st.one_of(st.lists(_TIMEX_WORDS, max_size=25).map(" ".join), st.text(max_size=200)), pub=_PUBS)
def test_timex_takes_any_text_and_publication_date(text, pub):
    try:
        found = find_timexes(text, pub)
    except SitmapError:
        return
    for t in found:
        assert text[t.start:t.end] == t.text
        if t.interval is not None:
            assert t.interval.start <= t.interval.end
    resolve(text, pub)


_GEO_WORDS = st.sampled_from([
    "Venezuela", "Caracas", "Colombia", "the", "southern", "Caribbean", "border", "deployed", "troops", "to", "in",
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '"><svg onload=alert(1)>', "javascript:alert(1)",
    "\u202e", "\u200f", "مرحبا", "שלום", "😀", "🇻🇪", "\u0301", "\ufeff", "\x00", "\x18", "\ufffd", "&amp;", ".", ",",
    "Zz" * 600, "Washington", "Georgia", "U.S.", "Venezuelan", "'s", "The",
])


@pytest.fixture(scope="module")
def fake_gp(tmp_path_factory):
    return fake_geoparser(tmp_path_factory.mktemp("gaz"))


@settings(FUZZ, max_examples=_n(150))
@given(words=st.lists(_GEO_WORDS, max_size=40), sep=st.sampled_from([" ", "", "\n", "\n\n"]),
       extra=st.text(max_size=80))
def test_geoparse_takes_any_text(fake_gp, words, sep, extra):
    text = sep.join(words) + extra
    result = fake_gp.parse(text)
    for t in result.toponyms:
        assert text[t.start:t.end] == t.text
        json.dumps(t.to_dict())
    spans = [(t.start, t.end) for t in result.toponyms] + [(0, len(text)), (len(text), 0), (-5, 3)]
    for t in fake_gp.resolve_spans(text, spans):
        json.dumps(t.to_dict())


# --------------------------------------------------------------------------- CLI


@pytest.fixture(scope="module")
def cli_env(tmp_path_factory):
    """Hostile input files for the CLI fuzz, shared by all examples."""
    d = tmp_path_factory.mktemp("cli")
    (d / "ok.txt").write_text("Venezuela deployed troops to Caracas on Monday.", encoding="utf-8")
    (d / "xss.html").write_text("<title><script>alert(1)</script></title><p>Troops to <img src=x "
                                "onerror=alert(1)>Caracas</p>", encoding="utf-8")
    (d / "bin.txt").write_bytes(bytes(range(256)) * 4)
    (d / "empty.json").write_bytes(b"")
    (d / "nested.json").write_bytes(b"[" * 50_000 + b"]" * 50_000)
    (d / "sur.jsonl").write_bytes(b'{"text": "Troops \\ud800 to Caracas", "title": "\\udfff"}\n{bad\n')
    (d / "latin.txt").write_bytes("Tropas en Táchira el lunes".encode("cp1252"))
    (d / "corpus.xml").write_bytes(b"<articles><article><text>Caracas</text><toponyms><toponym>"
                                   b"<start>0</start><end>99</end></toponym></toponyms></article></articles>")
    (d / "not.db").write_bytes(b"SQLite format 3\x00" + os.urandom(200))
    (d / "sub").mkdir()
    return d


_INPUTS = ["ok.txt", "xss.html", "bin.txt", "empty.json", "nested.json", "sur.jsonl", "latin.txt", "corpus.xml",
           "not.db", "sub", "missing.txt"]
_OUTPUTS = ["out.geojson", "s.db"]
_CMDS = ["geoparse", "extract", "events", "geocode", "ingest", "reverse", "status", "evaluate"]
_OPTS = ["--format", "--workers", "--batch-size", "--max-bytes", "--jsonl", "--alternatives", "--no-alternatives",
         "-o", "--output", "--force", "--no-force", "--db", "--from", "--to", "--type", "--actor",
         "--min-corroboration", "--country", "-c", "--kind", "-k", "--limit", "-n", "--geometry", "--oracle",
         "-h", "--help", "--", "-", "--bogus", "-x"]
_VALUES = ["json", "jsonl", "text", "geojson", "csv", "0", "1", "2", "-1", "65", "99999999999999999999", "nan",
           "1e309", "2025-08-29", "2025-02-30", "29/08/2025", "", " ", "\x00", "\x1b[2J", "\u202e", "😀",
           "deployment", "VE", "Venezuela", "Caracas", "../../etc/passwd", "/dev/null", "10.5", "-66.9", "91",
           "-181", "'; DROP TABLE fused; --", "%_\\", "a" * 2000]


def _harmless(arg: str) -> bool:
    """Random text that cannot name a folder outside the example's own (no '..', '/')."""
    return "/" not in arg and arg.strip() not in (".", "..") and not arg.startswith("~")


@settings(FUZZ, max_examples=_n(250))
@given(cmd=st.sampled_from(_CMDS),
       args=st.lists(st.one_of(st.sampled_from(_OPTS), st.sampled_from(_VALUES),
                               st.sampled_from(_INPUTS + _OUTPUTS),
                               st.text(max_size=12).filter(_harmless)), max_size=7),
       stdin=st.binary(max_size=120))
def test_cli_any_arguments_exit_0_1_or_2_without_traceback(cli_env, tmp_path_factory, monkeypatch_module,
                                                            cmd, args, stdin):
    work = tmp_path_factory.mktemp("run")
    args = [str(work / a) if a in _OUTPUTS else str(cli_env / a) if a in _INPUTS else a for a in args]
    from dashboard.cli import main

    cwd = os.getcwd()
    os.chdir(work)  # a relative name (or '.') must never reach the repository
    try:
        result = CliRunner().invoke(main, [cmd, *args], input=stdin, catch_exceptions=True,
                                    env={"SITMAP_DB": str(work / "default.db")})
    finally:
        os.chdir(cwd)
    exc = result.exception
    assert exc is None or isinstance(exc, SystemExit), (cmd, args, repr(exc))
    assert result.exit_code in (0, 1, 2), (cmd, args, result.exit_code, result.output)
    assert "Traceback" not in result.output
    for db in work.glob("*.db"):
        con = sqlite3.connect(db)
        try:
            assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            con.close()


@pytest.fixture(scope="module")
def monkeypatch_module(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    install_fake_stage(mp, tmp_path_factory.mktemp("fakegaz"))
    yield mp
    mp.undo()
