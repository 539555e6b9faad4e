package io.fleetstorm.hub.impl;

import io.fleetstorm.protocol.DeviceId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which sub-devices are bound to which gateway: a sub-device to at most one gateway, a gateway to at most
 * {@link #maxPerGateway} sub-devices. Written by gateways (bind, unbind) and the API, so every method holds this
 * object's monitor; the operations are small.
 */
final class GatewayTopology {

    /** The outcome of a bind. */
    enum Bind {
        BOUND, ALREADY_HERE, ELSEWHERE, LIMIT
    }

    private final int maxPerGateway;
    private final Map<DeviceId, LinkedHashSet<DeviceId>> byGateway = new HashMap<>();
    private final Map<DeviceId, DeviceId> gatewayOf = new HashMap<>();

    GatewayTopology(int maxPerGateway) {
        this.maxPerGateway = maxPerGateway;
    }

    /** What binding would do, without doing it (the API checks a whole list before binding any). */
    synchronized Bind check(DeviceId gateway, DeviceId sub) {
        DeviceId current = gatewayOf.get(sub);
        if (current != null) {
            return current.equals(gateway) ? Bind.ALREADY_HERE : Bind.ELSEWHERE;
        }
        return count(gateway) >= maxPerGateway ? Bind.LIMIT : Bind.BOUND;
    }

    synchronized Bind bind(DeviceId gateway, DeviceId sub) {
        Bind outcome = check(gateway, sub);
        if (outcome == Bind.BOUND) {
            gatewayOf.put(sub, gateway);
            byGateway.computeIfAbsent(gateway, g -> new LinkedHashSet<>()).add(sub);
        }
        return outcome;
    }

    /** False when the sub-device was not bound to this gateway. */
    synchronized boolean unbind(DeviceId gateway, DeviceId sub) {
        if (!gateway.equals(gatewayOf.get(sub))) {
            return false;
        }
        gatewayOf.remove(sub);
        LinkedHashSet<DeviceId> subs = byGateway.get(gateway);
        subs.remove(sub);
        if (subs.isEmpty()) {
            byGateway.remove(gateway);
        }
        return true;
    }

    synchronized Optional<DeviceId> gatewayOf(DeviceId sub) {
        return Optional.ofNullable(gatewayOf.get(sub));
    }

    synchronized boolean isBound(DeviceId gateway, DeviceId sub) {
        return gateway.equals(gatewayOf.get(sub));
    }

    /** The gateway's sub-devices in bind order. */
    synchronized List<DeviceId> subDevices(DeviceId gateway) {
        LinkedHashSet<DeviceId> subs = byGateway.get(gateway);
        return subs == null ? List.of() : new ArrayList<>(subs);
    }

    synchronized int count(DeviceId gateway) {
        LinkedHashSet<DeviceId> subs = byGateway.get(gateway);
        return subs == null ? 0 : subs.size();
    }

    synchronized int bindings() {
        return gatewayOf.size();
    }

    int maxPerGateway() {
        return maxPerGateway;
    }
}
