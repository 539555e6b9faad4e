// Building blocks of the fleetstorm dashboards: the Grafana JSON model (schemaVersion 39, no nulls) written once, so
// the four dashboards in generate.mjs read as a list of panels and their PromQL.

export const DS = { type: 'prometheus', uid: '${datasource}' };

/** The filter every run series carries; group only where the series has a per-group label. */
export const RUN = 'scenario=~"$scenario", run=~"$run"';
export const RUN_GROUP = `${RUN}, group=~"$group"`;

/** Dashboard-wide state while panels are added: ids and the grid cursor. */
export class Layout {
    constructor() {
        this.panels = [];
        this.nextId = 1;
        this.x = 0;
        this.y = 0;
        this.rowHeight = 0;
    }

    row(title) {
        this.newLine();
        this.panels.push({ id: this.nextId++, type: 'row', title, collapsed: false, panels: [],
            gridPos: { h: 1, w: 24, x: 0, y: this.y } });
        this.y += 1;
    }

    add(panel, w, h) {
        if (this.x + w > 24) {
            this.newLine();
        }
        panel.id = this.nextId++;
        panel.gridPos = { h, w, x: this.x, y: this.y };
        this.x += w;
        this.rowHeight = Math.max(this.rowHeight, h);
        this.panels.push(panel);
    }

    newLine() {
        if (this.x > 0) {
            this.y += this.rowHeight;
        }
        this.x = 0;
        this.rowHeight = 0;
    }
}

/** A Prometheus target; refIds A, B, ... in order. */
export function q(expr, legendFormat, extra = {}) {
    return { expr, legendFormat, ...extra };
}

function targets(queries, instant) {
    return queries.map((t, i) => ({
        refId: String.fromCharCode(65 + i),
        datasource: DS,
        editorMode: 'code',
        range: !instant,
        instant,
        ...t,
    }));
}

/** A time series panel; {unit, min, max, stack, thresholds, overrides, description} are optional. */
export function timeseries(title, queries, o = {}) {
    const defaults = {
        unit: o.unit ?? 'short',
        color: { mode: 'palette-classic' },
        custom: {
            drawStyle: 'line', lineInterpolation: 'linear', lineWidth: 1, fillOpacity: o.fill ?? 10,
            showPoints: 'never', spanNulls: false, axisPlacement: 'auto', axisSoftMin: 0,
            stacking: { mode: o.stack ? 'normal' : 'none', group: 'A' },
            thresholdsStyle: { mode: o.thresholds ? 'line+area' : 'off' },
        },
    };
    if (o.min !== undefined) defaults.min = o.min;
    if (o.max !== undefined) defaults.max = o.max;
    if (o.thresholds) defaults.thresholds = thresholds(o.thresholds);
    return {
        type: 'timeseries', title, description: o.description ?? '', datasource: DS,
        fieldConfig: { defaults, overrides: o.overrides ?? [] },
        options: {
            legend: { displayMode: o.table ? 'table' : 'list', placement: 'bottom', showLegend: true,
                calcs: o.table ? ['lastNotNull', 'max'] : [] },
            tooltip: { mode: 'multi', sort: 'desc' },
        },
        targets: targets(queries, false),
    };
}

/** A single-value panel over the dashboard's time range (last value, or the instant value with instant: true). */
export function stat(title, queries, o = {}) {
    const defaults = { unit: o.unit ?? 'short', color: { mode: 'thresholds' },
        thresholds: thresholds(o.thresholds ?? [['green']]) };
    if (o.decimals !== undefined) defaults.decimals = o.decimals;
    return {
        type: 'stat', title, description: o.description ?? '', datasource: DS,
        fieldConfig: { defaults, overrides: [] },
        options: {
            reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
            orientation: 'auto', textMode: o.textMode ?? 'auto', colorMode: 'value', graphMode: o.graph ? 'area' : 'none',
            justifyMode: 'auto', wideLayout: true, showPercentChange: false,
        },
        targets: targets(queries, Boolean(o.instant)),
    };
}

/** Horizontal bars, one per query result (the OTA funnel). */
export function bars(title, queries, o = {}) {
    return {
        type: 'bargauge', title, description: o.description ?? '', datasource: DS,
        fieldConfig: { defaults: { unit: o.unit ?? 'short', min: 0, color: { mode: 'palette-classic' },
            thresholds: thresholds([['green']]) }, overrides: [] },
        options: {
            reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
            orientation: 'horizontal', displayMode: 'gradient', valueMode: 'color', namePlacement: 'auto',
            showUnfilled: true, sizing: 'auto', minVizHeight: 16, minVizWidth: 8, maxVizHeight: 300,
        },
        targets: targets(queries, true),
    };
}

/**
 * Threshold steps [[color], [color, value], ...]. Grafana exports the base step as value null and reads it as
 * -Infinity whatever it holds; 0 keeps the files free of nulls (every value shown here is >= 0).
 */
function thresholds(steps) {
    return { mode: 'absolute', steps: steps.map(([color, value]) => ({ color, value: value ?? 0 })) };
}

/** histogram_quantile of a latency histogram, aggregated across generator instances. */
export function quantile(phi, metric, filter, by = 'operation') {
    const keep = by ? `le, ${by}` : 'le';
    return `histogram_quantile(${phi}, sum by (${keep}) (rate(${metric}_bucket{${filter}}[$__rate_interval])))`;
}

export const datasourceVariable = {
    name: 'datasource', label: 'Prometheus', type: 'datasource', query: 'prometheus', hide: 0,
    current: { text: 'Prometheus', value: 'fleetstorm-prometheus' }, refresh: 1, regex: '', skipUrlSync: false,
    includeAll: false, multi: false, options: [],
};

/** A query variable; all: true adds an "All" option matching every value (.*). */
export function queryVariable(name, label, query, o = {}) {
    const v = {
        name, label, type: 'query', datasource: DS, query, refresh: 2, sort: 1, regex: '',
        hide: 0, skipUrlSync: false, includeAll: Boolean(o.all), multi: Boolean(o.multi), options: [],
        current: o.all ? { text: 'All', value: '$__all' } : { text: '', value: '' },
    };
    if (o.all) v.allValue = '.*';
    return v;
}

const grafanaAnnotations = {
    builtIn: 1, datasource: { type: 'grafana', uid: '-- Grafana --' }, enable: true, hide: true,
    iconColor: 'rgba(0, 211, 255, 1)', name: 'Annotations & Alerts', type: 'dashboard',
};

/** A region per run phase: fleetstorm_run_phase_info is 1 while the phase lasts and gone afterwards. */
export const phaseAnnotation = {
    datasource: DS, enable: true, hide: false, iconColor: 'rgba(255, 152, 48, 0.5)', name: 'Run phases',
    expr: `max by (scenario, run, phase) (fleetstorm_run_phase_info{${RUN}})`,
    step: '1s', titleFormat: 'phase {{phase}}', textFormat: '{{scenario}} / {{run}}', tagKeys: 'phase',
    useValueForTime: false,
};

export function dashboard(uid, title, description, variables, layout, annotations = [phaseAnnotation]) {
    return {
        uid, title, description, tags: ['fleetstorm'], editable: true, graphTooltip: 1, liveNow: false,
        fiscalYearStartMonth: 0, weekStart: '', timezone: 'browser', refresh: '10s', schemaVersion: 39, version: 1,
        time: { from: 'now-30m', to: 'now' },
        timepicker: { refresh_intervals: ['5s', '10s', '30s', '1m', '5m'] },
        links: [{ title: 'fleetstorm', type: 'dashboards', tags: ['fleetstorm'], asDropdown: true, includeVars: true,
            keepTime: true, icon: 'external link', targetBlank: false, tooltip: '', url: '' }],
        annotations: { list: [grafanaAnnotations, ...annotations] },
        templating: { list: [datasourceVariable, ...variables] },
        panels: layout.panels,
    };
}
