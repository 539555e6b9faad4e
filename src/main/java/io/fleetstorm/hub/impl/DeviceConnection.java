package io.fleetstorm.hub.impl;

import io.fleetstorm.hub.CloseReason;
import io.fleetstorm.hub.ConnectRecord;
import io.fleetstorm.hub.DropReason;
import io.fleetstorm.hub.HubOperation;
import io.fleetstorm.hub.PublishRecord;
import io.fleetstorm.hub.RefusalReason;
import io.fleetstorm.hub.ViolationRule;
import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.protocol.SdkAppId;
import io.fleetstorm.protocol.TopicPermissions;
import io.fleetstorm.protocol.Topics;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttTopicSubscription;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.messages.MqttSubscribeMessage;
import io.vertx.mqtt.messages.MqttUnsubscribeMessage;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One device's MQTT connection to the hub. Confined to the event loop that accepted it: every field is touched only
 * there; other loops reach it through {@link #sendFromAnyThread}.
 */
final class DeviceConnection {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceConnection.class);

    private final HubCore core;
    private final MqttEndpoint endpoint;
    private final Context context;
    private final ConnectAuthenticator authenticator;
    private DeviceId deviceId;
    private DeviceSession session;
    private TopicPermissions permissions;
    private UplinkQuota quota;
    /** The sub-devices online through this connection; null unless the device is a gateway. */
    private GatewayLink gatewayLink;
    private CloseReason closeReason;
    private long lastReceivedNanos;
    private int nextPacketId = 1;
    private final Map<Integer, OutboundMessage> inFlight = new LinkedHashMap<>();
    private final List<OutboundMessage> closingBacklog = new ArrayList<>(0);
    private long redeliveryTimer = -1;
    /** Created when a fault first touches this connection's PUBACKs or shadow requests. */
    private ConnectionFaults faults;
    private boolean closed;

    DeviceConnection(HubCore core, ConnectAuthenticator authenticator, MqttEndpoint endpoint, Context context) {
        this.core = core;
        this.authenticator = authenticator;
        this.endpoint = endpoint;
        this.context = context;
    }

    DeviceId deviceId() {
        return deviceId;
    }

    /**
     * Decides on the CONNECT synchronously: vertx-mqtt closes a connection whose next packet arrives before the
     * accept, which MQTT 3.1.1 allows clients to send right after CONNECT.
     */
    void handleConnect() {
        lastReceivedNanos = System.nanoTime();
        X509Certificate peer = peerCertificate();
        String password = endpoint.auth() == null ? null : endpoint.auth().getPassword();
        ConnectRecord record = new ConnectRecord(endpoint.clientIdentifier(),
                endpoint.auth() == null ? null : endpoint.auth().getUsername(), passwordMethod(password),
                endpoint.keepAliveTimeSeconds(), endpoint.isCleanSession(), endpoint.protocolVersion(),
                endpoint.will() != null && endpoint.will().isWillFlag(), endpoint.isSsl(), peer != null,
                String.valueOf(endpoint.remoteAddress()));
        long now = core.millisClock.getAsLong();
        ConnectAuthenticator.Decision decision = authenticator.check(record, password, peer, pskIdentity(), now);
        if (core.faults.refuses(HubOperation.CONNECT)) {
            decision = ConnectAuthenticator.Decision.refuse(RefusalReason.FAULT_INJECTED);
        }
        if (decision.accepted() && !ProductHost.indicated(core.productHostSuffix, endpoint,
                decision.device().id().productId())) {
            decision = ConnectAuthenticator.Decision.refuse(io.fleetstorm.hub.RefusalReason.WRONG_HOST);
        }
        if (decision.accepted()) {
            deviceId = decision.device().id();
            session = core.session(deviceId);
            if (!session.tryConnectSlot(now, core.limits.connectIntervalMs())) {
                decision = ConnectAuthenticator.Decision.refuse(io.fleetstorm.hub.RefusalReason.CONNECT_RATE);
            }
        }
        if (!decision.accepted()) {
            core.counters.refused(decision.refusal());
            core.events.connectRefused(record, decision.refusal());
            refusalViolation(record, decision.refusal());
            LOG.debug("refused {}: {}", record.clientId(), decision.refusal());
            endpoint.reject(MqttConnectReturnCode.valueOf((byte) decision.refusal().returnCode()));
            return;
        }
        if (record.willFlag()) {
            core.counters.willsIgnored.increment();
        }
        if (decision.userName() != null && !SdkAppId.isKnown(decision.userName().sdkAppId())) {
            core.counters.unknownSdkAppIds.increment();
        }
        boolean gateway = core.gateways.isGateway(deviceId);
        permissions = new TopicPermissions(deviceId,
                core.registry.product(deviceId.productId()).map(p -> p.customTopics()).orElse(Map.of()), gateway);
        gatewayLink = gateway ? new GatewayLink() : null;
        quota = new UplinkQuota(core.limits.uplinkMessagesPerSecond());
        endpoint.publishAutoAck(false);
        endpoint.subscriptionAutoAck(false);
        endpoint.publishHandler(this::onPublish);
        endpoint.subscribeHandler(this::onSubscribe);
        endpoint.unsubscribeHandler(this::onUnsubscribe);
        endpoint.publishAcknowledgeHandler(this::onPuback);
        endpoint.pingHandler(v -> lastReceivedNanos = System.nanoTime());
        endpoint.disconnectHandler(v -> closeReason = CloseReason.CLIENT_DISCONNECT);
        endpoint.exceptionHandler(t -> LOG.debug("connection {} failed: {}", record.clientId(), t.toString()));
        endpoint.closeHandler(v -> onClosed());

        DeviceSession.Attached attached = session.attach(this, record.cleanSession());
        endpoint.accept(attached.sessionPresent());
        core.counters.connectsAccepted.increment();
        core.counters.connectionsOpen.increment();
        core.events.connectAccepted(record, attached.sessionPresent());
        if (attached.previous() != null) {
            attached.previous().closeFromAnyThread(CloseReason.KICKED_BY_NEW_LOGIN);
        }
        core.gateways.directLogin(deviceId);
        if (session.queuedCount() > 0) {
            scheduleRedelivery();
        }
    }

    private void onPublish(MqttPublishMessage message) {
        lastReceivedNanos = System.nanoTime();
        String topic = message.topicName();
        int qos = message.qosLevel().value();
        byte[] payload = message.payload().getBytes();
        core.counters.messagesIn.increment();
        core.counters.bytesIn.add(payload.length);
        core.events.published(new PublishRecord(deviceId.clientId(), topic, qos, message.isRetain(),
                message.isDup(), payload));
        if (qos == 2) {
            core.dropped(deviceId.clientId(), topic, qos, DropReason.QOS2);
            violation(ViolationRule.QOS2_PUBLISH, topic, "connection closed");
            close(CloseReason.PROTOCOL_VIOLATION);
            return;
        }
        if (payload.length > core.limits.maxPayloadBytes()) {
            core.dropped(deviceId.clientId(), topic, qos, DropReason.OVERSIZE);
            violation(ViolationRule.OVERSIZE_PAYLOAD, payload.length + " bytes", "connection closed");
            close(CloseReason.PROTOCOL_VIOLATION);
            return;
        }
        if (message.isRetain()) {
            core.counters.retainIgnored.increment();
        }
        if (Topics.checkShape(topic).isPresent()) {
            core.dropped(deviceId.clientId(), topic, qos, DropReason.MALFORMED_TOPIC);
            violation(ViolationRule.MALFORMED_TOPIC, topic, "dropped");
            return;
        }
        if (!canPublish(topic)) {
            core.dropped(deviceId.clientId(), topic, qos, DropReason.FORBIDDEN_TOPIC);
            violation(ViolationRule.FORBIDDEN_TOPIC, topic, "dropped");
            return;
        }
        if (!quotaFor(topic).tryAcquire(core.millisClock.getAsLong())) {
            core.dropped(deviceId.clientId(), topic, qos, DropReason.UPLINK_QUOTA);
            return;
        }
        if (core.faults.refuses(HubOperation.PUBLISH)) {
            core.dropped(deviceId.clientId(), topic, qos, DropReason.FAULT_INJECTED);
            return;
        }
        if (qos == 1) {
            long delay = core.script.pubackDelayMillis(deviceId.clientId(), topic, core.millisClock.getAsLong());
            int messageId = message.messageId();
            if (delay > 0) {
                context.owner().setTimer(delay, id -> {
                    if (!closed) {
                        endpoint.publishAcknowledge(messageId);
                    }
                });
            } else {
                acknowledge(messageId);
            }
        }
        if (heldShadow(topic, payload, qos)) {
            return;
        }
        core.routeUplink(this, topic, payload, qos);
    }

    private void onSubscribe(MqttSubscribeMessage message) {
        lastReceivedNanos = System.nanoTime();
        if (core.faults.refuses(HubOperation.SUBSCRIBE)) {
            refuseSubscribe(message);
            return;
        }
        List<MqttQoS> granted = new ArrayList<>(message.topicSubscriptions().size());
        for (MqttTopicSubscription sub : message.topicSubscriptions()) {
            String filter = sub.topicName();
            int requested = sub.qualityOfService().value();
            int qos = Math.min(requested, 1); // QoS 2 is granted as 1
            boolean allowed = Topics.checkShape(filter).isEmpty() && canSubscribe(filter);
            if (allowed) {
                session.subscribe(filter, qos);
                granted.add(MqttQoS.valueOf(qos));
            } else {
                granted.add(MqttQoS.FAILURE);
                violation(ViolationRule.FORBIDDEN_SUBSCRIPTION, filter, "SUBACK 0x80");
            }
            core.events.subscribed(deviceId.clientId(), filter, requested, allowed ? qos : 0x80);
        }
        endpoint.subscribeAcknowledge(message.messageId(), granted);
    }

    private void onUnsubscribe(MqttUnsubscribeMessage message) {
        lastReceivedNanos = System.nanoTime();
        for (String filter : message.topics()) {
            session.unsubscribe(filter);
            core.events.unsubscribed(deviceId.clientId(), filter);
        }
        endpoint.unsubscribeAcknowledge(message.messageId());
    }

    private void onPuback(int packetId) {
        lastReceivedNanos = System.nanoTime();
        inFlight.remove(packetId);
    }

    /** Hands a message to this connection's event loop. */
    void sendFromAnyThread(OutboundMessage message) {
        if (Context.isOnEventLoopThread() && context == io.vertx.core.Vertx.currentContext()) {
            send(message);
        } else {
            context.runOnContext(v -> send(message));
        }
    }

    private void send(OutboundMessage message) {
        if (closed) {
            if (message.qos() == 1 && session.isPersistent()) {
                // raced with the close: detach already ran, so route it again (queue, or the newer connection)
                session.route(message.topic(), message.payload(), message.qos(), core.millisClock.getAsLong());
            }
            return;
        }
        if (!endpoint.isConnected()) {
            if (message.qos() == 1) {
                closingBacklog.add(message); // handed back to the session when the close handler runs
            }
            return;
        }
        int packetId = 0;
        if (message.qos() == 1) {
            packetId = allocatePacketId();
            inFlight.put(packetId, message);
        }
        endpoint.publish(message.topic(), Buffer.buffer(message.payload()), MqttQoS.valueOf(message.qos()), false,
                false, packetId);
        core.counters.messagesOut.increment();
        core.counters.bytesOut.add(message.payload().length);
        core.events.delivered(deviceId.clientId(), message.topic(), message.qos(), message.payload());
    }

    private int allocatePacketId() {
        for (int i = 0; i < 65_535; i++) {
            int id = nextPacketId;
            nextPacketId = nextPacketId == 65_535 ? 1 : nextPacketId + 1;
            if (!inFlight.containsKey(id)) {
                return id;
            }
        }
        throw new IllegalStateException("65535 QoS 1 messages in flight to " + deviceId.clientId());
    }

    /** Redelivers an offline queue one message per interval, as the cloud does. */
    private void scheduleRedelivery() {
        long interval = Math.max(1, core.limits.offlineResendIntervalMs());
        redeliveryTimer = context.owner().setPeriodic(interval, interval, id -> {
            OutboundMessage next = closed ? null : session.pollQueued(core.millisClock.getAsLong());
            if (next == null) {
                context.owner().cancelTimer(id);
                redeliveryTimer = -1;
                return;
            }
            send(next);
        });
    }

    void closeFromAnyThread(CloseReason reason) {
        context.runOnContext(v -> close(reason));
    }

    void close(CloseReason reason) {
        if (closeReason == null) {
            closeReason = reason;
        }
        if (!closed) {
            endpoint.close();
        }
    }

    private void onClosed() {
        if (closed) {
            return;
        }
        closed = true;
        if (redeliveryTimer >= 0) {
            context.owner().cancelTimer(redeliveryTimer);
        }
        CloseReason reason = closeReason;
        if (reason == null) {
            reason = core.stopping ? CloseReason.HUB_STOPPED : keepAliveExpired() ? CloseReason.KEEPALIVE_TIMEOUT
                    : CloseReason.CONNECTION_LOST;
        }
        core.counters.connectionsOpen.decrement();
        core.counters.disconnected(reason);
        core.events.disconnected(deviceId.clientId(), reason);
        List<OutboundMessage> unacknowledged = new ArrayList<>(inFlight.values());
        unacknowledged.addAll(closingBacklog);
        inFlight.clear();
        closingBacklog.clear();
        if (gatewayLink != null) {
            core.gateways.connectionClosed(this);
        }
        if (!session.detach(this, unacknowledged)) {
            core.forget(session);
        }
    }

    private boolean keepAliveExpired() {
        int keepAlive = endpoint.keepAliveTimeSeconds();
        // vertx-mqtt closes after ceil(1.5 x keepalive) without reads; allow for timer granularity
        return keepAlive > 0 && System.nanoTime() - lastReceivedNanos >= (long) (keepAlive * 1.5e9) - 200_000_000L;
    }

    /** The identity of a TLS-PSK session, or null (plain TCP, certificate TLS). */
    private String pskIdentity() {
        return endpoint.isSsl() ? io.fleetstorm.tls.PskTls.identity(endpoint.sslSession()).orElse(null) : null;
    }

    // ---- injected faults and protocol violations (see FaultInjector, ProtocolViolations) -------------------------

    /** The PUBACK of a QoS 1 PUBLISH, unless a fault withholds, queues or delays it. */
    private void acknowledge(int messageId) {
        if (!core.faults.touches(HubOperation.PUBACK)) {
            endpoint.publishAcknowledge(messageId);
            return;
        }
        faults().acknowledge(messageId);
    }

    /** Whether a fault took a shadow request: refused (dropped unanswered) or held, to be routed later in order. */
    private boolean heldShadow(String topic, byte[] payload, int qos) {
        return core.faults.touches(HubOperation.SHADOW) && faults().heldShadow(topic, payload, qos);
    }

    private ConnectionFaults faults() {
        if (faults == null) {
            faults = new ConnectionFaults(core, this, endpoint, context.owner());
        }
        return faults;
    }

    boolean isClosed() {
        return closed;
    }

    private void refuseSubscribe(MqttSubscribeMessage message) {
        List<MqttQoS> refused = new ArrayList<>(message.topicSubscriptions().size());
        message.topicSubscriptions().forEach(s -> refused.add(MqttQoS.FAILURE));
        endpoint.subscribeAcknowledge(message.messageId(), refused);
    }

    private void violation(ViolationRule rule, String detail, String outcome) {
        core.violations.report(rule, endpoint.remoteAddress(), deviceId == null ? null : deviceId.clientId(), detail,
                outcome);
    }

    private void refusalViolation(ConnectRecord record, RefusalReason reason) {
        ViolationRule rule = ViolationRule.of(reason);
        if (rule != null) {
            core.violations.report(rule, endpoint.remoteAddress(), record.clientId(), null,
                    String.format("CONNACK 0x%02x", reason.returnCode()));
        }
    }

    private X509Certificate peerCertificate() {
        if (!endpoint.isSsl()) {
            return null;
        }
        try {
            SSLSession ssl = endpoint.sslSession();
            Certificate[] chain = ssl == null ? null : ssl.getPeerCertificates();
            return chain != null && chain.length > 0 && chain[0] instanceof X509Certificate x ? x : null;
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }

    private static String passwordMethod(String password) {
        if (password == null) {
            return null;
        }
        int semicolon = password.lastIndexOf(';');
        return semicolon < 0 ? "" : password.substring(semicolon + 1);
    }

    Optional<DeviceSession> session() {
        return Optional.ofNullable(session);
    }

    /** The sub-devices online through this gateway connection; null when the device is not a gateway. */
    GatewayLink gatewayLink() {
        return gatewayLink;
    }

    /** Runs on this connection's event loop (gateway state is confined there). */
    void runOnLoop(Runnable task) {
        context.runOnContext(v -> task.run());
    }

    /** The device a permitted topic is used for: an online sub-device when a gateway uses its topics, else this one. */
    DeviceId actorOf(String topic) {
        return gatewayLink == null ? deviceId : gatewayLink.proxiedOwner(topic).orElse(deviceId);
    }

    private boolean canPublish(String topic) {
        return permissions.canPublish(topic) || (gatewayLink != null && gatewayLink.canPublish(topic));
    }

    private boolean canSubscribe(String filter) {
        return permissions.canSubscribe(filter) || (gatewayLink != null && gatewayLink.canSubscribe(filter));
    }

    /** A sub-device's messages count against its own uplink quota, not the gateway's. */
    private UplinkQuota quotaFor(String topic) {
        if (gatewayLink == null) {
            return quota;
        }
        return gatewayLink.proxiedOwner(topic).map(sub -> gatewayLink.proxied(sub).quota()).orElse(quota);
    }
}
