// fleetstorm report charts: plain SVG, no libraries, no network. Reads the JSON in #report-data.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var NS = "http://www.w3.org/2000/svg";
  var COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf",
                "#7f7f7f", "#bcbd22"];

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

  // series: [{name, points: [[x, y], ...]}]; opts: {xTicks: [[x, label]], xMax, yLabel, xLabel, marks: [[x, label]]}
  function lineChart(container, title, series, opts) {
    var W = 540, H = 250, L = 60, R = 12, T = 24, B = 40;
    var svg = el("svg", {width: W, height: H, viewBox: "0 0 " + W + " " + H, "class": "chart"}, container);
    el("text", {x: L, y: 15, "class": "title"}, svg).textContent = title;
    var xMax = opts.xMax || 1, yMax = 0;
    series.forEach(function (s) { s.points.forEach(function (p) { yMax = Math.max(yMax, p[1]); if (!opts.xMax) { xMax = Math.max(xMax, p[0]); } }); });
    yMax = niceMax(yMax);
    function sx(x) { return L + (W - L - R) * x / xMax; }
    function sy(y) { return H - B - (H - T - B) * y / yMax; }
    el("line", {x1: L, y1: H - B, x2: W - R, y2: H - B, "class": "axis"}, svg);
    el("line", {x1: L, y1: T, x2: L, y2: H - B, "class": "axis"}, svg);
    for (var i = 0; i <= 4; i++) {
      var yv = yMax * i / 4;
      el("line", {x1: L, y1: sy(yv), x2: W - R, y2: sy(yv), "class": "grid"}, svg);
      el("text", {x: L - 4, y: sy(yv) + 4, "text-anchor": "end", "class": "tick"}, svg).textContent = +yv.toPrecision(3);
    }
    var ticks = opts.xTicks || [0, 0.25, 0.5, 0.75, 1].map(function (f) { return [xMax * f, +(xMax * f).toPrecision(3)]; });
    ticks.forEach(function (t) {
      el("text", {x: sx(t[0]), y: H - B + 14, "text-anchor": "middle", "class": "tick"}, svg).textContent = t[1];
    });
    el("text", {x: (L + W - R) / 2, y: H - 6, "text-anchor": "middle", "class": "label"}, svg).textContent = opts.xLabel;
    el("text", {x: 12, y: (T + H - B) / 2, transform: "rotate(-90 12 " + (T + H - B) / 2 + ")", "text-anchor": "middle", "class": "label"}, svg).textContent = opts.yLabel;
    (opts.marks || []).forEach(function (m) {
      el("line", {x1: sx(m[0]), y1: T, x2: sx(m[0]), y2: H - B, stroke: "#999", "stroke-dasharray": "3,3", "class": "mark"}, svg);
      el("text", {x: sx(m[0]) + 3, y: T + 10, "class": "tick"}, svg).textContent = m[1];
    });
    series.forEach(function (s, n) {
      if (s.points.length === 0) { return; }
      var d = s.points.map(function (p, j) { return (j ? "L" : "M") + sx(p[0]).toFixed(1) + "," + sy(p[1]).toFixed(1); }).join(" ");
      el("path", {d: d, fill: "none", stroke: COLORS[n % COLORS.length], "stroke-width": 1.6, "class": "series"}, svg);
      el("text", {x: W - R - 4, y: T + 12 + 12 * n, "text-anchor": "end", fill: COLORS[n % COLORS.length], "class": "legend"}, svg).textContent = s.name;
    });
    return svg;
  }

  // percentile distribution: x = log10(1 / (1 - p)), like HdrHistogram's plots
  var dist = document.getElementById("distributions");
  data.distributions.forEach(function (d) {
    var xMax = 0;
    var series = ["corrected", "service"].map(function (kind) {
      return {name: kind, points: d[kind].map(function (p) {
        var x = p[0] >= 1 ? 6 : Math.min(6, Math.log10(1 / (1 - p[0])));
        xMax = Math.max(xMax, x);
        return [x, p[1]];
      })};
    });
    var ticks = [[0, "0%"], [1, "90%"], [2, "99%"], [3, "99.9%"], [4, "99.99%"], [5, "99.999%"]]
      .filter(function (t) { return t[0] <= Math.ceil(xMax); });
    lineChart(dist, d.tag + " latency by percentile", series,
      {xMax: Math.max(1, Math.ceil(xMax)), xTicks: ticks, xLabel: "percentile", yLabel: "ms"});
  });

  var over = document.getElementById("over-time");
  var pts = data.series;
  // a dashed line where each phase starts (the end of the previous phase's last interval)
  var marks = [];
  pts.forEach(function (p, i) {
    if (i === 0 || pts[i - 1].phase !== p.phase) { marks.push([i === 0 ? 0 : pts[i - 1].t, p.phase]); }
  });
  lineChart(over, "messages per second", [
    {name: "sent", points: pts.map(function (p) { return [p.t, p.sentRate]; })},
    {name: "received", points: pts.map(function (p) { return [p.t, p.receivedRate]; })},
    {name: "errors", points: pts.map(function (p) { return [p.t, p.errorRate]; })}
  ], {xLabel: "seconds", yLabel: "per second", marks: marks});
  lineChart(over, "completions per second", data.operations.map(function (op) {
    return {name: op, points: pts.filter(function (p) { return p.ops[op]; }).map(function (p) { return [p.t, p.ops[op].rate]; })};
  }), {xLabel: "seconds", yLabel: "per second", marks: marks});
  lineChart(over, "p99 corrected latency", data.operations.map(function (op) {
    return {name: op, points: pts.filter(function (p) { return p.ops[op]; }).map(function (p) { return [p.t, p.ops[op].p99]; })};
  }), {xLabel: "seconds", yLabel: "ms", marks: marks});

  document.body.setAttribute("data-rendered", "true");
  document.body.setAttribute("data-charts", String(document.querySelectorAll("svg.chart").length));
})();
