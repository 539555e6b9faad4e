// Writes the fleetstorm Grafana dashboards (dashboards/*.json) from the panel lists below.
//   node dashboards/src/generate.mjs           # rewrite the JSON files
//   node dashboards/src/generate.mjs --check   # exit 1 if a committed file differs from what this script writes
// Metric names come from io.fleetstorm.metrics.MetricNames (run series) and the embedded hub's fleetstorm_hub_*
// series. Every query aggregates across generator instances (sum/max without instance).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
    Layout, RUN, RUN_GROUP, bars, dashboard, q, quantile, queryVariable, stat, timeseries,
} from './panels.mjs';

const LAT = 'fleetstorm_operation_latency_seconds';
const SVC = 'fleetstorm_operation_service_time_seconds';
const LAG = 'fleetstorm_generator_event_loop_lag_seconds';
const RATE = '[$__rate_interval]';
const OPS = `${RUN_GROUP}, operation=~"$operation"`;

/** A percentile of everything recorded so far (the cumulative buckets, no rate window). */
function cumulative(phi, filter, by) {
    return `histogram_quantile(${phi}, sum by (${by ? `le, ${by}` : 'le'}) (${LAT}_bucket{${filter}}))`;
}

const scenario = queryVariable('scenario', 'Scenario', 'label_values(fleetstorm_run_elapsed_seconds, scenario)');
const run = queryVariable('run', 'Run', 'label_values(fleetstorm_run_elapsed_seconds{scenario=~"$scenario"}, run)',
    { all: true, multi: true });
const group = queryVariable('group', 'Group',
    `label_values(fleetstorm_connect_attempts_total{${RUN}}, group)`, { all: true, multi: true });
const operation = queryVariable('operation', 'Operation',
    `label_values(${LAT}_count{${RUN_GROUP}}, operation)`, { all: true, multi: true });

function fleetOverview() {
    const l = new Layout();
    l.row('Fleet');
    l.add(stat('Connected devices', [q(`sum(fleetstorm_devices_connected{${RUN}, group="all"})`, 'connected')],
        { description: 'Devices connected now, all groups and generators.' }), 4, 4);
    l.add(stat('Target', [q(`sum(fleetstorm_devices_target{${RUN}, group="all"})`, 'target')],
        { description: 'Devices the current phase aims at.' }), 4, 4);
    // the phase seen last in the time range: a finished phase's series goes stale, so a plain last value would list
    // every phase of the range
    l.add(stat('Phase', [q('topk(1, last_over_time(timestamp(max by (phase) '
        + `(fleetstorm_run_phase_info{${RUN}}))[$__range:$__interval]))`, '{{phase}}')],
    { textMode: 'name', instant: true, description: 'The phase the run is in (or ended in).' }), 4, 4);
    l.add(stat('Messages sent/s', [q(`sum(rate(fleetstorm_messages_sent_total{${RUN_GROUP}}${RATE}))`, 'sent')],
        { unit: 'reqps', graph: true }), 4, 4);
    l.add(stat('Errors per operation', [q(`sum(rate(fleetstorm_errors_total{${RUN_GROUP}}${RATE})) / `
        + `sum(rate(${LAT}_count{${RUN_GROUP}}${RATE}))`, 'errors')],
        { unit: 'percentunit', decimals: 2, thresholds: [['green'], ['orange', 0.001], ['red', 0.01]],
            description: 'Errors of every kind divided by completed operations.' }), 4, 4);
    l.add(stat('Elapsed', [q(`max(fleetstorm_run_elapsed_seconds{${RUN}})`, 'elapsed')], { unit: 's' }), 4, 4);
    l.add(timeseries('Connected devices vs target', [
        q(`sum(fleetstorm_devices_connected{${RUN}, group="all"})`, 'connected'),
        q(`sum(fleetstorm_devices_target{${RUN}, group="all"})`, 'target'),
    ], { description: 'Fleet-wide gauges (the engine reports them for all groups together).', fill: 0 }), 12, 8);
    l.add(timeseries('Connects/s and refusals by CONNACK code', [
        q(`sum(rate(fleetstorm_connect_attempts_total{${RUN_GROUP}}${RATE}))`, 'CONNECT sent'),
        q(`sum(rate(fleetstorm_connects_ok_total{${RUN_GROUP}}${RATE}))`, 'accepted (0x00)'),
        q(`sum by (reason) (rate(fleetstorm_errors_total{${RUN_GROUP}, kind="connect"}${RATE}))`,
            'failed {{reason}}'),
    ], { unit: 'reqps', fill: 0, description: 'Failed attempts by cause: connack_0xNN for a CONNACK refusal (0x01 '
        + 'protocol, 0x02 keep-alive, 0x03 identity/signature/rate, 0x04 expired, 0x05 disabled), refused, reset, '
        + 'timeout, tls, connack_timeout, closed_before_connack. Each is retried with the SDK back-off.' }), 12, 8);

    l.row('Throughput');
    l.add(timeseries('Messages sent by behaviour and QoS', [
        q(`sum by (behaviour, qos) (rate(fleetstorm_messages_sent_total{${RUN_GROUP}}${RATE}))`,
            '{{behaviour}} QoS {{qos}}'),
    ], { unit: 'reqps', stack: true, fill: 30 }), 12, 8);
    l.add(timeseries('Messages received by behaviour and QoS', [
        q(`sum by (behaviour, qos) (rate(fleetstorm_messages_received_total{${RUN_GROUP}}${RATE}))`,
            '{{behaviour}} QoS {{qos}}'),
    ], { unit: 'reqps', stack: true, fill: 30 }), 12, 8);
    l.add(timeseries('Payload bytes/s', [
        q(`sum(rate(fleetstorm_sent_bytes_total{${RUN_GROUP}}${RATE}))`, 'sent'),
        q(`sum(rate(fleetstorm_received_bytes_total{${RUN_GROUP}}${RATE}))`, 'received'),
    ], { unit: 'Bps', fill: 0 }), 12, 8);
    l.add(timeseries('Operations completed/s by operation', [
        q(`sum by (operation) (rate(${LAT}_count{${OPS}}${RATE}))`, '{{operation}}'),
    ], { unit: 'reqps', fill: 0 }), 12, 8);

    l.row('Latency, corrected (from when each operation was due)');
    for (const [phi, name] of [[0.5, 'p50'], [0.95, 'p95'], [0.99, 'p99'], [0.999, 'p99.9']]) {
        l.add(timeseries(`${name} latency by operation`, [q(quantile(phi, LAT, OPS), '{{operation}}')],
            { unit: 's', fill: 0, table: true, description: `histogram_quantile(${phi}) over all generators: `
                + 'completion minus the intended start (coordinated omission corrected).' }), 12, 9);
    }
    l.add(timeseries('p99 service time by operation', [q(quantile(0.99, SVC, OPS), '{{operation}}')],
        { unit: 's', fill: 0, table: true, description: 'Completion minus the actual send. A gap to the corrected '
            + 'p99 means operations waited in the generator (late starts, in-flight limits).' }), 12, 9);

    l.row('Errors');
    l.add(timeseries('Errors by kind and reason', [
        q(`sum by (kind, reason) (rate(fleetstorm_errors_total{${RUN_GROUP}}${RATE}))`, '{{kind}} {{reason}}'),
    ], { unit: 'reqps', stack: true, fill: 30 }), 12, 8);
    l.add(timeseries('Disconnects', [
        q(`sum by (behaviour) (rate(fleetstorm_disconnects_total{${RUN_GROUP}}${RATE}))`, '{{behaviour}}'),
    ], { unit: 'reqps', fill: 0, description: 'lost: the connection dropped; clean: the device closed it.' }), 12, 8);
    return dashboard('fleetstorm-fleet', 'fleetstorm: fleet overview', 'Connections, throughput, latency '
        + 'percentiles and errors of fleetstorm runs, across every generator instance.',
    [scenario, run, group, operation], l);
}

function deviceServices() {
    const l = new Layout();
    const shadow = `${RUN_GROUP}, operation=~"shadow-.*"`;
    l.row('Device shadow');
    l.add(timeseries('Shadow p99 latency', [q(quantile(0.99, LAT, shadow), '{{operation}}')],
        { unit: 's', fill: 0, table: true, description: 'update and get: request to reply; delta: API change to '
            + 'the device\'s delta; convergence: to the answer of the device\'s acknowledgement.' }), 12, 8);
    l.add(timeseries('Shadow p50 latency', [q(quantile(0.5, LAT, shadow), '{{operation}}')],
        { unit: 's', fill: 0, table: true }), 12, 8);
    l.add(timeseries('Shadow traffic', [
        q(`sum by (behaviour) (rate(fleetstorm_messages_sent_total{${RUN_GROUP}, behaviour=~"shadow.*"}${RATE}))`,
            '{{behaviour}} sent'),
        q(`sum by (operation) (rate(${LAT}_count{${shadow}}${RATE}))`, '{{operation}} completed'),
    ], { unit: 'reqps', fill: 0 }), 24, 7);

    l.row('OTA upgrades');
    const total = (expr) => `sum(max_over_time(${expr}[$__range]))`;
    l.add(bars('OTA funnel (selected time range)', [
        q(total(`fleetstorm_ota_commanded_total{${RUN_GROUP}}`), 'commanded'),
        q(total(`${LAT}_count{${RUN_GROUP}, operation="ota-download"}`), 'downloaded'),
        q(total(`fleetstorm_ota_succeeded_total{${RUN_GROUP}}`), 'done'),
        q(total(`fleetstorm_ota_failed_total{${RUN_GROUP}}`), 'failed'),
        q(`sum by (reason) (max_over_time(fleetstorm_errors_total{${RUN_GROUP}, kind=~"ota|md5"}[$__range]))`,
            'failed {{reason}}'),
    ], { description: 'Devices commanded, downloads completed (MD5 checked), upgrades reported done, and failures '
        + 'by code (fail_<code> as reported; md5 = checksum mismatch).' }), 8, 9);
    l.add(timeseries('OTA progress', [
        q(`sum(rate(fleetstorm_ota_commanded_total{${RUN_GROUP}}${RATE}))`, 'commanded'),
        q(`sum(rate(${LAT}_count{${RUN_GROUP}, operation="ota-download"}${RATE}))`, 'downloaded'),
        q(`sum(rate(fleetstorm_ota_succeeded_total{${RUN_GROUP}}${RATE}))`, 'done'),
        q(`sum by (reason) (rate(fleetstorm_errors_total{${RUN_GROUP}, kind=~"ota|md5"}${RATE}))`,
            'failed {{reason}}'),
    ], { unit: 'reqps', fill: 0 }), 8, 9);
    // OTA operations come in waves: a rate() window misses a series' first wave (Prometheus cannot tell its first
    // sample from a counter that was already there), so these show the cumulative percentiles of the run so far
    const ota = `${RUN_GROUP}, operation=~"ota-.*"`;
    l.add(timeseries('OTA times (run so far)', [
        q(cumulative(0.5, ota, 'operation'), '{{operation}} p50'),
        q(cumulative(0.99, ota, 'operation'), '{{operation}} p99'),
    ], { unit: 's', fill: 0, description: 'ota-command: task to command; ota-download: firmware download; '
        + 'ota-done: command to the done report (download and burn). Percentiles of every upgrade so far.' }), 8, 9);
    l.add(timeseries('Firmware download throughput', [
        q(`sum(rate(fleetstorm_received_bytes_total{${RUN_GROUP}, behaviour="ota"}${RATE}))`, 'firmware bytes'),
    ], { unit: 'Bps', fill: 20 }), 24, 6);

    l.row('Reconnects');
    const rec = `${RUN_GROUP}, operation="reconnect-recovery"`;
    l.add(stat('Recovery time (run so far)', [
        q(cumulative(0.5, rec, null), 'p50'),
        q(cumulative(1, rec, null), 'max'),
    ], { unit: 's', description: 'Time from a reconnect storm until the recovery share of the dropped devices was '
        + 'connected again (one value per storm and group).' }), 6, 8);
    l.add(timeseries('Disconnects and connects', [
        q(`sum by (behaviour) (rate(fleetstorm_disconnects_total{${RUN_GROUP}}${RATE}))`, 'disconnects {{behaviour}}'),
        q(`sum(rate(fleetstorm_connects_ok_total{${RUN_GROUP}}${RATE}))`, 'connects accepted'),
        q(`sum by (reason) (rate(fleetstorm_errors_total{${RUN_GROUP}, kind="connect"}${RATE}))`,
            'failed {{reason}}'),
    ], { unit: 'reqps', fill: 0 }), 9, 8);
    l.add(timeseries('Connect p99 by phase (phase so far)', [
        q(cumulative(0.99, `${RUN_GROUP}, operation="connect"`, 'phase'), '{{phase}}'),
    ], { unit: 's', fill: 0, description: 'CONNECT to CONNACK, corrected, over each phase so far; a storm phase '
        + 'shows the reconnect back-off crowd.' }), 9, 8);
    return dashboard('fleetstorm-services', 'fleetstorm: device services', 'Device shadow, OTA and reconnect '
        + 'behaviour of fleetstorm runs.', [scenario, run, group], l);
}

function generatorHealth() {
    const l = new Layout();
    const ops = `sum(rate(${LAT}_count{${RUN_GROUP}}${RATE}))`;
    l.row('Is the generator the limit? (red here = the figures describe the generator, not the hub)');
    l.add(stat('Event-loop lag p99', [q(quantile(0.99, LAG, RUN, null), 'p99')],
        { unit: 's', thresholds: [['green'], ['orange', 0.02], ['red', 0.05]], graph: true }), 5, 5);
    l.add(stat('Late starts', [q(`sum(rate(fleetstorm_late_starts_total{${RUN_GROUP}}${RATE})) / ${ops}`, 'late')],
        { unit: 'percentunit', decimals: 2, thresholds: [['green'], ['orange', 0.005], ['red', 0.01]], graph: true,
            description: 'Operations started over 25 ms after they were due, as a share of completed operations.' }),
    5, 5);
    l.add(stat('CPU (busiest generator)', [q(`max(fleetstorm_generator_cpu_ratio{${RUN}})`, 'cpu')],
        { unit: 'percentunit', thresholds: [['green'], ['orange', 0.7], ['red', 0.9]], graph: true }), 5, 5);
    l.add(stat('Sockets used (fullest generator)', [q(`max(fleetstorm_generator_open_sockets{${RUN}} / `
        + `fleetstorm_generator_sockets_limit{${RUN}})`, 'sockets')],
    { unit: 'percentunit', thresholds: [['green'], ['orange', 0.8], ['red', 0.95]], graph: true }), 5, 5);
    l.add(stat('Generators', [q(`count(fleetstorm_run_elapsed_seconds{${RUN}})`, 'instances')],
        { description: 'Generator instances reporting for the selected runs.' }), 4, 5);

    l.row('Timing');
    l.add(timeseries('Event-loop lag', [
        q(quantile(0.5, LAG, RUN, null), 'p50'),
        q(quantile(0.99, LAG, RUN, null), 'p99'),
        q(quantile(0.999, LAG, RUN, null), 'p99.9'),
    ], { unit: 's', fill: 0, thresholds: [['transparent'], ['red', 0.05]], description: 'How late the '
        + 'generator\'s event loops ran their tasks, over all generators. Over 50 ms for six seconds in a row '
        + 'marks the run invalid.' }), 12, 8);
    l.add(timeseries('Late starts by group', [
        q(`sum by (group) (rate(fleetstorm_late_starts_total{${RUN_GROUP}}${RATE}))`, '{{group}}'),
    ], { unit: 'reqps', fill: 0 }), 12, 8);

    l.row('Resources');
    l.add(timeseries('CPU', [
        q(`max(fleetstorm_generator_cpu_ratio{${RUN}})`, 'busiest generator'),
        q(`avg(fleetstorm_generator_cpu_ratio{${RUN}})`, 'mean of generators'),
    ], { unit: 'percentunit', min: 0, max: 1, fill: 0 }), 8, 8);
    l.add(timeseries('Heap', [
        q(`sum(fleetstorm_generator_heap_used_bytes{${RUN}})`, 'used'),
        q(`sum(fleetstorm_generator_heap_max_bytes{${RUN}})`, 'limit'),
    ], { unit: 'bytes', fill: 0 }), 8, 8);
    l.add(timeseries('Sockets vs limit', [
        q(`sum(fleetstorm_generator_open_sockets{${RUN}})`, 'open'),
        q(`sum(fleetstorm_generator_sockets_limit{${RUN}})`, 'limit'),
    ], { fill: 0, description: 'Open file descriptors (sockets included) against the open-files limit, summed '
        + 'over generators.' }), 8, 8);
    l.add(timeseries('Operations in flight', [
        q(`sum(fleetstorm_operations_in_flight{${RUN}, group="all"})`, 'in flight'),
    ], { fill: 10 }), 24, 6);
    return dashboard('fleetstorm-generator', 'fleetstorm: generator health', 'Whether the load generator, '
        + 'not the hub, limits a fleetstorm run: event-loop lag, late starts, CPU, heap and sockets.',
    [scenario, run, group], l);
}

function hub() {
    const l = new Layout();
    const h = 'hub=~"$hub"';
    const hubVar = queryVariable('hub', 'Hub', 'label_values(fleetstorm_hub_connections_open, hub)',
        { all: true, multi: true });
    l.row('Hub');
    l.add(stat('Connections open', [q(`sum(fleetstorm_hub_connections_open{${h}})`, 'open')]), 6, 4);
    l.add(stat('Sessions stored', [q(`sum(fleetstorm_hub_sessions_stored{${h}})`, 'sessions')]), 6, 4);
    l.add(stat('Offline queued', [q(`sum(fleetstorm_hub_offline_queued{${h}})`, 'queued')]), 6, 4);
    l.add(stat('Messages in/s', [q(`sum(rate(fleetstorm_hub_messages_in_total{${h}}${RATE}))`, 'in')],
        { unit: 'reqps', graph: true }), 6, 4);
    l.add(timeseries('Connections', [
        q(`sum(fleetstorm_hub_connections_open{${h}})`, 'open'),
        q(`sum(fleetstorm_hub_sessions_stored{${h}})`, 'sessions stored'),
    ], { fill: 0 }), 12, 8);
    l.add(timeseries('Connects accepted and refused', [
        q(`sum(rate(fleetstorm_hub_connects_accepted_total{${h}}${RATE}))`, 'accepted'),
        q(`sum by (reason, code) (rate(fleetstorm_hub_connects_refused_total{${h}}${RATE}))`,
            'refused {{reason}} ({{code}})'),
    ], { unit: 'reqps', fill: 0 }), 12, 8);
    l.add(timeseries('Messages', [
        q(`sum(rate(fleetstorm_hub_messages_in_total{${h}}${RATE}))`, 'in (from devices)'),
        q(`sum(rate(fleetstorm_hub_messages_out_total{${h}}${RATE}))`, 'out (to devices)'),
    ], { unit: 'reqps', fill: 0 }), 12, 8);
    l.add(timeseries('Payload bytes', [
        q(`sum(rate(fleetstorm_hub_received_bytes_total{${h}}${RATE}))`, 'received'),
        q(`sum(rate(fleetstorm_hub_sent_bytes_total{${h}}${RATE}))`, 'sent'),
    ], { unit: 'Bps', fill: 0 }), 12, 8);
    l.add(timeseries('Dropped messages by reason', [
        q(`sum by (reason) (rate(fleetstorm_hub_dropped_messages_total{${h}}${RATE}))`, '{{reason}}'),
    ], { unit: 'reqps', fill: 0 }), 8, 8);
    l.add(timeseries('Disconnects by reason', [
        q(`sum by (reason) (rate(fleetstorm_hub_disconnects_total{${h}}${RATE}))`, '{{reason}}'),
    ], { unit: 'reqps', fill: 0 }), 8, 8);
    l.add(timeseries('Offline queue', [
        q(`sum(fleetstorm_hub_offline_queued{${h}})`, 'QoS 1 messages queued'),
    ], { fill: 10 }), 8, 8);
    const phases = {
        ...JSON.parse(JSON.stringify((dashboard('', '', '', [], new Layout()).annotations.list[1]))),
        name: 'Run phases (every run)', expr: 'max by (scenario, run, phase) (fleetstorm_run_phase_info)',
    };
    return dashboard('fleetstorm-hub', 'fleetstorm: embedded hub', 'What the hub saw: the embedded hub of a run '
        + '(hub="embedded") or fleetstorm hub --metrics-port (hub = --hub-name).', [hubVar], l, [phases]);
}

function capacity() {
    const l = new Layout();
    const cap = (name) => `max(fleetstorm_capacity_${name}{${RUN}})`;
    const step = `max by (dimension, unit) (fleetstorm_capacity_step_load{${RUN}})`;
    l.row('The search (fleetstorm capacity): the step running, its load, and the bracket so far');
    l.add(stat('Step', [q(cap('step'), 'step')], { description: 'The number of the step running (each step is a '
        + 'run of the scenario at one load: settle, then measure).' }), 4, 4);
    l.add(stat('Load of the step', [q(step, '{{dimension}} ({{unit}})')], { graph: true,
        description: 'The load the step offers, in the dimension\'s unit.' }), 8, 4);
    l.add(stat('Highest load passed', [q(cap('passed_load'), 'passed')], { thresholds: [['green']],
        description: 'The capacity so far: the highest load whose measurement met every threshold (0: none yet).' }),
    6, 4);
    l.add(stat('Lowest load failed', [q(cap('failed_load'), 'failed')], { thresholds: [['red']],
        description: 'The lowest load that failed so far (0: none yet); the capacity lies between the two.' }), 6, 4);

    l.row('Load steps against latency and errors');
    l.add(timeseries('Load offered by step', [
        q(step, '{{dimension}} ({{unit}})'),
        q(cap('passed_load'), 'highest passed'),
        q(cap('failed_load'), 'lowest failed'),
    ], { fill: 0, description: 'Each plateau is one step; the bracket closes in on the knee as the search '
        + 'bisects.' }), 24, 7);
    l.add(timeseries('p99 latency by operation, step by step', [q(quantile(0.99, LAT, OPS), '{{operation}}')],
        { unit: 's', fill: 0, table: true, description: 'Corrected latency (from when each operation was due): '
            + 'flat while the target keeps up, climbing at the steps past its capacity.' }), 12, 8);
    l.add(timeseries('p50 latency by operation, step by step', [q(quantile(0.5, LAT, OPS), '{{operation}}')],
        { unit: 's', fill: 0, table: true }), 12, 8);
    l.add(timeseries('Completed per second against sent', [
        q(`sum by (operation) (rate(${LAT}_count{${OPS}}${RATE}))`, '{{operation}} completed'),
        q(`sum by (behaviour) (rate(fleetstorm_messages_sent_total{${RUN_GROUP}}${RATE}))`, '{{behaviour}} sent'),
    ], { unit: 'reqps', fill: 0, description: 'Past the capacity, completions stay at the target\'s limit while '
        + 'the load sent keeps rising with the steps.' }), 12, 8);
    l.add(timeseries('Errors by kind and reason, step by step', [
        q(`sum by (kind, reason) (rate(fleetstorm_errors_total{${RUN_GROUP}}${RATE}))`, '{{kind}} {{reason}}'),
    ], { unit: 'reqps', stack: true, fill: 30, description: 'Timeouts and refusals as the steps pass the '
        + 'target\'s capacity.' }), 12, 8);
    l.add(timeseries('Generator: event-loop lag', [
        q(quantile(0.5, LAG, RUN, null), 'p50'),
        q(quantile(0.99, LAG, RUN, null), 'p99'),
    ], { unit: 's', fill: 0, thresholds: [['transparent'], ['red', 0.05]], description: 'A step where the '
        + 'generator falls behind (late starts, lag p99 over 50 ms) is reported as generator-bound, never as the '
        + 'target\'s capacity; the generator health dashboard has the detail.' }), 24, 6);
    return dashboard('fleetstorm-capacity', 'fleetstorm: capacity search', 'A fleetstorm capacity search live: each '
        + 'step\'s load against latency, throughput and errors, and the bracket closing on the knee.',
    [scenario, run, group, operation], l);
}

const here = dirname(fileURLToPath(import.meta.url));
const files = {
    'fleet-overview.json': fleetOverview(),
    'device-services.json': deviceServices(),
    'generator-health.json': generatorHealth(),
    'hub.json': hub(),
    'capacity-search.json': capacity(),
};
const check = process.argv.includes('--check');
let stale = 0;
for (const [name, model] of Object.entries(files)) {
    const path = join(here, '..', name);
    const text = `${JSON.stringify(model, null, 2)}\n`;
    if (check) {
        let current = '';
        try {
            current = readFileSync(path, 'utf8');
        } catch {
            // missing counts as different
        }
        if (current !== text) {
            console.error(`dashboards/${name} differs from what dashboards/src/generate.mjs writes: run it`);
            stale++;
        }
    } else {
        writeFileSync(path, text);
        console.log(`wrote dashboards/${name} (${model.panels.length} panels)`);
    }
}
process.exit(stale ? 1 : 0);
