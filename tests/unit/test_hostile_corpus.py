"""The hand-made hostile corpus (tests/hostile/) and generated extremes through ingest:
every file is either read or reported with a one-line reason, the batch always
finishes, and memory stays bounded (files are streamed, not slurped)."""

from __future__ import annotations

import gc
import json
import os
import time
import tracemalloc
import types
from pathlib import Path

import pytest

from dashboard.model import Document
from dashboard.ingest import IngestFailure, iter_documents

HOSTILE = Path(__file__).resolve().parents[1] / "hostile"

# file (or record) → "doc" or a fragment of the expected reason
EXPECTED = {
    "binary.txt": "binary file (PNG image)",
    "binary_noext_magic.html": "binary file (executable)",
    "controls.txt": "doc",
    "cp1252.txt": "doc",
    "empty.txt": "empty document",
    "empty_list.json": "no records",
    "header_only.txt": "only a header",
    "invalid_utf8.txt": "doc",
    "mixed_encodings.txt": "doc",
    "nul_bytes.txt": "NUL bytes",
    "rtl_emoji.txt": "doc",
    "truncated.json": "invalid JSON",
    "utf16_bom.txt": "doc",
    "whitespace_only.md": "empty document",
    "xss_frontmatter.md": "doc",
    "xss_lines.jsonl:1": "doc",
    "xss_lines.jsonl:2": "invalid JSON",
    "xss_lines.jsonl:3": "doc",
    "xss_lines.jsonl:5": "JSON array, not an object",
    "xss_page.html": "doc",
    "xss_plain.txt": "doc",
    "xss_records.json[0]": "doc",
    "xss_records.json[1]": "doc",
    "xss_records.json[2]": 'no "text" field',
    "xss_records.json[3]": "JSON string, not an object",
    "xss_records.json[4]": "empty document",
    "zip_disguised.txt": "ZIP archive",
}


def outcome(items) -> dict[str, str]:
    out = {}
    for it in items:
        if isinstance(it, IngestFailure):
            out[Path(it.source).name] = it.reason
        else:
            out[Path(it.origin).name] = "doc"
    return out


def test_every_hostile_file_is_read_or_reported():
    got = outcome(iter_documents(HOSTILE))
    assert set(got) == set(EXPECTED)
    for name, want in EXPECTED.items():
        assert want in got[name], (name, got[name])
        assert "\n" not in got[name] and "unexpected error" not in got[name]


def test_hostile_documents_are_clean_text():
    docs = [d for d in iter_documents(HOSTILE) if isinstance(d, Document)]
    for d in docs:
        for value in (d.text, d.title, d.path, d.url):
            if value is not None:
                value.encode("utf-8")
                assert not any(c in value for c in "\x00\x07\x1b\x7f")
    by = {Path(d.origin).name: d for d in docs}
    assert by["mixed_encodings.txt"].text.count("café") == 2
    assert "Mérida" in by["cp1252.txt"].text and "“quietly”" in by["cp1252.txt"].text
    assert "\ufffd" in by["xss_lines.jsonl:3"].text
    assert "🇻🇪" in by["rtl_emoji.txt"].text and "كاراكاس" in by["rtl_emoji.txt"].text
    # payloads survive as text (escaping is the renderers' job), HTML markup does not
    assert "<img src=x onerror=alert('img')>" in by["xss_plain.txt"].text
    assert "alert('head-script')" not in by["xss_page.html"].text
    assert "<img src=x onerror=alert('entity-img')>" in by["xss_page.html"].text  # entities decode to text


def _write_many(folder: Path, n: int) -> None:
    folder.mkdir()
    body = "Venezuela deployed {i} troops to Caracas on Monday.\n"
    for i in range(n):
        fd = os.open(folder / f"doc{i:05d}.txt", os.O_WRONLY | os.O_CREAT, 0o644)
        os.write(fd, body.format(i=i).encode())
        os.close(fd)


def test_a_folder_of_10000_files_streams_in_bounded_memory(tmp_path):
    folder = tmp_path / "many"
    _write_many(folder, 10_000)
    (folder / "bad.json").write_text("{nope")
    _write_many(tmp_path / "warm", 10)
    assert len(list(iter_documents(tmp_path / "warm"))) == 10  # one-time costs (lazy imports, caches) first
    items = iter_documents(folder)
    assert isinstance(items, types.GeneratorType)  # lazy: nothing read yet
    gc.collect()
    tracemalloc.start()
    t0 = time.perf_counter()
    try:
        docs = failures = 0
        first = next(items)
        assert isinstance(first, IngestFailure) and "bad.json" in first.source  # sorted order: b < d
        for it in items:
            if isinstance(it, Document):
                docs += 1
            else:
                failures += 1
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    elapsed = time.perf_counter() - t0
    assert (docs, failures) == (10_000, 0)
    # the folder listing (~220 bytes a file) is held for sorting; documents are not
    assert peak < 6_000_000, f"peak {peak / 1e6:.1f} MB while streaming 10,000 files"
    assert elapsed < 60


def test_a_50_mb_file_is_refused_before_it_is_read(tmp_path):
    big = tmp_path / "big.txt"
    with open(big, "wb") as f:
        line = b"Venezuela deployed troops to Caracas on Monday. " * 20 + b"\n"
        for _ in range(50_000_000 // len(line) + 1):
            f.write(line)
    assert big.stat().st_size > 50_000_000
    tracemalloc.start()
    try:
        (item,) = iter_documents(big)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(item, IngestFailure) and "over the 10,000,000-byte limit" in item.reason
    assert "--max-bytes" in item.reason
    assert peak < 1_000_000  # refused from its size, not read


def test_a_50_mb_jsonl_file_streams_line_by_line(tmp_path):
    big = tmp_path / "big.jsonl"
    record = json.dumps({"title": "T", "text": "Venezuela deployed troops to Caracas on Monday. " * 40}) + "\n"
    n = 50_000_000 // len(record) + 1
    with open(big, "w", encoding="utf-8") as f:
        for _ in range(n):
            f.write(record)
    tracemalloc.start()
    try:
        count = sum(1 for it in iter_documents(big) if isinstance(it, Document))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == n
    assert peak < 5_000_000, f"peak {peak / 1e6:.1f} MB for a 50 MB JSON-lines file"


def test_a_huge_jsonl_line_is_skipped_without_reading_it_whole(tmp_path):
    path = tmp_path / "x.jsonl"
    with open(path, "wb") as f:
        f.write(b'{"text": "first record about Caracas"}\n')
        f.write(b'{"text": "' + b"a" * 30_000_000 + b'"}\n')
        f.write(b'{"text": "third record about Caracas"}\n')
    tracemalloc.start()
    try:
        items = list(iter_documents(path, max_bytes=1_000_000))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [type(i).__name__ for i in items] == ["Document", "IngestFailure", "Document"]
    assert "x.jsonl:2" in items[1].source and "over the 1,000,000-byte limit" in items[1].reason
    assert peak < 6_000_000


@pytest.mark.parametrize("opener, closer", [(b"[", b"]"), (b'{"a":', b"}")])
def test_deeply_nested_json_is_a_reason(tmp_path, opener, closer):
    depth = 200_000
    (tmp_path / "deep.json").write_bytes(opener * depth + b"1" + closer * depth)
    (tmp_path / "deep.jsonl").write_bytes(opener * depth + b"1" + closer * depth + b"\n" + b'{"text": "fine"}\n')
    (tmp_path / "deep_field.json").write_bytes(b'{"text": "ok", "extra": ' + opener * depth + b"1" + closer * depth
                                               + b"}")
    got = outcome(iter_documents(tmp_path))
    assert "nested too deeply" in got["deep.json"]
    assert "nested too deeply" in got["deep.jsonl:1"] and got["deep.jsonl:2"] == "doc"
    assert "nested too deeply" in got["deep_field.json"]


def test_deeply_nested_html_and_100000_character_lines(tmp_path):
    (tmp_path / "deep.html").write_text("<div>" * 100_000 + "Troops to Caracas" + "</div>" * 100_000)
    (tmp_path / "line.txt").write_text("Venezuela deployed troops to Caracas on Monday. " * 2100)
    (tmp_path / "token.txt").write_text("A" * 100_000 + " Caracas")
    (tmp_path / "spaces.md").write_text("Date:" + " " * 100_000 + "x\n" + " " * 100_000 + "Caracas")
    t0 = time.perf_counter()
    got = outcome(iter_documents(tmp_path))
    assert set(got.values()) == {"doc"}
    assert time.perf_counter() - t0 < 10  # linear-time parsing, no catastrophic backtracking
