package io.fleetstorm.metrics;

import java.util.Locale;
import java.util.Optional;

/**
 * The catalogue of counters the engine fills through {@link LoopRecorder#count}. Errors are counted separately, by
 * kind and reason ({@link LoopRecorder#error}). Ratio thresholds read pairs of these: {@code connect.ratio} is
 * {@link #CONNECTS_OK} / {@link #CONNECT_ATTEMPTS}, {@code ota-done.ratio} is {@link #OTA_SUCCEEDED} /
 * {@link #OTA_COMMANDED}.
 */
public enum Counter {
    /** MQTT PUBLISH packets sent by devices (by behaviour and QoS). */
    MESSAGES_SENT,
    /** MQTT PUBLISH packets received by devices (by behaviour and QoS). */
    MESSAGES_RECEIVED,
    /** Payload bytes sent. */
    BYTES_SENT,
    /** Payload bytes received. */
    BYTES_RECEIVED,
    /**
     * Operations started later than their intended time by more than the tolerance
     * {@link LoopRecorder#operationStarted} judges them by (a base tolerance, plus a burst's own queueing).
     */
    LATE_STARTS,
    /** CONNECT packets sent. */
    CONNECT_ATTEMPTS,
    /** CONNACK 0x00 received. */
    CONNECTS_OK,
    /** Connections lost or closed by the peer. */
    DISCONNECTS,
    /** Operations that got no answer within their timeout (also counted as an error of kind timeout). */
    OPERATION_TIMEOUTS,
    /** OTA upgrade commands received by devices. */
    OTA_COMMANDED,
    /** OTA upgrades a device reported done (downloaded, MD5 verified, version reported). */
    OTA_SUCCEEDED,
    /** OTA upgrades a device reported failed. */
    OTA_FAILED,
    /** Shadow deltas received by devices. */
    SHADOW_DELTAS,
    /**
     * Operations the engine started (every scheduled operation, QoS 0 publishes included): the denominator of the
     * late-start share, so both sides of that ratio count the same operations.
     */
    OPERATIONS_STARTED,
    /** Connect attempts after a failed one (refused, reset, timeout, TLS failure, CONNACK refusal), by SDK back-off. */
    CONNECT_RETRIES,
    /** Devices that connected at least once during the run (each device counted once). */
    DEVICES_CONNECTED_ONCE,
    /** Devices the run meant to connect that never connected (counted at the end of the run). */
    DEVICES_NEVER_CONNECTED,
    /**
     * Operations abandoned because the run ended: planned or queued in a device and never sent, or sent and still
     * unanswered when the drain ended. Not errors of the target.
     */
    ABANDONED,
    /** Application-side API calls retried after a race of fleetstorm's own (e.g. a shadow version read too early). */
    API_RETRIES,
    /**
     * Devices the run simulates, each counted once when its event loop starts: the whole a share of devices is
     * printed against ({@code 108 of 1,000}).
     */
    DEVICES_PLANNED,
    /** Devices an OTA wave's upgrade task names (its {@code fraction} of the group), counted when it is created. */
    OTA_TARGETED,
    /** Connected devices a reconnect storm dropped (its {@code fraction} of the group's connected devices). */
    STORM_DROPPED,
    /**
     * Sockets (devices with a connection of their own: direct devices and gateways) that connected at least once. Apart
     * from {@link #DEVICES_CONNECTED_ONCE}, which counts logical devices (sub-devices online through a gateway, direct
     * devices that are not gateways), so a gateway fleet shows both.
     */
    SOCKETS_CONNECTED_ONCE;

    private final String label = name().toLowerCase(Locale.ROOT).replace('_', '-');

    /** The kebab-case label used in summary.json, e.g. {@code messages-sent}. */
    public String label() {
        return label;
    }

    /** The counter with this label, if any. */
    public static Optional<Counter> fromLabel(String label) {
        for (Counter c : values()) {
            if (c.label.equals(label)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
