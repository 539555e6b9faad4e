package io.fleetstorm.hub;

/**
 * Makes the hub misbehave on purpose, for tests of how the load generator measures a slow target (for example a 1 s
 * stall of every PUBACK). Called on event-loop threads: must be thread-safe and fast.
 */
public interface HubScript {

    /** The hub as the cloud behaves. */
    HubScript NONE = new HubScript() {
    };

    /** How long to hold the PUBACK of a permitted QoS 1 PUBLISH; 0 answers at once. */
    default long pubackDelayMillis(String clientId, String topic, long nowMillis) {
        return 0;
    }
}
