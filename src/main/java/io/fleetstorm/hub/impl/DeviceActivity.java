package io.fleetstorm.hub.impl;

import io.fleetstorm.protocol.DeviceId;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each device last logged in and went offline, and which devices ever connected (the candidates of a
 * broadcast); fed by {@link ActivityEvents}.
 */
final class DeviceActivity {

    /** Epoch seconds; 0 = never. */
    record Times(long firstOnlineS, long loginS, long lastOfflineS) {
    }

    private final ConcurrentHashMap<DeviceId, Times> times = new ConcurrentHashMap<>();

    void loggedIn(DeviceId id, long nowS) {
        times.merge(id, new Times(nowS, nowS, 0), (old, n) -> new Times(old.firstOnlineS(), nowS, old.lastOfflineS()));
    }

    void wentOffline(DeviceId id, long nowS) {
        times.computeIfPresent(id, (k, old) -> new Times(old.firstOnlineS(), old.loginS(), nowS));
    }

    Times times(DeviceId id) {
        return times.getOrDefault(id, new Times(0, 0, 0));
    }

    /** Every device of the product that connected at least once since the hub started. */
    List<DeviceId> everConnected(String productId) {
        return times.keySet().stream().filter(id -> id.productId().equals(productId)).toList();
    }
}
