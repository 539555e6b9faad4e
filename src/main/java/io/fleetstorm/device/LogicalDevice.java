package io.fleetstorm.device;

import io.fleetstorm.protocol.DeviceId;

/**
 * A device as the application on it sees itself, whatever carries its packets: its own connection
 * ({@link VirtualDevice}) or its gateway's ({@link SubDevice}). What the scenario's behaviours act on. Confined to
 * the event loop of the connection that carries it.
 */
public interface LogicalDevice {

    DeviceId id();

    /** The habits of the device's group (its group index labels its measurements). */
    DeviceProfile profile();

    /** Whether it can send now: connected (or online through its gateway) and subscribed. */
    boolean isReady();

    /**
     * Publishes as the device's application would; latency of a QoS 1 publish is measured from {@code intendedNanos}
     * to its PUBACK, under the device's group.
     *
     * @return false when the device is not ready or its connection not writable
     */
    boolean publish(String topic, byte[] payload, int qos, String behaviour, long intendedNanos);

    /** What the device does beyond its link: echo, downlinks, shadow, OTA, configuration, resources. */
    DeviceFeatures features();
}
