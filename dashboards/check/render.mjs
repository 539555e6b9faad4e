// Renders a dashboard's layout with real data into one self-contained HTML page (Chart.js inlined, data embedded),
// for a headless-Chromium screenshot where no Grafana can run. It is an approximation of Grafana: panels at their
// gridPos, time series as lines, stats as numbers, bar gauges as bars, phase annotations as shaded bands.
// Usage: node render.mjs DASHBOARD.json OUT.html --prometheus URL --start EPOCH_S --end EPOCH_S [--scrape 1s]
//        [--var NAME=VALUE]... [--width 1400]
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { allPanels, readDashboard, substitute, toSeconds } from './queries.mjs';

const argv = process.argv.slice(2);
const [dashboardFile, out] = argv;
const opt = { vars: {} };
for (let i = 2; i < argv.length; i++) {
    if (argv[i] === '--var') {
        const [k, ...v] = argv[++i].split('=');
        opt.vars[k] = v.join('=');
    } else {
        opt[argv[i].slice(2)] = argv[++i];
    }
}
if (!dashboardFile || !out || !opt.prometheus || !opt.start || !opt.end) {
    console.error('usage: node render.mjs DASHBOARD.json OUT.html --prometheus URL --start EPOCH_S --end EPOCH_S '
        + '[--scrape 1s] [--var NAME=VALUE]... [--width 1400]');
    process.exit(2);
}
const base = opt.prometheus.replace(/\/$/, '');
const start = Number(opt.start);
const end = Number(opt.end);
const scrape = toSeconds(opt.scrape ?? '1s');
const step = Math.max(scrape, Math.ceil((end - start) / 1000));
const macros = { interval: `${step}s`, rateInterval: `${Math.max(step + scrape, 4 * scrape)}s`,
    range: `${Math.round(end - start)}s`, values: opt.vars };

const dashboard = readDashboard(dashboardFile);
const panels = [];
for (const p of allPanels(dashboard)) {
    const panel = { type: p.type, title: p.title, gridPos: p.gridPos, unit: p.fieldConfig?.defaults?.unit ?? 'short',
        thresholds: p.fieldConfig?.defaults?.thresholds?.steps ?? [], textMode: p.options?.textMode, series: [] };
    for (const t of p.targets ?? []) {
        const expr = substitute(t.expr, macros);
        const result = t.instant ? await query('/api/v1/query', { query: expr, time: end })
            : await query('/api/v1/query_range', { query: expr, start, end, step });
        for (const s of result) {
            const points = (s.values ?? [s.value]).map(([ts, v]) => [Number(ts) - start, Number(v)]);
            panel.series.push({ name: legend(t.legendFormat, s.metric), points });
        }
    }
    panels.push(panel);
}
const phases = [];
for (const a of dashboard.annotations?.list ?? []) {
    if (a.expr && a.enable) {
        for (const s of await query('/api/v1/query_range', { query: substitute(a.expr, macros), start, end,
            step })) {
            const t = s.values.map(([ts]) => Number(ts) - start);
            phases.push({ name: s.metric.phase ?? legend(a.titleFormat, s.metric), from: Math.min(...t),
                to: Math.max(...t) + step });
        }
    }
}
// the package's exports map hides the UMD build from require.resolve; it sits in node_modules beside this script
const chartJs = readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'node_modules', 'chart.js', 'dist',
    'chart.umd.min.js'), 'utf8');
const model = { title: dashboard.title, vars: opt.vars, start, end, width: Number(opt.width ?? 1400), panels, phases };
writeFileSync(out, page(model, chartJs));
console.log(`rendered ${panels.length} panels, ${panels.reduce((n, p) => n + p.series.length, 0)} series -> ${out}`);

async function query(path, params) {
    const response = await fetch(`${base}${path}?${new URLSearchParams(params)}`,
        { signal: AbortSignal.timeout(30_000) });
    const body = await response.json();
    if (body.status !== 'success') {
        throw new Error(`${params.query}: ${body.error}`);
    }
    return body.data.result;
}

function legend(format, metric) {
    return (format ?? '').replace(/\{\{\s*(\w+)\s*\}\}/g, (_, k) => metric[k] ?? '') || JSON.stringify(metric);
}

function page(m, lib) {
    const data = JSON.stringify(m).replace(/</g, '\\u003c');
    return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${escape(m.title)}</title>
<style>
body { margin: 0; background: #111217; color: #ccccdc; font: 13px "DejaVu Sans", sans-serif; }
header { padding: 10px 16px; border-bottom: 1px solid #2c2d33; }
header h1 { font-size: 17px; margin: 0 0 4px 0; color: #fff; font-weight: 500; }
header span { margin-right: 18px; color: #8e8e9e; }
header b { color: #d8d9e0; font-weight: 500; }
#grid { position: relative; margin: 8px; }
.panel { position: absolute; box-sizing: border-box; background: #181b1f; border: 1px solid #2c2d33; border-radius: 3px;
  padding: 6px 8px; display: flex; flex-direction: column; overflow: hidden; }
.panel h2 { font-size: 13px; font-weight: 500; margin: 0 0 4px 0; color: #d8d9e0; white-space: nowrap; }
.row { position: absolute; font-size: 15px; color: #fff; padding-top: 6px; }
.chart { flex: 1; position: relative; min-height: 0; }
.stat { flex: 1; display: flex; align-items: center; justify-content: center; font-size: 30px; font-weight: 500; }
.stat small { font-size: 13px; color: #8e8e9e; margin-left: 8px; }
.bar { display: flex; align-items: center; margin: 3px 0; }
.bar span { width: 35%; color: #ccccdc; } .bar div { height: 14px; background: linear-gradient(90deg, #3274d9, #73bf69); }
.bar b { margin-left: 6px; font-weight: 500; }
.empty { color: #f2495c; }
</style></head>
<body><header><h1>${escape(m.title)}</h1><div id="vars"></div></header><div id="grid"></div>
<script>${lib}</script>
<script>
const m = ${data};
const ROW = 30, W = m.width - 16, COLORS = ['#73bf69', '#f2cc0c', '#8ab8ff', '#ff780a', '#f2495c', '#5794f2',
  '#b877d9', '#705da0', '#37872d', '#fade2a', '#c4162a', '#1f60c4', '#8f3bb8', '#96d98d', '#ffb357'];
function fmt(v, unit) {
  if (!Number.isFinite(v)) return '-';
  const a = Math.abs(v), p = (x, d) => Number(x.toPrecision(d ?? 3));
  switch (unit) {
    case 's': return a === 0 ? '0' : a < 1e-3 ? p(v * 1e6) + ' µs' : a < 1 ? p(v * 1e3) + ' ms' : p(v) + ' s';
    case 'percentunit': return p(v * 100) + '%';
    case 'bytes': case 'Bps': { const u = ['B', 'KiB', 'MiB', 'GiB']; let i = 0, x = v;
      while (Math.abs(x) >= 1024 && i < 3) { x /= 1024; i++; } return p(x) + ' ' + u[i] + (unit === 'Bps' ? '/s' : ''); }
    case 'reqps': return p(v) + '/s';
    default: return a >= 1e6 ? p(v / 1e6) + ' M' : a >= 1e3 ? p(v / 1e3) + ' K' : String(p(v, 4));
  }
}
function mmss(t) { t = Math.round(t); return Math.floor(t / 60) + ':' + String(t % 60).padStart(2, '0'); }
function color(p, v) {
  let c = '#73bf69';
  for (const s of p.thresholds) if (v >= s.value) c = s.color === 'transparent' ? c : s.color;
  return ({ green: '#73bf69', orange: '#ff9830', red: '#f2495c' })[c] ?? c;
}
const phaseBands = { id: 'phases', beforeDatasetsDraw(chart) {
  const { ctx, chartArea: a, scales: { x } } = chart;
  m.phases.forEach((ph, i) => {
    const l = Math.max(a.left, x.getPixelForValue(ph.from)), r = Math.min(a.right, x.getPixelForValue(ph.to));
    ctx.save(); ctx.fillStyle = i % 2 ? 'rgba(255,152,48,0.07)' : 'rgba(138,184,255,0.07)';
    ctx.fillRect(l, a.top, r - l, a.bottom - a.top); ctx.fillStyle = '#8e8e9e'; ctx.font = '10px DejaVu Sans';
    ctx.fillText(ph.name, l + 3, a.top + 10); ctx.restore(); });
} };
document.getElementById('vars').innerHTML = Object.entries(m.vars).map(([k, v]) => '<span>' + k + ' <b>' + v + '</b></span>')
  .join('') + '<span>window <b>' + new Date(m.start * 1000).toISOString().slice(0, 19).replace('T', ' ') + ' UTC + '
  + mmss(m.end - m.start) + '</b></span>';
const grid = document.getElementById('grid');
let bottom = 0, drawn = 0, empty = 0;
for (const p of m.panels) {
  const g = p.gridPos, el = document.createElement('div');
  el.style.left = (g.x / 24 * W) + 'px'; el.style.top = (g.y * ROW) + 'px'; el.style.width = (g.w / 24 * W - 6) + 'px';
  el.style.height = (g.h * ROW - 6) + 'px'; bottom = Math.max(bottom, (g.y + g.h) * ROW);
  grid.appendChild(el);
  if (p.type === 'row') { el.className = 'row'; el.textContent = p.title; continue; }
  el.className = 'panel'; el.innerHTML = '<h2></h2>'; el.firstChild.textContent = p.title;
  if (p.series.length === 0) { el.insertAdjacentHTML('beforeend', '<div class="stat empty">No data</div>'); empty++; continue; }
  if (p.type === 'timeseries') {
    const box = document.createElement('div'); box.className = 'chart'; el.appendChild(box);
    const canvas = document.createElement('canvas'); box.appendChild(canvas);
    new Chart(canvas, { type: 'line', plugins: [phaseBands],
      data: { datasets: p.series.map((s, i) => ({ label: s.name, data: s.points.map(([x, y]) => ({ x, y: Number.isFinite(y) ? y : null })),
        borderColor: COLORS[i % COLORS.length], backgroundColor: COLORS[i % COLORS.length], borderWidth: 1.3,
        pointRadius: 0, spanGaps: false })) },
      options: { animation: false, responsive: true, maintainAspectRatio: false, parsing: false,
        scales: { x: { type: 'linear', min: 0, max: m.end - m.start, ticks: { color: '#8e8e9e', callback: mmss, maxTicksLimit: 8 },
          grid: { color: '#2c2d33' } },
          y: { beginAtZero: true, ticks: { color: '#8e8e9e', callback: (v) => fmt(v, p.unit), maxTicksLimit: 5 }, grid: { color: '#2c2d33' } } },
        plugins: { legend: { position: 'bottom', labels: { color: '#ccccdc', boxWidth: 10, boxHeight: 2, font: { size: 10 } } } } } });
  } else if (p.type === 'stat') {
    const last = (s) => { const f = s.points.filter(([, v]) => Number.isFinite(v)); return f.length ? f[f.length - 1][1] : NaN; };
    const s = p.series[0], v = last(s), div = document.createElement('div'); div.className = 'stat';
    div.textContent = p.textMode === 'name' ? p.series.reduce((a, b) => (last(b) >= last(a) && b.points.at(-1)[0] >= a.points.at(-1)[0] ? b : a)).name : fmt(v, p.unit);
    div.style.color = p.textMode === 'name' ? '#8ab8ff' : color(p, v);
    if (p.series.length > 1 && p.textMode !== 'name') {
      div.innerHTML = p.series.map((x) => fmt(last(x), p.unit) + '<small>' + x.name + '</small>').join('&nbsp; ');
    }
    el.appendChild(div);
  } else if (p.type === 'bargauge') {
    const max = Math.max(...p.series.map((s) => s.points[0][1]));
    for (const s of p.series) {
      const v = s.points[0][1], row = document.createElement('div'); row.className = 'bar';
      row.innerHTML = '<span></span><div style="width:' + (50 * v / max) + '%"></div><b>' + fmt(v, p.unit) + '</b>';
      row.firstChild.textContent = s.name; el.appendChild(row);
    }
  }
  drawn++;
}
grid.style.height = bottom + 'px';
document.body.dataset.panels = String(drawn);
document.body.dataset.empty = String(empty);
document.body.dataset.rendered = 'true';
</script></body></html>
`;
}

function escape(s) {
    return String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
}
