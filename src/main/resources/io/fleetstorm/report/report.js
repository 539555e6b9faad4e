// fleetstorm report charts, drawn with uPlot (inlined above, MIT licence) from the JSON in #report-data; no network.
// Over-time charts share one time axis over the whole run: drag to zoom (every chart follows), double-click to reset,
// hover for the values. Latency axes are logarithmic so that a ramp-up's seconds do not flatten a steady state's
// milliseconds. Axis labels that would touch their neighbour are left out.
(function () {
  "use strict";
  var started = performance.now();
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf",
                "#7f7f7f", "#bcbd22"];
  var FONT = "11px \"DejaVu Sans\", sans-serif";
  var LABEL_GAP = 6;
  var charts = [];
  var measure = document.createElement("canvas").getContext("2d");
  measure.font = FONT;

  // ---- numbers the way the summary writes them (report.Human, ValueKind.formatSeconds) ----
  function trim(x, digits) { return String(+x.toPrecision(digits)); }
  function duration(s) {
    if (s === 0) { return "0s"; }
    if (s < 1) { return Math.round(s * 1000) + "ms"; }
    if (s < 10) { return trim(Math.round(s * 10) / 10, 3) + "s"; }
    var t = Math.round(s), h = Math.floor(t / 3600), m = Math.floor(t / 60) % 60, sec = t % 60;
    return (h ? h + "h" : "") + (m ? m + "m" : "") + (sec || (!h && !m) ? sec + "s" : "");
  }
  function latency(ms) {
    if (ms == null) { return "-"; }
    var s = ms / 1000;
    if (s < 1e-3) { return trim(s * 1e6, 3) + "us"; }
    if (s < 1) { return trim(s * 1e3, 3) + "ms"; }
    return s >= 1000 ? Math.round(s) + "s" : trim(s, 3) + "s";
  }
  function count(n) { return n == null ? "-" : Math.round(n).toLocaleString("en-US"); }
  function rate(r) {
    if (r == null) { return "-"; }
    if (r >= 100) { return count(r) + "/s"; }
    if (r >= 1) { return trim(Math.round(r * 10) / 10, 4) + "/s"; }
    return r === 0 ? "0/s" : trim(r, 2) + "/s";
  }
  // x on the "nines" axis is log10(1 / (1 - p)): 1 = 90 %, 2 = 99 %, 3 = 99.9 %; one more decimal per nine
  function nines(x) {
    var p = 100 * (1 - Math.pow(10, -x));
    return String(+p.toFixed(Math.max(1, Math.floor(x + 1e-9)))) + "%";
  }

  // ---- label guard: keep a tick label only if it clears the last one kept ----
  function spaced(u, axisIdx, splits, labels) {
    var horizontal = axisIdx === 0, scale = horizontal ? "x" : "y";
    var lastEnd = -Infinity, out = [];
    for (var i = 0; i < splits.length; i++) {
      var text = labels[i];
      if (text == null || text === "") { out.push(null); continue; }
      var pos = u.valToPos(splits[i], scale);
      var half = horizontal ? measure.measureText(text).width / 2 : 7;
      var lo = pos - half, hi = pos + half;
      if (!horizontal) { var tmp = -hi; hi = -lo; lo = tmp; } // y grows downwards: walk up the axis
      if (lo < lastEnd + LABEL_GAP) { out.push(null); continue; }
      out.push(text);
      lastEnd = hi;
    }
    return out;
  }
  function axis(formatter, label, extra) {
    var a = {font: FONT, labelFont: FONT, stroke: "#444", grid: {stroke: "#eee"}, ticks: {stroke: "#ccc"},
             label: label, labelSize: 16, labelGap: 0};
    a.values = function (u, splits, axisIdx) {
      return spaced(u, axisIdx, splits, splits.map(function (v) { return v == null ? null : formatter(v); }));
    };
    for (var k in extra) { a[k] = extra[k]; }
    return a;
  }
  // a y axis as wide as its widest label (plus ticks and gap), so no label is cut
  function ySize(u, values) {
    var widest = 0;
    (values || []).forEach(function (v) { if (v) { widest = Math.max(widest, measure.measureText(v).width); } });
    return Math.ceil(widest) + 18;
  }
  // a log axis ticks at 1-2-5 steps; its labels must not hide the steady state's unit
  function logSplits(u, axisIdx, min, max) {
    var out = [];
    if (!(min > 0) || !(max > 0)) { return out; }
    for (var e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++) {
      [1, 2, 5].forEach(function (m) {
        var v = m * Math.pow(10, e);
        if (v >= min * 0.999 && v <= max * 1.001) { out.push(v); }
      });
    }
    return out;
  }

  // ---- chart boxes: one grid cell each, as wide as the cell ----
  function cell(container, title) {
    var fig = document.createElement("figure");
    fig.className = "chart";
    var cap = document.createElement("figcaption");
    cap.textContent = title;
    fig.appendChild(cap);
    container.appendChild(fig);
    return fig;
  }
  function size(fig) {
    return {width: Math.max(240, Math.floor(fig.clientWidth)), height: fig.clientWidth < 420 ? 200 : 240};
  }

  // ---- over time: x from 0 to the run's end, phases and outages marked ----
  var t = data.t, end = data.durationSeconds;
  var marks = (data.phases || []).map(function (p) { return {x: p.start, label: p.name, color: "#888"}; })
    .concat((data.events || []).map(function (e) { return {x: e.t, label: e.label, color: "#c62828"}; }));
  var syncing = false;

  function drawMarks(u) {
    var ctx = u.ctx, top = u.bbox.top, bottom = u.bbox.top + u.bbox.height, px = devicePixelRatio || 1;
    var placed = [];
    ctx.save();
    ctx.font = Math.round(10 * px) + "px \"DejaVu Sans\", sans-serif";
    ctx.textBaseline = "top";
    ctx.textAlign = "left";
    marks.forEach(function (m, i) {
      if (m.x < u.scales.x.min || m.x > u.scales.x.max) { return; }
      var x = Math.round(u.valToPos(m.x, "x", true));
      ctx.strokeStyle = m.color;
      ctx.setLineDash([3 * px, 3 * px]);
      ctx.beginPath(); ctx.moveTo(x, top); ctx.lineTo(x, bottom); ctx.stroke();
      // the label to the right of its line, on the first row where it touches no other label; none if none fits
      var w = ctx.measureText(m.label).width, right = u.bbox.left + u.bbox.width;
      if (x + 3 * px + w > right) { return; }
      for (var row = 0; row < 3; row++) {
        var y = top + (2 + row * 12) * px, free = placed.every(function (p) {
          return p.row !== row || x + 3 * px > p.end + 4 * px || x + 3 * px + w < p.start - 4 * px; });
        if (free) {
          ctx.fillStyle = m.color;
          ctx.fillText(m.label, x + 3 * px, y);
          placed.push({row: row, start: x + 3 * px, end: x + 3 * px + w});
          return;
        }
      }
    });
    ctx.restore();
  }

  function timeChart(container, title, series, values, opts) {
    var fig = cell(container, title);
    var sz = size(fig);
    var logY = opts && opts.log;
    var uSeries = [{label: "time", value: function (u, v) { return v == null ? "-" : duration(v); }}];
    series.forEach(function (s, i) {
      uSeries.push({label: s.name, stroke: COLORS[i % COLORS.length], width: 1.5, spanGaps: false,
                    paths: s.stepped === false ? undefined : uPlot.paths.stepped({align: 1}),
                    points: {show: false}, value: function (u, v) { return v == null ? "-" : s.format(v); }});
    });
    var yAxis = axis(opts.format, opts.unit, {size: ySize});
    if (logY) { yAxis.splits = logSplits; }
    var u = new uPlot({
      width: sz.width, height: sz.height,
      scales: {x: {time: false, range: function () { return [0, end]; }},
               y: logY ? {distr: 3, log: 10}
                 : {range: function (u, min, max) { return [0, max > 0 ? max * 1.08 : 1]; }}},
      series: uSeries,
      axes: [axis(duration, "time into the run", {space: 60}), yAxis],
      cursor: {sync: {key: "fleetstorm-time", setSeries: false}, drag: {x: true, y: false}, points: {size: 5}},
      legend: {live: true},
      hooks: {
        draw: [drawMarks],
        setScale: [function (u, key) {
          if (key !== "x" || syncing) { return; }
          syncing = true;
          charts.forEach(function (c) {
            if (c.time && c.u !== u) { c.u.setScale("x", {min: u.scales.x.min, max: u.scales.x.max}); }
          });
          syncing = false;
        }]
      }
    }, [t].concat(values), fig);
    charts.push({u: u, fig: fig, time: true});
  }

  var over = document.getElementById("over-time");
  if (t.length > 1) {
    if (data.connected) {
      timeChart(over, "connected devices", [{name: "connected", format: count, stepped: false}], [data.connected],
                {format: count, unit: "devices"});
    }
    timeChart(over, "messages per second", [
      {name: "sent", format: rate}, {name: "received", format: rate}, {name: "errors", format: rate}],
      [data.sentRate, data.receivedRate, data.errorRate], {format: rate, unit: "per second"});
    var opNames = Object.keys(data.ops);
    if (opNames.length) {
      timeChart(over, "completions per second", opNames.map(function (op) { return {name: op, format: rate}; }),
        opNames.map(function (op) { return data.ops[op].rate; }), {format: rate, unit: "per second"});
      timeChart(over, "p99 latency (corrected, log scale)", opNames.map(function (op) {
        return {name: op, format: latency}; }), opNames.map(function (op) { return data.ops[op].p99; }),
        {format: latency, unit: "latency", log: true});
    }
  }

  // ---- percentile distribution per group and operation, on the nines axis ----
  var dist = document.getElementById("distributions");
  data.distributions.forEach(function (d) {
    if (!d.x.length) { return; }
    var fig = cell(dist, d.tag + ": latency by percentile (" + count(d.count) + " samples)");
    var sz = size(fig);
    var xMax = d.x[d.x.length - 1];
    var ticks = [0, Math.log10(2), 1, 2, 3, 4, 5, 6].filter(function (x) { return x <= xMax + 1e-9; });
    var xAxis = axis(nines, "percentile", {splits: function () { return ticks; }, space: 40});
    var yAxis = axis(latency, "latency", {size: ySize, splits: logSplits});
    var u = new uPlot({
      width: sz.width, height: sz.height,
      scales: {x: {time: false, range: function () { return [0, xMax]; }}, y: {distr: 3, log: 10}},
      series: [{label: "percentile", value: function (u, v) { return v == null ? "-" : nines(v); }},
               {label: "corrected", stroke: COLORS[0], width: 1.5, points: {show: false},
                value: function (u, v) { return latency(v); }},
               {label: "service time", stroke: COLORS[1], width: 1.5, points: {show: false},
                value: function (u, v) { return latency(v); }}],
      axes: [xAxis, yAxis],
      cursor: {drag: {x: true, y: false}, points: {size: 5}},
      legend: {live: true}
    }, [d.x, d.corrected, d.service], fig);
    charts.push({u: u, fig: fig, time: false});
  });

  // follow the page's width (a phone turned, a window resized)
  var resizeTimer = 0;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () {
      charts.forEach(function (c) { var sz = size(c.fig); c.u.setSize({width: sz.width, height: sz.height}); });
    }, 100);
  });

  window.fleetstormCharts = charts;
  document.body.setAttribute("data-charts", String(charts.length));
  document.body.setAttribute("data-render-ms", String(Math.round(performance.now() - started)));
  document.body.setAttribute("data-rendered", "true");
})();
