"""Unit tests of dashboard.ingest (files, folders, text → Document / IngestFailure)."""

from __future__ import annotations

import codecs
import json
import os
import pickle
import time
import unicodedata
from pathlib import Path

import pytest

from dashboard.errors import DocumentError, InputError
from dashboard.model import Document
from dashboard.ingest import IngestFailure, iter_documents, load_document, parse_date, read_text
from dashboard.ingest.markdown_reader import plain_text
from dashboard.util.text import doc_id_for, normalize_text

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
BODY = "Venezuelan President Nicolas Maduro said troops were sent to Táchira.\n\nMore text."


def docs_and_failures(items):
    items = list(items)
    docs = [i for i in items if isinstance(i, Document)]
    fails = [i for i in items if isinstance(i, IngestFailure)]
    assert len(docs) + len(fails) == len(items)
    return docs, fails


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", newline="")
    else:
        path.write_bytes(content)
    return path


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2025-08-29", "2025-08-29"),
        ("2025/08/29", "2025-08-29"),
        ("2025-8-9", "2025-08-09"),
        ("2025-08-29T10:00:00Z", "2025-08-29"),
        ("2025-08-29T23:30:00.123+02:00", "2025-08-29"),
        ("2025-08-29 10:00:00 +0000", "2025-08-29"),
        ("29 August, 2025", "2025-08-29"),
        ("29 August 2025", "2025-08-29"),
        ("29 Aug 2025", "2025-08-29"),
        ("29th of August 2025", "2025-08-29"),
        ("29-Aug-2025", "2025-08-29"),
        ("August 29, 2025", "2025-08-29"),
        ("Aug. 29, 2025", "2025-08-29"),
        ("Sept 1 2025", "2025-09-01"),
        ("august 29th, 2025 at 10:00 a.m. EDT", "2025-08-29"),
        ("Friday, August 29, 2025", "2025-08-29"),
        ("Fri, 29 Aug 2025 10:00:00 GMT", "2025-08-29"),
        ("2024-02-29", "2024-02-29"),
        # refused: ambiguous, impossible, incomplete, not a date
        ("29/08/2025", None),
        ("08/29/2025", None),
        ("29.08.2025", None),
        ("2025-02-30", None),
        ("2023-02-29", None),
        ("2025-13-01", None),
        ("31 April 2025", None),
        ("August 2025", None),
        ("29 Mayor 2025", None),
        ("2025-08-29 Venezuelan President", None),
        ("yesterday", None),
        ("", None),
    ],
)
def test_parse_date(value, expected):
    assert parse_date(value) == expected


# --------------------------------------------------------------------------- headers

HEADER_CASES = [
    # (id, raw text, published, title, exposed text starts with)
    ("no-header", BODY, None, None, "Venezuelan President"),
    ("date+slug", "29 August, 2025\nu-s-troop-deployment-sparks-maduro-s-defiant-response-no-way-\n\n" + BODY,
     "2025-08-29", "U.S. troop deployment sparks maduro's defiant response no way", "Venezuelan President"),
    ("inline-date-prefix", " date 2025-08-29 " + BODY, "2025-08-29", None, "Venezuelan President"),
    ("inline-published-on", "Published on August 29, 2025 " + BODY, "2025-08-29", None, "Venezuelan President"),
    ("inline-date-colon", "Date: 2025-08-29 " + BODY, "2025-08-29", None, "Venezuelan President"),
    ("iso-line", "2025-08-29\n" + BODY, "2025-08-29", None, "Venezuelan President"),
    ("iso-datetime-line", "2025-08-29T10:00:00Z\n\n" + BODY, "2025-08-29", None, "Venezuelan President"),
    ("long-date-line", "August 29, 2025\n" + BODY, "2025-08-29", None, "Venezuelan President"),
    ("short-month-line", "29 Aug 2025\n" + BODY, "2025-08-29", None, "Venezuelan President"),
    ("email-headers", "Title: Maduro defiant\nDate: Fri, 29 Aug 2025 10:00:00 +0000\nAuthor: A. Reporter\n\n" + BODY,
     "2025-08-29", "Maduro defiant", "Venezuelan President"),
    ("published-colon", "Published: 29 August 2025\n" + BODY, "2025-08-29", None, "Venezuelan President"),
    ("published-on-line", "Published on 29 August 2025\n\n" + BODY, "2025-08-29", None, "Venezuelan President"),
    ("title-only", "Title: Troops in Táchira\n\n" + BODY, None, "Troops in Táchira", "Venezuelan President"),
    ("ambiguous-date-header", "Date: 29/08/2025\n" + BODY, None, None, "Venezuelan President"),
    ("invalid-date-line-is-body", "2025-02-30\n" + BODY, None, None, "2025-02-30\nVenezuelan"),
    ("ambiguous-line-is-body", "29/08/2025\n" + BODY, None, None, "29/08/2025\nVenezuelan"),
    ("update-prefix-is-body", "UPDATE: Maduro said no.\n" + BODY, None, None, "UPDATE: Maduro said no."),
    ("source-alone-is-body", "Source: the ministry said so.\n" + BODY, None, None, "Source: the ministry"),
    ("date-in-sentence-is-body", "On August 29, 2025 Maduro spoke.\n" + BODY, None, None, "On August 29, 2025"),
]


@pytest.mark.parametrize("raw, published, title, starts", [c[1:] for c in HEADER_CASES],
                         ids=[c[0] for c in HEADER_CASES])
def test_header_detection(raw, published, title, starts):
    doc = read_text(raw)
    assert doc.published == published
    assert doc.title == title
    assert doc.text.startswith(starts)
    # the exposed text is the untouched tail of the input: offsets stay meaningful
    offset = doc.get("body_offset", 0)
    assert raw[offset:] == doc.text


@pytest.mark.parametrize("fmt", ["text", "markdown"])
@pytest.mark.parametrize(
    "raw",
    ["date 2025-08-29" + " " * 100_000 + "x", "Date:" + " " * 100_000 + "x\nbody",
     "Title: a" + " " * 100_000 + "x\nbody", "# Title" + " " * 100_000 + "#x", "---\ntitle:" + " " * 100_000 + "x\n---\nbody"],
)
def test_header_detection_is_linear_on_long_whitespace_runs(raw, fmt):
    start = time.perf_counter()
    read_text(raw, fmt=fmt)
    assert time.perf_counter() - start < 2.0  # a backtracking regex takes minutes here


def test_header_updated_is_not_published():
    doc = read_text("Updated: 2025-09-01\nPublished: 2025-08-29\n\n" + BODY)
    assert doc.published == "2025-08-29"
    assert doc.get("updated") == "2025-09-01"
    assert doc.text.startswith("Venezuelan")


def test_header_only_document_is_empty():
    with pytest.raises(DocumentError, match="empty document"):
        read_text("29 August, 2025\nsome-slug-line-here\n\n   \n")


def test_seed_corpus():
    docs, fails = docs_and_failures(iter_documents([SEEDS]))
    assert fails == []
    by_name = {Path(d.path).name[:3]: d for d in docs}
    assert sorted(by_name) == ["000", "001", "002"]
    assert [Path(d.path).name for d in docs] == sorted(Path(d.path).name for d in docs)

    assert by_name["000"].published is None
    assert by_name["000"].title is None
    assert by_name["000"].text.startswith("URGENT UPDATE: Venezuelan")

    assert by_name["001"].published == "2025-08-29"
    assert by_name["001"].title.startswith("U.S. troop deployment")
    assert by_name["001"].text.startswith("UPDATE: Venezuelan President")
    assert "u-s-troop" not in by_name["001"].text

    assert by_name["002"].published == "2025-08-29"
    assert by_name["002"].text.startswith("Venezuelan President")

    for doc in docs:
        source = normalize_text(Path(doc.path).read_text(encoding="utf-8"))
        assert source[doc.get("body_offset", 0):] == doc.text
        assert doc.doc_id == doc_id_for(doc.text)


# --------------------------------------------------------------------------- markdown


def test_markdown_front_matter_and_heading(tmp_path):
    md = '---\ntitle: "Troops in Zulia"\ndate: 2025-08-29 10:00:00 +0000\nauthor: Someone\n---\n\n# Other heading\n\nText *here*.\n'
    doc = load_document(write(tmp_path / "a.md", md))
    assert doc.title == "Troops in Zulia"
    assert doc.published == "2025-08-29"
    assert doc.text == "Other heading\n\nText  here .\n"  # markup blanked, offsets kept
    assert doc.get("author") == "Someone"
    source = normalize_text(md)[doc.get("body_offset"):]
    assert len(source) == len(doc.text)
    assert all(c == " " or source[i] == c for i, c in enumerate(doc.text))


def test_markdown_heading_is_title_and_kept(tmp_path):
    doc = load_document(write(tmp_path / "b.md", "# Maduro responds\n\nBody of **the** article.\n"))
    assert doc.title == "Maduro responds"
    assert doc.text.startswith("  Maduro responds")
    assert "Body of   the   article." in doc.text
    assert doc.published is None


def test_markdown_markup_is_blanked_in_place():
    """What a reader sees, at the offsets of the source: emphasis, links, bullets, table
    pipes and tags become spaces; entities and escapes keep their character."""
    src = ("**Mali.** The army [said](http://example.org/a) it &amp; Chad would.\n\n- item *one*\n\n"
           "| town | n |\n|---|---|\n| Kayes | 3 |\n\n<div>Raw <b>html</b></div>\n\n> quote \\*star\\*\n")
    out = plain_text(src)
    assert len(out) == len(src) and out.count("\n") == src.count("\n")
    assert out.split() == ["Mali.", "The", "army", "said", "it", "&", "Chad", "would.", "item", "one", "town", "n",
                           "Kayes", "3", "Raw", "html", "quote", "*star", "*"]
    assert "example.org" not in out and "|" not in out and "<" not in out


def test_markdown_section_heads_split_sentences(tmp_path):
    doc = load_document(write(tmp_path / "r.md", "**Burkina Faso.** Captain Traore's government extended it.\n"))
    assert doc.text.split() == ["Burkina", "Faso.", "Captain", "Traore's", "government", "extended", "it."]


@pytest.mark.parametrize(
    "first_line, title",
    [("# Maduro responds ##", "Maduro responds"), ("# C# in Caracas", "C# in Caracas"),
     ("## Second level", None), ("#NoSpace", None)],
)
def test_markdown_heading_forms(first_line, title):
    assert read_text(first_line + "\n\nBody.", fmt="markdown").title == title


def test_markdown_unclosed_front_matter_is_text(tmp_path):
    doc = load_document(write(tmp_path / "c.md", "---\ntitle: x\nno closing fence\n"))
    # not front matter: a rule, then header lines as in plain text ("Title: x") and the body
    assert doc.text == "no closing fence\n" and doc.title == "x"


# --------------------------------------------------------------------------- decoding


@pytest.mark.parametrize(
    "encoded, encoding",
    [
        ("Tropas en Táchira.".encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + "Tropas en Táchira.".encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + "Tropas en Táchira.".encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + "Tropas en Táchira.".encode("utf-16-be"), "utf-16-be"),
        ("Tropas en Táchira.".encode("utf-16-le"), "utf-16-le"),  # no BOM
        ("Tropas en Táchira.".encode("cp1252"), "cp1252"),
        ("Tropas en Táchira \u201cya\u201d.".encode("cp1252"), "cp1252"),
    ],
)
def test_decoding(tmp_path, encoded, encoding):
    doc = load_document(write(tmp_path / "x.txt", encoded))
    assert doc.text.startswith("Tropas en Táchira")
    assert "\ufeff" not in doc.text
    assert doc.get("encoding") == encoding


def test_latin1_fallback(tmp_path):
    # 0x81 is undefined in cp1252, so only latin-1 can decode this
    doc = load_document(write(tmp_path / "x.txt", b"T\xe1chira \x81 ok " + b"word " * 50))
    assert doc.text.startswith("Táchira")
    assert doc.get("encoding") == "latin-1"


def test_newlines_and_nfc(tmp_path):
    decomposed = "Ta\u0301chira"
    doc = load_document(write(tmp_path / "x.txt", f"line one\r\nline two\rline  three {decomposed}\n"))
    assert doc.text == "line one\nline two\nline  three Táchira\n"
    assert unicodedata.is_normalized("NFC", doc.text)


def test_html_declared_charset(tmp_path):
    html = '<html><head><meta charset="iso-8859-15"></head><body><p>Precio: 5 \xa4</p></body></html>'
    doc = load_document(write(tmp_path / "x.html", html.encode("latin-1")))
    assert "5 €" in doc.text  # 0xA4 is the euro sign in ISO-8859-15, not in cp1252


# --------------------------------------------------------------------------- failures


def test_failures_are_reported_and_batch_goes_on(tmp_path):
    folder = tmp_path / "batch"
    write(folder / "a_good.txt", BODY)
    write(folder / "b_binary.txt", b"abc\x00\x01\x02def" * 10)
    write(folder / "c_controls.txt", bytes(range(1, 9)) * 20 + b"text")
    write(folder / "d_pdf.txt", b"%PDF-1.7\n...")
    write(folder / "e_empty.txt", b"")
    write(folder / "f_blank.md", " \n\t\r\n ")
    write(folder / "g_big.txt", "x" * 2000)
    write(folder / "h_good.md", "# Title\n\nZulia.\n")
    missing = tmp_path / "nope.txt"

    docs, fails = docs_and_failures(iter_documents([folder, missing], max_bytes=1000))
    assert [Path(d.path).name for d in docs] == ["a_good.txt", "h_good.md"]
    reasons = {Path(f.source).name: f.reason for f in fails}
    assert set(reasons) == {"b_binary.txt", "c_controls.txt", "d_pdf.txt", "e_empty.txt",
                            "f_blank.md", "g_big.txt", "nope.txt"}
    assert reasons["b_binary.txt"].startswith("binary file (")
    assert reasons["c_controls.txt"].startswith("binary file (")
    assert reasons["d_pdf.txt"].startswith("binary file (PDF")
    assert reasons["e_empty.txt"] == "empty document"
    assert reasons["f_blank.md"] == "empty document"
    assert "2,000 bytes" in reasons["g_big.txt"] and "1,000" in reasons["g_big.txt"]
    assert "--max-bytes" in reasons["g_big.txt"]
    assert "No such file or directory" in reasons["nope.txt"] and "check the path" in reasons["nope.txt"]
    for f in fails:
        assert "\n" not in f.reason
        assert str(f) == f"{f.source}: {f.reason}"


def test_unreadable_file_reports_os_reason(tmp_path, monkeypatch):
    import dashboard.ingest.fileio as ingest  # where the file is opened

    path = write(tmp_path / "locked.txt", BODY)

    def deny(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(ingest, "open", deny, raising=False)
    docs, fails = docs_and_failures(iter_documents([path]))
    assert docs == []
    assert fails[0].reason == "cannot read (Permission denied); check the file's permissions"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read anything")
def test_unreadable_file_real_permissions(tmp_path):
    path = write(tmp_path / "locked.txt", BODY)
    path.chmod(0)
    try:
        with pytest.raises(DocumentError, match="Permission denied"):
            load_document(path)
    finally:
        path.chmod(0o644)


def test_max_bytes_must_be_positive(tmp_path):
    with pytest.raises(InputError):
        iter_documents([tmp_path], max_bytes=0)  # raised eagerly, before iteration


# --------------------------------------------------------------------------- folders


def test_folder_order_hidden_unknown_and_recursion(tmp_path):
    write(tmp_path / "b.txt", "B text")
    write(tmp_path / "a.txt", "A text")
    write(tmp_path / "sub" / "c.txt", "C text")
    write(tmp_path / ".hidden.txt", "hidden")
    write(tmp_path / ".git" / "d.txt", "hidden dir")
    write(tmp_path / "notes.docx2", "unknown extension")
    write(tmp_path / "picture.png", b"\x89PNG\r\n")

    docs, fails = docs_and_failures(iter_documents([tmp_path]))
    assert fails == []
    assert [d.text for d in docs] == ["A text", "B text", "C text"]

    docs, fails = docs_and_failures(iter_documents([tmp_path], recursive=False))
    assert [d.text for d in docs] == ["A text", "B text"]

    # an explicitly named file of unknown extension is tried as text
    docs, _ = docs_and_failures(iter_documents([tmp_path / "notes.docx2", str(tmp_path / ".hidden.txt")]))
    assert [d.text for d in docs] == ["unknown extension", "hidden"]


def test_single_path_string_is_not_iterated_by_character(tmp_path):
    path = write(tmp_path / "a.txt", "A text")
    docs, fails = docs_and_failures(iter_documents(str(path)))
    assert [d.text for d in docs] == ["A text"] and fails == []


def test_folder_without_documents_is_reported(tmp_path):
    write(tmp_path / "image.png", b"\x89PNG")
    docs, fails = docs_and_failures(iter_documents([tmp_path]))
    assert docs == []
    assert len(fails) == 1 and "no documents found" in fails[0].reason


def test_iteration_is_lazy(tmp_path):
    write(tmp_path / "a.txt", "A text")
    write(tmp_path / "b.txt", "B text")
    it = iter_documents([tmp_path])
    first = next(it)
    (tmp_path / "b.txt").write_text("B changed")
    assert first.text == "A text"
    assert next(it).text == "B changed"


# --------------------------------------------------------------------------- HTML

_PARA = "<p>" + "Venezuela deployed troops to the border with Colombia on Monday, officials said in Caracas. " * 2 + "</p>"
HTML = f"""<!DOCTYPE html>
<html lang="es"><head>
<title>Page   title | Site</title>
<meta property="og:title" content="Maduro &amp; the troops">
<meta property="og:site_name" content="El Diario">
<meta name="author" content="Ana Pérez">
<meta property="article:published_time" content="2025-08-29T10:00:00-04:00">
<link rel="canonical" href="https://example.org/a">
<style>body {{ color: red }}</style>
<script>alert(1)</script>
</head><body>
<nav><ul><li><a href="/">Menu</a></li><li><a href="/world">World</a></li></ul></nav>
<div class="cookie-banner"><p>We use cookies to improve your experience. Accept all cookies?</p></div>
<noscript>Enable JS</noscript>
<article><h1>Troops   deployed</h1>
{_PARA}
<p>Caracas &amp; T&aacute;chira &mdash; &quot;no way&quot; now, the minister said on Monday.</p>
<template><p>hidden template</p></template>
<p>The first line of the statement<br>and its second line.</p>
<ul><li>Two brigades were sent to Zulia.</li><li>One brigade was sent to Táchira.</li></ul>
<script type="text/javascript">var x = "<p>not text</p>";</script>
{_PARA}
</article>
<footer><p>© 2025 El Diario. All rights reserved. Privacy policy.</p></footer>
</body></html>"""


def test_html_main_text(tmp_path):
    doc = load_document(write(tmp_path / "a.html", HTML))
    assert "alert(1)" not in doc.text
    assert "not text" not in doc.text and "color: red" not in doc.text
    assert "Enable JS" not in doc.text and "hidden template" not in doc.text
    assert "Page" not in doc.text  # the <title> is metadata, not body text
    for boilerplate in ("Menu", "World", "cookies", "rights reserved"):
        assert boilerplate not in doc.text
    assert 'Caracas & Táchira — "no way" now, the minister said on Monday.' in doc.text
    assert "officials said in Caracas.\n\nCaracas & Táchira" in doc.text  # paragraphs: blank lines
    assert "The first line of the statement\nand its second line." in doc.text  # <br>: a line break
    assert "Two brigades were sent to Zulia.\n- One brigade" in doc.text  # list items: one a line
    assert doc.title == "Maduro & the troops"
    assert doc.published == "2025-08-29"
    assert doc.url == "https://example.org/a"
    assert (doc.get("lang"), doc.get("site"), doc.get("author")) == ("es", "El Diario", "Ana Pérez")
    assert doc.get("format") == "html"


def test_html_fallback_keeps_every_visible_character():
    from dashboard.ingest.html_text import visible_text

    text = visible_text("<nav>Menu</nav><h1>Troops   deployed</h1><p>Caracas &amp; T&aacute;chira &mdash; "
                        "&quot;no way&quot;&nbsp;now.</p><div>Line<br>break</div><ul><li>one</li><li>two</li></ul>"
                        "<template><p>hidden</p></template><script>alert(1)</script>")
    assert text == 'Menu\n\nTroops deployed\n\nCaracas & Táchira — "no way"\xa0now.\n\nLine\nbreak\n\none\ntwo'


@pytest.mark.parametrize(
    "head, body, published, title",
    [
        ("<title>Plain</title>", "", None, "Plain"),
        ('<meta name="date" content="2025-08-29">', "", "2025-08-29", None),
        ('<meta name="pubdate" content="20 Aug 2025">', "", "2025-08-20", None),
        ('<meta name="DC.date" content="2025-08-21">', "", "2025-08-21", None),
        ('<meta property="og:published_time" content="2025-08-22T00:00:00Z">', "", "2025-08-22", None),
        ('<meta itemprop="datePublished" content="2025-08-23">', "", "2025-08-23", None),
        ("", '<span itemprop="datePublished" content="2025-08-24"></span>', "2025-08-24", None),
        ("", '<time datetime="2025-08-25T08:00">Aug 25</time>', "2025-08-25", None),
        ('<meta name="date" content="29/08/2025">', "", "2025-08-29", None),
        ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", '
         '"headline": "LD title", '
         '"datePublished": "2025-08-26T09:00:00Z"}</script>', "", "2025-08-26", "LD title"),
    ],
)
def test_html_metadata(head, body, published, title):
    doc = read_text(f"<html><head>{head}</head><body>{body}<p>Article text.</p></body></html>", fmt="html")
    assert doc.published == published
    assert doc.title == title
    assert doc.text.endswith("Article text.")


def test_html_unclosed_title_does_not_swallow_body():
    doc = read_text("<html><head><title>Headline</head><body><p>Body text.</p></body></html>", fmt="html")
    assert doc.text == "Body text."
    assert doc.title == "Headline"


def test_html_without_text_is_empty(tmp_path):
    docs, fails = docs_and_failures(iter_documents([write(tmp_path / "a.htm", "<script>x()</script>")]))
    assert docs == [] and fails[0].reason == "empty document"


def test_explicit_unknown_extension_html_is_sniffed(tmp_path):
    doc = load_document(write(tmp_path / "page", "<!doctype html><p>Hi &amp; bye</p>"))
    assert doc.text == "Hi & bye"


# --------------------------------------------------------------------------- JSON


def test_json_object_and_list(tmp_path):
    one = write(tmp_path / "one.json", json.dumps(
        {"text": BODY, "title": "T", "date": "2025-08-29T10:00:00Z", "url": "https://x.org", "id": 7, "lang": "es"}))
    doc = load_document(one)
    assert (doc.text, doc.title, doc.published, doc.url, doc.source_id) == (BODY, "T", "2025-08-29", "https://x.org", "7")
    assert doc.get("lang") == "es"

    many = write(tmp_path / "many.json", json.dumps(
        [{"text": "first", "published": "2025-08-01"}, {"title": "no text"}, "not an object", {"text": "third"}]))
    docs, fails = docs_and_failures(iter_documents([many]))
    assert [d.text for d in docs] == ["first", "third"]
    assert docs[0].published == "2025-08-01"
    assert [f.source for f in fails] == [f"{many}[1]", f"{many}[2]"]
    assert '"text"' in fails[0].reason
    with pytest.raises(DocumentError, match="record has no"):
        load_document(many)


@pytest.mark.parametrize(
    "content, reason",
    [
        ("[" * 100_000, "JSON nested too deeply"),
        ('{"text": ' * 50_000, "JSON nested too deeply"),
        ('{"text": "a",}', "invalid JSON at line 1"),
        ("42", "top-level JSON is a number"),
        ("[]", "empty document"),
        ('{"text": 5}', "not a string"),
    ],
)
def test_json_failures(tmp_path, content, reason):
    path = write(tmp_path / "bad.json", content)
    docs, fails = docs_and_failures(iter_documents([path]))
    assert docs == []
    assert len(fails) == 1 and reason in fails[0].reason
    assert "\n" not in fails[0].reason


def test_jsonl_streams_and_reports_bad_lines(tmp_path):
    lines = [
        json.dumps({"text": "first article", "id": "a1"}),
        '{"text": "broken',
        "",
        json.dumps({"text": " date 2025-08-29 third article", "title": "Third"}),
        "[" * 100_000,
        json.dumps({"text": "x" * 500}),
        json.dumps({"no_text": 1}),
        json.dumps({"text": "last"}),
    ]
    path = write(tmp_path / "feed.jsonl", "\n".join(lines) + "\n")
    docs, fails = docs_and_failures(iter_documents([path], max_bytes=300))
    assert [d.text for d in docs] == ["first article", "third article", "last"]
    assert docs[0].source_id == "a1"
    assert (docs[1].published, docs[1].title, docs[1].get("line")) == ("2025-08-29", "Third", 4)
    assert docs[1].origin == f"{path}:4"
    assert [f.source for f in fails] == [f"{path}:2", f"{path}:5", f"{path}:6", f"{path}:7"]
    assert "invalid JSON" in fails[0].reason
    assert "--max-bytes" in fails[2].reason
    with pytest.raises(DocumentError, match="more than one document"):
        load_document(write(tmp_path / "two.jsonl", '{"text": "a"}\n{"text": "b"}\n'))


def test_jsonl_deeply_nested_line_is_reported(tmp_path):
    path = write(tmp_path / "deep.jsonl", '{"text": "a"}\n' + "[" * 100_000 + '\n{"text": "b"}\n')
    docs, fails = docs_and_failures(iter_documents([path]))
    assert [d.text for d in docs] == ["a", "b"]
    assert [(f.source, f.reason) for f in fails] == [
        (f"{path}:2", "JSON nested too deeply to read; flatten the structure")
    ]


def test_jsonl_utf16_and_empty(tmp_path):
    data = codecs.BOM_UTF16_LE + '{"text": "Táchira"}\r\n{"text": "Zulia"}\r\n'.encode("utf-16-le")
    docs, fails = docs_and_failures(iter_documents([write(tmp_path / "a.jsonl", data)]))
    assert [d.text for d in docs] == ["Táchira", "Zulia"] and fails == []
    docs, fails = docs_and_failures(iter_documents([write(tmp_path / "b.jsonl", "\n\n")]))
    assert docs == [] and "empty document" in fails[0].reason


# --------------------------------------------------------------------------- ids, API


def test_doc_ids_are_stable_content_hashes(tmp_path):
    a = read_text(BODY)
    b = load_document(write(tmp_path / "a.txt", BODY.replace("\n", "\r\n").encode("utf-16")))
    c = load_document(write(tmp_path / "c.json", json.dumps({"text": BODY})))
    d = read_text(BODY + " ")
    assert a.doc_id == b.doc_id == c.doc_id == doc_id_for(BODY)
    assert len(a.doc_id) == 16 and int(a.doc_id, 16) >= 0
    assert d.doc_id != a.doc_id
    # NFC: decomposed and composed forms are the same document
    assert read_text(unicodedata.normalize("NFD", BODY)).doc_id == a.doc_id
    # a stripped header does not change the id of the article
    assert read_text("2025-08-29\n\n" + BODY).doc_id == a.doc_id


def test_document_and_failure_pickle():
    doc = read_text("Title: T\nDate: 2025-08-29\n\n" + BODY, source="paste")
    again = pickle.loads(pickle.dumps(doc))
    assert again == doc and again.meta == doc.meta and again.origin == "paste"
    fail = IngestFailure("x.txt", "empty document")
    assert pickle.loads(pickle.dumps(fail)) == fail
    with pytest.raises(AttributeError):
        doc.text = "changed"  # frozen


def test_read_text_options():
    doc = read_text("2025-08-01\n" + BODY, published="29 August 2025", title="  Given   title ")
    assert doc.published == "2025-08-29" and doc.title == "Given title"
    assert doc.text.startswith("Venezuelan") and doc.path is None
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        read_text(BODY, published="29/08/2025")
    with pytest.raises(DocumentError) as err:
        read_text("  \r\n ", source="<stdin>")
    assert str(err.value) == "<stdin>: empty document"


def test_load_document_errors(tmp_path):
    with pytest.raises(DocumentError) as err:
        load_document(tmp_path / "missing.txt")
    assert err.value.source == str(tmp_path / "missing.txt")
    assert "No such file or directory" in err.value.reason
    assert isinstance(err.value, ValueError)
    with pytest.raises(DocumentError, match="is a folder"):
        load_document(tmp_path)
    with pytest.raises(DocumentError, match="binary file"):
        load_document(write(tmp_path / "z.txt", b"\x00\x00ab"))
    # one NUL in otherwise clean text: caught by the NUL rule, not the control share
    with pytest.raises(DocumentError, match=r"binary file \(contains NUL bytes\)"):
        load_document(write(tmp_path / "n.txt", b"plain text " * 500 + b"\x00"))
