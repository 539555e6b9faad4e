package io.fleetstorm.hub;

import java.util.Locale;

/** Why the hub did not route a message (protocol doc section 10). */
public enum DropReason {
    /** A device published to a topic it may not publish to; QoS 1 gets no PUBACK. */
    FORBIDDEN_TOPIC,
    /** A device exceeded its uplink messages per second; QoS 1 gets no PUBACK. */
    UPLINK_QUOTA,
    /** A payload over the size limit; the connection is closed. */
    OVERSIZE,
    /** A PUBLISH with QoS 2; the connection is closed. */
    QOS2,
    /** A topic longer than 255 bytes or deeper than 10 levels. */
    MALFORMED_TOPIC,
    /** Nobody is subscribed to the topic. */
    NO_SUBSCRIBER,
    /** An offline persistent session's queue was full. */
    OFFLINE_QUEUE_FULL,
    /** A queued message outlived the offline TTL. */
    OFFLINE_EXPIRED,
    /** Refused by an injected fault ({@link HubFaults}); QoS 1 gets no PUBACK. */
    FAULT_INJECTED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
