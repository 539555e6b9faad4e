package io.fleetstorm.hub.impl;

import io.fleetstorm.hub.DropReason;
import io.fleetstorm.hub.HubDelivery;
import io.fleetstorm.protocol.DeviceId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the hub keeps for one ClientId: the live connection, subscriptions, and (for cleanSession 0) the
 * offline QoS 1 queue. Connections of one device may land on different event loops (a reconnect, a duplicate
 * login), so the state is guarded by this object's monitor; sends are handed to the connection's own loop.
 */
final class DeviceSession {

    /** What {@link #attach} found. */
    record Attached(boolean sessionPresent, DeviceConnection previous) {
    }

    final DeviceId id;
    private final HubCore core;
    private DeviceConnection connection;
    private boolean persistent;
    private final Map<String, Integer> subscriptions = new LinkedHashMap<>();
    private final ArrayDeque<OutboundMessage> offline = new ArrayDeque<>();
    private long lastAcceptedConnectMillis = Long.MIN_VALUE / 2;

    DeviceSession(DeviceId id, HubCore core) {
        this.id = id;
        this.core = core;
    }

    /** Claims the connect slot: false when the previous accepted CONNECT was less than the interval ago. */
    synchronized boolean tryConnectSlot(long nowMillis, long intervalMs) {
        if (nowMillis - lastAcceptedConnectMillis < intervalMs) {
            return false;
        }
        lastAcceptedConnectMillis = nowMillis;
        return true;
    }

    synchronized Attached attach(DeviceConnection newConnection, boolean cleanSession) {
        boolean present = !cleanSession && persistent;
        if (cleanSession) {
            core.offlineQueued.add(-offline.size());
            subscriptions.clear();
            offline.clear();
        }
        persistent = !cleanSession;
        DeviceConnection previous = connection;
        connection = newConnection;
        return new Attached(present, previous);
    }

    /**
     * The connection is gone; its unacknowledged QoS 1 messages go back to the front of the queue of a persistent
     * session. Returns whether the session is still worth keeping.
     */
    synchronized boolean detach(DeviceConnection closed, List<OutboundMessage> unacknowledged) {
        if (connection != closed) {
            return true; // a newer connection took over; it owns the session now
        }
        connection = null;
        if (!persistent) {
            subscriptions.clear();
            core.offlineQueued.add(-offline.size());
            offline.clear();
            return false;
        }
        for (int i = unacknowledged.size() - 1; i >= 0; i--) {
            offline.addFirst(unacknowledged.get(i));
            core.offlineQueued.increment();
        }
        trimQueue();
        return true;
    }

    /** The live connection, or null. */
    synchronized DeviceConnection connection() {
        return connection;
    }

    synchronized boolean isOnline() {
        return connection != null;
    }

    synchronized boolean isPersistent() {
        return persistent;
    }

    synchronized void subscribe(String filter, int qos) {
        subscriptions.put(filter, qos);
    }

    synchronized void unsubscribe(String filter) {
        subscriptions.remove(filter);
    }

    /** Routes one message to this device: deliver, queue or drop. */
    synchronized HubDelivery route(String topic, byte[] payload, int qos, long nowMillis) {
        int granted = -1;
        for (Map.Entry<String, Integer> sub : subscriptions.entrySet()) {
            if (TopicMatcher.matches(sub.getKey(), topic)) {
                granted = Math.max(granted, sub.getValue());
            }
        }
        if (granted < 0) {
            return HubDelivery.NOT_SUBSCRIBED;
        }
        int deliveredQos = Math.min(qos, granted);
        OutboundMessage message = new OutboundMessage(topic, payload, deliveredQos,
                nowMillis + core.limits.offlineTtl().toMillis());
        if (connection != null) {
            connection.sendFromAnyThread(message);
            return HubDelivery.DELIVERED;
        }
        if (!persistent || deliveredQos == 0) {
            return HubDelivery.NOT_SUBSCRIBED;
        }
        if (core.limits.offlineQueueMax() == 0) {
            core.dropped(id.clientId(), topic, qos, DropReason.OFFLINE_QUEUE_FULL);
            return HubDelivery.NOT_SUBSCRIBED;
        }
        offline.addLast(message);
        core.offlineQueued.increment();
        trimQueue();
        return HubDelivery.QUEUED;
    }

    /** Takes the next queued message that has not expired, or null. */
    synchronized OutboundMessage pollQueued(long nowMillis) {
        OutboundMessage next;
        while ((next = offline.pollFirst()) != null) {
            core.offlineQueued.decrement();
            if (next.expiresAtMillis() >= nowMillis) {
                return next;
            }
            core.dropped(id.clientId(), next.topic(), next.qos(), DropReason.OFFLINE_EXPIRED);
        }
        return null;
    }

    synchronized int queuedCount() {
        return offline.size();
    }

    synchronized List<String> subscriptionFilters() {
        return new ArrayList<>(subscriptions.keySet());
    }

    /** Keeps the newest messages when the queue overflows (the oldest are the least useful). */
    private void trimQueue() {
        Iterator<OutboundMessage> it = offline.iterator();
        int excess = offline.size() - core.limits.offlineQueueMax();
        while (excess-- > 0 && it.hasNext()) {
            OutboundMessage dropped = it.next();
            it.remove();
            core.offlineQueued.decrement();
            core.dropped(id.clientId(), dropped.topic(), dropped.qos(), DropReason.OFFLINE_QUEUE_FULL);
        }
    }
}
