"""Regression tests for the failures fuzzing and the hostile corpus found (issue 7), and
for the helpers written to prevent them (safetext, atomic writes, bounded batches).
Each test names the input that used to crash or misbehave."""

from __future__ import annotations

import errno
import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from dashboard.util.atomic import atomic_write_bytes, atomic_write_text, atomic_writer
from dashboard.errors import DataError, DocumentError, InputError
from dashboard.model import Document
from dashboard.ingest import IngestFailure, iter_documents, load_document, read_bytes
from dashboard.util.text import normalize_text
from dashboard.util.safetext import printable, scrub_surrogates
from dashboard.store import SQLiteStore
from tests.fixtures.fake_pipeline import fake_geoparser, install_fake_stage


@pytest.fixture
def fake(monkeypatch, tmp_path_factory):
    return install_fake_stage(monkeypatch, tmp_path_factory.mktemp("gaz"))


def run_cli(args, *, input=None, env=None, cwd=None):
    from dashboard.cli import main

    old = os.getcwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        return CliRunner().invoke(main, args, input=input, env=env or {}, catch_exceptions=True)
    finally:
        os.chdir(old)


def assert_clean_exit(result, codes=(0, 1, 2)):
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in codes, (result.exit_code, result.output)
    assert "Traceback" not in result.output


# --------------------------------------------------------------------------- safetext


def test_scrub_surrogates_and_printable():
    assert scrub_surrogates("ok") == "ok"
    assert scrub_surrogates("a\ud800b\udfff") == "a\ufffdb\ufffd"
    assert printable("evil\x1b[2J\u202etxt.exe\n") == "evil\\x1b[2J\\u202etxt.exe\\x0a"
    assert printable("Caracas — كاراكاس 😀") == "Caracas — كاراكاس 😀"  # RTL script and emoji untouched
    assert printable("x" * 600, limit=10) == "x" * 10 + "…"
    assert printable("\udcff") == "\\udcff"


# --------------------------------------------------------------------------- ingest


def test_json_lone_surrogate_escape_becomes_replacement_character(tmp_path):
    # used to crash spaCy ("surrogates not allowed") and the store's INSERT
    (tmp_path / "s.json").write_bytes(b'{"text": "Troops \\ud800 to Caracas", "title": "\\udfff", '
                                      b'"url": "http://x/\\ud800", "extra": "\\udc00"}')
    (doc,) = iter_documents(tmp_path / "s.json")
    assert doc.text == "Troops \ufffd to Caracas" and doc.title == "\ufffd" and doc.url == "http://x/\ufffd"
    assert doc.get("extra") == "\ufffd"
    with SQLiteStore(tmp_path / "s.db") as store:
        assert store.add_document(doc)
        assert store.document(doc.doc_id).text == doc.text


def test_undecodable_file_name_gives_encodable_path(tmp_path):
    # a name with bytes that are not UTF-8 decodes with surrogateescape; it used to crash the store
    name = os.fsdecode(b"\xffbad\x1b[31m.txt")
    (tmp_path / name).write_bytes(b"Troops went to Caracas on Monday.")
    (tmp_path / os.fsdecode(b"\xfeempty.txt")).write_bytes(b"")
    items = list(iter_documents(tmp_path))
    doc = next(i for i in items if isinstance(i, Document))
    fail = next(i for i in items if isinstance(i, IngestFailure))
    doc.path.encode("utf-8")
    fail.source.encode("utf-8")
    assert "\ufffd" in doc.path and "\ufffd" in fail.source
    with SQLiteStore(tmp_path / "s.db") as store:
        assert store.add_document(doc)


def test_control_characters_become_spaces_one_for_one():
    text = "a\x00b\x1b[2J c\x0bd\x0ce\x85f\x7fg\ufffe\x07"
    out = normalize_text(text)
    assert out == "a b [2J c\nd\ne\nf g\ufffd "
    assert len(out) == len(text)  # offsets hold
    assert normalize_text("tab\tand\nnewline stay") == "tab\tand\nnewline stay"


def test_mixed_utf8_and_cp1252_in_one_file(tmp_path):
    path = tmp_path / "m.txt"
    path.write_bytes("UTF-8 café, ".encode() + "cp1252 café – “quoted”".encode("cp1252"))
    doc = load_document(path)
    assert doc.text == "UTF-8 café, cp1252 café – “quoted”"
    assert doc.get("encoding") == "utf-8+cp1252"
    path.write_bytes("only cp1252 café".encode("cp1252"))
    assert load_document(path).get("encoding") == "cp1252"


def test_nul_in_a_path_is_a_reason_not_a_crash(tmp_path):
    (item,) = iter_documents(["a\x00b.txt"])
    assert isinstance(item, IngestFailure) and "NUL" in item.reason
    with pytest.raises(DocumentError, match="NUL"):
        load_document("a\x00b.txt")
    with pytest.raises(InputError, match="NUL"):
        SQLiteStore(tmp_path / "a\x00b.db")


def test_name_too_long_is_a_typed_error(tmp_path):
    from dashboard.evaluate import read_corpus

    long = tmp_path / ("a" * 3000)
    with pytest.raises(InputError, match="cannot use this path"):
        read_corpus(long)
    with pytest.raises(DataError, match="cannot use event store path"):
        SQLiteStore(long)
    with pytest.raises(InputError, match="cannot write"):
        atomic_write_text(long, "x")
    (item,) = iter_documents([long])
    assert isinstance(item, IngestFailure) and "name too long" in item.reason


def test_read_bytes_decodes_like_a_file():
    assert read_bytes(b"Caf\xe9 in Caracas").text == "Café in Caracas"
    with pytest.raises(DocumentError, match="empty"):
        read_bytes(b"  \n")
    with pytest.raises(DocumentError, match="binary"):
        read_bytes(b"\x89PNG\r\n\x1a\n" + bytes(50))
    with pytest.raises(DocumentError, match="limit"):
        read_bytes(b"x" * 11, max_bytes=10)
    with pytest.raises(InputError):
        read_bytes("text")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- geoparse


def test_place_like_span_with_control_characters_stays_unresolved(tmp_path):
    # a NER span holding a control character or U+FFFD used to raise InputError from the
    # gazetteer lookup and stop the whole batch
    gp = fake_geoparser(tmp_path)
    for text in ("Venezuela \x18 Caracas", "Troops to \ufffdCaracas and Venezuela", "To " + "Zz" * 700 + " now"):
        result = gp.parse(text)
        assert all(text[t.start:t.end] == t.text for t in result.toponyms)
    assert any(t.name == "Caracas" for t in gp.parse("Troops \x18 went to Caracas.").toponyms)


# --------------------------------------------------------------------------- CLI


def test_cli_same_file_twice(tmp_path, fake):
    # `sitmap geoparse a.txt a.txt` used to raise KeyError
    (tmp_path / "a.txt").write_text("Troops went to Caracas.", encoding="utf-8")
    result = run_cli(["geoparse", str(tmp_path / "a.txt"), str(tmp_path / "a.txt"), "--format", "jsonl"])
    assert_clean_exit(result, (0,))
    assert len(result.stdout.strip().splitlines()) == 2


@pytest.mark.parametrize("arg", ["", " ", "a\x00b"])
def test_cli_empty_or_nul_path_is_a_usage_error(tmp_path, fake, arg):
    # '' used to become '.', so `sitmap extract ''` read the whole current folder
    for args in (["extract", arg], ["geoparse", arg], ["ingest", arg, "--db", str(tmp_path / "s.db")],
                 ["events", "--db", str(tmp_path / "s.db"), "-o", arg]):
        result = run_cli(args, cwd=tmp_path)
        assert_clean_exit(result, (2,))
        assert "empty path" in result.output or "NUL" in result.output


def test_cli_stdin_that_is_not_utf8(fake):
    # used to reach spaCy as undecodable surrogates and crash
    result = run_cli(["geoparse", "-", "--format", "jsonl"], input=b"Troops \xff\xfe went to Caf\xe9 Caracas.")
    assert_clean_exit(result, (0,))
    assert '"Caracas"' in result.stdout and "\\udc" not in result.stdout


def test_cli_empty_stdin_is_reported(fake):
    result = run_cli(["geoparse", "-"], input=b"")
    assert_clean_exit(result, (1,))
    assert "skipped <stdin>: empty document" in result.stderr


def test_cli_escapes_terminal_controls_in_messages(tmp_path, fake):
    name = "evil\x1b[2J\u202etxt.json"
    (tmp_path / name).write_bytes(b"{bad")
    result = run_cli(["extract", str(tmp_path)])
    assert_clean_exit(result, (1,))
    assert "\x1b" not in result.stderr and "\u202e" not in result.stderr
    assert "evil\\x1b[2J\\u202etxt.json" in result.stderr


@pytest.mark.parametrize("target", ["folder", "missing/dir/out.geojson"])
def test_cli_output_to_a_folder_or_missing_folder_is_one_line(tmp_path, fake, target):
    # used to raise IsADirectoryError/FileNotFoundError with a traceback, and leave "<name>.tmp"
    out = tmp_path / target
    if target == "folder":
        out.mkdir()
    result = run_cli(["events", "--db", str(tmp_path / "s.db"), "-o", str(out)])
    assert_clean_exit(result, (2,))
    assert result.stderr.startswith("sitmap: error: cannot write") and result.stderr.count("\n") == 1
    assert not list(tmp_path.rglob("*.tmp"))


# --------------------------------------------------------------------------- atomic writes


class _FailingFile:
    """Writes half of what it is given, then fails like a full disk."""

    def __init__(self, f):
        self.f = f

    def write(self, text):
        self.f.write(text[: len(text) // 2])
        self.f.flush()
        raise OSError(errno.ENOSPC, "No space left on device")

    def __getattr__(self, name):
        return getattr(self.f, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.f.close()


def _fail_midway(monkeypatch):
    import dashboard.util.atomic as atomic

    real = os.fdopen
    monkeypatch.setattr(atomic.os, "fdopen", lambda *a, **k: _FailingFile(real(*a, **k)))


def _seed_store(path: Path) -> None:
    from dashboard.pipeline import refuse
    from dashboard.model import DateRef, Event, PlaceRef, Source

    doc = Document.from_text("Venezuela deployed troops to Caracas.", published="2025-08-29")
    ev = Event("deployment", None, PlaceRef("Caracas", "city", "VE", lat=10.5, lon=-66.9),
               DateRef("2025-08-29", "2025-08-29", "day"), "Troops to Caracas",
               sources=(Source(doc.doc_id, "Venezuela deployed troops to Caracas.", 0, 37),))
    with SQLiteStore(path) as store:
        store.add_document(doc, [], [ev])
        refuse(store)


@pytest.mark.parametrize("how", ["write", "rename"])
def test_failed_events_export_leaves_old_file_and_no_tmp(tmp_path, fake, monkeypatch, how):
    _seed_store(tmp_path / "s.db")
    out = tmp_path / "events.geojson"
    out.write_text("previous export\n", encoding="utf-8")
    if how == "write":
        _fail_midway(monkeypatch)
    else:
        import dashboard.util.atomic as atomic

        def replace(src, dst):
            raise OSError(errno.EXDEV, "Invalid cross-device link")

        monkeypatch.setattr(atomic.os, "replace", replace)
    result = run_cli(["events", "--db", str(tmp_path / "s.db"), "-o", str(out)])
    assert_clean_exit(result, (2,))
    assert "cannot write" in result.stderr
    assert out.read_text(encoding="utf-8") == "previous export\n"
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("s.db")) == ["events.geojson"]


def test_failed_extract_export_leaves_no_partial_file(tmp_path, fake, monkeypatch):
    (tmp_path / "a.txt").write_text("Venezuela deployed troops to Caracas on Monday.", encoding="utf-8")
    _fail_midway(monkeypatch)
    out = tmp_path / "out" / "events.json"
    out.parent.mkdir()
    result = run_cli(["extract", str(tmp_path / "a.txt"), "--format", "json", "-o", str(out)])
    assert_clean_exit(result, (2,))
    assert list(out.parent.iterdir()) == []


def test_events_export_succeeds_atomically(tmp_path, fake):
    _seed_store(tmp_path / "s.db")
    out = tmp_path / "events.geojson"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o640)
    result = run_cli(["events", "--db", str(tmp_path / "s.db"), "-o", str(out)])
    assert_clean_exit(result, (0,))
    assert '"FeatureCollection"' in out.read_text(encoding="utf-8")
    assert out.stat().st_mode & 0o777 == 0o640  # the file keeps its permissions
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".tmp"] == []


def test_atomic_writer_removes_tmp_on_any_exception(tmp_path):
    target = tmp_path / "x.bin"
    atomic_write_bytes(target, b"one")
    with pytest.raises(ZeroDivisionError):
        with atomic_writer(target, "wb") as f:
            f.write(b"two, partly")
            1 / 0
    assert target.read_bytes() == b"one" and sorted(tmp_path.iterdir()) == [target]
    new = tmp_path / "new.txt"
    atomic_write_text(new, "ok")
    assert new.read_text() == "ok" and new.stat().st_mode & 0o777 == 0o666 & ~_umask()


def _umask() -> int:
    m = os.umask(0)
    os.umask(m)
    return m


# --------------------------------------------------------------------------- store


def test_damaged_sitmap_store_names_file_and_recovery(tmp_path):
    path = tmp_path / "s.db"
    with SQLiteStore(path) as store:
        for i in range(40):
            store.add_document(Document.from_text(f"document {i} " + "x" * 3000))
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(DataError) as err:
        SQLiteStore(path)
    msg = str(err.value)
    assert str(path) in msg and "damaged" in msg and "left unchanged" in msg and "sitmap ingest" in msg
    assert path.read_bytes() == data[: len(data) // 2]


# --------------------------------------------------------------------------- batches


class _Doubler:
    def setup(self):
        pass

    def run(self, batch):
        return [2 * x for x in batch]


def test_workers_keep_order_and_read_input_lazily():
    from dashboard.pipeline import run_stage

    pulled = []

    def items():
        for i in range(5000):
            pulled.append(i)
            yield i

    out = run_stage(_Doubler(), items(), workers=2, batch_size=2)
    first = next(out)
    time.sleep(0.2)  # a feeder thread (pool.imap) would drain the whole input meanwhile
    assert first == 0
    assert len(pulled) <= 2 * (2 * 2 + 1)  # at most prefetch + 1 batches read ahead
    assert [first, *out] == [2 * i for i in range(5000)]



def test_reading_a_small_file_does_not_allocate_the_size_limit(tmp_path):
    # f.read(max_bytes + 1) allocated the whole limit (10 MB by default) for every file
    import tracemalloc

    path = tmp_path / "small.txt"
    path.write_text("Troops went to Caracas on Monday.", encoding="utf-8")
    load_document(path)  # warm up
    tracemalloc.start()
    try:
        load_document(path, max_bytes=50_000_000)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1_000_000


def test_fifo_and_devices_are_refused_not_read(tmp_path):
    # an explicitly named FIFO used to block forever on open()
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    items = list(iter_documents([fifo, "/dev/zero"]))
    assert [type(i) for i in items] == [IngestFailure, IngestFailure]
    assert "named pipe" in items[0].reason and "device" in items[1].reason


def test_the_same_document_twice_fuses_once(tmp_path, fake):
    # fuzzing with the real model: two copies of one text gave two fused events with one
    # id, and the store refused them ("two fused events have the id …")
    from dashboard.fuse import fuse
    from dashboard.model import DateRef, Event, PlaceRef, Source

    doc = Document.from_text("Venezuela deployed troops to Caracas.", published="2025-08-29")
    ev = Event("deployment", None, PlaceRef("Caracas", "city", "VE", lat=10.5, lon=-66.9),
               DateRef("2025-08-29", "2025-08-29", "day"), "Troops to Caracas",
               sources=(Source(doc.doc_id, "Venezuela deployed troops to Caracas.", 0, 37),))
    assert fuse([ev, ev]) == fuse([ev]) and len(fuse([ev, ev])) == 1
    with SQLiteStore(tmp_path / "s.db") as store:
        assert store.replace_fused(fuse([ev, ev, ev])) == 1
    (tmp_path / "a.txt").write_text("Venezuela deployed troops to Caracas on Monday.", encoding="utf-8")
    result = run_cli(["extract", str(tmp_path / "a.txt"), str(tmp_path / "a.txt"), "--format", "json"])
    assert_clean_exit(result, (0,))


# --------------------------------------------------------------------------- long documents


def test_spans_lookup_keeps_order_and_bounds():
    from types import SimpleNamespace as NS

    from dashboard.extract.context import Spans as _Spans

    items = [NS(start=s, name=n) for s, n in [(50, "c"), (10, "a"), (30, "b"), (30, "b2"), (90, "d")]]
    spans = _Spans(items)
    assert [x.name for x in spans.starting_in(10, 50)] == ["a", "b", "b2"]  # original order kept
    assert [x.name for x in spans.starting_in(30, 31)] == ["b", "b2"]
    assert spans.starting_in(91, 200) == [] and spans.starting_in(0, 10) == []
    assert [x.name for x in spans.starting_in(0, 1000)] == ["c", "a", "b", "b2", "d"]


def test_long_text_pieces_go_through_the_model_a_few_at_a_time(monkeypatch):
    # 16 pieces of 50,000 characters at once cost ~1.3 GB: a 2 MB document peaked at 2.3 GB
    import spacy

    import dashboard.geoparse.nlp as nlp_mod

    monkeypatch.setattr(nlp_mod, "CHUNK_CHARS", 100)
    nlp = spacy.blank("en")
    sizes = []
    real_pipe = nlp.pipe

    def pipe(texts, batch_size=16, **kw):
        texts = list(texts)
        sizes.append((len(texts), batch_size, max(map(len, texts))))
        return real_pipe(texts, batch_size=batch_size, **kw)

    monkeypatch.setattr(nlp, "pipe", pipe)
    long = "Troops moved to Caracas on Monday. " * 40
    docs = list(nlp_mod.pipe_texts(nlp, ["short one", long, "short two", "short three"], batch_size=16))
    assert [d.text for d in docs] == ["short one", long, "short two", "short three"]
    assert sizes[0] == (1, 16, 9)  # the short text before the long one
    assert sizes[1][1] == nlp_mod.LONG_BATCH and sizes[1][2] <= 100  # the long one's pieces
    assert sizes[2][:2] == (2, 16)


def test_an_unknown_engine_is_refused_before_any_work():
    from dashboard.pipeline.batch import run_stage

    class Boom:
        def setup(self):
            raise AssertionError("set up for an engine that does not exist")

        def run(self, batch):
            return batch

    with pytest.raises(ValueError, match="unknown engine 'ray': use one of local, dask"):
        list(run_stage(Boom(), [1, 2], engine="ray"))
