package io.fleetstorm.metrics;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The catalogue of every exported metric name and label, in Prometheus form and base units (seconds, bytes). Dashboards
 * and docs/reports.md use only these names. Device ids are never labels.
 */
public final class MetricNames {

    public static final String PREFIX = "fleetstorm_";

    // labels
    public static final String LABEL_SCENARIO = "scenario";
    /** The run id ({@code --run-id}, default scenario name + start time): tells runs of one scenario apart. */
    public static final String LABEL_RUN = "run";
    public static final String LABEL_GROUP = "group";
    public static final String LABEL_PHASE = "phase";
    public static final String LABEL_OPERATION = "operation";
    public static final String LABEL_BEHAVIOUR = "behaviour";
    public static final String LABEL_QOS = "qos";
    public static final String LABEL_KIND = "kind";
    public static final String LABEL_REASON = "reason";

    // latency histograms (scenario, group, phase, operation)
    /** Corrected latency: completion minus the intended start. */
    public static final String OPERATION_LATENCY = "fleetstorm_operation_latency_seconds";
    /** Service time: completion minus the actual send. */
    public static final String OPERATION_SERVICE_TIME = "fleetstorm_operation_service_time_seconds";

    // counters (scenario, group, phase, behaviour, qos)
    public static final String MESSAGES_SENT = "fleetstorm_messages_sent_total";
    public static final String MESSAGES_RECEIVED = "fleetstorm_messages_received_total";
    public static final String SENT_BYTES = "fleetstorm_sent_bytes_total";
    public static final String RECEIVED_BYTES = "fleetstorm_received_bytes_total";
    public static final String LATE_STARTS = "fleetstorm_late_starts_total";
    public static final String CONNECT_ATTEMPTS = "fleetstorm_connect_attempts_total";
    public static final String CONNECTS_OK = "fleetstorm_connects_ok_total";
    public static final String DISCONNECTS = "fleetstorm_disconnects_total";
    public static final String OPERATION_TIMEOUTS = "fleetstorm_operation_timeouts_total";
    public static final String OTA_COMMANDED = "fleetstorm_ota_commanded_total";
    public static final String OTA_SUCCEEDED = "fleetstorm_ota_succeeded_total";
    public static final String OTA_FAILED = "fleetstorm_ota_failed_total";
    /** Devices an OTA wave's upgrade task names. */
    public static final String OTA_TARGETED = "fleetstorm_ota_targeted_total";
    /** Connected devices a reconnect storm dropped. */
    public static final String STORM_DROPPED = "fleetstorm_storm_dropped_total";
    /** Devices the run simulates (counted once, as the run starts). */
    public static final String DEVICES_PLANNED = "fleetstorm_devices_planned_total";
    public static final String SHADOW_DELTAS = "fleetstorm_shadow_deltas_total";
    public static final String OPERATIONS_STARTED = "fleetstorm_operations_started_total";
    public static final String CONNECT_RETRIES = "fleetstorm_connect_retries_total";
    public static final String DEVICES_CONNECTED_ONCE = "fleetstorm_devices_connected_once_total";
    public static final String DEVICES_NEVER_CONNECTED = "fleetstorm_devices_never_connected_total";
    public static final String ABANDONED = "fleetstorm_operations_abandoned_total";
    public static final String API_RETRIES = "fleetstorm_api_retries_total";
    public static final String SOCKETS_CONNECTED_ONCE = "fleetstorm_sockets_connected_once_total";
    /** Errors (scenario, group, phase, kind, reason). */
    public static final String ERRORS = "fleetstorm_errors_total";

    // gauges supplied by the engine (scenario, group)
    public static final String DEVICES_CONNECTED = "fleetstorm_devices_connected";
    public static final String OPERATIONS_IN_FLIGHT = "fleetstorm_operations_in_flight";
    public static final String DEVICES_TARGET = "fleetstorm_devices_target";
    /** Connections open (direct devices and gateways); devices_connected counts logical devices (sub-devices too). */
    public static final String SOCKETS_CONNECTED = "fleetstorm_sockets_connected";

    // generator health (scenario)
    public static final String LOOP_LAG = "fleetstorm_generator_event_loop_lag_seconds";
    public static final String CPU_RATIO = "fleetstorm_generator_cpu_ratio";
    public static final String HEAP_USED = "fleetstorm_generator_heap_used_bytes";
    public static final String HEAP_MAX = "fleetstorm_generator_heap_max_bytes";
    public static final String OPEN_SOCKETS = "fleetstorm_generator_open_sockets";
    public static final String SOCKETS_LIMIT = "fleetstorm_generator_sockets_limit";

    // run (scenario, phase)
    /** 1 for the current phase, 0 for the others. */
    public static final String PHASE_INFO = "fleetstorm_run_phase_info";
    public static final String ELAPSED = "fleetstorm_run_elapsed_seconds";

    // the embedded hub's own counters (label hub), when it is the target or runs as fleetstorm hub
    public static final String LABEL_HUB = "hub";
    public static final String HUB_CONNECTIONS_OPEN = "fleetstorm_hub_connections_open";
    public static final String HUB_SESSIONS_STORED = "fleetstorm_hub_sessions_stored";
    public static final String HUB_OFFLINE_QUEUED = "fleetstorm_hub_offline_queued";
    public static final String HUB_CONNECTS_ACCEPTED = "fleetstorm_hub_connects_accepted_total";
    /** Labels reason and code (the CONNACK return code). */
    public static final String HUB_CONNECTS_REFUSED = "fleetstorm_hub_connects_refused_total";
    public static final String HUB_MESSAGES_IN = "fleetstorm_hub_messages_in_total";
    public static final String HUB_MESSAGES_OUT = "fleetstorm_hub_messages_out_total";
    public static final String HUB_RECEIVED_BYTES = "fleetstorm_hub_received_bytes_total";
    public static final String HUB_SENT_BYTES = "fleetstorm_hub_sent_bytes_total";
    public static final String HUB_DROPPED_MESSAGES = "fleetstorm_hub_dropped_messages_total";
    public static final String HUB_DISCONNECTS = "fleetstorm_hub_disconnects_total";
    /** Sockets open on the hub's MQTT ports that have not sent CONNECT yet. */
    public static final String HUB_CONNECTIONS_PENDING = "fleetstorm_hub_connections_pending";
    /** Label rule (ViolationRule labels, e.g. packet_before_connect). */
    public static final String HUB_PROTOCOL_VIOLATIONS = "fleetstorm_hub_protocol_violations_total";
    public static final String LABEL_RULE = "rule";

    // the embedded hub's injected faults (docs/hub-faults.md): labels kind and operation
    /**
     * Injected effects: kind delayed, queued, overflow or refused with operation connect, publish, puback, subscribe,
     * shadow or api; kind disconnect with operation connection; kind stall with operation read.
     */
    public static final String HUB_FAULTS = "fleetstorm_hub_faults_total";
    /** Time added to operations by delays and queueing, per operation. */
    public static final String HUB_FAULT_INJECTED_SECONDS = "fleetstorm_hub_fault_injected_seconds_total";
    /** Operations waiting behind a limit now, per operation. */
    public static final String HUB_FAULT_QUEUE_DEPTH = "fleetstorm_hub_fault_queue_depth";
    /** 1 while a fault of the operation is inside its window, else 0. */
    public static final String HUB_FAULT_ACTIVE = "fleetstorm_hub_fault_active";
    /** Time the hub spent not reading its connections (stalls). */
    public static final String HUB_FAULT_STALLED_SECONDS = "fleetstorm_hub_fault_stalled_seconds_total";

    // a capacity search (fleetstorm capacity, docs/capacity.md): labels scenario, run, dimension and unit
    public static final String LABEL_DIMENSION = "dimension";
    public static final String LABEL_UNIT = "unit";
    /** The load the current step offers, in the dimension's unit (e.g. msg/s). */
    public static final String CAPACITY_STEP_LOAD = "fleetstorm_capacity_step_load";
    /** The number of the step running (1, 2, ...). */
    public static final String CAPACITY_STEP = "fleetstorm_capacity_step";
    /** The highest load that passed so far (0 before one did). */
    public static final String CAPACITY_PASSED_LOAD = "fleetstorm_capacity_passed_load";
    /** The lowest load that failed so far (0 before one did). */
    public static final String CAPACITY_FAILED_LOAD = "fleetstorm_capacity_failed_load";

    /** The gauges the engine may register with {@link MetricsRegistry#gauge}. */
    public static final List<String> ENGINE_GAUGES = List.of(DEVICES_CONNECTED, OPERATIONS_IN_FLIGHT, DEVICES_TARGET,
            SOCKETS_CONNECTED);

    private static final Map<Counter, String> COUNTERS = new EnumMap<>(Map.ofEntries(
            Map.entry(Counter.MESSAGES_SENT, MESSAGES_SENT),
            Map.entry(Counter.MESSAGES_RECEIVED, MESSAGES_RECEIVED),
            Map.entry(Counter.BYTES_SENT, SENT_BYTES),
            Map.entry(Counter.BYTES_RECEIVED, RECEIVED_BYTES),
            Map.entry(Counter.LATE_STARTS, LATE_STARTS),
            Map.entry(Counter.CONNECT_ATTEMPTS, CONNECT_ATTEMPTS),
            Map.entry(Counter.CONNECTS_OK, CONNECTS_OK),
            Map.entry(Counter.DISCONNECTS, DISCONNECTS),
            Map.entry(Counter.OPERATION_TIMEOUTS, OPERATION_TIMEOUTS),
            Map.entry(Counter.OTA_COMMANDED, OTA_COMMANDED),
            Map.entry(Counter.OTA_SUCCEEDED, OTA_SUCCEEDED),
            Map.entry(Counter.OTA_FAILED, OTA_FAILED),
            Map.entry(Counter.SHADOW_DELTAS, SHADOW_DELTAS),
            Map.entry(Counter.OPERATIONS_STARTED, OPERATIONS_STARTED),
            Map.entry(Counter.CONNECT_RETRIES, CONNECT_RETRIES),
            Map.entry(Counter.DEVICES_CONNECTED_ONCE, DEVICES_CONNECTED_ONCE),
            Map.entry(Counter.DEVICES_NEVER_CONNECTED, DEVICES_NEVER_CONNECTED),
            Map.entry(Counter.ABANDONED, ABANDONED),
            Map.entry(Counter.API_RETRIES, API_RETRIES),
            Map.entry(Counter.DEVICES_PLANNED, DEVICES_PLANNED),
            Map.entry(Counter.OTA_TARGETED, OTA_TARGETED),
            Map.entry(Counter.STORM_DROPPED, STORM_DROPPED),
            Map.entry(Counter.SOCKETS_CONNECTED_ONCE, SOCKETS_CONNECTED_ONCE)));

    private static final Map<String, String> HELP = Map.ofEntries(
            Map.entry(MESSAGES_SENT, "MQTT PUBLISH packets sent by the virtual devices."),
            Map.entry(MESSAGES_RECEIVED, "MQTT PUBLISH packets received by the virtual devices."),
            Map.entry(SENT_BYTES, "Payload bytes sent by the virtual devices."),
            Map.entry(RECEIVED_BYTES, "Payload bytes received by the virtual devices."),
            Map.entry(LATE_STARTS, "Operations that started later than their intended time."),
            Map.entry(CONNECT_ATTEMPTS, "CONNECT packets sent."),
            Map.entry(CONNECTS_OK, "CONNACK 0x00 received."),
            Map.entry(DISCONNECTS, "Connections lost or closed by the peer."),
            Map.entry(OPERATION_TIMEOUTS, "Operations without an answer within their timeout."),
            Map.entry(OTA_COMMANDED, "OTA upgrade commands received by devices."),
            Map.entry(OTA_SUCCEEDED, "OTA upgrades reported done."),
            Map.entry(OTA_FAILED, "OTA upgrades reported failed."),
            Map.entry(OTA_TARGETED, "Devices an OTA wave's upgrade task names."),
            Map.entry(STORM_DROPPED, "Connected devices a reconnect storm dropped."),
            Map.entry(DEVICES_PLANNED, "Devices the run simulates, counted once as it starts."),
            Map.entry(SHADOW_DELTAS, "Shadow deltas received by devices."),
            Map.entry(OPERATIONS_STARTED, "Operations the engine started (QoS 0 publishes included)."),
            Map.entry(CONNECT_RETRIES, "Connect attempts after a failed one, with the SDK back-off."),
            Map.entry(DEVICES_CONNECTED_ONCE, "Devices that connected at least once."),
            Map.entry(DEVICES_NEVER_CONNECTED, "Devices meant to connect that never did (counted at the end)."),
            Map.entry(ABANDONED, "Operations abandoned because the run ended (not errors of the target)."),
            Map.entry(API_RETRIES, "Application API calls retried after a race of fleetstorm's own."),
            Map.entry(SOCKETS_CONNECTED_ONCE, "Sockets (direct devices, gateways) that connected at least once."),
            Map.entry(SOCKETS_CONNECTED, "Connections open: direct devices and gateways (sub-devices share them)."),
            Map.entry(ERRORS, "Errors by kind and reason (CONNACK codes, SUBACK 0x80, timeouts, ...)."),
            Map.entry(DEVICES_CONNECTED, "Logical devices currently connected (sub-devices online through gateways "
                    + "included, gateways not)."),
            Map.entry(OPERATIONS_IN_FLIGHT, "Operations sent and not yet answered."),
            Map.entry(DEVICES_TARGET, "Logical devices of the run (sub-devices included, gateways not)."),
            Map.entry(CPU_RATIO, "Process CPU as a fraction of the cores the JVM may use."),
            Map.entry(HEAP_USED, "JVM heap in use."),
            Map.entry(HEAP_MAX, "JVM heap limit."),
            Map.entry(OPEN_SOCKETS, "Open file descriptors of the generator (sockets included)."),
            Map.entry(SOCKETS_LIMIT, "The generator's file descriptor limit."),
            Map.entry(PHASE_INFO, "The current phase of the run (value 1)."),
            Map.entry(ELAPSED, "Seconds since the run started."),
            Map.entry(HUB_CONNECTIONS_OPEN, "Device connections open on the hub."),
            Map.entry(HUB_SESSIONS_STORED, "Persistent sessions kept by the hub (online or offline)."),
            Map.entry(HUB_OFFLINE_QUEUED, "QoS 1 messages waiting in the hub's offline sessions."),
            Map.entry(HUB_CONNECTS_ACCEPTED, "CONNECTs the hub answered with CONNACK 0."),
            Map.entry(HUB_CONNECTS_REFUSED, "CONNECTs the hub refused, by reason (CONNACK return code in code)."),
            Map.entry(HUB_MESSAGES_IN, "PUBLISH packets the hub received from devices."),
            Map.entry(HUB_MESSAGES_OUT, "PUBLISH packets the hub sent to devices."),
            Map.entry(HUB_RECEIVED_BYTES, "Payload bytes the hub received."),
            Map.entry(HUB_SENT_BYTES, "Payload bytes the hub sent."),
            Map.entry(HUB_DROPPED_MESSAGES, "Messages the hub did not route, by reason."),
            Map.entry(HUB_DISCONNECTS, "Device connections the hub saw end, by reason."),
            Map.entry(HUB_CONNECTIONS_PENDING, "Sockets open on the hub's MQTT ports that have not sent CONNECT."),
            Map.entry(HUB_PROTOCOL_VIOLATIONS, "Protocol violations by clients, by rule."),
            Map.entry(HUB_FAULTS, "Effects of the hub's injected faults, by kind and operation."),
            Map.entry(HUB_FAULT_INJECTED_SECONDS, "Time the hub's injected delays and queueing added, by operation."),
            Map.entry(HUB_FAULT_QUEUE_DEPTH, "Operations waiting behind an injected limit, by operation."),
            Map.entry(HUB_FAULT_ACTIVE, "1 while an injected fault of the operation is inside its window."),
            Map.entry(HUB_FAULT_STALLED_SECONDS, "Time the hub did not read its connections (injected stalls)."),
            Map.entry(CAPACITY_STEP_LOAD, "The load the current capacity step offers, in the dimension's unit."),
            Map.entry(CAPACITY_STEP, "The number of the capacity step running."),
            Map.entry(CAPACITY_PASSED_LOAD, "The highest load that passed so far in the capacity search."),
            Map.entry(CAPACITY_FAILED_LOAD, "The lowest load that failed so far in the capacity search."));

    private MetricNames() {
    }

    /** The help text of a catalogue name. */
    public static String help(String prometheusName) {
        return HELP.getOrDefault(prometheusName, prometheusName);
    }

    /** The Prometheus name of a counter, e.g. {@code fleetstorm_messages_sent_total}. */
    public static String of(Counter c) {
        return COUNTERS.get(c);
    }

    /** The Micrometer name that its Prometheus naming convention turns into {@code prometheusName}. */
    public static String micrometerName(String prometheusName) {
        String base = prometheusName.endsWith("_total")
                ? prometheusName.substring(0, prometheusName.length() - "_total".length()) : prometheusName;
        return base.replace('_', '.');
    }
}
