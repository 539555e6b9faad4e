package io.fleetstorm.report;

import io.fleetstorm.metrics.Counter;
import io.fleetstorm.metrics.ResultSection;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The outcome counts a summary prints and a threshold may test, by the names both use: {@code ota.succeeded >= 86},
 * {@code devices.never-connected == 0}. Each is the total of one engine counter over a scope (whole run or phase,
 * one group or all).
 */
public enum Outcome {
    DEVICES_CONNECTED("devices.connected", Counter.DEVICES_CONNECTED_ONCE, "devices that connected at least once"),
    DEVICES_NEVER_CONNECTED("devices.never-connected", Counter.DEVICES_NEVER_CONNECTED,
            "devices due to connect that never did"),
    CONNECT_ATTEMPTS("connect.attempts", Counter.CONNECT_ATTEMPTS, "CONNECT packets sent"),
    CONNECT_RETRIES("connect.retries", Counter.CONNECT_RETRIES, "connect attempts after a failed one"),
    CONNECTIONS_LOST("connections.lost", Counter.DISCONNECTS, "lost",
            "connections lost or closed by the peer (the run's own clean disconnects are not counted)"),
    MESSAGES_SENT("messages.sent", Counter.MESSAGES_SENT, "PUBLISH packets the devices sent"),
    MESSAGES_RECEIVED("messages.received", Counter.MESSAGES_RECEIVED, "PUBLISH packets the devices received"),
    OTA_COMMANDED("ota.commanded", Counter.OTA_COMMANDED, "upgrade commands the devices received"),
    OTA_SUCCEEDED("ota.succeeded", Counter.OTA_SUCCEEDED, "upgrades the devices reported done"),
    OTA_FAILED("ota.failed", Counter.OTA_FAILED, "upgrades the devices reported failed"),
    SHADOW_DELTAS("shadow.deltas", Counter.SHADOW_DELTAS, "shadow deltas the devices received"),
    OPERATIONS_STARTED("operations.started", Counter.OPERATIONS_STARTED, "operations the engine started"),
    OPERATIONS_LATE("operations.late", Counter.LATE_STARTS, "operations started later than the tolerance"),
    OPERATIONS_ABANDONED("operations.abandoned", Counter.ABANDONED,
            "operations the run's end cut off (not errors)"),
    OPERATIONS_TIMED_OUT("operations.timed-out", Counter.OPERATION_TIMEOUTS,
            "operations without an answer in time"),
    API_RETRIES("api.retries", Counter.API_RETRIES, "API calls retried after a race of fleetstorm's own");

    private final String name;
    private final Counter counter;
    /** The one behaviour label of the counter this outcome totals, or null for all of them. */
    private final String behaviour;
    private final String meaning;

    Outcome(String name, Counter counter, String meaning) {
        this(name, counter, null, meaning);
    }

    Outcome(String name, Counter counter, String behaviour, String meaning) {
        this.name = name;
        this.counter = counter;
        this.behaviour = behaviour;
        this.meaning = meaning;
    }

    /** Its total over a section, in one group (null = every group). */
    public long total(ResultSection section, String group) {
        return behaviour == null ? section.counter(counter, group) : section.counter(counter, group, behaviour);
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
