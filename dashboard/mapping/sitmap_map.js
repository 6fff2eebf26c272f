/* sitmap map runtime (inlined into every map by dashboard/mapping.py: no file to fetch).
 *
 * - L.SitmapSymbol: a canvas circle marker whose outline is a shape chosen by event type
 *   (triangle, diamond, square, star, ...), so thousands of events stay one canvas.
 * - Tooltips and popups are built from the features' properties with DOM text nodes:
 *   document text never passes through innerHTML, so markup in an article stays text.
 * - sitmap.layer(kind, data, legend): one L.geoJson layer per kind (points, lines, areas);
 *   the points layer carries the legend, shown while the layer is on the map.
 *
 * Property names are kept short because 10,000 events travel in one payload (see
 * mapping.feature_collections for their meaning).
 */
(function () {
  "use strict";
  if (window.sitmap) { return; }
  var SHAPES = __SITMAP_SHAPES__;

  function regular(ctx, x, y, r, n, rot) {
    for (var i = 0; i < n; i++) {
      var a = rot + (2 * Math.PI * i) / n;
      ctx[i ? "lineTo" : "moveTo"](x + r * Math.cos(a), y + r * Math.sin(a));
    }
  }
  function star(ctx, x, y, r) {
    for (var i = 0; i < 10; i++) {
      var a = -Math.PI / 2 + (Math.PI * i) / 5, rr = i % 2 ? r * 0.45 : r;
      ctx[i ? "lineTo" : "moveTo"](x + rr * Math.cos(a), y + rr * Math.sin(a));
    }
  }
  function cross(ctx, x, y, r) {
    var w = r * 0.38, pts = [[-w, -r], [w, -r], [w, -w], [r, -w], [r, w], [w, w], [w, r], [-w, r], [-w, w],
      [-r, w], [-r, -w], [-w, -w]];
    for (var i = 0; i < pts.length; i++) { ctx[i ? "lineTo" : "moveTo"](x + pts[i][0], y + pts[i][1]); }
  }
  function outline(ctx, shape, x, y, r) {
    switch (shape) {
      case "square": ctx.rect(x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7); break;
      case "triangle": regular(ctx, x, y + r * 0.2, r * 1.25, 3, -Math.PI / 2); break;
      case "triangle_down": regular(ctx, x, y - r * 0.2, r * 1.25, 3, Math.PI / 2); break;
      case "diamond": regular(ctx, x, y, r * 1.2, 4, -Math.PI / 2); break;
      case "pentagon": regular(ctx, x, y, r * 1.1, 5, -Math.PI / 2); break;
      case "hexagon": regular(ctx, x, y, r * 1.1, 6, 0); break;
      case "star": star(ctx, x, y, r * 1.35); break;
      case "cross": cross(ctx, x, y, r * 1.1); break;
      default: ctx.arc(x, y, r, 0, 2 * Math.PI, false);
    }
  }

  L.Canvas.include({
    _updateSitmapSymbol: function (layer) {
      if (!this._drawing || layer._empty()) { return; }
      var p = layer._point, ctx = this._ctx, r = Math.max(Math.round(layer._radius), 1);
      ctx.beginPath();
      outline(ctx, layer.options.shape, p.x, p.y, r);
      ctx.closePath();
      this._fillStroke(ctx, layer);
    }
  });
  L.SitmapSymbol = L.CircleMarker.extend({
    options: { shape: "circle" },
    _updatePath: function () {
      if (this._renderer._updateSitmapSymbol && this.options.shape !== "circle") {
        this._renderer._updateSitmapSymbol(this);
      } else {
        this._renderer._updateCircle(this);
      }
    }
  });

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }
  function label(type) { return String(type || "").replace(/_/g, " "); }
  function when(p) {
    if (!p.start) { return "undated"; }
    return (p.start === p.end ? p.start : p.start + " – " + p.end) + (p.pr ? " (" + p.pr + ")" : "");
  }
  function pointTooltip(p) {
    var d = el("div", null, "sitmap-tooltip");
    d.appendChild(el("b", label(p.type)));
    d.appendChild(document.createTextNode(" · " + (p.a || "unknown actor")));
    d.appendChild(el("br"));
    d.appendChild(document.createTextNode((p.pl || "no place") + " · " + when(p)));
    return d;
  }
  function pointPopup(p) {
    var d = el("div", null, "sitmap-popup");
    d.setAttribute("data-event", p.id || "");
    d.appendChild(el("b", p.su));
    d.appendChild(el("div", label(p.type) + " · CAMEO " + (p.cm || "") + " · " + (p.m || "")));
    d.appendChild(el("div", "Where: " + (p.pl || "no place")));
    d.appendChild(el("div", "When: " + when(p)));
    if (p.f) { d.appendChild(el("div", "Forces: " + p.f)); }
    d.appendChild(el("div", "Reported by " + p.n + (p.n === 1 ? " document" : " documents")));
    (p.k || []).forEach(function (c) { d.appendChild(el("div", "\u26a0 " + c, "sitmap-conflict")); });
    (p.q || []).forEach(function (q) {
      var b = el("blockquote", "\u201c" + q[0] + "\u201d");
      b.appendChild(el("br"));
      b.appendChild(el("small", (q[1] || "") + (q[2] ? " · " + q[2] : "")));
      var href = documentLink(q);
      if (href) {
        var a = el("a", "open in the document \u2197", "sitmap-doclink");
        a.href = href; a.target = "_blank"; a.rel = "noopener";  // the frame may not navigate the page: a new tab
        b.appendChild(document.createTextNode(" "));
        b.appendChild(a);
      }
      d.appendChild(b);
    });
    if (p.more) { d.appendChild(el("div", "… and " + p.more + " more sources (see the event table)")); }
    return d;
  }
  // In the app (the map is a same-origin frame of the dashboard page) a quote links, in a
  // new tab, to the document view with its sentence highlighted: the page's own URL with
  // read= and hl= set.  A standalone export has no document view: no link.
  function documentLink(q) {
    if (q.length < 6 || q[3] == null || q[4] == null) { return null; }
    var top;
    try {
      if (window.parent === window || !window.parent.document.querySelector("[data-testid='stApp']")) { return null; }
      top = new URL(window.parent.location.href);
    } catch (e) { return null; }
    top.searchParams.set("read", q[3]);
    top.searchParams.set("hl", q[4] + "-" + q[5]);
    return top.toString();
  }
  function placeTooltip(p) {
    var d = el("div", null, "sitmap-tooltip");
    d.appendChild(el("b", p.name));
    d.appendChild(document.createTextNode(" · " + p.n + (p.n === 1 ? " event" : " events")));
    return d;
  }

  function legend(spec) {
    var ctl = L.control({ position: "bottomleft" });
    ctl.onAdd = function () {
      var box = el("div", null, "sitmap-legend");
      box.id = "sitmap-legend";
      box.appendChild(el("b", "Sides"));
      (spec.sides || []).forEach(function (s) {
        var row = el("div"), dot = el("span", null, "sitmap-swatch");
        dot.style.background = s[1];
        row.appendChild(dot);
        row.appendChild(document.createTextNode(s[0]));
        box.appendChild(row);
      });
      if ((spec.types || []).length) {
        box.appendChild(el("b", "Event types"));
        spec.types.forEach(function (t) {
          var row = el("div"), c = el("canvas", null, "sitmap-shape");
          c.width = 14; c.height = 14;
          var ctx = c.getContext && c.getContext("2d");
          if (ctx) {
            ctx.beginPath(); outline(ctx, t[0], 7, 7, 5); ctx.closePath();
            ctx.fillStyle = "#666"; ctx.fill();
          }
          row.appendChild(c);
          row.appendChild(document.createTextNode(t[1]));
          box.appendChild(row);
        });
      }
      box.appendChild(el("div", "size: force strength", "sitmap-note"));
      L.DomEvent.disableClickPropagation(box);
      return box;
    };
    return ctl;
  }

  /* Rebuild each event's properties from the row-wise payload of mapping.points_payload. */
  function unpack(data) {
    var f = data.fields, lk = data.lookup, out = [];
    var col = {};
    f.forEach(function (name, i) { col[name] = i; });
    var interned = { type: "types", side: "sides", pr: "precisions", a: "actors", pl: "places", m: "modalities" };
    data.rows.forEach(function (row) {
      var p = {};
      f.forEach(function (name, i) {
        var v = row[i];
        if (v === null || v === undefined) { return; }
        p[name] = interned[name] ? lk[interned[name]][v] : v;
      });
      p.c = data.colours[row[col.side]];
      p.cm = data.cameo[p.type];
      if (p.q) { p.q = p.q.map(function (q) { return [q[0], lk.titles[q[1]]].concat(q.slice(2)); }); }
      out.push(p);
    });
    return out;
  }

  function pointLayer(data) {
    var group = L.featureGroup();
    unpack(data).forEach(function (p) {
      var marker = new L.SitmapSymbol([p.lat, p.lon], { radius: p.r, fillColor: p.c, color: "#222", weight: 1,
        fillOpacity: 0.85, shape: SHAPES[p.type] || "circle" });
      marker.feature = { type: "Feature", geometry: { type: "Point", coordinates: [p.lon, p.lat] }, properties: p };
      marker.bindTooltip(function () { return pointTooltip(p); }, { sticky: true });
      marker.bindPopup(function () { return pointPopup(p); }, { maxWidth: 380 });
      group.addLayer(marker);
    });
    return group;
  }

  window.sitmap = {
    shapes: SHAPES,
    popup: pointPopup,
    unpack: unpack,
    /* kind "points": data from mapping.points_payload; "lines"/"areas": GeoJSON. */
    layer: function (kind, data, legendSpec) {
      var layer;
      if (kind === "points") {
        layer = pointLayer(data);
      } else {
        layer = L.geoJson(data, {
          style: function (f) {
            var c = f.properties.c;
            return kind === "lines" ? { color: c, weight: 4, opacity: 0.85 }
              : { fillColor: c, color: c, weight: 1, fillOpacity: 0.18 };
          },
          onEachFeature: function (f, l) {
            l.bindTooltip(function () { return placeTooltip(f.properties); }, { sticky: true });
          }
        });
      }
      if (legendSpec) {
        var ctl = legend(legendSpec);
        layer.on("add", function () { if (layer._map) { ctl.addTo(layer._map); } });
        layer.on("remove", function () { ctl.remove(); });
      }
      return layer;
    }
  };
})();
