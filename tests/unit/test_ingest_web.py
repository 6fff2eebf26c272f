"""Ingest like the field does: saved news pages (main text, metadata), mojibake, RSS/Atom
feeds, JSON lines with their fields, and nothing ever fetched."""

from __future__ import annotations

import json
import pickle
import socket
from pathlib import Path

import pytest
import urllib3

from dashboard.ingest import IngestFailure, iter_documents, load_document, read_bytes, read_text
from dashboard.ingest.decode import repair_mojibake
from dashboard.model import Document
from dashboard.util.text import doc_id_for, normalize_text
from tests.fixtures.news_bodies import PAGES, body_text, pages, squash


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def split(items):
    items = list(items)
    return ([i for i in items if isinstance(i, Document)], [i for i in items if isinstance(i, IngestFailure)])


@pytest.fixture
def fetches(monkeypatch):
    """Every attempt to reach the network (urllib3, urllib, sockets), recorded rather than
    raised: the readers catch what a broken page raises, so an exception could go unseen."""
    calls: list[str] = []

    def record(name):
        def fake(*args, **kwargs):
            calls.append(f"{name} {args[1:3]!r}")
            raise OSError("network disabled in tests")
        return fake

    monkeypatch.setattr(urllib3.PoolManager, "urlopen", record("urllib3"))
    monkeypatch.setattr(urllib3.connectionpool.HTTPConnectionPool, "urlopen", record("urllib3-pool"))
    monkeypatch.setattr("urllib.request.OpenerDirector.open", record("urllib"))
    monkeypatch.setattr(socket.socket, "connect", record("socket"))
    return calls


# --------------------------------------------------------------------------- saved news pages


def in_order(line: str, body: str) -> bool:
    """The words of *line* occur in *body* in the same order (trafilatura may leave out an
    inline element, such as a ``<time>`` inside a sentence)."""
    words = iter(body.split())
    return all(w in words for w in line.split())


@pytest.mark.parametrize("page", pages(), ids=lambda p: p.stem)
def test_saved_page_keeps_the_article_and_drops_the_boilerplate(page):
    doc = load_document(page)
    body = body_text(page)
    lines = [squash(line).removeprefix("- ") for line in doc.text.splitlines() if line.strip()]  # "- ": list items
    assert len(lines) >= 3, doc.text
    for line in lines:  # every line of the exposed text is the article's own
        assert in_order(line, body), (page.name, line)
    for teaser in ("cookies", "Sign up", "newsletter", "All rights reserved", "Subscribe"):
        assert teaser.lower() not in doc.text.lower(), (page.name, teaser)
    assert doc.title and doc.published and doc.published.startswith("2026-")


def test_saved_page_metadata():
    doc = load_document(PAGES / "01_wire_red_sea.html")
    assert doc.title == "Houthi forces seize cargo ship off Yemen's Hodeidah"
    assert doc.published == "2026-03-10"  # published, not the modified date of the next day
    assert doc.url.startswith("https://www.meridianwire.example/world/middle-east/")
    assert (doc.get("site"), doc.get("author"), doc.get("lang")) == ("Meridian Wire", "Amira Haddad", "en")
    assert "Russia deploys" not in doc.text and "Taiwan Strait" not in doc.text
    assert doc.text.startswith("HODEIDAH, Yemen, March 10 (Meridian) - Houthi forces seized")
    assert "\n\nArmed men landed" in doc.text  # paragraphs are blank-line separated
    assert pickle.loads(pickle.dumps(doc)) == doc
    assert doc.doc_id == doc_id_for(doc.text)


def test_original_date_wins_over_the_update():
    page = ('<html><head><meta property="article:modified_time" content="2026-03-12T10:00:00Z">'
            '<meta property="article:published_time" content="2026-03-10T08:00:00Z"></head>'
            "<body><article><p>Troops arrived in Caracas on Monday.</p></article></body></html>")
    assert read_text(page, fmt="html").published == "2026-03-10"


def test_date_from_the_page_markup_when_htmldate_finds_none():
    page = ('<html><body><span itemprop="datePublished" content="2025-08-24"></span>'
            "<p>Published 12 March 2026</p><p>Troops arrived in Caracas.</p></body></html>")
    assert read_text(page, fmt="html").published == "2025-08-24"


def test_fragment_and_hostile_markup_fall_back_to_all_visible_text():
    assert read_text("<b>Troops</b> to <i>Zulia</i>", fmt="html").text == "Troops to Zulia"
    deep = read_text("<div>" * 5000 + "Troops to Caracas" + "</div>" * 5000, fmt="html")
    assert deep.text == "Troops to Caracas"
    hostile = read_text("<html><head><title>T</head><body><style>p{}</style><script>alert(1)</script>"
                        "<p>Body &lt;script&gt;x&lt;/script&gt; text.</p></body></html>", fmt="html")
    assert hostile.text == "Body <script>x</script> text." and hostile.title == "T"


def test_reading_pages_fetches_nothing(fetches, tmp_path):
    for page in pages():
        load_document(page)
    read_text("https://example.org/news/2026/03/10/troops", fmt="html")  # a page that is only a URL
    read_text('<html><head><link rel="canonical" href="http://example.org/a">'
              '<meta property="og:image" content="http://example.org/i.jpg"></head>'
              '<body><img src="http://example.org/x.png"><p>Text.</p></body></html>', fmt="html")
    assert fetches == []


# --------------------------------------------------------------------------- mojibake

PLACES = "Tropas llegaron a Táchira y Bogotá; São Paulo, Belém, Besançon, Nîmes y Córdoba informaron lo mismo."


def mojibake(text: str, via: str, times: int = 1) -> str:
    for _ in range(times):
        text = text.encode("utf-8").decode(via)
    return text


@pytest.mark.parametrize("via, times", [("cp1252", 1), ("latin-1", 1), ("cp1252", 2)])
def test_mojibake_is_repaired_in_text_files(tmp_path, via, times):
    broken = mojibake(PLACES, via, times)
    assert broken != PLACES and "Ã" in broken
    doc = load_document(write(tmp_path / "a.txt", f"Date: 2025-08-29\n\n{broken}\n"))
    assert doc.text == PLACES + "\n"
    assert doc.published == "2025-08-29"
    assert doc.get("encoding") == "utf-8 (mojibake repaired)"
    # offsets refer to the repaired text: body_offset into it, and the places where they are
    assert normalize_text(repair_mojibake(f"Date: 2025-08-29\n\n{broken}\n"))[doc.get("body_offset"):] == doc.text
    assert doc.text[doc.text.index("São Paulo"):][:9] == "São Paulo"


def test_mojibake_is_repaired_in_html_jsonl_and_stdin(tmp_path):
    broken = mojibake(PLACES, "cp1252")
    html = write(tmp_path / "p.html", f"<html><head><title>{mojibake('Tropas en Táchira', 'cp1252')}</title>"
                                      f"</head><body><p>{broken}</p></body></html>")
    doc = load_document(html)
    assert doc.text == PLACES and doc.title == "Tropas en Táchira"
    line = json.dumps({"text": broken, "title": mojibake("Bogotá", "cp1252")})  # \u-escaped mojibake
    (rec,) = iter_documents(write(tmp_path / "r.jsonl", line + "\n"))
    assert (rec.text, rec.title) == (PLACES, "Bogotá")
    assert read_bytes(broken.encode("utf-8")).text == PLACES


@pytest.mark.parametrize("text", [
    "naïve café — “quoted” ‘single’ … ﬁnal Ａ &amp; 1½ °C",  # ligatures, width, entities: not ftfy's job here
    "Mérida, Zürich, Łódź, Kraków, İstanbul, Đà Nẵng, Ærøskøbing, Nuuk — 10 €",
])
def test_text_without_mojibake_is_left_alone(tmp_path, text):
    assert repair_mojibake(text) == text
    assert load_document(write(tmp_path / "a.txt", text)).text == text


# --------------------------------------------------------------------------- feeds

RSS = """<?xml version="1.0" encoding="ISO-8859-1"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
<title>Meridian Wire - World</title>
<link>https://www.meridianwire.example/world/</link>
<item>
  <title>Houthi forces seize cargo ship off Hodeidah</title>
  <link>https://www.meridianwire.example/world/houthi-seize-ship/</link>
  <guid isPermaLink="false">mw-2026-03-10-001</guid>
  <pubDate>Tue, 10 Mar 2026 08:41:00 GMT</pubDate>
  <dc:creator>Amira Haddad</dc:creator>
  <description><![CDATA[<p>Houthi forces seized the cargo ship <b>Galaxy Star</b> off Hodeidah on Tuesday.</p><script>alert(1)</script><p>The crew of 22 was detained.</p>]]></description>
</item>
<item>
  <title>Venezuela sends troops to Táchira</title>
  <link>https://www.meridianwire.example/world/venezuela-tachira/</link>
  <pubDate>Mon, 18 May 2026 23:22:10 -0500</pubDate>
  <description>Venezuela deployed 2,000 soldiers to Táchira and Zulia on Monday.</description>
</item>
<item><title>Only a headline</title><link>https://www.meridianwire.example/x</link></item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Shoal Watch</title>
  <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
  <updated>2026-06-12T10:00:00Z</updated>
  <entry>
    <title type="html">Water cannon at &lt;em&gt;Second Thomas Shoal&lt;/em&gt;</title>
    <link href="https://shoalwatch.example/2026/06/09/water-cannon/"/>
    <id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id>
    <published>2026-06-09T03:15:00+08:00</published>
    <updated>2026-06-12T10:00:00Z</updated>
    <author><name>J. M. Reyes</name></author>
    <summary>Short summary.</summary>
    <content type="html">&lt;p&gt;Chinese coast guard ships fired water cannon near Second Thomas Shoal on Sunday.&lt;/p&gt;&lt;p&gt;The Philippine Navy deployed a frigate on Monday.&lt;/p&gt;</content>
  </entry>
</feed>
"""


def test_rss_items_become_documents(tmp_path, fetches):
    path = write(tmp_path / "world.rss", RSS.encode("iso-8859-1"))
    docs, fails = split(iter_documents(path))
    assert [d.title for d in docs] == ["Houthi forces seize cargo ship off Hodeidah", "Venezuela sends troops to Táchira"]
    first, second = docs
    assert first.text == "Houthi forces seized the cargo ship Galaxy Star off Hodeidah on Tuesday.\n\nThe crew of 22 was detained."
    assert (first.published, second.published) == ("2026-03-10", "2026-05-18")  # the date as the feed writes it
    assert first.url == "https://www.meridianwire.example/world/houthi-seize-ship/"
    assert first.source_id == "mw-2026-03-10-001"
    assert (first.get("author"), first.get("site"), first.get("format")) == ("Amira Haddad", "Meridian Wire - World", "feed")
    assert [d.origin for d in docs] == [f"{path}[0]", f"{path}[1]"]
    assert [f.source for f in fails] == [f"{path}[2]"] and "no content or summary" in fails[0].reason
    again = [d for d in iter_documents(path) if isinstance(d, Document)]
    assert [d.doc_id for d in again] == [d.doc_id for d in docs] and len({d.doc_id for d in docs}) == 2
    assert fetches == []


def test_atom_entry_content_wins_over_its_summary(tmp_path):
    (doc,) = iter_documents(write(tmp_path / "news.atom", ATOM))
    assert doc.text == ("Chinese coast guard ships fired water cannon near Second Thomas Shoal on Sunday.\n\n"
                        "The Philippine Navy deployed a frigate on Monday.")
    assert doc.title == "Water cannon at Second Thomas Shoal"
    assert doc.published == "2026-06-09"
    assert doc.url == "https://shoalwatch.example/2026/06/09/water-cannon/"


def test_a_folder_of_mixed_formats(tmp_path):
    folder = tmp_path / "in"
    write(folder / "a.txt", "Venezuela deployed troops to Zulia on Monday.")
    write(folder / "b.html", (PAGES / "03_broadcaster_venezuela.html").read_bytes())
    write(folder / "c.rss", RSS.encode("iso-8859-1"))
    write(folder / "d.xml", ATOM)  # a feed by its root element
    write(folder / "e.xml", "<?xml version='1.0'?><articles><article><text>Caracas</text></article></articles>")
    write(folder / "f.jsonl", json.dumps({"text": "Colombia sent troops to the border.", "title": "T"}) + "\n")
    docs, fails = split(iter_documents(folder))
    assert sorted({Path(d.path).name for d in docs}) == ["a.txt", "b.html", "c.rss", "d.xml", "f.jsonl"]
    assert len(docs) == 6  # two items of c.rss; e.xml (not a feed) is skipped in a folder
    assert [Path(f.source).name for f in fails] == ["c.rss[2]"]


def test_xml_that_is_not_a_feed_named_explicitly(tmp_path):
    (fail,) = iter_documents(write(tmp_path / "corpus.xml", "<articles><article/></articles>"))
    assert isinstance(fail, IngestFailure) and "not an RSS or Atom feed" in fail.reason
    (doc,) = iter_documents(write(tmp_path / "feed_without_suffix", ATOM))
    assert doc.get("format") == "feed"


@pytest.mark.parametrize("data, reason", [
    ("<rss version='2.0'><channel><title>x</title></channel></rss>", "no items"),
    ("<rss version='2.0'><channel><item><title>x</title><description>Troops", "no content"),
    ('<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
     '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;">]>'
     "<rss><channel><item><description>&d;&d;&d;&d;</description></item></channel></rss>", None),
])
def test_broken_feeds_are_reasons_or_documents(tmp_path, data, reason):
    items = list(iter_documents(write(tmp_path / "x.rss", data)))
    assert items
    for it in items:
        if isinstance(it, IngestFailure):
            assert reason is not None and reason in it.reason and "\n" not in it.reason
        else:
            assert len(it.text) < 100_000  # entity expansion stays bounded


# --------------------------------------------------------------------------- JSON lines


def test_jsonl_text_published_title_url(tmp_path):
    lines = [json.dumps({"text": "Venezuela deployed troops to Zulia.", "published": "2026-05-18",
                         "title": "Troops to Zulia", "url": "https://example.org/zulia"}),
             json.dumps({"text": "Colombia closed the border.", "published": "2026-05-19T08:00:00-05:00"})]
    docs, fails = split(iter_documents(write(tmp_path / "a.jsonl", "\n".join(lines) + "\n")))
    assert not fails
    assert [(d.text, d.published, d.title, d.url) for d in docs] == [
        ("Venezuela deployed troops to Zulia.", "2026-05-18", "Troops to Zulia", "https://example.org/zulia"),
        ("Colombia closed the border.", "2026-05-19", None, None)]
