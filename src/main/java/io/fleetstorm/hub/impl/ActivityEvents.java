package io.fleetstorm.hub.impl;

import io.fleetstorm.hub.CloseReason;
import io.fleetstorm.hub.ConnectRecord;
import io.fleetstorm.hub.DropReason;
import io.fleetstorm.hub.HubEvents;
import io.fleetstorm.hub.PublishRecord;
import io.fleetstorm.hub.RefusalReason;
import java.util.function.LongSupplier;

/** The user's {@link HubEvents}, plus logins and disconnects recorded in {@link DeviceActivity} for the API. */
final class ActivityEvents implements HubEvents {

    private final HubEvents delegate;
    private final DeviceActivity activity;
    private final LongSupplier millisClock;
    /** Set once the core (which owns the registry) exists; events only flow after that. */
    volatile InMemoryDeviceRegistry registry;

    ActivityEvents(HubEvents delegate, DeviceActivity activity, LongSupplier millisClock) {
        this.delegate = delegate;
        this.activity = activity;
        this.millisClock = millisClock;
    }

    @Override
    public void connectAccepted(ConnectRecord connect, boolean sessionPresent) {
        registry.resolveClientId(connect.clientId())
                .ifPresent(id -> activity.loggedIn(id, millisClock.getAsLong() / 1000));
        delegate.connectAccepted(connect, sessionPresent);
    }

    @Override
    public void disconnected(String clientId, CloseReason reason) {
        registry.resolveClientId(clientId).ifPresent(id -> activity.wentOffline(id, millisClock.getAsLong() / 1000));
        delegate.disconnected(clientId, reason);
    }

    /** A sub-device online through a gateway logs in as far as the API is concerned (DescribeDevice, broadcast). */
    @Override
    public void subDevice(String gatewayClientId, String subDeviceClientId, boolean online) {
        long nowS = millisClock.getAsLong() / 1000;
        registry.resolveClientId(subDeviceClientId).ifPresent(id -> {
            if (online) {
                activity.loggedIn(id, nowS);
            } else {
                activity.wentOffline(id, nowS);
            }
        });
        delegate.subDevice(gatewayClientId, subDeviceClientId, online);
    }

    @Override
    public void connectRefused(ConnectRecord connect, RefusalReason reason) {
        delegate.connectRefused(connect, reason);
    }

    @Override
    public void published(PublishRecord publish) {
        delegate.published(publish);
    }

    @Override
    public void dropped(String clientId, String topic, int qos, DropReason reason) {
        delegate.dropped(clientId, topic, qos, reason);
    }

    @Override
    public void subscribed(String clientId, String topicFilter, int requestedQos, int grantedQos) {
        delegate.subscribed(clientId, topicFilter, requestedQos, grantedQos);
    }

    @Override
    public void unsubscribed(String clientId, String topicFilter) {
        delegate.unsubscribed(clientId, topicFilter);
    }

    @Override
    public void delivered(String clientId, String topic, int qos, byte[] payload) {
        delegate.delivered(clientId, topic, qos, payload);
    }
}
