package io.fleetstorm.device;

import io.fleetstorm.metrics.Counter;
import io.fleetstorm.metrics.Operation;
import io.fleetstorm.protocol.DeviceId;
import io.vertx.core.http.HttpClient;

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
    void latency(Operation op, long intendedNanos, long sentNanos, long doneNanos);

    void count(Counter counter, String behaviour, int qos, long delta);

    void error(String kind, String reason);

    /** An operation without an answer in time: an error of kind {@code timeout} and the timeouts counter. */
    void timedOut(String operation);

    /**
     * An operation that will never get its answer: the link was lost (an error of kind {@code disconnect}), or the
     * run ended ({@code abandoned}: counted apart, not an error of the target).
     */
    void unanswered(String operation, boolean abandoned);

    /** The loop's HTTP client (firmware downloads). */
    HttpClient http();

    /** Runs a task on the device's loop after a delay. */
    void setTimer(long delayMs, Runnable task);
}
