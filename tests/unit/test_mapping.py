"""Map building: offline links only, escaped document text, one layer per geometry kind."""

from __future__ import annotations

import json

from dashboard.assets import find_remote_links
from dashboard.mapping import build_map, feature_collections, popup_html, radius, side_colours
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
    assert "<script>alert(1)" not in html and "onerror=alert(2)>" not in html
    # the escaped text travels inside the GeoJSON (where & and < are themselves \u-escaped)
    assert "\\u0026lt;script\\u0026gt;alert(1)" in html


def test_popup_has_quotes_conflict_badges_and_is_escaped():
    from dashboard.model import Conflict, ConflictValue

    e = ev(0, sentence=XSS)
    e = Event(**{**e.__dict__, "conflicts": (Conflict("date", (ConflictValue("2023-10-23", ("b",)),
                                                              ConflictValue("2025-08-25", ("a", "c")))),)})
    p = popup_html(e)
    assert "<script>" not in p and "&lt;script&gt;" in p
    assert "date disputed" in p and "2023-10-23" in p and "Reported by 1 document" in p


def test_layers_split_by_geometry_and_sized_by_strength():
    line = json.dumps({"type": "LineString", "coordinates": [[-72.0, 7.0], [-72.5, 9.0]]})
    events = [ev(0), ev(1, geometry=line, forces=(ForceRef(15000, "troops", False, "15,000 troops"),))]
    fc = feature_collections(events, side_colours(events))
    assert len(fc["lines"]["features"]) == 1 and len(fc["points"]["features"]) == 2
    assert radius(events[1]) > radius(events[0]) == 5.0


def test_colours_are_stable_per_side():
    a = side_colours([ev(0, "VE"), ev(1, "VE"), ev(2, "US")])
    b = side_colours([ev(2, "US"), ev(0, "VE"), ev(1, "VE")])
    assert a == b and a["VE"] != a["US"]
