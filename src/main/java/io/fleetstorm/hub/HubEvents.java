package io.fleetstorm.hub;

/**
 * Hook that sees what the hub received, refused and delivered; for tests and diagnostics. Called on event-loop
 * threads (several at once): implementations must be thread-safe and fast.
 */
public interface HubEvents {

    /** No-op events. */
    HubEvents NONE = new HubEvents() {
    };

    default void connectAccepted(ConnectRecord connect, boolean sessionPresent) {
    }

    default void connectRefused(ConnectRecord connect, RefusalReason reason) {
    }

    default void published(PublishRecord publish) {
    }

    default void dropped(String clientId, String topic, int qos, DropReason reason) {
    }

    /** {@code grantedQos} is 0, 1, or 0x80 for a refused filter. */
    default void subscribed(String clientId, String topicFilter, int requestedQos, int grantedQos) {
    }

    default void unsubscribed(String clientId, String topicFilter) {
    }

    /** A message sent to a device (online delivery or redelivery from the offline queue). */
    default void delivered(String clientId, String topic, int qos, byte[] payload) {
    }

    default void disconnected(String clientId, CloseReason reason) {
    }

    /** A sub-device went online ({@code online}) or offline through a gateway's connection. */
    default void subDevice(String gatewayClientId, String subDeviceClientId, boolean online) {
    }
}
