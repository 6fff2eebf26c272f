"""``python -m dashboard.app.launch run APP [streamlit options]``: the Streamlit server,
started with the dashboard's modules already imported.

Streamlit imports a page's modules on the first script run, that is after a browser has
connected: folium, altair, pandas, streamlit-folium and the dashboard's own packages
(their regular expressions compiled on import) cost about 2 s there, between the server
reporting ready and the first map.  Imported here, before the server listens, they are in
``sys.modules`` when the first session runs the page (the script runs in this process).
Only modules that do not touch Streamlit are warmed: the page's own modules declare
``st.cache_data`` functions on import, which must happen under the running server (and
importing Streamlit's components before its CLI has read the options makes it warn that
they changed).
"""

from __future__ import annotations

import importlib
import logging
import sys

log = logging.getLogger("sitmap.app")

#: what the page's first run imports, heaviest first
WARM = ("folium", "altair", "pandas", "branca", "dashboard.extract", "dashboard.ingest", "dashboard.export",
        "dashboard.mapping", "dashboard.store", "dashboard.pipeline")


def warm() -> None:
    for name in WARM:
        try:
            importlib.import_module(name)
        except Exception as exc:  # noqa: BLE001 - the page reports its own import errors
            log.debug("not warmed: %s (%s)", name, exc)


def main() -> int:
    warm()
    from streamlit.web import cli

    sys.argv = ["streamlit", *sys.argv[1:]]
    return cli.main()


if __name__ == "__main__":
    sys.exit(main())
