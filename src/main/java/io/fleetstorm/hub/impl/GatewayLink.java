package io.fleetstorm.hub.impl;

import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.protocol.TopicPermissions;
import io.fleetstorm.protocol.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The sub-devices online through one gateway connection, with the permissions and uplink quota each brings: a
 * gateway may use a sub-device's topics only while that sub-device is online through it, with that sub-device's
 * rights (its product's custom topics included). Confined to the gateway connection's event loop.
 */
final class GatewayLink {

    /** One online sub-device. */
    record Proxied(TopicPermissions permissions, UplinkQuota quota) {
    }

    private final Map<DeviceId, Proxied> online = new HashMap<>();

    void add(DeviceId sub, Proxied proxied) {
        online.put(sub, proxied);
    }

    boolean remove(DeviceId sub) {
        return online.remove(sub) != null;
    }

    boolean isOnline(DeviceId sub) {
        return online.containsKey(sub);
    }

    List<DeviceId> onlineSubDevices() {
        return new ArrayList<>(online.keySet());
    }

    int size() {
        return online.size();
    }

    /** The online sub-device that owns the topic or filter, if any; nothing is parsed while none is online. */
    Optional<DeviceId> proxiedOwner(String topicOrFilter) {
        if (online.isEmpty()) {
            return Optional.empty();
        }
        return Topics.owner(topicOrFilter).filter(online::containsKey);
    }

    Proxied proxied(DeviceId sub) {
        return online.get(sub);
    }

    boolean canPublish(String topic) {
        return proxiedOwner(topic).map(sub -> online.get(sub).permissions().canPublish(topic)).orElse(false);
    }

    boolean canSubscribe(String filter) {
        return proxiedOwner(filter).map(sub -> online.get(sub).permissions().canSubscribe(filter)).orElse(false);
    }
}
