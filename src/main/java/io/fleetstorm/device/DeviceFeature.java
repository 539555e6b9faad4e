package io.fleetstorm.device;

/**
 * One thing a device does beyond keeping its connection (shadow, OTA, echo and downlink expectations, a gateway's
 * sub-devices, remote configuration, resources), as the hub's per-concern uplink services do on the other side of the
 * wire. Created on first use, so an idle device has none. Confined to the device's event loop.
 */
interface DeviceFeature {

    /** A message the device received; returns whether this feature claimed it. */
    boolean onMessage(String topic, byte[] payload, long nowNanos);

    /** Expires the operations whose answer is overdue (called from the loop's sweep). */
    void sweep(long nowNanos);

    /**
     * The link is gone: every operation waiting for an answer fails ({@code abandoned}: the run ended, so they are
     * counted as abandoned rather than as errors).
     */
    void failAll(boolean abandoned);

    /** Operations waiting for an answer (the in-flight gauge). */
    int inFlight();

    /** The device's connection is up again (CONNACK 0 and subscriptions answered) after a loss. */
    default void linkUp(long nowNanos) {
    }
}
