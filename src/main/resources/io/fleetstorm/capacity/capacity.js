// fleetstorm capacity charts: plain SVG, no libraries, no network. Reads the JSON in #capacity-data (capacity.json).
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("capacity-data").textContent);
  var NS = "http://www.w3.org/2000/svg";
  var COLORS = {p50: "#1f77b4", p90: "#2ca02c", p99: "#d62728", max: "#7f7f7f", errors: "#d62728",
                throughput: "#1f77b4", offered: "#999999"};

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

  function fmt(v) { return +(+v).toPrecision(4); }

  // Loads on x (log scale when the range spans 8x or more), one y axis; series: [{name, key, points: [[load, y]]}].
  // opts: {yLabel, limits: [[y, label]], diagonal: bool}. The knee (capacity) and the bracket are drawn on every chart.
  function chart(container, title, series, opts) {
    var W = 560, H = 280, L = 64, R = 14, T = 26, B = 42;
    var svg = el("svg", {width: W, height: H, viewBox: "0 0 " + W + " " + H, "class": "chart"}, container);
    el("text", {x: L, y: 16, "class": "title"}, svg).textContent = title;
    var loads = data.steps.map(function (s) { return s.load; });
    var xMin = Math.min(data.from, Math.min.apply(null, loads)), xMax = Math.max(data.to, Math.max.apply(null, loads));
    var log = xMax / xMin >= 8;
    var yMax = 0;
    series.forEach(function (s) { s.points.forEach(function (p) { yMax = Math.max(yMax, p[1]); }); });
    (opts.limits || []).forEach(function (l) { yMax = Math.max(yMax, l[0] * 1.2); });
    yMax = niceMax(yMax);
    function fx(x) { return log ? Math.log(x / xMin) / Math.log(xMax / xMin) : (x - xMin) / ((xMax - xMin) || 1); }
    function sx(x) { return L + (W - L - R) * fx(x); }
    function sy(y) { return H - B - (H - T - B) * Math.min(y, yMax) / yMax; }
    el("line", {x1: L, y1: H - B, x2: W - R, y2: H - B, "class": "axis"}, svg);
    el("line", {x1: L, y1: T, x2: L, y2: H - B, "class": "axis"}, svg);
    for (var i = 0; i <= 4; i++) {
      var yv = yMax * i / 4;
      el("line", {x1: L, y1: sy(yv), x2: W - R, y2: sy(yv), "class": "grid"}, svg);
      el("text", {x: L - 4, y: sy(yv) + 4, "text-anchor": "end", "class": "tick"}, svg).textContent = fmt(yv);
    }
    var ticks = [];
    for (var f = 0; f <= 4; f++) {
      ticks.push(log ? xMin * Math.pow(xMax / xMin, f / 4) : xMin + (xMax - xMin) * f / 4);
    }
    ticks.forEach(function (t) {
      el("text", {x: sx(t), y: H - B + 14, "text-anchor": "middle", "class": "tick"}, svg).textContent = fmt(t);
    });
    el("text", {x: (L + W - R) / 2, y: H - 6, "text-anchor": "middle", "class": "label"}, svg).textContent =
        "load (" + data.unit + (log ? ", log scale" : "") + ")";
    el("text", {x: 12, y: (T + H - B) / 2, transform: "rotate(-90 12 " + (T + H - B) / 2 + ")",
                "text-anchor": "middle", "class": "label"}, svg).textContent = opts.yLabel;
    if (data.bracket.low != null && data.bracket.high != null) {
      el("rect", {x: sx(data.bracket.low), y: T, width: Math.max(1, sx(data.bracket.high) - sx(data.bracket.low)),
                  height: H - T - B, fill: "#fdd835", "fill-opacity": 0.25, "class": "bracket"}, svg);
    }
    if (data.capacity != null) {
      el("line", {x1: sx(data.capacity), y1: T, x2: sx(data.capacity), y2: H - B, stroke: "#1a7f37",
                  "stroke-width": 2, "stroke-dasharray": "5,3", "class": "knee"}, svg);
      el("text", {x: sx(data.capacity) + 3, y: T + 20, "class": "tick"}, svg).textContent =
          "capacity " + fmt(data.capacity);
    }
    (opts.limits || []).forEach(function (l) {
      el("line", {x1: L, y1: sy(l[0]), x2: W - R, y2: sy(l[0]), stroke: "#c62828", "stroke-dasharray": "2,2",
                  "class": "limit"}, svg);
      el("text", {x: W - R - 2, y: sy(l[0]) - 3, "text-anchor": "end", "class": "tick"}, svg).textContent = l[1];
    });
    if (opts.diagonal) { // completed = offered, sampled so that it bends right on a log scale; cut at the top
      var top = Math.min(xMax, yMax), pts = [];
      for (var k = 0; k <= 40; k++) {
        var x = log ? xMin * Math.pow(top / xMin, k / 40) : xMin + (top - xMin) * k / 40;
        pts.push((k ? "L" : "M") + sx(x).toFixed(1) + "," + sy(x).toFixed(1));
      }
      el("path", {d: pts.join(""), fill: "none", stroke: COLORS.offered, "stroke-dasharray": "4,4",
                  "class": "offered"}, svg);
      el("text", {x: sx(top) - 4, y: sy(top) + 12, "text-anchor": "end", "class": "tick"}, svg).textContent =
          "= offered";
    }
    series.forEach(function (s, n) {
      var pts = s.points.slice().sort(function (a, b) { return a[0] - b[0]; });
      if (pts.length === 0) { return; }
      var d = pts.map(function (p, k) { return (k ? "L" : "M") + sx(p[0]).toFixed(1) + "," + sy(p[1]).toFixed(1); });
      el("path", {d: d.join(""), fill: "none", stroke: COLORS[s.key], "stroke-width": 1.5, "class": "series"}, svg);
      pts.forEach(function (p) {
        el("circle", {cx: sx(p[0]), cy: sy(p[1]), r: 3.5, fill: p[2] ? COLORS[s.key] : "#fff",
                      stroke: COLORS[s.key], "class": "step " + (p[2] ? "pass" : "fail")}, svg);
      });
      el("rect", {x: L + 8 + n * 96, y: T + 2, width: 10, height: 3, fill: COLORS[s.key]}, svg);
      el("text", {x: L + 22 + n * 96, y: T + 7, "class": "legend"}, svg).textContent = s.name;
    });
    return svg;
  }

  var container = document.getElementById("charts");
  var op = data.focus;
  var charts = 0;
  function stepsWith(f) {
    return data.steps.filter(function (s) { return f(s) != null; })
        .map(function (s) { return [s.load, f(s), s.passed]; });
  }
  if (op) {
    var latency = ["p50", "p90", "p99", "max"].map(function (p) {
      return {name: p, key: p, points: stepsWith(function (s) {
        var o = s.operations[op]; return o && o[p] != null ? o[p] * 1e3 : null; })};
    });
    chart(container, op + " latency (corrected) by step; filled = passed, hollow = failed", latency,
          {yLabel: "milliseconds", limits: data.latencyLimits});
    chart(container, op + " completed per second against load offered", [{name: "completed/s", key: "throughput",
          points: stepsWith(function (s) { var o = s.operations[op]; return o ? o.ratePerSecond : null; })}],
          {yLabel: "per second", diagonal: data.unit.indexOf("/s") > 0});
    charts += 2;
  }
  chart(container, "errors by step (errors / operations)", [{name: "errors %", key: "errors",
        points: stepsWith(function (s) { return s.errorRate == null ? 0 : s.errorRate * 100; })}],
        {yLabel: "percent", limits: data.errorLimits});
  charts += 1;
  document.body.setAttribute("data-charts", String(charts));
  document.body.setAttribute("data-rendered", "true");
})();
