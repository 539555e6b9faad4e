package io.fleetstorm.device;

import io.fleetstorm.metrics.LoopRecorder;
import io.vertx.core.http.HttpClient;
import java.net.SocketAddress;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * What a device needs from the fleet verticle that owns it; everything here runs on that verticle's event loop.
 */
public interface DeviceHost {

    DeviceTransport transport();

    LoopRecorder recorder();

    /** The hub's MQTT address. */
    SocketAddress target();

    /** Where the devices of group {@code group} connect (the cloud has a host per product); {@link #target()} here. */
    default SocketAddress target(int group) {
        return target();
    }

    /** TLS for this loop's devices, or null for plain TCP. */
    DeviceTls tls();

    /** The local address for the next connection (spreading over source addresses), or null for any. */
    SocketAddress nextLocalAddress();

    /** The loop's clock, in nanoseconds (System.nanoTime in production, fake in tests). */
    long nanoTime();

    /** Wall clock, epoch milliseconds (signatures, payload timestamps). */
    long epochMillis();

    /** Randomness for connids and back-off jitter (seeded in tests). */
    default RandomGenerator random() {
        return ThreadLocalRandom.current();
    }

    /** The loop's HTTP client (firmware downloads). */
    HttpClient http();

    /**
     * The loop's HTTP client for one request per connection with no pool to queue in (dynamic registration, which
     * every device of a storm makes on a connection of its own).
     */
    default HttpClient oneShotHttp() {
        return http();
    }

    /** Runs a task on this loop after a delay (OTA burn time, download pacing: not per-packet timers). */
    void setTimer(long delayMs, Runnable task);

    /** Asks the host to flush this device's channel at the end of the current batch of work. */
    void flushLater(VirtualDevice device);

    /** Calls {@code device.reconnectDue(intendedNanos)} at {@code atNanos}. */
    void scheduleReconnect(VirtualDevice device, long atNanos);

    /** The device's CONNACK was 0 and its start-up subscriptions were acknowledged. */
    void ready(VirtualDevice device);

    /**
     * The device lost (or closed) its connection or failed to connect.
     *
     * @param wanted         the device meant to disconnect (the end of the run)
     * @param wasReady       it had been counted as connected
     * @param unacknowledged QoS 1 publishes it had sent that lost their PUBACK with the link
     */
    void disconnected(VirtualDevice device, boolean wanted, boolean wasReady, int unacknowledged);

    /** A message the device received that no pending operation of its own claimed (shadow deltas, OTA commands). */
    void received(VirtualDevice device, String topic, byte[] payload);

    /** A sub-device is online through its gateway and subscribed ({@code ready}), or no longer. */
    default void subDeviceReady(SubDevice device, boolean ready) {
    }

    /** Flushes what devices wrote now (after an HTTP callback, which is not part of a batch the host flushes). */
    default void flushNow() {
    }
}
