// Runs every query of the given dashboards against a real Prometheus over a time window, as Grafana would send
// them, and fails unless each returns at least one series with at least one finite value.
// Usage: node live-check.mjs --prometheus URL --start EPOCH_S --end EPOCH_S [--scrape 1s] [--var NAME=VALUE]...
//        [--report OUT.json] DASHBOARD.json...
// Panel targets: query_range (instant targets: query at --end); query variables: the label values they list;
// annotations: query_range with their step. Unset variables take the "All" value (.*).
import { writeFileSync } from 'node:fs';
import { queriesOf, substitute, toSeconds } from './queries.mjs';

const args = parse(process.argv.slice(2));
const base = args.prometheus.replace(/\/$/, '');
const start = Number(args.start);
const end = Number(args.end);
const scrape = toSeconds(args.scrape ?? '1s');
// Grafana: $__interval = max(scrape interval, range / max data points), $__rate_interval = max($__interval +
// scrape interval, 4 x scrape interval); a panel about 1,000 px wide asks for about 1,000 points.
const step = Math.max(scrape, Math.ceil((end - start) / 1000));
const macros = {
    interval: `${step}s`,
    rateInterval: `${Math.max(step + scrape, 4 * scrape)}s`,
    range: `${Math.round(end - start)}s`,
    values: args.vars,
};

const results = [];
for (const file of args.files) {
    for (const q of queriesOf(file)) {
        const expr = substitute(q.expr ?? '', macros);
        const began = Date.now();
        let r;
        try {
            r = q.variable ? await labelValues(expr, q.label) : q.instant ? await instant(expr) : await range(expr);
        } catch (e) {
            r = { series: 0, finite: 0, error: String(e.message ?? e) };
        }
        const ok = !r.error && r.series > 0 && r.finite > 0;
        results.push({ file: q.file, where: q.where, expr, ok, ms: Date.now() - began, ...r });
        const what = r.error ? `ERROR ${r.error}` : q.variable ? `${r.series} values (${r.sample})`
            : `${r.series} series, ${r.finite} finite samples`;
        console.log(`${ok ? 'ok  ' : 'FAIL'} ${q.file} ${q.where}: ${what}`);
        if (!ok) {
            console.log(`       ${expr}`);
        }
    }
}
const failed = results.filter((r) => !r.ok);
console.log(`${results.length - failed.length} of ${results.length} queries returned data `
    + `(window ${macros.range}, step ${step}s, $__rate_interval ${macros.rateInterval})`);
if (args.report) {
    writeFileSync(args.report, JSON.stringify({ start, end, macros, results }, null, 1));
}
process.exit(failed.length ? 1 : 0);

async function get(path, params) {
    const url = `${base}${path}?${new URLSearchParams(params)}`;
    const response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
    const body = await response.json();
    if (body.status !== 'success') {
        throw new Error(`${response.status} ${body.errorType}: ${body.error}`);
    }
    return body.data;
}

async function range(expr) {
    const data = await get('/api/v1/query_range', { query: expr, start, end, step });
    return count(data.result.map((s) => s.values.map((v) => v[1])));
}

async function instant(expr) {
    const data = await get('/api/v1/query', { query: expr, time: end });
    const result = data.resultType === 'scalar' ? [{ value: data.result }] : data.result;
    return count(result.map((s) => [s.value[1]]));
}

async function labelValues(selector, label) {
    if (!label) {
        return instant(selector);
    }
    const values = await get(`/api/v1/label/${label}/values`, { 'match[]': selector, start, end });
    return { series: values.length, finite: values.length, sample: values.slice(0, 3).join(', ') };
}

function count(seriesValues) {
    const finite = seriesValues.flat().filter((v) => Number.isFinite(Number(v))).length;
    return { series: seriesValues.length, finite };
}

function parse(argv) {
    const a = { vars: {}, files: [] };
    for (let i = 0; i < argv.length; i++) {
        const k = argv[i];
        if (k === '--var') {
            const [name, ...value] = argv[++i].split('=');
            a.vars[name] = value.join('=');
        } else if (k.startsWith('--')) {
            a[k.slice(2)] = argv[++i];
        } else {
            a.files.push(k);
        }
    }
    if (!a.prometheus || !a.start || !a.end || a.files.length === 0) {
        console.error('usage: node live-check.mjs --prometheus URL --start EPOCH_S --end EPOCH_S [--scrape 1s] '
            + '[--var NAME=VALUE]... [--report OUT.json] DASHBOARD.json...');
        process.exit(2);
    }
    return a;
}
