package io.fleetstorm.hub;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;

/**
 * {@link HubEvents} that keeps everything in memory, for tests that assert what devices sent on the wire.
 */
public final class RecordingHubEvents implements HubEvents {

    /** A refused CONNECT. */
    public record Refusal(ConnectRecord connect, RefusalReason reason) {
    }

    /** A message the hub did not route. */
    public record Drop(String clientId, String topic, int qos, DropReason reason) {
    }

    /** A subscription request and what was granted. */
    public record Subscription(String clientId, String topicFilter, int requestedQos, int grantedQos) {
    }

    /** A message sent to a device. */
    public record Delivery(String clientId, String topic, int qos, byte[] payload) {
    }

    /** A connection end. */
    public record Disconnect(String clientId, CloseReason reason) {
    }

    /** A sub-device online or offline through a gateway. */
    public record SubDevice(String gatewayClientId, String subDeviceClientId, boolean online) {
    }

    private final ConcurrentLinkedQueue<ConnectRecord> accepted = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Refusal> refused = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<PublishRecord> published = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Drop> dropped = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Subscription> subscriptions = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Delivery> deliveries = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Disconnect> disconnects = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<SubDevice> subDevices = new ConcurrentLinkedQueue<>();

    @Override
    public void connectAccepted(ConnectRecord connect, boolean sessionPresent) {
        accepted.add(connect);
    }

    @Override
    public void connectRefused(ConnectRecord connect, RefusalReason reason) {
        refused.add(new Refusal(connect, reason));
    }

    @Override
    public void published(PublishRecord publish) {
        published.add(publish);
    }

    @Override
    public void dropped(String clientId, String topic, int qos, DropReason reason) {
        dropped.add(new Drop(clientId, topic, qos, reason));
    }

    @Override
    public void subscribed(String clientId, String topicFilter, int requestedQos, int grantedQos) {
        subscriptions.add(new Subscription(clientId, topicFilter, requestedQos, grantedQos));
    }

    @Override
    public void delivered(String clientId, String topic, int qos, byte[] payload) {
        deliveries.add(new Delivery(clientId, topic, qos, payload));
    }

    @Override
    public void disconnected(String clientId, CloseReason reason) {
        disconnects.add(new Disconnect(clientId, reason));
    }

    @Override
    public void subDevice(String gatewayClientId, String subDeviceClientId, boolean online) {
        subDevices.add(new SubDevice(gatewayClientId, subDeviceClientId, online));
    }

    public List<SubDevice> subDevices() {
        return List.copyOf(subDevices);
    }

    public List<ConnectRecord> accepted() {
        return List.copyOf(accepted);
    }

    public List<Refusal> refused() {
        return List.copyOf(refused);
    }

    public List<PublishRecord> published() {
        return List.copyOf(published);
    }

    public List<PublishRecord> published(Predicate<PublishRecord> filter) {
        return published.stream().filter(filter).toList();
    }

    public List<Drop> dropped() {
        return List.copyOf(dropped);
    }

    public List<Subscription> subscriptions() {
        return List.copyOf(subscriptions);
    }

    public List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    public List<Disconnect> disconnects() {
        return List.copyOf(disconnects);
    }

    /** Forgets everything recorded so far. */
    public void clear() {
        accepted.clear();
        refused.clear();
        published.clear();
        dropped.clear();
        subscriptions.clear();
        deliveries.clear();
        disconnects.clear();
        subDevices.clear();
    }
}
