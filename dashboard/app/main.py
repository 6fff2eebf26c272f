"""sitmap dashboard entry point (``sitmap serve``).

The situation map itself arrives with the dashboard issue; until then this page shows
the offline gazetteer's status and lets a user try lookups, so the run command is
already the final one.
"""

from __future__ import annotations

import streamlit as st

from dashboard.app.state import load_gazetteer


def main() -> None:
    st.set_page_config(page_title="sitmap", page_icon=":world_map:", layout="wide")
    st.title("sitmap")
    st.caption("Offline situation map — gazetteer status")
    gaz = load_gazetteer()
    stats = gaz.stats()
    cols = st.columns(len(stats["counts"]))
    for col, (kind, n) in zip(cols, stats["counts"].items()):
        col.metric(kind, f"{n:,}")
    st.write(f"Gazetteer file `{stats['path']}` — {stats['size_mb']} MB, schema {stats['schema_version']}.")
    st.dataframe(
        [{"input": k, "requirement": v["requirement"], "sha256": v["sha256"]} for k, v in stats["inputs"].items()],
        hide_index=True,
    )
    query = st.text_input("Look up a place", value="", max_chars=1000, placeholder="e.g. Táchira")
    if query.strip():
        from dashboard.errors import InputError

        try:
            cands = gaz.lookup(query, limit=10)
        except InputError as exc:
            st.error(str(exc))
            return
        if not cands:
            st.info("No match.")
        else:
            st.dataframe([c.to_dict() for c in cands], hide_index=True)


main()
