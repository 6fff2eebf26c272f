"""Map building: offline links only, escaped document text, one layer per geometry kind."""

from __future__ import annotations

import json

from dashboard.mapping import find_remote_links
from dashboard.mapping import (MANY_EVENTS, POINT_FIELDS, base_map, build_map, event_groups, feature_collections,
    side_colours, side_of)
from dashboard.mapping.layers import legend_spec
from dashboard.mapping.payload import point_properties, points_payload
from dashboard.mapping.styles import radius, shape_of
from dashboard.model import Actor, DateRef, Event, ForceRef, PlaceRef, Source

XSS = '<script>alert(1)</script><img src=x onerror=alert(2)>"><svg onload=alert(3)>'


def ev(i, cc="VE", forces=(), geometry=None, sentence="Troops moved.", title="t"):
    return Event(type="deployment", actor=Actor(cc, "state", cc), summary=f"event {i} {XSS}",
                 place=PlaceRef(f"Place {i} {XSS}", "city", cc, lat=10.0 + i, lon=-66.0, geometry=geometry),
                 date=DateRef("2025-08-25", "2025-08-25", "day"), forces=forces,
                 sources=(Source(f"d{i}", sentence, 0, len(sentence), "2025-08-29", title=title),), id=f"e{i}")


def test_rendered_map_loads_nothing_remote_and_escapes_text():
    events = [ev(0, sentence=XSS, title=XSS), ev(1, "US", forces=(ForceRef(4000, "troops", False, "4,000 troops"),))]
    html = build_map(events).get_root().render()
    assert find_remote_links(html) == []
    assert "<script>alert(1)" not in html and "onerror=alert(2)>" not in html and "<svg" not in html
    # the raw text travels inside the data, with < > & ' escaped for the script element;
    # the runtime puts it into the page as text nodes (tests/e2e check that no script runs)
    assert "\\u003cscript\\u003ealert(1)" in html


def test_popup_has_quotes_conflict_badges_and_is_escaped():
    from dashboard.model import Conflict, ConflictValue

    e = ev(0, sentence=XSS)
    e = Event(**{**e.__dict__, "conflicts": (Conflict("date", (ConflictValue("2023-10-23", ("b",)),
                                                              ConflictValue("2025-08-25", ("a", "c")))),)})
    # the popup's content: raw text (the map runtime inserts it as text nodes; the
    # browser tests check nothing runs), conflict badges, the quote, corroboration
    p = point_properties(e, "#123456")
    assert p["q"][0][0] == XSS and p["n"] == 1 and p["c"] == "#123456"
    assert any("date disputed" in k and "2023-10-23 (1 doc)" in k for k in p["k"])


def test_layers_split_by_geometry_and_sized_by_strength():
    line = json.dumps({"type": "LineString", "coordinates": [[-72.0, 7.0], [-72.5, 9.0]]})
    events = [ev(0), ev(1, geometry=line, forces=(ForceRef(15000, "troops", False, "15,000 troops"),))]
    fc = feature_collections(events, side_colours(events))
    assert len(fc["lines"]["features"]) == 1 and len(fc["points"]["features"]) == 2
    assert fc["lines"]["features"][0]["properties"]["ids"] == ["e1"]
    assert radius(events[1]) > radius(events[0]) == 5.0


def test_colours_are_stable_per_side():
    a = side_colours([ev(0, "VE"), ev(1, "VE"), ev(2, "US")])
    b = side_colours([ev(2, "US"), ev(0, "VE"), ev(1, "VE")])
    assert a == b and a["VE"] != a["US"]


def test_a_shared_area_is_drawn_once_with_its_events_span():
    from dataclasses import replace

    area = json.dumps({"type": "Polygon", "coordinates": [[[-72, 7], [-71, 7], [-71, 8], [-72, 7]]]})
    a, b = ev(0, geometry=area), replace(ev(1, "US", geometry=area), date=DateRef("2025-08-27", "2025-08-28", "day"))
    fc = feature_collections([a, b], side_colours([a, b]))
    (f,) = fc["areas"]["features"]
    assert f["properties"]["n"] == 2 and f["properties"]["sides"] == ["US", "VE"]
    assert (f["properties"]["start"], f["properties"]["end"]) == ("2025-08-25", "2025-08-28")


def test_document_text_is_never_evaluated_as_a_template():
    e = Event(**{**ev(0).__dict__, "summary": "{{ 7*7 }} {% if x %} {# c #}"})
    html = build_map([e]).get_root().render()  # no TemplateSyntaxError
    assert "{{ 7*7 }} {% if x %} {# c #}" in html and "49" not in html.split("sitmap.layer")[1][:500]


def test_points_payload_interns_repeated_strings_and_round_trips():
    events = [ev(i, "VE" if i % 2 else "US") for i in range(6)]
    colours = side_colours(events)
    pl = points_payload(events, colours)
    assert pl["fields"] == list(POINT_FIELDS) and len(pl["rows"]) == 6
    assert sorted(pl["lookup"]["sides"]) == ["US", "VE"] and pl["lookup"]["types"] == ["deployment"]
    # what the runtime's unpack() does, in Python
    f = {name: i for i, name in enumerate(pl["fields"])}
    row = pl["rows"][3]
    assert pl["lookup"]["sides"][row[f["side"]]] == "VE"
    assert pl["colours"][row[f["side"]]] == colours["VE"]
    assert pl["lookup"]["titles"][row[f["q"]][0][1]] == "t" and row[f["q"]][0][0] == "Troops moved."
    assert row[f["q"]][0][3:] == ["d3", 0, len("Troops moved.")]  # doc id and offsets: the popup's document link
    assert (row[f["lon"]], row[f["lat"]]) == (-66.0, 13.0)


def test_many_events_keep_one_short_quote_each():
    long = "word " * 200
    events = [ev(i, sentence=long) for i in range(MANY_EVENTS + 1)]
    pl = points_payload(events, side_colours(events))
    q = pl["rows"][0][POINT_FIELDS.index("q")]
    assert len(q) == 1 and len(q[0][0]) <= 200


def test_legend_lists_sides_and_the_shapes_of_present_types():
    from dataclasses import replace

    events = [ev(0), replace(ev(1, "US"), type="patrol"), replace(ev(2, "US"), type="seizure"),
              replace(ev(3, "US"), type="bounty")]
    spec = legend_spec(events, side_colours(events))
    assert [s[0] for s in spec["sides"]] == ["US", "VE", "unknown / others"]
    assert ["cross", "bounty, seizure"] in spec["types"] and [shape_of("patrol"), "patrol"] in spec["types"]


def test_base_map_script_is_the_same_on_every_rerun_so_streamlit_keeps_it_mounted():
    from streamlit_folium import _get_map_string

    bounds = [[5.0, -75.0], [15.0, -60.0]]
    one = _get_map_string(base_map(base_geojson=None, bounds=bounds))
    two = _get_map_string(base_map(base_geojson=None, bounds=bounds))
    assert one == two
    groups = event_groups([ev(0), ev(1, "US")])
    assert [g.layer_name for g in groups] == ["Regions and sea areas", "Borders and coasts", "Events"]


def test_base_map_outlines_are_cached_on_disk_and_a_torn_cache_is_rebuilt(tmp_path, monkeypatch):
    from dashboard.gazetteer import default_path
    from dashboard.mapping import base_countries

    monkeypatch.setenv("SITMAP_CACHE_DIR", str(tmp_path))
    base_countries.cache_clear()
    first = base_countries(str(default_path()))
    (cached,) = tmp_path.glob("basemap-*.json")
    assert cached.read_text(encoding="utf-8") == first and len(json.loads(first)["features"]) > 200
    cached.write_text('{"type": "FeatureColl', encoding="utf-8")  # torn write
    base_countries.cache_clear()
    assert base_countries(str(default_path())) == first
    assert cached.read_text(encoding="utf-8") == first
    base_countries.cache_clear()


def test_a_person_and_their_administration_are_one_side_labelled_by_the_person():
    from dataclasses import replace

    events = [replace(ev(0), actor=Actor("Trump administration", "organization")),
              replace(ev(1), actor=Actor("Donald Trump", "person")),
              replace(ev(2), actor=Actor("The Trump Government", "organization")),
              replace(ev(3), actor=Actor("Cartel de los Soles", "organization")),
              replace(ev(4), actor=Actor("Diosdado Cabello", "person")), ev(5, "VE")]
    assert {side_of(e) for e in events[:3]} == {"~trump"}
    assert side_of(events[3]) == "Cartel de los Soles" and side_of(events[4]) == "~cabello"
    assert side_of(events[5]) == "VE"
    labels = [s[0] for s in legend_spec(events, side_colours(events))["sides"]]
    assert labels[0] == "Donald Trump" and set(labels) == {"Donald Trump", "Cartel de los Soles", "Diosdado Cabello",
                                                           "VE", "unknown / others"}


def test_online_tiles_are_opt_in_listed_off_and_validated(monkeypatch):
    import pytest

    from dashboard.errors import InputError

    monkeypatch.delenv("SITMAP_TILES", raising=False)
    html_off = base_map().get_root().render()
    assert "tileLayer" not in html_off and find_remote_links(html_off) == []
    monkeypatch.setenv("SITMAP_TILES", "https://tiles.example.org/{z}/{x}/{y}.png")
    monkeypatch.setenv("SITMAP_TILES_ATTRIBUTION", "Example tiles")
    html_on = base_map().get_root().render()
    assert "https://tiles.example.org/{z}/{x}/{y}.png" in html_on and "Example tiles" in html_on
    monkeypatch.setenv("SITMAP_TILES", "file:///etc/passwd")
    with pytest.raises(InputError, match="SITMAP_TILES"):
        base_map()


def test_the_base_map_credits_its_data_sources_not_only_leaflet():
    html = base_map(base_geojson='{"type": "FeatureCollection", "features": []}').get_root().render()
    assert "Natural Earth" in html and "GeoNames (CC BY 4.0)" in html
    assert 'setPrefix("Leaflet")' in html  # the plain credit, without the default's external link


def _lab(rgb):
    """sRGB (0..1, linear-light input) to CIE Lab (D65)."""
    import numpy as np

    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ rgb
    xyz = xyz / np.array([0.9505, 1.0, 1.089])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def test_the_side_colours_stay_apart_for_colour_blind_viewers():
    """The first six side colours differ by at least ΔE 12 as seen with normal vision and
    as simulated for protanopia and deuteranopia (Machado et al. 2009, severity 1)."""
    import numpy as np

    from dashboard.mapping.styles import PALETTE

    def linear(hex_colour):
        c = np.array([int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)])
        return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)

    views = {"normal": np.eye(3),
             "protan": np.array([[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                                 [-0.003882, -0.048116, 1.051998]]),
             "deutan": np.array([[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                                 [-0.011820, 0.042940, 0.968881]])}
    for view, matrix in views.items():
        labs = [_lab(np.clip(matrix @ linear(c), 0, 1)) for c in PALETTE[:6]]
        worst = min(float(np.linalg.norm(a - b)) for i, a in enumerate(labs) for b in labs[i + 1:])
        assert worst >= 12, f"{view}: two side colours only ΔE {worst:.1f} apart"
