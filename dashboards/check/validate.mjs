// Validates dashboards against Grafana's own types turned into JSON Schemas (gen-schemas.mjs), plus the rules a
// schema cannot say: unique ids and refIds, panels inside the 24-column grid, every variable used is defined, no
// nulls, schemaVersion >= 36, and every fleetstorm run series filtered on $scenario and $run (and $group when it
// has a per-group label).
// Usage: node validate.mjs SCHEMA_DIR DASHBOARD.json...      exit 1 on any finding
import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { queriesOf, readDashboard } from './queries.mjs';

const [schemaDir, ...files] = process.argv.slice(2);
if (!schemaDir || files.length === 0) {
    console.error('usage: node validate.mjs SCHEMA_DIR DASHBOARD.json...');
    process.exit(2);
}
const ajv = new Ajv({ allErrors: true, strict: false });
const schema = (name) => ajv.compile(JSON.parse(readFileSync(join(schemaDir, `${name}.json`), 'utf8')));
const dashboardSchema = schema('Dashboard');
const panelSchema = schema('Panel');
const rowSchema = schema('RowPanel');
const variableSchema = schema('VariableModel');
const annotationSchema = schema('AnnotationQuery');
const querySchema = schema('prometheus.Dataquery');
const optionSchemas = {};
const fieldSchemas = {};
for (const type of ['timeseries', 'stat', 'bargauge']) {
    optionSchemas[type] = optionalOnly(type, 'Options');
}
fieldSchemas.timeseries = optionalOnly('timeseries', 'FieldConfig');

// Prometheus annotations keep their query at the top level (Grafana's AnnotationQuery type leaves them out).
const PROMETHEUS_ANNOTATION_KEYS = ['expr', 'step', 'titleFormat', 'textFormat', 'tagKeys', 'useValueForTime'];
// Series without a per-group label: fleet-wide gauges (group="all"), generator, run and capacity-search series, the
// hub's own.
const NO_GROUP = /^fleetstorm_(devices_connected|devices_target|operations_in_flight|generator_|run_|capacity_)/;

let findings = 0;
for (const file of files) {
    const name = basename(file);
    const report = (where, message) => {
        findings++;
        console.log(`${name}: ${where}: ${message}`);
    };
    const d = readDashboard(file);
    // the dashboard level here; panels, variables and annotations one by one below (clearer than anyOf errors)
    checkSchema(dashboardSchema, { ...d, panels: [], templating: { list: [] }, annotations: { list: [] } },
        'dashboard', report);
    nulls(d, '', report);
    if (!(d.schemaVersion >= 36)) {
        report('schemaVersion', `must be >= 36, but was ${d.schemaVersion}`);
    }
    const defined = new Set((d.templating?.list ?? []).map((v) => v.name));
    (d.templating?.list ?? []).forEach((v) => checkSchema(variableSchema, v, `variable $${v.name}`, report));
    (d.annotations?.list ?? []).forEach((a) => {
        const rest = { ...a };
        PROMETHEUS_ANNOTATION_KEYS.forEach((k) => delete rest[k]);
        checkSchema(annotationSchema, rest, `annotation "${a.name}"`, report);
        if (a.expr !== undefined && (typeof a.expr !== 'string' || a.expr.trim() === '')) {
            report(`annotation "${a.name}"`, 'expr must be a non-empty string');
        }
    });
    const ids = new Set();
    for (const p of d.panels ?? []) {
        const where = `panel ${p.id} "${p.title}"`;
        checkSchema(p.type === 'row' ? rowSchema : panelSchema, p, where, report);
        if (ids.has(p.id)) {
            report(where, 'duplicate panel id');
        }
        ids.add(p.id);
        const g = p.gridPos ?? {};
        if (!(g.w > 0 && g.h > 0 && g.x >= 0 && g.y >= 0 && g.x + g.w <= 24)) {
            report(where, `gridPos must lie inside 24 columns, but was ${JSON.stringify(g)}`);
        }
        if (p.type === 'row') {
            continue;
        }
        if (optionSchemas[p.type]) {
            checkSchema(optionSchemas[p.type], p.options ?? {}, `${where} options`, report);
        } else {
            report(where, `panel type ${p.type} is not one the checks know (timeseries, stat, bargauge)`);
        }
        if (fieldSchemas[p.type]) {
            checkSchema(fieldSchemas[p.type], p.fieldConfig?.defaults?.custom ?? {}, `${where} fieldConfig.custom`,
                report);
        }
        const refIds = new Set();
        if (!(p.targets?.length > 0)) {
            report(where, 'has no queries');
        }
        for (const t of p.targets ?? []) {
            checkSchema(querySchema, t, `${where} target ${t.refId}`, report);
            if (refIds.has(t.refId)) {
                report(where, `duplicate refId ${t.refId}`);
            }
            refIds.add(t.refId);
        }
        for (const ref of JSON.stringify(p.datasource ?? {}).match(/\$\{?(\w+)/g) ?? []) {
            if (!defined.has(ref.replace(/[${]/g, ''))) {
                report(where, `datasource uses ${ref}, which no variable defines`);
            }
        }
    }
    for (const q of queriesOf(file)) {
        if (typeof q.expr !== 'string' || q.expr.trim() === '') {
            report(q.where, 'empty query');
            continue;
        }
        for (const m of q.expr.matchAll(/\$\{?(\w+)\}?|\[\[(\w+)\]\]/g)) {
            const v = m[1] ?? m[2];
            if (!v.startsWith('__') && !defined.has(v)) {
                report(q.where, `uses $${v}, which no variable defines`);
            }
        }
        // a variable's query filters on the variables before it; every other query on all of them
        const names = [...defined];
        filters(q, q.variable ? new Set(names.slice(0, names.indexOf(q.variable))) : defined, report);
    }
}
console.log(findings ? `${findings} findings in ${files.length} dashboards` : `${files.length} dashboards valid`);
process.exit(findings ? 1 : 0);

/** Every fleetstorm_* selector filters on the dashboard's run variables (hub series: on $hub). */
function filters(q, defined, report) {
    for (const m of q.expr.matchAll(/\b(fleetstorm_\w+)(\{[^}]*\})?/g)) {
        const [, metric, matchers = ''] = m;
        const need = [];
        if (metric.startsWith('fleetstorm_hub_')) {
            need.push('hub');
        } else {
            need.push('scenario', 'run');
            if (!NO_GROUP.test(metric)) {
                need.push('group');
            }
        }
        for (const v of need.filter((x) => defined.has(x))) {
            if (!new RegExp(`\\b${v}\\s*=~\\s*"\\$${v}"`).test(matchers)) {
                report(q.where, `${metric} is not filtered on ${v}=~"$${v}"`);
            }
        }
    }
}

function checkSchema(validate, value, where, report) {
    if (!validate(value)) {
        for (const e of validate.errors) {
            const extra = e.params?.additionalProperty ? ` (${e.params.additionalProperty})`
                : e.params?.allowedValues ? ` (one of ${e.params.allowedValues.join(', ')})` : '';
            report(where, `${e.instancePath || '/'} ${e.message}${extra}`);
        }
    }
}

function nulls(value, path, report) {
    if (value === null) {
        report(path || '/', 'null (Grafana exports them; the model here has none)');
    } else if (typeof value === 'object') {
        for (const [k, v] of Object.entries(value)) {
            nulls(v, `${path}/${k}`, report);
        }
    }
}

/** Panel options as Grafana stores them: every field optional, since Grafana fills in the defaults. */
function optionalOnly(type, name) {
    const s = JSON.parse(readFileSync(join(schemaDir, `${type}.${name}.json`), 'utf8'));
    const strip = (node) => {
        if (node && typeof node === 'object') {
            delete node.required;
            Object.values(node).forEach(strip);
        }
    };
    strip(s);
    return ajv.compile(s);
}
