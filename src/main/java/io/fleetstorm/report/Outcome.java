package io.fleetstorm.report;

import io.fleetstorm.metrics.Counter;
import io.fleetstorm.metrics.CounterKey;
import io.fleetstorm.metrics.ResultSection;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The outcome counts a summary prints and a threshold may test, by the names both use: {@code ota.succeeded >= 86},
 * {@code devices.never-connected == 0}. Each is the total of one engine counter over a scope (whole run or phase,
 * one group or all), for some of them of one behaviour: the application's API calls ({@code shadow.desired},
 * {@code downlinks.sent}) are counted apart from the devices' own PUBLISH packets ({@code messages.sent}).
 */
public enum Outcome {
    DEVICES_PLANNED("devices.planned", Counter.DEVICES_PLANNED, "devices the run simulates"),
    DEVICES_CONNECTED("devices.connected", Counter.DEVICES_CONNECTED_ONCE, "devices that connected at least once"),
    DEVICES_NEVER_CONNECTED("devices.never-connected", Counter.DEVICES_NEVER_CONNECTED,
            "devices due to connect that never did"),
    CONNECT_ATTEMPTS("connect.attempts", Counter.CONNECT_ATTEMPTS, "CONNECT packets sent"),
    CONNECT_RETRIES("connect.retries", Counter.CONNECT_RETRIES, "connect attempts after a failed one"),
    CONNECTIONS_LOST("connections.lost", Counter.DISCONNECTS, "connections lost or closed by the peer, unplanned",
            "lost"),
    CONNECTIONS_CLOSED("connections.closed", Counter.DISCONNECTS,
            "connections the devices closed on purpose (the run's end, clean storms)", "clean"),
    MESSAGES_SENT("messages.sent", Counter.MESSAGES_SENT, "PUBLISH packets the devices sent (every QoS)"),
    MESSAGES_RECEIVED("messages.received", Counter.MESSAGES_RECEIVED, "PUBLISH packets the devices received"),
    OTA_TARGETED("ota.targeted", Counter.OTA_TARGETED, "devices the OTA waves' upgrade tasks named"),
    OTA_COMMANDED("ota.commanded", Counter.OTA_COMMANDED, "upgrade commands the devices received"),
    OTA_SUCCEEDED("ota.succeeded", Counter.OTA_SUCCEEDED, "upgrades the devices reported done"),
    OTA_FAILED("ota.failed", Counter.OTA_FAILED, "upgrades the devices reported failed"),
    SHADOW_DESIRED("shadow.desired", Counter.MESSAGES_SENT, "desired-state changes the application made",
            ApplicationCalls.SHADOW_DESIRED),
    SHADOW_DELTAS("shadow.deltas", Counter.SHADOW_DELTAS, "shadow deltas the devices received"),
    DOWNLINKS_SENT("downlinks.sent", Counter.MESSAGES_SENT, "messages the application published to devices",
            ApplicationCalls.DOWNLINK),
    STORM_DROPPED("storm.dropped", Counter.STORM_DROPPED, "connected devices the reconnect storms dropped"),
    OPERATIONS_STARTED("operations.started", Counter.OPERATIONS_STARTED, "operations the engine started"),
    OPERATIONS_LATE("operations.late", Counter.LATE_STARTS, "operations started later than the tolerance"),
    OPERATIONS_ABANDONED("operations.abandoned", Counter.ABANDONED,
            "operations the run's end cut off (not errors)"),
    OPERATIONS_TIMED_OUT("operations.timed-out", Counter.OPERATION_TIMEOUTS,
            "operations without an answer in time"),
    API_RETRIES("api.retries", Counter.API_RETRIES, "API calls retried after a race of fleetstorm's own");

    /**
     * The behaviours under which the engine counts the application's API calls as messages sent; they are not
     * PUBLISH packets of devices, so {@code messages.sent} leaves them out.
     */
    static final class ApplicationCalls {
        static final String SHADOW_DESIRED = "shadow-desired";
        static final String DOWNLINK = "downlink";

        private ApplicationCalls() {
        }

        static boolean is(String behaviour) {
            return SHADOW_DESIRED.equals(behaviour) || DOWNLINK.equals(behaviour);
        }
    }

    private final String name;
    private final Counter counter;
    private final String meaning;
    /**
     * The behaviour counted (the engine's counter key: {@code shadow-desired}, {@code lost}, ...); null = every one,
     * for messages.sent every one but the application's calls.
     */
    private final String behaviour;

    Outcome(String name, Counter counter, String meaning) {
        this(name, counter, meaning, null);
    }

    Outcome(String name, Counter counter, String meaning, String behaviour) {
        this.name = name;
        this.counter = counter;
        this.meaning = meaning;
        this.behaviour = behaviour;
    }

    /** The total over a section, in one group ({@code group} null = every group). */
    public long count(ResultSection s, String group) {
        if (behaviour == null && counter != Counter.MESSAGES_SENT) {
            return s.counter(counter, group);
        }
        long sum = 0;
        for (Map.Entry<CounterKey, Long> e : s.counters().entrySet()) {
            CounterKey k = e.getKey();
            if (k.counter() == counter && (group == null || group.equals(k.group()))
                    && (behaviour == null ? !ApplicationCalls.is(k.behaviour()) : behaviour.equals(k.behaviour()))) {
                sum += e.getValue();
            }
        }
        return sum;
    }

    /** The name in summaries and thresholds, e.g. {@code ota.succeeded}. */
    public String outcomeName() {
        return name;
    }

    /** The engine counter it totals. */
    public Counter counter() {
        return counter;
    }

    /** What it counts, for docs and help. */
    public String meaning() {
        return meaning;
    }

    /** The outcome of a name, if any. */
    public static Optional<Outcome> of(String name) {
        return Arrays.stream(values()).filter(o -> o.name.equals(name)).findFirst();
    }

    /** The outcomes whose names start with {@code family.}, comma separated ({@code ota.commanded, ...}). */
    static String family(String family) {
        return Arrays.stream(values()).map(o -> o.name).filter(n -> n.startsWith(family + "."))
                .collect(Collectors.joining(", "));
    }

    /** Every name, comma separated. */
    static String names() {
        return Arrays.stream(values()).map(o -> o.name).collect(Collectors.joining(", "));
    }
}
