"""The document view: an article from the store with its places, actors, dates and
forces highlighted; every character of the article is escaped."""

from __future__ import annotations

import html
from pathlib import Path

import streamlit as st

from dashboard.app.common import doc_label
from dashboard.app.state import ViewState, store_at
from dashboard.extract import find_forces, find_timexes

HIGHLIGHT = {"place": "#ffe08a", "actor": "#f7c6a3", "date": "#b9e3c6", "force": "#c9d7f5"}
EVIDENCE_STYLE = "background:#fff3c4;outline:2px solid #d55e00;border-radius:2px"


def highlighted(text: str, spans: list[tuple[int, int, str, str]]) -> str:
    """``text`` as HTML with ``spans`` (start, end, kind, title) marked; every piece of the
    document is escaped, overlapping spans keep the first (longest at a start)."""
    out, pos = [], 0
    for start, end, kind, title in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        if start < pos or end <= start or end > len(text):
            continue
        out.append(html.escape(text[pos:start]))
        out.append(f"<mark style='background:{HIGHLIGHT.get(kind, '#eee')}' title='{html.escape(title, quote=True)}'>"
                   f"{html.escape(text[start:end])}</mark>")
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out)


def document_view(view: ViewState, facets: dict, db) -> ViewState:
    """An article with its places, dates and forces highlighted."""
    docs = {d["doc_id"]: d for d in facets.get("documents", [])}
    with store_at(db) as store:
        for d in store.documents():
            docs[d.doc_id] = {"doc_id": d.doc_id, "title": d.title, "published": d.published,
                              "file": Path(d.path).name if d.path else None}
        if not docs:
            st.info("No documents in the store yet.")
            return view
        ids = list(docs)
        index = ids.index(view.reading) if view.reading in docs else 0
        doc_id = st.selectbox("Document", ids, index=index, format_func=lambda i: doc_label(docs[i]))
        doc = store.document(doc_id)
        mentions = store.mentions(doc_id) if doc else []
    if doc is None:
        st.info("This document's text is not in the store.")
        return view.with_(reading=doc_id if view.reading or doc_id != ids[0] else None)
    text = doc.text or ""
    spans = [(m["start"], m["end"], "actor" if m["role"] == "actor" else "place",
              f"{m['name'] or 'unresolved'} ({m['kind'] or '?'}, {m['role']})") for m in mentions
             if m["start"] is not None]
    spans += [(t.start, t.end, "date", t.interval.to_dict()["start"] + "…" + t.interval.to_dict()["end"]
               if t.interval else (t.reason or "unresolved")) for t in find_timexes(text, doc.published)]
    spans += [(f.start, f.end, "force", f"{f.count if f.count is not None else '?'} {f.unit}")
              for f in find_forces(text)]
    # st.html, not st.markdown: the article must not be read as Markdown (links, images)
    st.html("<div style='font:14px sans-serif'>" + " ".join(
        f"<mark style='background:{c}'>{k}</mark>" for k, c in HIGHLIGHT.items())
        + f" · {html.escape(doc.path or '')} · published {html.escape(doc.published or 'unknown')}</div>"
        "<div class='sitmap-document' style='white-space:pre-wrap;font:15px/1.6 sans-serif;max-height:520px;"
        "overflow:auto;border:1px solid #ddd;padding:10px;border-radius:4px'>" + highlighted(text, spans) + "</div>")
    return view.with_(reading=doc_id if view.reading or doc_id != ids[0] else None)


def evidence_view(view: ViewState, db) -> ViewState:
    """The document a map popup linked to: the paragraph of the reported sentence with the
    sentence marked, the whole document below it; "Close" returns to the map alone."""
    if not (view.reading and view.evidence):
        return view
    with store_at(db) as store:
        doc = store.document(view.reading)
    start, end = view.evidence
    if doc is None or not doc.text or end > len(doc.text):
        st.warning("The linked document or sentence is not in the store (any more).")
        return view.with_(evidence=None)
    text = doc.text
    title = doc.title or (Path(doc.path).name if doc.path else doc.doc_id)
    c1, c2 = st.columns([6, 1])
    c1.subheader(f"Source: {title}"[:200], anchor=False)
    if c2.button("Close", key="close-evidence"):
        return view.with_(reading=None, evidence=None)
    lo, hi = paragraph_around(text, start, end)
    st.html(_EVIDENCE_BOX + marked(text, lo, hi, start, end) + "</div>"
            + f"<div style='font:13px sans-serif;color:#555'>{html.escape(doc.path or '')} · published "
            f"{html.escape(doc.published or 'unknown')}</div>")
    with st.expander("The whole document"):
        st.html(_EVIDENCE_BOX + marked(text, 0, len(text), start, end) + "</div>")
    return view


_EVIDENCE_BOX = ("<div class='sitmap-evidence-doc' style='white-space:pre-wrap;font:15px/1.6 sans-serif;"
                 "max-height:420px;overflow:auto;border:1px solid #ddd;padding:10px;border-radius:4px'>")


def paragraph_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The blank-line delimited paragraph(s) holding ``text[start:end]``."""
    lo = text.rfind("\n\n", 0, start)
    hi = text.find("\n\n", end)
    return (0 if lo < 0 else lo + 2), (len(text) if hi < 0 else hi)


def marked(text: str, lo: int, hi: int, start: int, end: int) -> str:
    """``text[lo:hi]`` as escaped HTML with ``text[start:end]`` marked as the evidence."""
    return (html.escape(text[lo:start]) + f"<mark class='sitmap-evidence' style='{EVIDENCE_STYLE}'>"
            + html.escape(text[start:end]) + "</mark>" + html.escape(text[end:hi]))
