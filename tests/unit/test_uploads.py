"""dashboard.uploads: names from the internet never leave the data folder, never
overwrite, and only documents within the limits are kept."""

from __future__ import annotations

import io
import os
import threading

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.errors import InputError
from dashboard.model import Document
from dashboard.ingest import iter_documents
from dashboard.ingest.uploads import MAX_NAME_BYTES, safe_filename
from dashboard.ingest import UploadReport, save_pasted, save_uploads

ARTICLE = b"Venezuela deployed 2,000 troops to Caracas on Monday, officials said."


@pytest.fixture
def dirs(tmp_path):
    data, outside = tmp_path / "data", tmp_path / "outside"
    outside.mkdir()
    return data, outside


def files_in(folder):
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("name, expected", [
    ("../../etc/passwd.txt", "passwd.txt"),
    ("/etc/cron.d/evil.md", "evil.md"),
    ("C:\\Windows\\System32\\evil.html", "evil.html"),
    ("..\\..\\evil.json", "evil.json"),
    ("a\x00b.txt", "ab.txt"),
    ("re\u202eport.txt", "report.txt"),
    (".bashrc.txt", "bashrc.txt"),
    ("CON.txt", "_CON.txt"),
    ("lpt1.md", "_lpt1.md"),
    ("Report.HTM", "Report.htm"),
    ("x.jsonl.", "x.jsonl"),
    ("<img src=x onerror=alert(1)>.txt", "img src_x onerror_alert(1).txt"),
    ("ستراتيجية كاراكاس.txt", "ستراتيجية كاراكاس.txt"),
    ("😀😀.txt", "upload.txt"),
    ("a:b.txt", "a_b.txt"),
])
def test_safe_filename(name, expected):
    assert safe_filename(name) == expected


@pytest.mark.parametrize("name", ["x.exe", "x.html.exe", "x", "..", "", "/", "x.txt/", "archive.zip", "x.pdf",
                                  "x.svg", "x.php", ".htaccess"])
def test_safe_filename_refuses_other_types(name):
    with pytest.raises(InputError, match="not a document type"):
        safe_filename(name)


def test_long_names_are_capped():
    name = safe_filename("é" * 500 + ".txt")
    assert len(name.encode()) <= MAX_NAME_BYTES and name.endswith(".txt")


def test_save_and_ingest(dirs):
    data, outside = dirs
    report = save_uploads([("../../outside/a.txt", ARTICLE), ("b.md", b"# Title\n\n" + ARTICLE)], data)
    assert isinstance(report, UploadReport) and report.ok
    assert [p.name for p in report.saved] == ["a.txt", "b.md"]
    assert all(p.parent == data.resolve() for p in report.saved)
    assert files_in(outside) == []
    docs = [d for d in iter_documents(data) if isinstance(d, Document)]
    assert len(docs) == 2


def test_never_overwrites(dirs):
    data, _ = dirs
    first = save_uploads([("r.txt", ARTICLE)], data).saved[0]
    second = save_uploads([("r.txt", ARTICLE + b" Again."), ("R.txt", ARTICLE)], data).saved
    assert first.read_bytes() == ARTICLE
    assert [p.name for p in second] == ["r-2.txt", "R.txt"]
    assert files_in(data) == ["R.txt", "r-2.txt", "r.txt"]


def test_existing_symlink_is_neither_followed_nor_replaced(dirs):
    data, outside = dirs
    data.mkdir()
    target = outside / "victim.txt"
    target.write_text("keep me")
    (data / "victim.txt").symlink_to(target)
    (data / "dangling.txt").symlink_to(outside / "nothing-here.txt")
    report = save_uploads([("victim.txt", ARTICLE), ("dangling.txt", ARTICLE)], data)
    assert [p.name for p in report.saved] == ["victim-2.txt", "dangling-2.txt"]
    assert target.read_text() == "keep me" and files_in(outside) == ["victim.txt"]


def test_limits_and_reasons(dirs):
    data, _ = dirs
    items = [("big.txt", b"x" * 101), ("empty.txt", b"  \n"), ("img.txt", b"\x89PNG\r\n\x1a\n" + bytes(64)),
             ("nul.txt", b"a\x00b" * 30), ("tool.exe", b"MZ"), ("ok.txt", ARTICLE[:100]),
             ("ok2.txt", ARTICLE[:100]), ("late.txt", ARTICLE[:50]), (b"bytes-name.txt", b"text")]
    report = save_uploads(items, data, max_bytes=100, max_files=8, max_total_bytes=100)
    reasons = {r.name: r.reason for r in report.rejected}
    assert [p.name for p in report.saved] == ["ok.txt"]
    assert "100-byte upload limit" in reasons["big.txt"]
    assert "empty" in reasons["empty.txt"]
    assert "binary" in reasons["img.txt"] and "binary" in reasons["nul.txt"]
    assert "not a document type" in reasons["tool.exe"]
    assert "100 bytes per upload in all" in reasons["ok2.txt"]
    assert "100 bytes per upload in all" in reasons["late.txt"]
    assert "8 files per upload" in reasons["b'bytes-name.txt'"]
    assert all("\n" not in r for r in reasons.values())


def test_streams_are_read_only_up_to_the_limit(dirs):
    data, _ = dirs

    class Endless(io.RawIOBase):
        read_total = 0

        def readable(self):
            return True

        def read(self, n=-1):
            n = 1 << 20 if n is None or n < 0 else n
            Endless.read_total += n
            return b"a" * n

    report = save_uploads([("endless.txt", Endless()), ("small.txt", io.BytesIO(ARTICLE))], data, max_bytes=5000)
    assert Endless.read_total <= 5001
    assert [p.name for p in report.saved] == ["small.txt"] and "upload limit" in report.rejected[0].reason


def test_bad_items_and_arguments(dirs, tmp_path):
    data, _ = dirs
    report = save_uploads([("a.txt",), None, ("b.txt", "text, not bytes")], data)
    assert len(report.rejected) == 3 and report.saved == ()
    with pytest.raises(InputError):
        save_uploads([], data, max_files=0)
    (tmp_path / "file").write_text("x")
    with pytest.raises(InputError, match="data folder"):
        save_uploads([("a.txt", ARTICLE)], tmp_path / "file")


def test_concurrent_saves_of_one_name_get_distinct_files(dirs):
    data, _ = dirs
    out, barrier = [], threading.Barrier(8)

    def worker(i):
        barrier.wait()
        out.extend(save_uploads([("same.txt", ARTICLE + f" ({i})".encode())], data).saved)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({p.name for p in out}) == 8
    assert sorted(p.read_bytes() for p in out) == sorted(ARTICLE + f" ({i})".encode() for i in range(8))
    assert not [n for n in files_in(data) if n.startswith(".")]  # no temporary files left


def test_save_pasted(dirs):
    data, _ = dirs
    path = save_pasted("Venezuela deployed troops to Caracas on Monday.", data,
                       title="<b>Deployment</b>\nPublished: 1999-01-01\n../../x", published="2025-08-29")
    assert path.parent == data.resolve() and path.suffix == ".txt"
    (doc,) = iter_documents(path)
    assert doc.published == "2025-08-29"  # the title could not inject its own header line
    assert doc.title == "<b>Deployment</b> Published: 1999-01-01 ../../x"
    assert doc.text.rstrip() == "Venezuela deployed troops to Caracas on Monday."
    again = save_pasted("Other text.", data, title="<b>Deployment</b>\nPublished: 1999-01-01\n../../x")
    assert again != path
    untitled = save_pasted("Untitled text\x00 here.", data)
    assert untitled.name.startswith("pasted-") and b"\x00" not in untitled.read_bytes()
    for bad in ({"text": "  \n"}, {"text": "x", "published": "29/08/2025"}, {"text": "x" * 50, "max_bytes": 10}):
        with pytest.raises(InputError):
            save_pasted(data_dir=data, **bad)


_PIECES = st.sampled_from(["..", ".", "/", "\\", "\x00", "\x1b", "\u202e", "C:", "~", "etc", "passwd", "a", " ",
                           "日本", "😀", "CON", ".txt", ".md", ".html", ".json", ".jsonl", ".exe", "%2e%2e", "\n",
                           "\ud800", "*", "?", "<", ">", "|", '"'])


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(names=st.lists(st.one_of(st.lists(_PIECES, max_size=12).map("".join), st.text(max_size=40)),
                      min_size=1, max_size=5))
def test_hostile_names_never_escape(tmp_path_factory, names):
    base = tmp_path_factory.mktemp("up")
    data, outside = base / "data", base / "outside"
    outside.mkdir()
    report = save_uploads([(n, ARTICLE) for n in names], data)
    assert len(report.saved) + len(report.rejected) == len(names)
    assert files_in(outside) == []
    assert sorted(files_in(base)) == ["data", "outside"]
    assert sorted(p.name for p in report.saved) == files_in(data)
    for p in report.saved:
        assert p.parent == data.resolve() and p.read_bytes() == ARTICLE
        assert not p.name.startswith(".") and p.suffix in (".txt", ".md", ".html", ".htm", ".json", ".jsonl")
        assert os.path.basename(p) == p.name and "\x00" not in p.name
    for r in report.rejected:
        assert r.reason and "\n" not in r.reason and "\n" not in r.name


def test_rejections_unpack_as_pairs(dirs):
    data, _ = dirs
    report = save_uploads([("x.exe", b"MZ")], data)
    ((name, reason),) = report.rejected
    assert name == "x.exe" and "not a document type" in reason and str(report.rejected[0]) == f"{name}: {reason}"
