"""The Streamlit shell: the dashboard's pages and their state, the only part of sitmap that
imports streamlit.  In: the store (events, documents, facets) and the user's widgets;
out: the page — the map (from :mod:`dashboard.mapping`), tables, the document view and
exports (:mod:`dashboard.export`).  May import any core package; nothing imports it.
"""
