// Every PromQL expression of a dashboard (panel targets, query variables, Prometheus annotations) and the Grafana
// macro substitution the checks share.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

export function readDashboard(path) {
    return JSON.parse(readFileSync(path, 'utf8'));
}

/** Panels in layout order, rows' nested panels included. */
export function allPanels(dashboard) {
    const out = [];
    for (const p of dashboard.panels ?? []) {
        out.push(p);
        for (const nested of p.panels ?? []) {
            out.push(nested);
        }
    }
    return out;
}

/**
 * [{file, where, expr, instant, variable}] for one dashboard file. label_values(metric{...}, label) becomes the
 * series selector it reads (with the label it needs in `label`); a variable query of another form is kept as is.
 */
export function queriesOf(path) {
    const d = readDashboard(path);
    const file = basename(path);
    const out = [];
    for (const p of allPanels(d)) {
        for (const t of p.targets ?? []) {
            out.push({ file, where: `panel ${p.id} "${p.title}" ${t.refId}`, expr: t.expr, instant: Boolean(t.instant),
                legend: t.legendFormat ?? '' });
        }
    }
    for (const v of d.templating?.list ?? []) {
        if (v.type !== 'query') {
            continue;
        }
        const text = typeof v.query === 'string' ? v.query : v.query?.query ?? '';
        const m = /^\s*label_values\(\s*(.+?)\s*,\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\)\s*$/s.exec(text);
        const qr = /^\s*query_result\(\s*(.+)\s*\)\s*$/s.exec(text);
        out.push({ file, where: `variable $${v.name}`, expr: m ? m[1] : qr ? qr[1] : text, variable: v.name,
            label: m ? m[2] : null, instant: true });
    }
    for (const a of d.annotations?.list ?? []) {
        if (a.expr) {
            out.push({ file, where: `annotation "${a.name}"`, expr: a.expr, instant: false });
        }
    }
    return out;
}

/** The variables a dashboard defines, by name. */
export function variablesOf(path) {
    return new Set((readDashboard(path).templating?.list ?? []).map((v) => v.name));
}

/**
 * Replaces Grafana's macros and variables as Grafana would before sending the query: $__rate_interval,
 * $__interval, $__range (and their _s/_ms forms) by durations, and $var / ${var} / [[var]] by the given values
 * (default .*, the "All" value of every variable here).
 */
export function substitute(expr, { interval = '15s', rateInterval = '1m', range = '15m', values = {} } = {}) {
    const seconds = (d) => String(toSeconds(d));
    let e = expr
        .replaceAll('$__rate_interval_ms', String(toSeconds(rateInterval) * 1000))
        .replaceAll('$__rate_interval', rateInterval)
        .replaceAll('$__interval_ms', String(toSeconds(interval) * 1000))
        .replaceAll('$__interval', interval)
        .replaceAll('$__range_ms', String(toSeconds(range) * 1000))
        .replaceAll('$__range_s', seconds(range))
        .replaceAll('$__range', range);
    e = e.replace(/\$\{(\w+)(?::\w+)?\}|\[\[(\w+)\]\]|\$(\w+)/g, (all, a, b, c) => {
        const name = a ?? b ?? c;
        return name in values ? values[name] : '.*';
    });
    return e;
}

export function toSeconds(duration) {
    const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(duration);
    if (!m) {
        throw new Error(`not a duration: ${duration}`);
    }
    return Number(m[1]) * { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 }[m[2]];
}
