package io.fleetstorm.device;

import io.fleetstorm.metrics.Counter;
import io.fleetstorm.metrics.Operation;
import io.fleetstorm.protocol.DeviceId;
import io.vertx.core.http.HttpClient;
import java.util.random.RandomGenerator;

/**
 * What a device's features (shadow, OTA, echo and downlink expectations) may use of its connection: publish, the
 * loop's clocks and timers, and the loop's recorder bound to the device's group. Never the connection itself.
 */
interface DeviceLink {

    DeviceId id();

    DeviceProfile profile();

    long nanoTime();

    long epochMillis();

    /**
     * Publishes as the device's application would; latency of a QoS 1 publish is measured from
     * {@code intendedNanos} to its PUBACK.
     *
     * @return false when the device is not connected or its channel is not writable
     */
    boolean publish(String topic, byte[] payload, int qos, String behaviour, long intendedNanos);

    /** Records one completed operation of the device's group. */
    default void latency(Operation op, long intendedNanos, long sentNanos, long doneNanos) {
        latency(profile().groupIndex(), op, intendedNanos, sentNanos, doneNanos);
    }

    /** Records one completed operation of {@code group} (a gateway records its sub-devices' under theirs). */
    void latency(int group, Operation op, long intendedNanos, long sentNanos, long doneNanos);

    default void count(Counter counter, String behaviour, int qos, long delta) {
        count(profile().groupIndex(), counter, behaviour, qos, delta);
    }

    void count(int group, Counter counter, String behaviour, int qos, long delta);

    default void error(String kind, String reason) {
        error(profile().groupIndex(), kind, reason);
    }

    void error(int group, String kind, String reason);

    /** An operation without an answer in time: an error of kind {@code timeout} and the timeouts counter. */
    default void timedOut(String operation) {
        timedOut(profile().groupIndex(), operation);
    }

    default void timedOut(int group, String operation) {
        error(group, "timeout", operation);
        count(group, Counter.OPERATION_TIMEOUTS, operation, 0, 1);
    }

    /**
     * An operation that will never get its answer: the link was lost (an error of kind {@code disconnect}), or the
     * run ended ({@code abandoned}: counted apart, not an error of the target).
     */
    default void unanswered(String operation, boolean abandoned) {
        unanswered(profile().groupIndex(), operation, abandoned);
    }

    default void unanswered(int group, String operation, boolean abandoned) {
        if (abandoned) {
            count(group, Counter.ABANDONED, operation, 0, 1);
        } else {
            error(group, "disconnect", operation);
        }
    }

    /** Randomness of the loop (bind signatures' random, registration nonces). */
    RandomGenerator random();

    /** Sends what the device wrote now, not at the end of the loop's batch (after an HTTP callback). */
    void flushNow();

    /** The loop's HTTP client (firmware downloads). */
    HttpClient http();

    /** Runs a task on the device's loop after a delay. */
    void setTimer(long delayMs, Runnable task);
}
