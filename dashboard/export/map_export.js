
(function () {
  "use strict";
  var map = {{ this._parent.get_name() }};
  var table = {{ this.dates }};
  var withSlider = {{ this.slider }};
  function eventId(f) {
    var p = f.properties || {};
    return String(f.id != null ? f.id : (p.id != null ? p.id : "")).replace(/:pt$/, "");
  }
  function span(f) {
    var p = f.properties || {};
    if ("start" in p || "end" in p) { return p.start ? [p.start, p.end || p.start] : null; }
    var id = eventId(f);
    return Object.prototype.hasOwnProperty.call(table, id) ? table[id] : undefined;
  }
  // Every event symbol or shape: a layer with a GeoJSON-like .feature, found in its
  // direct parent group (an L.GeoJSON or a plain feature group) among the map's layers.
  var items = [];
  map.eachLayer(function (g) {
    if (!(g instanceof L.LayerGroup)) { return; }
    g.eachLayer(function (l) {
      if (!l.feature) { return; }
      var d = span(l.feature);
      if (d === undefined) { return; }
      items.push({ g: g, l: l, d: d, id: eventId(l.feature), point: typeof l.getLatLng === "function" });
    });
  });
  function symbols() {
    var out = [];
    items.forEach(function (it) {
      if (!it.point || !map.hasLayer(it.l)) { return; }
      var ll = it.l.getLatLng(), p = map.latLngToContainerPoint(ll);
      out.push({ id: it.id, lat: ll.lat, lng: ll.lng, x: p.x, y: p.y,
                 colour: it.l.options && it.l.options.fillColor });
    });
    return out;
  }
  function show(lo, hi) {
    var ids = {};
    items.forEach(function (it) {
      var vis = !it.d || (it.d[1] >= lo && it.d[0] <= hi);
      if (vis && !it.g.hasLayer(it.l)) { it.g.addLayer(it.l); }
      if (!vis && it.g.hasLayer(it.l)) { it.g.removeLayer(it.l); }
      if (vis && it.point) { ids[it.id] = 1; }
    });
    return Object.keys(ids).length;
  }
  window.sitmapExport = { map: map, symbols: symbols, show: show };
  var days = [];
  items.forEach(function (it) { if (it.d) { days.push(it.d[0], it.d[1]); } });
  if (withSlider && days.length) {
    days.sort();
    var first = Date.parse(days[0] + "T00:00:00Z"), last = Date.parse(days[days.length - 1] + "T00:00:00Z");
    var n = Math.max(0, Math.round((last - first) / 864e5));
    var iso = function (i) { return new Date(first + i * 864e5).toISOString().slice(0, 10); };
    var total = show("0000-00-00", "9999-99-99");
    var bar = document.createElement("div");
    bar.className = "sitmap-timebar";
    var label = document.createElement("div");
    var a = document.createElement("input"), b = document.createElement("input");
    [a, b].forEach(function (r) { r.type = "range"; r.min = "0"; r.max = String(n); r.step = "1"; });
    a.value = "0"; b.value = String(n);
    a.setAttribute("aria-label", "first day"); b.setAttribute("aria-label", "last day");
    a.className = "sitmap-from"; b.className = "sitmap-to";
    function update() {
      var i = Math.min(+a.value, +b.value), j = Math.max(+a.value, +b.value);
      var lo = iso(i), hi = iso(j), k = show(lo, hi);
      label.textContent = (lo === hi ? lo : lo + " \u2013 " + hi) + " \u00b7 " + k + " of " + total + " events";
      bar.setAttribute("data-shown", String(k));
    }
    a.addEventListener("input", update);
    b.addEventListener("input", update);
    bar.appendChild(label); bar.appendChild(a); bar.appendChild(b);
    document.body.appendChild(bar);
    if (L.DomEvent) { L.DomEvent.disableClickPropagation(bar); L.DomEvent.disableScrollPropagation(bar); }
    update();
  }
  // Ready once the view has settled: no zoom or pan animation (fitBounds on a loaded map
  // animates) for a few frames in a row, so the canvas has redrawn at its final zoom.
  function ready() {
    var calm = 0;
    (function tick() {
      var busy = map._animatingZoom || (map._panAnim && map._panAnim._inProgress) || map._flyToFrame;
      calm = busy ? 0 : calm + 1;
      if (calm >= 4) { window.sitmapReady = true; } else { requestAnimationFrame(tick); }
    })();
  }
  map.whenReady(function () {
    if (document.fonts && document.fonts.ready) { document.fonts.ready.then(ready, ready); } else { ready(); }
  });
})();
