"""The briefing deck: :func:`deck_slides` decides what the slides say (title with the
as-of day and counts, the map, key facts — forces by side and place, see
:func:`key_facts` —, the events, the sources; long tables are capped and run over
several slides), :func:`deck_pptx` lays them out as PowerPoint (plain text runs),
:func:`deck_html` as one escaped HTML page per slide, which :func:`deck_pdf` has headless
Chromium print."""

from __future__ import annotations

import base64
import io
import re
from dataclasses import dataclass, field, replace
from datetime import date
from importlib.resources import files
from typing import Any, Sequence

from dashboard.export.browser import Renderer, renderer_for
from dashboard.export.map_page import escape_html, render_png
from dashboard.export.view import ExportOptions, source_documents
from dashboard.model import Event


@dataclass(frozen=True)
class Slide:
    """One slide of the deck, shared by the PPTX and PDF writers: ``kind`` is
    ``title`` (title, subtitle, lines), ``map`` (title, image) or ``table`` (title,
    columns, rows, widths as fractions)."""

    kind: str
    title: str
    subtitle: str = ""
    lines: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    widths: tuple[float, ...] = ()
    image: bytes | None = field(default=None, repr=False)


EVENT_ROWS_PER_SLIDE = 10
FACT_ROWS_PER_SLIDE = 12
SOURCE_ROWS_PER_SLIDE = 14
#: A deck is for a briefing, not an archive: beyond these, the best-corroborated (then
#: latest) events, the largest force groups and the most-cited sources are shown, and
#: the last slide of each kind says how many more the data exports hold.
MAX_DECK_EVENTS = 50
MAX_DECK_FACTS = 36
MAX_DECK_SOURCES = 42
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: The printed deck's styles (16:9 pages, one slide each).
_DECK_CSS = (files("dashboard.export") / "deck.css").read_text(encoding="utf-8")


def _plain(value: Any, limit: int | None = None) -> str:
    """Text for a slide: control characters removed, whitespace folded, clipped."""
    text = " ".join(_CONTROL.sub(" ", "" if value is None else str(value)).split())
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def _when(e: Event) -> str:
    if e.date is None:
        return "undated"
    return e.date.start if e.date.start == e.date.end else f"{e.date.start} – {e.date.end}"


def _chunks(rows: list, n: int) -> list[list]:
    return [rows[i:i + n] for i in range(0, len(rows), n)] or [[]]


def key_facts(events: Sequence[Event]) -> list[tuple[str, str, str, str, str]]:
    """Forces by side and place: (side, place, forces, events, latest day), where forces
    gives per unit the largest number reported there (reports of one force repeat, so
    numbers are not added up)."""
    groups: dict[tuple[str, str], dict] = {}
    for e in events:
        if not e.forces:
            continue
        side = e.actor.name if e.actor else "unknown"
        place = e.place.name if e.place else "no place"
        g = groups.setdefault((side, place), {"units": {}, "events": 0, "latest": ""})
        g["events"] += 1
        if e.date is not None:
            g["latest"] = max(g["latest"], e.date.end)
        for f in e.forces:
            cur = g["units"].get(f.unit)
            if f.count is not None and (cur is None or cur < f.count):
                g["units"][f.unit] = f.count
            else:
                g["units"].setdefault(f.unit, None)
    out = []
    for (side, place), g in sorted(groups.items(), key=lambda kv: (kv[0][0].lower(), kv[0][1].lower())):
        forces = "; ".join(f"{n:,} {u}" if n is not None else f"{u} (no number)" for u, n in g["units"].items())
        out.append((side, place, forces, str(g["events"]), g["latest"] or "undated"))
    return out


def deck_slides(events: Sequence[Event], options: ExportOptions | None = None,
                map_png: bytes | None = None) -> list[Slide]:
    """The briefing deck's slides: title (as-of day, counts), the map, key facts (forces
    by side and place), the events (dates, corroboration, disputes) and the sources."""
    options = options or ExportOptions()
    events = list(events)
    docs = source_documents(events)
    dated = sorted((e for e in events if e.date is not None), key=lambda e: (e.date.start, e.date.end, e.id))
    undated = [e for e in events if e.date is None]
    as_of = options.as_of or max((e.date.end for e in dated), default=None)
    title = _plain(options.title or "Situation briefing", 200)
    lines = [f"{len(events)} event{'s' if len(events) != 1 else ''} from {len(docs)} source document"
             f"{'s' if len(docs) != 1 else ''}"]
    if dated:
        lines.append(f"Reported dates {dated[0].date.start} – {max(e.date.end for e in dated)}")
    subtitle = f"As of {as_of}" if as_of else "All reported dates"
    if options.caption and _plain(options.caption) != subtitle:
        lines.append(_plain(options.caption, 200))
    lines.append(f"Prepared {date.today().isoformat()} with sitmap")
    slides = [Slide("title", title, subtitle=subtitle, lines=tuple(lines))]
    if map_png is not None:
        slides.append(Slide("map", _plain(f"Situation map{' — as of ' + as_of if as_of else ''}"), image=map_png))

    facts = key_facts(events)
    if len(facts) > MAX_DECK_FACTS:
        keep = sorted(facts, key=lambda r: (-int(r[3]), r[0].lower(), r[1].lower()))[:MAX_DECK_FACTS]
        facts = [r for r in facts if r in keep] + [_more(len(facts) - MAX_DECK_FACTS, "side/place rows", 5)]
    for i, chunk in enumerate(_chunks(facts, FACT_ROWS_PER_SLIDE)):
        slides.append(Slide("table", "Key facts: forces by side and place" + _part(i, facts, FACT_ROWS_PER_SLIDE),
                            columns=("Side", "Place", "Forces (largest reported)", "Events", "Latest"),
                            rows=tuple(tuple(_plain(c, 120) for c in r) for r in chunk)
                            or (("No forces reported in this view", "", "", "", ""),),
                            widths=(0.2, 0.25, 0.35, 0.08, 0.12)))

    shown = dated + undated
    if len(shown) > MAX_DECK_EVENTS:
        best = sorted(shown, key=lambda e: (-e.corroboration, -_day_number(e), e.id))[:MAX_DECK_EVENTS]
        ids = {e.id for e in best}
        shown = [e for e in shown if e.id in ids]
    ev_rows = []
    for e in shown:
        n = e.corroboration
        corr = f"{n} source{'s' if n != 1 else ''}"
        if e.conflicts:
            corr += " · disputed: " + ", ".join(sorted({c.field for c in e.conflicts}))
        ev_rows.append((_when(e), e.type.replace("_", " "), _plain(e.actor.name if e.actor else "", 40),
                        _plain(e.place.name if e.place else "", 50), _plain(e.summary, 170), corr))
    if len(events) > len(shown):
        ev_rows.append(_more(len(events) - len(shown), "events, less corroborated", 6, column=4))
    for i, chunk in enumerate(_chunks(ev_rows, EVENT_ROWS_PER_SLIDE)):
        slides.append(Slide("table", "Events" + _part(i, ev_rows, EVENT_ROWS_PER_SLIDE),
                            columns=("When", "Type", "Actor", "Place", "What", "Corroboration"),
                            rows=tuple(chunk) or (("", "", "", "", "No events in this view", ""),),
                            widths=(0.13, 0.1, 0.11, 0.14, 0.38, 0.14)))

    cites: dict[str, int] = {}
    for e in events:
        for d in {s.doc_id for s in e.sources}:
            cites[d] = cites.get(d, 0) + 1
    ordered = sorted(docs.items(), key=lambda kv: (kv[1].published or "9999", kv[1].title or "", kv[0]))
    if len(ordered) > MAX_DECK_SOURCES:
        top = {d for d, _ in sorted(ordered, key=lambda kv: (-cites[kv[0]], kv[0]))[:MAX_DECK_SOURCES]}
        ordered = [kv for kv in ordered if kv[0] in top]
    src_rows = [(_plain(s.title or s.path or s.doc_id, 110), s.published or "undated", str(cites[d]), d[:16])
                for d, s in ordered]
    if len(docs) > len(ordered):
        src_rows.append(_more(len(docs) - len(ordered), "sources, less cited", 4))
    for i, chunk in enumerate(_chunks(src_rows, SOURCE_ROWS_PER_SLIDE)):
        slides.append(Slide("table", "Sources" + _part(i, src_rows, SOURCE_ROWS_PER_SLIDE),
                            columns=("Document", "Published", "Events", "Id"),
                            rows=tuple(chunk) or (("No sources", "", "", ""),), widths=(0.6, 0.14, 0.08, 0.18)))
    return slides


def _more(n: int, what: str, width: int, column: int = 0) -> tuple[str, ...]:
    row = [""] * width
    row[column] = f"… and {n:,} more {what}: see the CSV or GeoPackage export"
    return tuple(row)


def _day_number(e: Event) -> int:
    return date.fromisoformat(e.date.end).toordinal() if e.date is not None else 0


def _part(i: int, rows: list, per: int) -> str:
    n = max(1, -(-len(rows) // per))
    return f" ({i + 1}/{n})" if n > 1 else ""


def deck_map_png(events: Sequence[Event], options: ExportOptions, renderer: Renderer | None,
                 chromium: str | None) -> bytes:
    """The deck's map picture: 1280×720, without zoom buttons or the title overlay."""
    opts = replace(options, width=1280, height=720, controls=False, title=None, caption=None)
    return render_png(events, opts, renderer=renderer, chromium=chromium)


def deck_pptx(events: Sequence[Event], options: ExportOptions | None = None, *, renderer: Renderer | None = None,
              chromium: str | None = None, map_png: bytes | None = None) -> bytes:
    """The briefing deck as PowerPoint (16:9): title, map, key facts, events, sources.
    The map image is rendered (needs Chromium) unless ``map_png`` is given."""
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.util import Emu, Inches, Pt

    options = options or ExportOptions()
    if map_png is None:
        map_png = deck_map_png(events, options, renderer, chromium)
    slides = deck_slides(events, options, map_png)
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    blank = prs.slide_layouts[6]
    prs.core_properties.title = slides[0].title
    prs.core_properties.subject = slides[0].subtitle
    margin = Inches(0.5)
    width = prs.slide_width - 2 * margin

    def text(slide, s: str, top, height, size, bold=False, colour=(0x22, 0x22, 0x22)):
        box = slide.shapes.add_textbox(margin, top, width, height)
        tf = box.text_frame
        tf.word_wrap = True
        run = tf.paragraphs[0].add_run()
        run.text = s
        run.font.size, run.font.bold = Pt(size), bold
        run.font.color.rgb = RGBColor(*colour)
        return tf

    for sl in slides:
        slide = prs.slides.add_slide(blank)
        if sl.kind == "title":
            text(slide, sl.title, Inches(2.0), Inches(1.2), 40, bold=True)
            text(slide, sl.subtitle, Inches(3.2), Inches(0.8), 26, colour=(0x44, 0x44, 0x44))
            tf = text(slide, sl.lines[0] if sl.lines else "", Inches(4.3), Inches(2.0), 16, colour=(0x55, 0x55, 0x55))
            for line in sl.lines[1:]:
                run = tf.add_paragraph().add_run()
                run.text = line
                run.font.size = Pt(16)
                run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
            continue
        text(slide, sl.title, Inches(0.3), Inches(0.7), 26, bold=True)
        if sl.kind == "map" and sl.image:
            from PIL import Image

            with Image.open(io.BytesIO(sl.image)) as im:
                w, h = im.size
            avail_w, avail_h = width, prs.slide_height - Inches(1.2) - Inches(0.3)
            scale = min(avail_w / w, avail_h / h)
            pw, ph = int(w * scale), int(h * scale)
            slide.shapes.add_picture(io.BytesIO(sl.image), Emu(int((prs.slide_width - pw) / 2)), Inches(1.1),
                                     Emu(pw), Emu(ph))
            continue
        rows, cols = len(sl.rows) + 1, len(sl.columns)
        shape = slide.shapes.add_table(rows, cols, margin, Inches(1.1), width, Inches(0.4) * rows)
        table = shape.table
        widths = sl.widths or tuple(1 / cols for _ in sl.columns)
        for i, frac in enumerate(widths):
            table.columns[i].width = Emu(int(width * frac))
        for r, values in enumerate((sl.columns, *sl.rows)):
            for c, value in enumerate(values):
                cell = table.cell(r, c)
                cell.text = value
                for para in cell.text_frame.paragraphs:
                    for run in para.runs:
                        run.font.size = Pt(12 if r == 0 else 11)
                        run.font.bold = r == 0
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


def deck_html(slides: Sequence[Slide]) -> str:
    """The deck as one HTML document, one ``<section>`` per printed page; every piece of
    text escaped."""
    parts = ["<!DOCTYPE html><html><head><meta charset='utf-8'>",
             f"<title>{escape_html(slides[0].title if slides else 'sitmap briefing')}</title>",
             f"<style>{_DECK_CSS}</style></head><body>"]
    for sl in slides:
        if sl.kind == "title":
            parts.append(f"<section class='slide title'><h1>{escape_html(sl.title)}</h1><h2>{escape_html(sl.subtitle)}</h2>"
                         + "".join(f"<p>{escape_html(line)}</p>" for line in sl.lines) + "</section>")
        elif sl.kind == "map":
            src = "data:image/png;base64," + base64.b64encode(sl.image or b"").decode("ascii")
            parts.append(f"<section class='slide'><h1>{escape_html(sl.title)}</h1>"
                         f"<img class='map' alt='map' src='{src}'></section>")
        else:
            widths = sl.widths or tuple(1 / len(sl.columns) for _ in sl.columns)
            cols = "".join(f"<col style='width:{w * 100:.1f}%'>" for w in widths)
            head = "".join(f"<th>{escape_html(c)}</th>" for c in sl.columns)
            body = "".join("<tr>" + "".join(f"<td>{escape_html(v)}</td>" for v in row) + "</tr>" for row in sl.rows)
            parts.append(f"<section class='slide'><h1>{escape_html(sl.title)}</h1><table><colgroup>{cols}</colgroup>"
                         f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></section>")
    parts.append("<script>window.addEventListener('load',function(){window.sitmapReady=true;});"
                 "if(document.readyState==='complete'){window.sitmapReady=true;}</script></body></html>")
    return "".join(parts)


def deck_pdf(events: Sequence[Event], options: ExportOptions | None = None, *, renderer: Renderer | None = None,
             chromium: str | None = None, map_png: bytes | None = None) -> bytes:
    """The briefing deck as PDF: the same slides as :func:`deck_pptx`, one page each,
    printed by headless Chromium."""
    options = options or ExportOptions()
    r, owned = renderer_for(renderer, chromium)
    try:
        if map_png is None:
            map_png = deck_map_png(events, options, r, None)
        return r.pdf(deck_html(deck_slides(events, options, map_png)))
    finally:
        if owned:
            r.close()

