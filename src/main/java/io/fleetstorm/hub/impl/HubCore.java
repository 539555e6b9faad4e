package io.fleetstorm.hub.impl;

import io.fleetstorm.hub.DropReason;
import io.fleetstorm.hub.HubDelivery;
import io.fleetstorm.hub.HubEvents;
import io.fleetstorm.hub.HubLimits;
import io.fleetstorm.hub.HubStats;
import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.protocol.Topics;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * State shared by every listener verticle: registry, sessions, counters, limits, and the routing of messages to
 * devices and to hub services. Thread-safe; per-connection state lives in {@link DeviceConnection}.
 */
final class HubCore {

    final InMemoryDeviceRegistry registry = new InMemoryDeviceRegistry();
    final HubLimits limits;
    final HubEvents events;
    volatile io.fleetstorm.hub.HubScript script = io.fleetstorm.hub.HubScript.NONE;
    final HubCounters counters = new HubCounters();
    final LongAdder offlineQueued = new LongAdder();
    final LongSupplier millisClock;
    private final ConcurrentHashMap<String, DeviceSession> sessions = new ConcurrentHashMap<>();
    private final List<UplinkService> services = new CopyOnWriteArrayList<>();
    volatile boolean stopping;
    /** Gateways, their bound sub-devices and the sub-devices online through them. */
    final Gateways gateways = new Gateways(this);
    final FeatureCounters features = new FeatureCounters();
    /** Issues the certificates of certificate devices that register dynamically; set once the hub's TLS is known. */
    volatile io.fleetstorm.tls.CertificateAuthority certificateAuthority;
    /** Injected faults; {@link FaultInjector#NONE} unless the options configure some. */
    volatile FaultInjector faults = FaultInjector.NONE;
    final ProtocolViolations violations = new ProtocolViolations();
    /** The per-product host suffix the hub impersonates ({@code HubOptions.productHostSuffix}), or null. */
    volatile String productHostSuffix;

    HubCore(HubLimits limits, HubEvents events, LongSupplier millisClock) {
        this.limits = limits;
        this.events = events;
        this.millisClock = millisClock;
    }

    DeviceSession session(DeviceId id) {
        return sessions.computeIfAbsent(id.clientId(), k -> new DeviceSession(id, this));
    }

    Optional<DeviceSession> existingSession(String clientId) {
        return Optional.ofNullable(sessions.get(clientId));
    }

    /** Forgets a clean session once its connection is gone. */
    void forget(DeviceSession session) {
        sessions.computeIfPresent(session.id.clientId(),
                (k, current) -> current == session && !current.isOnline() && !current.isPersistent() ? null : current);
    }

    void addService(UplinkService service) {
        services.add(service);
    }

    /** A message a device published (already permitted and within quota): to a hub service, or to its owner. */
    void routeUplink(DeviceConnection from, String topic, byte[] payload, int qos) {
        if (Topics.isGatewayOperation(topic)) {
            gateways.handle(from, payload);
            return;
        }
        // a gateway publishing for an online sub-device acts as that sub-device
        DeviceId actor = from.actorOf(topic);
        for (UplinkService service : services) {
            if (service.handles(topic)) {
                service.handle(actor, topic, payload, qos);
                return;
            }
        }
        // event and data topics reach the cloud's rules engine; a device subscribed to its own data topic gets it back
        DeviceSession own = sessionFor(actor);
        if (own != null) {
            own.route(topic, payload, qos, millisClock.getAsLong());
        }
    }

    /**
     * The session that receives a device's messages: its own, or its gateway's while it is online through one.
     * Null when there is neither.
     */
    DeviceSession sessionFor(DeviceId id) {
        DeviceConnection gateway = gateways.proxyOf(id);
        if (gateway != null) {
            DeviceSession session = gateway.session().orElse(null);
            if (session != null) {
                return session;
            }
        }
        return sessions.get(id.clientId());
    }

    /** A message from the application side (API, services) to the device that owns the topic. */
    HubDelivery routeDownlink(String topic, byte[] payload, int qos) {
        Optional<DeviceId> owner = Topics.owner(topic);
        if (owner.isEmpty() || registry.device(owner.get()).isEmpty()) {
            return HubDelivery.NO_SUCH_DEVICE;
        }
        DeviceSession session = sessionFor(owner.get());
        HubDelivery result = session == null ? HubDelivery.NOT_SUBSCRIBED
                : session.route(topic, payload, qos, millisClock.getAsLong());
        if (result == HubDelivery.NOT_SUBSCRIBED) {
            dropped(owner.get().clientId(), topic, qos, DropReason.NO_SUBSCRIBER);
        }
        return result;
    }

    /** The decoded PSK of a key device for a TLS-PSK handshake whose identity is a ClientId, else null. */
    byte[] pskKey(String identity) {
        return registry.resolveClientId(identity).flatMap(registry::device).map(io.fleetstorm.hub.Device::psk)
                .map(io.fleetstorm.protocol.Signer::decodePsk).orElse(null);
    }

    /** Closes the device's connection, if it has one (a device deleted through the API, as the cloud does). */
    void disconnect(DeviceId id, io.fleetstorm.hub.CloseReason reason) {
        DeviceSession session = sessions.get(id.clientId());
        DeviceConnection connection = session == null ? null : session.connection();
        if (connection != null) {
            connection.closeFromAnyThread(reason);
        }
    }

    boolean isOnline(DeviceId id) {
        DeviceSession session = sessions.get(id.clientId());
        return (session != null && session.isOnline()) || gateways.isProxied(id);
    }

    void dropped(String clientId, String topic, int qos, DropReason reason) {
        counters.dropped(reason);
        events.dropped(clientId, topic, qos, reason);
    }

    HubStats stats() {
        long persistent = sessions.values().stream().filter(DeviceSession::isPersistent).count();
        return counters.snapshot(persistent, offlineQueued.sum());
    }
}
