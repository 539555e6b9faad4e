// fleetstorm compare charts: both runs' latency distributions overlaid, plain SVG, no libraries, no network.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("compare-data").textContent);
  var NS = "http://www.w3.org/2000/svg";
  var COLORS = {baseline: "#1f77b4", current: "#d62728"};

  function el(name, attrs, parent) {
    var e = document.createElementNS(NS, name);
    for (var k in attrs) { e.setAttribute(k, attrs[k]); }
    if (parent) { parent.appendChild(e); }
    return e;
  }

  function niceMax(v) {
    if (!(v > 0)) { return 1; }
    var p = Math.pow(10, Math.floor(Math.log10(v)));
    var steps = [1, 2, 2.5, 5, 10];
    for (var i = 0; i < steps.length; i++) { if (steps[i] * p >= v) { return steps[i] * p; } }
    return 10 * p;
  }

  // x: percentile on HdrHistogram's scale, log10(1 / (1 - p)), so the tail gets the room; y: milliseconds.
  function distribution(container, d) {
    var W = 560, H = 280, L = 64, R = 14, T = 26, B = 42;
    var svg = el("svg", {width: W, height: H, viewBox: "0 0 " + W + " " + H, "class": "chart"}, container);
    el("text", {x: L, y: 16, "class": "title"}, svg).textContent = d.operation + " latency by percentile (corrected)";
    var XMAX = 5, yMax = 0;
    function fx(p) { return Math.min(XMAX, Math.log10(1 / Math.max(1e-5, 1 - p))); }
    ["baseline", "current"].forEach(function (side) {
      d[side].forEach(function (pt) { yMax = Math.max(yMax, pt[1]); });
    });
    yMax = niceMax(yMax);
    function sx(p) { return L + (W - L - R) * fx(p) / XMAX; }
    function sy(y) { return H - B - (H - T - B) * y / yMax; }
    el("line", {x1: L, y1: H - B, x2: W - R, y2: H - B, "class": "axis"}, svg);
    el("line", {x1: L, y1: T, x2: L, y2: H - B, "class": "axis"}, svg);
    for (var i = 0; i <= 4; i++) {
      var yv = yMax * i / 4;
      el("line", {x1: L, y1: sy(yv), x2: W - R, y2: sy(yv), "class": "grid"}, svg);
      el("text", {x: L - 4, y: sy(yv) + 4, "text-anchor": "end", "class": "tick"}, svg).textContent =
          +yv.toPrecision(3);
    }
    [[0, "0%"], [0.9, "90%"], [0.99, "99%"], [0.999, "99.9%"], [0.9999, "99.99%"], [0.99999, "99.999%"]]
        .forEach(function (t) {
          el("text", {x: sx(t[0]), y: H - B + 14, "text-anchor": "middle", "class": "tick"}, svg).textContent = t[1];
        });
    el("text", {x: (L + W - R) / 2, y: H - 6, "text-anchor": "middle", "class": "label"}, svg).textContent =
        "percentile";
    el("text", {x: 12, y: (T + H - B) / 2, transform: "rotate(-90 12 " + (T + H - B) / 2 + ")",
                "text-anchor": "middle", "class": "label"}, svg).textContent = "milliseconds";
    ["baseline", "current"].forEach(function (side, n) {
      var pts = d[side];
      if (pts.length > 0) {
        var path = pts.map(function (p, k) {
          return (k ? "L" : "M") + sx(p[0]).toFixed(1) + "," + sy(p[1]).toFixed(1);
        });
        el("path", {d: path.join(""), fill: "none", stroke: COLORS[side], "stroke-width": 1.5,
                    "class": "series " + side}, svg);
      }
      el("rect", {x: L + 8 + n * 140, y: T + 2, width: 10, height: 3, fill: COLORS[side]}, svg);
      el("text", {x: L + 22 + n * 140, y: T + 7, "class": "legend"}, svg).textContent = side + " " + data[side];
    });
  }

  var container = document.getElementById("distributions");
  data.distributions.forEach(function (d) { distribution(container, d); });
  document.body.setAttribute("data-charts", String(data.distributions.length));
  document.body.setAttribute("data-rendered", "true");
})();
