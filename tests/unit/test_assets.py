"""Offline front end: folium pages load nothing from the internet (dashboard/assets.py).

The vendored files in dashboard/app/static/vendor/ are committed; tests that read them
skip with a message if the folder is absent, and the comparison with a fresh copy from
node_modules/ skips when `npm ci` has not been run.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import branca.colormap
import folium
import folium.plugins as plugins
import pytest

from dashboard.mapping import assets
from dashboard.mapping.assets import (ASSETS, BUNDLES, DROPPED, VENDOR_DIR, VENDOR_URL, component_links, is_remote,
    local_links, localize)
from dashboard.mapping.assets.links import referenced_urls, strip_query
from dashboard.mapping import find_remote_links, inline_assets, offline_map
from dashboard.errors import DataError

PROJECT = Path(__file__).resolve().parents[2]

needs_vendor = pytest.mark.skipif(
    not (VENDOR_DIR / "leaflet-1.9.3" / "leaflet.js").is_file(),
    reason=f"{VENDOR_DIR} has not been generated: {assets.SETUP_HINT}",
)
needs_node_modules = pytest.mark.skipif(
    not (assets.NODE_MODULES / "leaflet" / "package.json").is_file(),
    reason="node_modules/ absent (run `npm ci --ignore-scripts --no-audit --no-fund`): cannot regenerate the vendor folder",
)

FEATURES = {
    "type": "FeatureCollection",
    "features": [
        {"type": "Feature", "properties": {"name": "a"},
         "geometry": {"type": "Polygon", "coordinates": [[[-68, 8], [-64, 8], [-64, 11], [-68, 11], [-68, 8]]]}},
        {"type": "Feature", "properties": {"name": "b"}, "geometry": {"type": "Point", "coordinates": [-66.9, 10.5]}},
    ],
}


def build_map(m: folium.Map | None = None) -> folium.Map:
    """tiles=None, a GeoJson layer, awesome-marker icons (FA and glyphicon), Fullscreen, LayerControl."""
    m = m if m is not None else folium.Map(location=[9, -66], zoom_start=5, tiles=None)
    folium.GeoJson(FEATURES, name="events", tooltip=folium.GeoJsonTooltip(["name"])).add_to(m)
    folium.Marker([10.5, -66.9], icon=folium.Icon(icon="flag", prefix="fa", color="red", angle=45)).add_to(m)
    folium.Marker([9.0, -66.0], icon=folium.Icon()).add_to(m)  # glyphicon "info-sign"
    folium.Marker([8.5, -67.0]).add_to(m)  # Leaflet's default marker images
    plugins.Fullscreen().add_to(m)
    folium.LayerControl().add_to(m)
    return m


def render(m: folium.Map) -> str:
    return m.get_root().render()


# --------------------------------------------------------------------------- detection


@pytest.mark.parametrize(
    "html, expected",
    [
        ('<script src="https://cdn.example.org/x.js"></script>', ["https://cdn.example.org/x.js"]),
        ("<link rel='stylesheet' href='//cdn.example.org/x.css'/>", ["//cdn.example.org/x.css"]),
        ('<img srcset="https://a.example/1.png 1x, /local.png 2x">', ["https://a.example/1.png"]),
        ("<style>.x{background:url('https://a.example/b.png')}</style>", ["https://a.example/b.png"]),
        ('<style>@import "https://a.example/c.css";</style>', ["https://a.example/c.css"]),
        ('var p = "<img src=\\"https://a.example/p.png\\">";', ["https://a.example/p.png"]),
        ('L.tileLayer(\n  "https://{s}.tile.example.org/{z}/{x}/{y}.png", {})', ["https://{s}.tile.example.org/{z}/{x}/{y}.png"]),
        ('L.icon({"iconUrl": "https://a.example/i.png"})', ["https://a.example/i.png"]),
        ('<script src="/app/static/vendor/leaflet-1.9.3/leaflet.js"></script>', []),
        ('<script src="http://localhost:8501/app/static/x.js"></script>', []),
        ('<script src="http://127.0.0.1:8501/x.js"></script><img src="http://[::1]/y.png">', []),
        ("<style>.x{src:url(../webfonts/a.woff2) format('woff2');b:url(data:image/png;base64,AA==)}</style>", []),
        ("<style>.v{behavior:url(#default#VML)}</style>", []),
        ('<a href="https://news.example/article">source</a>', []),
    ],
)
def test_find_remote_links(html, expected):
    assert find_remote_links(html) == expected


def test_anchors_are_reported_only_on_request():
    html = '<a href="https://news.example/article">source</a>'
    assert find_remote_links(html) == []
    assert find_remote_links(html, anchors=True) == ["https://news.example/article"]


@pytest.mark.parametrize("url", ["https://x.org/a.js", "http://x.org", "//x.org/a", "wss://x.org/s", "https://10.0.0.1/a"])
def test_is_remote_true(url):
    assert is_remote(url)


@pytest.mark.parametrize("url", ["a.js", "../b.css", "/app/static/x", "data:font/woff2;base64,AA", "#frag",
                                 "http://localhost/a", "https://foo.localhost/a", "http://127.0.0.2/a", "blob:abc"])
def test_is_remote_false(url):
    assert not is_remote(url)


# --------------------------------------------------------------------------- localize


def test_unlocalized_map_loads_from_cdns():
    """The detector sees folium's defaults: without localize() the same page is not offline."""
    remote = find_remote_links(render(build_map()))
    assert "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js" in remote
    assert "https://cdn.jsdelivr.net/npm/leaflet.fullscreen@3.0.0/Control.FullScreen.css" in remote
    assert len(remote) >= 10


def test_localized_map_has_no_remote_links():
    html = render(localize(build_map()))
    assert find_remote_links(html) == []
    assert f"{VENDOR_URL}/leaflet-1.9.3/leaflet.js" in local_links(html)
    assert f"{VENDOR_URL}/leaflet.fullscreen-3.0.0/Control.FullScreen.js" in local_links(html)
    assert f'L.Icon.Default.imagePath = "{VENDOR_URL}/leaflet-1.9.3/images/";' in html


def test_localize_with_other_base_url():
    html = render(localize(build_map(), base_url="/sitmap/app/static/vendor"))
    assert find_remote_links(html) == []
    assert "/sitmap/app/static/vendor/leaflet-1.9.3/leaflet.css" in local_links(html, "/sitmap/app/static/vendor")


def test_localize_leaves_folium_classes_alone():
    localize(build_map())
    assert ("leaflet", "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js") in folium.Map.default_js
    assert all(is_remote(url) for _, url in plugins.Fullscreen.default_js)
    assert find_remote_links(render(build_map())) != []  # a map made afterwards is untouched


def test_localize_is_idempotent():
    m = localize(localize(build_map()))
    html = render(m)
    assert find_remote_links(html) == []
    assert html.count("L.Icon.Default.imagePath") == 1


def test_unknown_remote_asset_is_an_error():
    class Exotic(folium.elements.JSCSSMixin):
        default_js = [("exotic", "https://cdn.example.org/exotic.js")]

    m = build_map()
    m.add_child(Exotic())
    with pytest.raises(DataError, match=r"exotic\.js"):
        localize(m)


def test_dropped_assets_are_removed():
    assert any("jqueryui" in url for _, url in plugins.TimestampedGeoJson.default_js)  # folium asks for it
    m = offline_map()
    m.add_child(plugins.TimestampedGeoJson({"type": "FeatureCollection", "features": []}))
    html = render(m)
    assert find_remote_links(html) == []
    assert "jqueryui" not in html and "jquery-ui" not in html
    assert DROPPED and not set(DROPPED) & set(ASSETS)


def test_offline_map_covers_plugins_added_later_and_colormaps():
    m = offline_map(location=[9, -66], zoom_start=5)
    assert m._children.get("tile_layer") is None and not any(
        isinstance(c, folium.TileLayer) for c in m._children.values())
    build_map(m)
    plugins.MarkerCluster().add_child(folium.Marker([9, -66])).add_to(m)
    branca.colormap.LinearColormap(["green", "red"], vmin=0, vmax=1, caption="x").add_to(m)
    html = render(m)
    assert find_remote_links(html) == []
    assert f"{VENDOR_URL}/d3-3.5.5/d3.min.js" in local_links(html)  # the colormap's render-time link


def test_plain_localize_misses_colormap_links_added_at_render():
    """Why offline_map() exists: a ColorMap adds its d3 link while rendering."""
    m = localize(build_map())
    branca.colormap.LinearColormap(["green", "red"], vmin=0, vmax=1).add_to(m)
    assert "https://cdnjs.cloudflare.com/ajax/libs/d3/3.5.5/d3.min.js" in find_remote_links(render(m))


LOCAL_TILES = "/tiles/{z}/{x}/{y}.png"

PLUGINS = {
    "MarkerCluster": lambda: plugins.MarkerCluster(locations=[[9, -66], [9.1, -66.1]]),
    "MiniMap": lambda: plugins.MiniMap(tile_layer=folium.TileLayer(LOCAL_TILES, attr="local")),
    "TimestampedGeoJson": lambda: plugins.TimestampedGeoJson({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [-66, 9]},
         "properties": {"times": ["2024-01-01T00:00:00"]}}]}),
    "TimeSliderChoropleth": lambda: plugins.TimeSliderChoropleth(
        {"type": "FeatureCollection", "features": [dict(FEATURES["features"][0], id="0")]},
        styledict={"0": {"1704067200": {"color": "red", "opacity": 1}}}),
    "HeatMap": lambda: plugins.HeatMap([[9, -66, 1.0]]),
    "HeatMapWithTime": lambda: plugins.HeatMapWithTime([[[9, -66, 1.0]]], index=["t0"]),
    "Fullscreen": plugins.Fullscreen,
}


@pytest.mark.parametrize("name", sorted(PLUGINS))
def test_supported_plugins_render_offline(name):
    raw = folium.Map(tiles=None)
    raw.add_child(PLUGINS[name]())
    assert find_remote_links(render(raw)), f"{name} should load something from a CDN by default"
    m = offline_map()
    m.add_child(PLUGINS[name]())
    assert find_remote_links(render(m)) == []


def test_default_minimap_tiles_are_reported():
    """Tile layers are loads too: the default MiniMap would fetch OpenStreetMap tiles."""
    m = offline_map()
    m.add_child(plugins.MiniMap())
    assert any("openstreetmap" in url for url in find_remote_links(render(m)))


def test_assets_cover_every_url_the_supported_elements_use():
    urls = [url for _, url in folium.Map.default_js + folium.Map.default_css]
    for factory in PLUGINS.values():
        el = factory()
        urls += [url for _, url in el.default_js + el.default_css]
    urls += ["https://d3js.org/d3.v4.min.js", "https://cdnjs.cloudflare.com/ajax/libs/d3/3.5.5/d3.min.js"]
    assert [u for u in urls if u not in ASSETS and u not in DROPPED] == []


# --------------------------------------------------------------------------- streamlit-folium


def _st_folium_args(monkeypatch, m):
    import streamlit_folium

    captured = {}

    def fake_component(**kwargs):
        captured.update(kwargs)
        return kwargs.get("default")

    monkeypatch.setattr(streamlit_folium, "_component_func", fake_component)
    streamlit_folium.st_folium(m, key="map", returned_objects=[])
    return captured


def test_st_folium_sends_only_local_links(monkeypatch):
    m = build_map(offline_map(location=[9, -66], zoom_start=5))
    sent = _st_folium_args(monkeypatch, m)
    assert [u for u in sent["js_links"] + sent["css_links"] if is_remote(u)] == []
    assert f"{VENDOR_URL}/leaflet-1.9.3/leaflet.js" in sent["js_links"]
    assert find_remote_links(sent["header"] + sent["html"] + sent["script"]) == []
    assert "L.Icon.Default.imagePath" in sent["script"]
    assert component_links(m) == (sent["js_links"], sent["css_links"])


def test_st_folium_colormap_forces_remote_d3(monkeypatch):
    """streamlit-folium hard-codes two d3 CDN URLs for any branca ColorMap: keep them out of st_folium maps."""
    m = offline_map()
    branca.colormap.LinearColormap(["green", "red"], vmin=0, vmax=1).add_to(m)
    sent = _st_folium_args(monkeypatch, m)
    assert sent["js_links"][0] == "https://d3js.org/d3.v4.min.js"
    assert component_links(m) == (sent["js_links"], sent["css_links"])


# --------------------------------------------------------------------------- vendored files


def _css_refs(css_file: Path) -> list[str]:
    text = css_file.read_text(encoding="utf-8")
    return [u for u in referenced_urls(text) if u and not u.startswith(("data:", "#"))]


@needs_vendor
def test_every_local_reference_exists():
    m = offline_map()
    build_map(m)
    for factory in PLUGINS.values():
        m.add_child(factory())
    html = render(m)
    links = local_links(html)
    assert len(links) > 20
    for url in links:
        path = VENDOR_DIR / url[len(VENDOR_URL) + 1:]
        assert path.is_file(), f"{url} is referenced but {path} does not exist"
        if path.suffix == ".css":
            for ref in _css_refs(path):
                assert not is_remote(ref), f"{path.name} loads {ref}"
                target = (path.parent / strip_query(ref)).resolve()
                assert target.is_file(), f"{path.name} references {ref}, missing at {target}"
    image_path = re.search(r'L\.Icon\.Default\.imagePath = "([^"]+)"', html).group(1)
    for name in ("marker-icon.png", "marker-icon-2x.png", "marker-shadow.png"):
        assert (VENDOR_DIR / image_path[len(VENDOR_URL) + 1:] / name).is_file()


@needs_vendor
def test_every_asset_target_is_vendored_with_a_licence():
    assert [rel for rel in ASSETS.values() if not (VENDOR_DIR / rel).is_file()] == []
    for bundle in BUNDLES:
        folder = VENDOR_DIR / bundle.folder
        licences = [p.name for p in folder.iterdir() if re.search(r"LICEN[CS]E|NOTICE", p.name)]
        assert licences, f"{bundle.folder} has no licence file"
    assert not (VENDOR_DIR / "leaflet-timedimension-1.1.1" / "leaflet.timedimension.control.css").read_text().count(
        "bootstrapcdn")


@needs_vendor
def test_vendor_folder_is_small_enough_to_commit():
    total = sum(p.stat().st_size for p in VENDOR_DIR.rglob("*") if p.is_file())
    assert total < 3_000_000, f"vendor folder is {total / 1e6:.1f} MB: generate it at set-up instead of committing it"


@needs_vendor
def test_inline_assets_makes_a_self_contained_page():
    served = render(localize(build_map()))
    assert re.search(r'<script src="/app/static/vendor/', served)  # what inlining must remove
    single = inline_assets(served)
    assert find_remote_links(single) == []
    assert local_links(single) == []
    assert not re.search(r"<script\b[^>]*\bsrc=", single)
    assert not re.search(r"<link\b[^>]*rel=.stylesheet", single)
    leaflet_js = (VENDOR_DIR / "leaflet-1.9.3" / "leaflet.js").read_text(encoding="utf-8")
    assert leaflet_js[1000:4000] in single  # Leaflet's code itself
    assert "url(\"data:font/woff2;base64," in single  # Font Awesome / glyphicon fonts
    assert "L.Icon.Default.mergeOptions" in single and "data:image/png;base64," in single


@needs_vendor
def test_inline_assets_accepts_raw_folium_output():
    single = inline_assets(render(build_map()))
    assert find_remote_links(single) == []


def test_inline_assets_reports_missing_files(tmp_path):
    served = render(localize(build_map()))
    with pytest.raises(DataError, match="missing"):
        inline_assets(served, tmp_path)


@needs_vendor
@needs_node_modules
def test_vendor_reproduces_the_committed_folder(tmp_path):
    report = assets.vendor(tmp_path / "vendor")
    assert report.total_bytes > 1_000_000 and "leaflet-1.9.3/leaflet.js" in report.files
    assert assets.digest(tmp_path / "vendor") == assets.digest(VENDOR_DIR), (
        "dashboard/app/static/vendor is stale: run `.venv/bin/python -m dashboard.mapping.assets`")


def test_cli_without_node_modules_fails_cleanly(tmp_path, capsys):
    assert assets.main(["--dest", str(tmp_path / "out"), "--node-modules", str(tmp_path / "none")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("sitmap: ") and "npm ci" in err and "\n" == err[-1] and err.count("\n") == 1
    assert not (tmp_path / "out").exists()


# --------------------------------------------------------------------------- package.json


def test_package_json_pins_exactly_what_bundles_use():
    pkg = json.loads((PROJECT / "package.json").read_text())
    assert pkg["private"] is True and "scripts" not in pkg
    deps = pkg["dependencies"]
    assert all(re.fullmatch(r"(npm:[@\w./-]+@)?\d+\.\d+\.\d+", v) for v in deps.values()), deps
    expected = {
        b.source: (f"npm:{b.npm_name}@{b.version}" if b.npm_name else b.version)
        for b in BUNDLES if b.source != "folium"
    }
    assert deps == expected


def test_package_lock_matches_and_stays_on_the_registry():
    lock = json.loads((PROJECT / "package-lock.json").read_text())
    pkg = json.loads((PROJECT / "package.json").read_text())
    assert lock["packages"][""]["dependencies"] == pkg["dependencies"]
    for b in BUNDLES:
        if b.source != "folium":
            assert lock["packages"][f"node_modules/{b.source}"]["version"] == b.version
    for path, entry in lock["packages"].items():
        if not path:
            continue
        assert "integrity" in entry, f"{path} has no integrity hash"
        resolved = entry.get("resolved")
        if resolved is not None:  # this machine's npm omits registry URLs; others write tarball URLs
            assert re.fullmatch(r"https://[^/]+/.+/-/[^/]+-\d[^/]*\.tgz", resolved), resolved
