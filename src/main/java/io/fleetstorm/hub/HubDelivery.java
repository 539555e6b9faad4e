package io.fleetstorm.hub;

/** What happened to a message the application published to a device topic through the hub. */
public enum HubDelivery {
    /** Sent to the online device, which is subscribed. */
    DELIVERED,
    /** Kept in the offline device's persistent session (QoS 1). */
    QUEUED,
    /** The device exists but is not subscribed (or offline without a persistent QoS 1 subscription). */
    NOT_SUBSCRIBED,
    /** The topic belongs to no known device. */
    NO_SUCH_DEVICE
}
