package io.fleetstorm.device;

import io.fleetstorm.metrics.Counter;
import io.fleetstorm.metrics.Operation;
import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.protocol.OtaMessages;
import io.fleetstorm.protocol.ProtocolException;
import io.fleetstorm.protocol.ShadowMessages;
import io.fleetstorm.protocol.ShadowReply;
import io.fleetstorm.protocol.TimeSyncMessages;
import io.fleetstorm.protocol.Topics;
import io.fleetstorm.tls.CertifiedKey;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.util.collection.IntObjectHashMap;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One virtual device: its MQTT connection, the operations waiting for answers, and its reconnect back-off. It is the
 * inbound handler of its own channel, so a device costs one object beyond the channel itself. Confined to the event
 * loop of its fleet verticle: no locks, no timers of its own (the verticle's sweep handles timeouts and keepalive).
 */
@ChannelHandler.Sharable // in one pipeline at a time, but a new one after every reconnect: Netty must not refuse it
public final class VirtualDevice extends ChannelInboundHandlerAdapter {

    /** Where the device is in its connection life. */
    public enum State { IDLE, CONNECTING, SUBSCRIBING, READY, CLOSING, GAVE_UP }

    private static final int MAX_DECODED_BYTES = 256 * 1024;
    /** Publishes a device keeps waiting for in-flight slots before it refuses more (counted as skipped). */
    private static final int MAX_BACKLOG = 1_000;
    /** First size of a batch's publish buffer (it grows when a batch holds more). */
    private static final int PUBLISH_BUFFER_BYTES = 512;

    private final DeviceHost host;
    private final DeviceProfile profile;
    private final DeviceId id;
    private final byte[] psk;
    private final CertifiedKey certificate;
    private Channel channel;
    private State state = State.IDLE;
    private boolean wantConnected;
    private int nextPacketId = 1;
    private IntObjectHashMap<Pending> awaitingAck;
    private ArrayDeque<Pending> awaitingEcho;
    private ArrayDeque<Waiting> backlog;
    private ShadowClient shadow;
    private OtaClient ota;
    private ArrayDeque<Pending> expectedDownlinks;
    private int publishesInFlight;
    private int timedOutPublishes;
    private Pending connectPending;
    private int subscriptionsLeft;
    private long lastSentNanos;
    private long pingSentNanos;
    private int failedAttempts;
    private long backoffSpentMs;
    private int shadowSeq;
    private boolean dirty;
    /** PUBLISH packets appended since the last flush, or null. */
    private ByteBuf pendingPublishes;
    private boolean droppedInStorm;
    private boolean countedReady;

    /**
     * @param psk         the decoded PSK of a key device, else null
     * @param certificate the certificate and key of a certificate device (mutual TLS), else null
     */
    public VirtualDevice(DeviceHost host, DeviceProfile profile, DeviceId id, byte[] psk, CertifiedKey certificate) {
        this.host = host;
        this.profile = profile;
        this.id = id;
        this.psk = psk;
        this.certificate = certificate;
    }

    public DeviceId id() {
        return id;
    }

    public DeviceProfile profile() {
        return profile;
    }

    public State state() {
        return state;
    }

    public boolean isReady() {
        return state == State.READY;
    }

    /** Opens the connection; latency of CONNECT is measured from {@code intendedNanos} to the CONNACK. */
    public void connect(long intendedNanos) {
        if (state != State.IDLE && state != State.GAVE_UP) {
            return;
        }
        wantConnected = true;
        long now = host.nanoTime();
        state = State.CONNECTING;
        connectPending = new Pending(Operation.CONNECT, "connect", intendedNanos, now,
                now + profile.commandTimeoutMs() * 1_000_000L);
        host.recorder().count(profile.groupIndex(), Counter.CONNECT_ATTEMPTS, "connect", 0, 1);
        Channel ch = host.transport().newChannel();
        DeviceTls tls = host.tls();
        if (tls != null) {
            java.net.InetSocketAddress target = (java.net.InetSocketAddress) host.target();
            ch.pipeline().addLast(tls.newHandler(ch.alloc(), target.getHostString(), target.getPort(), certificate));
        }
        ch.pipeline().addLast(new MqttDecoder(MAX_DECODED_BYTES), MqttEncoder.INSTANCE, this);
        channel = ch;
        host.transport().connect(ch, host.target(), host.nextLocalAddress()).addListener(f -> {
            if (!f.isSuccess() && channel == ch) {
                host.recorder().error(profile.groupIndex(), "connect", reason(f.cause()));
                connectPending = null;
                ch.close();
            }
        });
    }

    /** Closes the connection on purpose: a clean DISCONNECT, or an abrupt close without one. */
    public void disconnect(boolean abrupt) {
        wantConnected = false;
        if (channel == null) {
            state = State.IDLE;
            return;
        }
        state = State.CLOSING;
        if (!abrupt && channel.isActive()) {
            writePendingPublishes();
            channel.writeAndFlush(MqttWire.DISCONNECT);
        }
        channel.close();
    }

    /** Drops the connection as a network failure would; the device then reconnects with its SDK back-off. */
    public void dropAbruptly() {
        if (channel != null) {
            channel.close();
        }
    }

    /** Sends DISCONNECT and closes, then comes back with the SDK back-off (a clean reconnect storm). */
    public void dropCleanly() {
        if (channel != null && channel.isActive()) {
            writePendingPublishes();
            channel.writeAndFlush(MqttWire.DISCONNECT);
            channel.close();
        }
    }

    /** Marks the device as dropped by a reconnect storm, so its return counts towards the storm's recovery. */
    public void markDroppedInStorm() {
        droppedInStorm = true;
    }

    /** Whether the device was dropped by a storm (and forgets it). */
    public boolean takeDroppedInStorm() {
        boolean was = droppedInStorm;
        droppedInStorm = false;
        return was;
    }

    /** Sets the needs-flush mark; returns whether it was already set (so the host queues the device once). */
    public boolean markDirty() {
        boolean was = dirty;
        dirty = true;
        return was;
    }

    /** Called by the host when a scheduled reconnect is due. */
    public void reconnectDue(long intendedNanos) {
        if (wantConnected && state == State.IDLE) {
            connect(intendedNanos);
        }
    }

    /**
     * Publishes; QoS 1 latency (publish-ack) is measured from {@code intendedNanos} to the PUBACK.
     *
     * @return false when the device is not connected or its channel is not writable (counted by the caller)
     */
    public boolean publish(String topic, byte[] payload, int qos, String behaviour, long intendedNanos) {
        if (state != State.READY || !channel.isWritable()) {
            return false;
        }
        if (qos == 1 && publishesInFlight >= profile.maxInFlight()) {
            if (backlog == null) {
                backlog = new ArrayDeque<>(4);
            }
            if (backlog.size() >= MAX_BACKLOG) {
                return false;
            }
            backlog.addLast(new Waiting(topic, payload, behaviour, intendedNanos));
            return true;
        }
        send(topic, payload, qos, behaviour, intendedNanos);
        return true;
    }

    /** A QoS 1 publish waiting for a free in-flight slot. */
    private record Waiting(String topic, byte[] payload, String behaviour, long intendedNanos) {
    }

    private void send(String topic, byte[] payload, int qos, String behaviour, long intendedNanos) {
        long now = host.nanoTime();
        int packetId = 0;
        if (qos == 1) {
            packetId = allocatePacketId();
            publishesInFlight++;
            awaiting().put(packetId, new Pending(Operation.PUBLISH_ACK, behaviour, intendedNanos, now,
                    now + profile.commandTimeoutMs() * 1_000_000L));
        }
        writePublish(topic, qos, packetId, payload, now);
        host.recorder().count(profile.groupIndex(), Counter.MESSAGES_SENT, behaviour, qos, 1);
        host.recorder().count(profile.groupIndex(), Counter.BYTES_SENT, behaviour, qos, payload.length);
    }

    /** Publishes to the device's own data topic and measures the time until the hub sends it back. */
    public boolean echo(byte[] payload, int qos, long intendedNanos) {
        if (!publish(Topics.data(id), payload, qos, "echo", intendedNanos)) {
            return false;
        }
        long now = host.nanoTime();
        if (awaitingEcho == null) {
            awaitingEcho = new ArrayDeque<>(4);
        }
        awaitingEcho.addLast(new Pending(Operation.ECHO, "echo", intendedNanos, now,
                now + profile.commandTimeoutMs() * 1_000_000L));
        return true;
    }

    /** Reports state to the shadow ({@code shadow-update} latency until the answer with its clientToken). */
    public boolean shadowUpdate(JsonObject reported, long intendedNanos) {
        String token = nextClientToken();
        return shadowRequest(Operation.SHADOW_UPDATE, token,
                ShadowMessages.updateRequest(reported, token, shadowVersion()), intendedNanos, intendedNanos);
    }

    /** Asks for the shadow document ({@code shadow-get} latency). */
    public boolean shadowGet(long intendedNanos) {
        String token = nextClientToken();
        return shadowRequest(Operation.SHADOW_GET, token, ShadowMessages.getRequest(token), intendedNanos,
                intendedNanos);
    }

    /**
     * The application is about to change this device's desired state: the delta's arrival is measured from
     * {@code intendedNanos} ({@code shadow-delta}), and the answer to the device's acknowledgement from the same
     * instant ({@code shadow-convergence}).
     */
    public void expectDelta(long intendedNanos, long sentNanos) {
        ShadowClient s = shadow();
        if (s.expectedDelta != null) {
            host.recorder().error(profile.groupIndex(), "shadow", "delta_superseded");
        }
        s.expectedDelta = new Pending(Operation.SHADOW_DELTA, "shadow", intendedNanos, sentNanos,
                sentNanos + profile.commandTimeoutMs() * 1_000_000L);
    }

    /** The application's change failed; no delta will come. */
    public void cancelExpectedDelta() {
        if (shadow != null) {
            shadow.expectedDelta = null;
        }
    }

    /** The application is about to publish to this device's control topic ({@code downlink} latency). */
    public void expectDownlink(long intendedNanos, long sentNanos) {
        if (expectedDownlinks == null) {
            expectedDownlinks = new ArrayDeque<>(2);
        }
        expectedDownlinks.addLast(new Pending(Operation.DOWNLINK, "downlink", intendedNanos, sentNanos,
                sentNanos + profile.commandTimeoutMs() * 1_000_000L));
    }

    /** The application's publish failed; forget the newest expectation. */
    public void cancelExpectedDownlink() {
        if (expectedDownlinks != null) {
            expectedDownlinks.pollLast();
        }
    }

    private boolean shadowRequest(Operation op, String token, String json, long intendedNanos, long fromNanos) {
        if (state != State.READY || !channel.isWritable()) {
            return false;
        }
        long now = host.nanoTime();
        shadow().byToken.put(token, new Pending(op, "shadow", intendedNanos, op == Operation.SHADOW_CONVERGENCE
                ? fromNanos : now, now + profile.commandTimeoutMs() * 1_000_000L));
        byte[] payload = json.getBytes(StandardCharsets.UTF_8);
        writePublish(Topics.shadowOperation(id), 0, 0, payload, now);
        host.recorder().count(profile.groupIndex(), Counter.MESSAGES_SENT, "shadow", 0, 1);
        host.recorder().count(profile.groupIndex(), Counter.BYTES_SENT, "shadow", 0, payload.length);
        return true;
    }

    private void onShadowMessage(byte[] payload) {
        ShadowReply reply;
        try {
            reply = ShadowReply.parse(new String(payload, StandardCharsets.UTF_8));
        } catch (ProtocolException e) {
            host.recorder().error(profile.groupIndex(), "shadow", "malformed_reply");
            return;
        }
        ShadowClient s = shadow();
        long now = host.nanoTime();
        if (reply.version() != null) {
            s.lastVersion = Math.max(s.lastVersion, reply.version());
        }
        if (reply.isDelta()) {
            host.recorder().count(profile.groupIndex(), Counter.SHADOW_DELTAS, "shadow", 0, 1);
            Pending expected = s.expectedDelta;
            s.expectedDelta = null;
            if (expected != null) {
                host.recorder().recordLatency(profile.groupIndex(), Operation.SHADOW_DELTA, expected.intendedNanos,
                        expected.sentNanos, now);
            }
            // the SDK samples apply the delta, then report it with "desired":null (the documented acknowledgement)
            JsonObject applied = reply.state() == null ? new JsonObject() : reply.state();
            String token = nextClientToken();
            shadowRequest(expected != null ? Operation.SHADOW_CONVERGENCE : Operation.SHADOW_UPDATE, token,
                    ShadowMessages.ackDeltaRequest(applied, token, shadowVersion()),
                    expected != null ? expected.intendedNanos : now, expected != null ? expected.sentNanos : now);
            return;
        }
        Pending p = reply.clientToken() == null ? null : s.byToken.remove(reply.clientToken());
        if (p == null) {
            return;
        }
        if (reply.result() != null && reply.result() != ShadowMessages.RESULT_OK) {
            host.recorder().error(profile.groupIndex(), "shadow", "result_" + reply.result());
            return;
        }
        host.recorder().recordLatency(profile.groupIndex(), p.operation, p.intendedNanos, p.sentNanos, now);
    }

    private Long shadowVersion() {
        return switch (profile.shadowVersion()) {
            case NONE -> null;
            case ZERO -> 0L;
            case LAST_SEEN -> shadow().lastVersion;
        };
    }

    private ShadowClient shadow() {
        if (shadow == null) {
            shadow = new ShadowClient();
        }
        return shadow;
    }

    void timedOut(Operation op) {
        timedOut(op.label());
    }

    /**
     * Reports the firmware version (QoS 1) as devices do at start-up and when an upgrade wave starts; if a task targets
     * the device, the hub answers with {@code update_firmware} and the upgrade runs ({@code ota-command},
     * {@code ota-download}, {@code ota-done}, all measured from {@code intendedNanos}).
     */
    public boolean reportVersion(OtaBehaviour behaviour, long intendedNanos) {
        if (state != State.READY) {
            return false;
        }
        ota = new OtaClient(this, host, behaviour, intendedNanos, host.nanoTime());
        return publish(Topics.otaReport(id), OtaMessages.reportVersion(behaviour.currentVersion())
                .getBytes(StandardCharsets.UTF_8), 1, "ota", intendedNanos);
    }

    /** A message the device's own logic sends (OTA progress): counted, not measured. */
    void publishInternal(String topic, String json, int qos, String behaviour) {
        if (state == State.READY) {
            publish(topic, json.getBytes(StandardCharsets.UTF_8), qos, behaviour, host.nanoTime());
            host.flushLater(this);
        }
    }

    /** The next shadow clientToken, in the SDK's format. */
    public String nextClientToken() {
        String prefix = profile.clientTokenWithDevice() ? id.clientId() : id.productId();
        return prefix + "-" + shadowSeq++;
    }

    // ---- inbound ----

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        long now = host.nanoTime();
        String userName = Credentials.userName(id.clientId(), profile, host.epochMillis(),
                ThreadLocalRandom.current());
        write(MqttWire.connect(id.clientId(), userName, Credentials.password(profile, psk, userName),
                profile.keepAliveSeconds(), profile.cleanSession()), now);
        ctx.flush();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof MqttMessage message)) {
            return;
        }
        try {
            if (message.decoderResult().isFailure()) {
                host.recorder().error(profile.groupIndex(), "decode", "malformed_packet");
                ctx.close();
                return;
            }
            switch (message.fixedHeader().messageType()) {
                case CONNACK -> onConnack((MqttConnAckMessage) message);
                case SUBACK -> onSuback((MqttSubAckMessage) message);
                case PUBACK -> onPuback(((MqttMessageIdVariableHeader) message.variableHeader()).messageId());
                case PUBLISH -> onPublish((MqttPublishMessage) message);
                case PINGRESP -> pingSentNanos = 0;
                default -> host.recorder().error(profile.groupIndex(), "protocol",
                        "unexpected_" + message.fixedHeader().messageType().name().toLowerCase());
            }
        } finally {
            if (msg instanceof MqttPublishMessage p) {
                p.release();
            }
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush(); // PUBACKs and follow-ups written while reading go out in one syscall
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (ctx.channel() != channel) {
            return;
        }
        channel = null;
        if (pendingPublishes != null) { // appended in the pass that saw the link close: never sent
            pendingPublishes.release();
            pendingPublishes = null;
        }
        boolean wanted = !wantConnected;
        boolean wasReady = countedReady;
        countedReady = false;
        if (connectPending != null) {
            host.recorder().error(profile.groupIndex(), "connect", "closed_before_connack");
            connectPending = null;
        }
        failPending("disconnected");
        if (wasReady || state == State.SUBSCRIBING) {
            host.recorder().count(profile.groupIndex(), Counter.DISCONNECTS, wanted ? "clean" : "lost", 0, 1);
        }
        state = State.IDLE;
        host.disconnected(this, wanted, wasReady);
        if (!wanted) {
            scheduleReconnect();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        host.recorder().error(profile.groupIndex(), "io", reason(cause));
        ctx.close();
    }

    private void onConnack(MqttConnAckMessage connack) {
        Pending p = connectPending;
        connectPending = null;
        int code = connack.variableHeader().connectReturnCode().byteValue();
        if (p == null || state != State.CONNECTING) {
            return;
        }
        if (code != 0) {
            host.recorder().error(profile.groupIndex(), "connack", String.format("0x%02x", code));
            channel.close();
            return;
        }
        long now = host.nanoTime();
        host.recorder().recordLatency(profile.groupIndex(), Operation.CONNECT, p.intendedNanos, p.sentNanos, now);
        host.recorder().count(profile.groupIndex(), Counter.CONNECTS_OK, "connect", 0, 1);
        failedAttempts = 0;
        backoffSpentMs = 0;
        List<DeviceProfile.Subscription> subs = profile.subscriptions();
        if (subs.isEmpty()) {
            becomeReady();
            return;
        }
        state = State.SUBSCRIBING;
        subscriptionsLeft = subs.size();
        for (DeviceProfile.Subscription sub : subs) {
            int packetId = allocatePacketId();
            awaiting().put(packetId, new Pending(Operation.SUBSCRIBE, "subscribe", now, now,
                    now + profile.commandTimeoutMs() * 1_000_000L));
            write(MqttWire.subscribe(packetId, topicOf(sub), sub.qos()), now);
        }
    }

    private void onSuback(MqttSubAckMessage suback) {
        Pending p = awaiting().remove(suback.variableHeader().messageId());
        if (p == null) {
            return;
        }
        long now = host.nanoTime();
        List<Integer> granted = suback.payload().grantedQoSLevels();
        if (!granted.isEmpty() && granted.get(0) == 0x80) {
            host.recorder().error(profile.groupIndex(), "suback", "0x80");
        } else {
            host.recorder().recordLatency(profile.groupIndex(), Operation.SUBSCRIBE, p.intendedNanos, p.sentNanos,
                    now);
        }
        if (--subscriptionsLeft == 0 && state == State.SUBSCRIBING) {
            becomeReady();
        }
    }

    private void becomeReady() {
        state = State.READY;
        countedReady = true;
        if (profile.timeSyncOnConnect()) {
            writePublish(Topics.sysOperation(id), 0, 0, TimeSyncMessages.request().getBytes(StandardCharsets.UTF_8),
                    host.nanoTime());
        }
        host.ready(this);
    }

    private void onPuback(int packetId) {
        Pending p = awaitingAck == null ? null : awaitingAck.remove(packetId);
        if (p != null) {
            host.recorder().recordLatency(profile.groupIndex(), p.operation, p.intendedNanos, p.sentNanos,
                    host.nanoTime());
            publishSlotFreed();
        }
    }

    private void publishSlotFreed() {
        publishesInFlight--;
        if (backlog != null && !backlog.isEmpty() && state == State.READY) {
            Waiting w = backlog.pollFirst();
            send(w.topic(), w.payload(), 1, w.behaviour(), w.intendedNanos());
        }
    }

    private void onPublish(MqttPublishMessage publish) {
        ByteBuf content = publish.content();
        byte[] payload = new byte[content.readableBytes()];
        content.getBytes(content.readerIndex(), payload);
        String topic = publish.variableHeader().topicName();
        int qos = publish.fixedHeader().qosLevel().value();
        if (qos == 1) {
            write(MqttWire.puback(publish.variableHeader().packetId()), host.nanoTime());
        }
        host.recorder().count(profile.groupIndex(), Counter.MESSAGES_RECEIVED, "downlink", qos, 1);
        host.recorder().count(profile.groupIndex(), Counter.BYTES_RECEIVED, "downlink", qos, payload.length);
        if (awaitingEcho != null && !awaitingEcho.isEmpty() && topic.equals(Topics.data(id))) {
            Pending p = awaitingEcho.pollFirst();
            host.recorder().recordLatency(profile.groupIndex(), Operation.ECHO, p.intendedNanos, p.sentNanos,
                    host.nanoTime());
            return;
        }
        if (topic.startsWith("$shadow/")) {
            onShadowMessage(payload);
            return;
        }
        if (topic.startsWith("$ota/update/")) {
            if (ota != null) {
                ota.onUpdateTopic(new String(payload, StandardCharsets.UTF_8));
            }
            return;
        }
        if (expectedDownlinks != null && !expectedDownlinks.isEmpty() && topic.equals(Topics.control(id))) {
            Pending p = expectedDownlinks.pollFirst();
            host.recorder().recordLatency(profile.groupIndex(), Operation.DOWNLINK, p.intendedNanos, p.sentNanos,
                    host.nanoTime());
            return;
        }
        host.received(this, topic, payload);
    }

    // ---- sweep, keepalive, reconnect ----

    /** Timeouts and keepalive; called by the verticle's sweep, every device, a few times per second. */
    public void sweep(long now) {
        if (connectPending != null && now > connectPending.deadlineNanos) {
            connectPending = null;
            timedOut("connack");
            if (channel != null) {
                channel.close();
            }
            return;
        }
        if (awaitingAck != null && !awaitingAck.isEmpty()) {
            Iterator<Pending> it = awaitingAck.values().iterator();
            while (it.hasNext()) {
                Pending p = it.next();
                if (now > p.deadlineNanos) {
                    it.remove();
                    timedOut(p.operation.label());
                    if (p.operation == Operation.PUBLISH_ACK) {
                        timedOutPublishes++;
                    }
                }
            }
        }
        while (timedOutPublishes > 0) {
            timedOutPublishes--;
            publishSlotFreed();
        }
        if (awaitingEcho != null) {
            while (!awaitingEcho.isEmpty() && now > awaitingEcho.peekFirst().deadlineNanos) {
                awaitingEcho.pollFirst();
                timedOut("echo");
            }
        }
        if (shadow != null) {
            shadow.sweep(now, this);
        }
        if (expectedDownlinks != null) {
            while (!expectedDownlinks.isEmpty() && now > expectedDownlinks.peekFirst().deadlineNanos) {
                expectedDownlinks.pollFirst();
                timedOut(Operation.DOWNLINK);
            }
        }
        if (state == State.READY && profile.keepAliveSeconds() > 0) {
            long keepAliveNanos = profile.keepAliveSeconds() * 1_000_000_000L;
            if (pingSentNanos != 0 && now - pingSentNanos > 2 * 5_000_000_000L) {
                timedOut("pingresp");
                channel.close(); // two unanswered pings: the link is dead
            } else if (now - lastSentNanos >= keepAliveNanos && pingSentNanos == 0) {
                pingSentNanos = now;
                write(MqttWire.PINGREQ, now);
                host.flushLater(this);
            }
        }
    }

    private void scheduleReconnect() {
        DeviceProfile.Backoff b = profile.backoff();
        long waitMs;
        if (failedAttempts == 0) {
            waitMs = b.firstMinMs() + (b.firstMaxMs() > b.firstMinMs()
                    ? ThreadLocalRandom.current().nextLong(b.firstMaxMs() - b.firstMinMs() + 1) : 0);
        } else {
            waitMs = Math.min(b.maxMs(), b.firstMinMs() << Math.min(failedAttempts, 20));
        }
        failedAttempts++;
        backoffSpentMs += waitMs;
        if (b.giveUpAfterMs() > 0 && backoffSpentMs > b.giveUpAfterMs()) {
            state = State.GAVE_UP;
            host.recorder().error(profile.groupIndex(), "reconnect", "gave_up");
            return;
        }
        host.scheduleReconnect(this, host.nanoTime() + waitMs * 1_000_000L);
    }

    // ---- helpers ----

    private void write(Object message, long now) {
        writePendingPublishes(); // keeps the wire order: publishes appended before this message go first
        lastSentNanos = now;
        channel.write(message, channel.voidPromise());
        host.flushLater(this);
    }

    /** Appends a PUBLISH to the batch's buffer: a batch's publishes leave as one buffer at the flush. */
    private void writePublish(String topic, int qos, int packetId, byte[] payload, long now) {
        if (pendingPublishes == null) {
            pendingPublishes = channel.alloc().ioBuffer(Math.max(PUBLISH_BUFFER_BYTES, payload.length + 128));
        }
        MqttWire.encodePublish(pendingPublishes, topic, qos, packetId, payload);
        lastSentNanos = now;
        host.flushLater(this);
    }

    private void writePendingPublishes() {
        ByteBuf out = pendingPublishes;
        if (out != null) {
            pendingPublishes = null;
            channel.write(out, channel.voidPromise());
        }
    }

    /** Flushes what the device wrote since the last flush (called by the host once per batch). */
    public void flush() {
        dirty = false;
        if (channel != null) {
            writePendingPublishes();
            channel.flush();
        }
    }

    private IntObjectHashMap<Pending> awaiting() {
        if (awaitingAck == null) {
            awaitingAck = new IntObjectHashMap<>(4);
        }
        return awaitingAck;
    }

    private int allocatePacketId() {
        for (int i = 0; i < 65_535; i++) {
            int candidate = nextPacketId;
            nextPacketId = nextPacketId == 65_535 ? 1 : nextPacketId + 1;
            if (awaitingAck == null || !awaitingAck.containsKey(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(id.clientId() + " has 65535 operations in flight");
    }

    private void failPending(String reason) {
        if (awaitingAck != null && !awaitingAck.isEmpty()) {
            for (Pending p : awaitingAck.values()) {
                host.recorder().error(profile.groupIndex(), "disconnect", p.operation.label());
            }
            awaitingAck.clear();
        }
        publishesInFlight = 0;
        if (backlog != null && !backlog.isEmpty()) {
            backlog.forEach(w -> host.recorder().error(profile.groupIndex(), "disconnect", "publish-ack"));
            backlog.clear();
        }
        if (awaitingEcho != null && !awaitingEcho.isEmpty()) {
            awaitingEcho.forEach(p -> host.recorder().error(profile.groupIndex(), "disconnect", "echo"));
            awaitingEcho.clear();
        }
        pingSentNanos = 0;
        if (shadow != null) {
            shadow.byToken.values().forEach(p -> host.recorder().error(profile.groupIndex(), "disconnect",
                    p.operation.label()));
            shadow.byToken.clear();
        }
    }

    private String topicOf(DeviceProfile.Subscription sub) {
        return switch (sub) {
            case SHADOW_RESULT -> Topics.shadowResult(id);
            case OTA_UPDATE -> Topics.otaUpdate(id);
            case DATA -> Topics.data(id);
            case CONTROL -> Topics.control(id);
            case BROADCAST -> Topics.broadcast(id);
            case SYS_RESULT -> Topics.sysResult(id);
            case RRPC -> Topics.rrpcRequestFilter(id);
        };
    }

    private static String reason(Throwable t) {
        if (t == null) {
            return "unknown";
        }
        String name = t.getClass().getSimpleName();
        return name.isEmpty() ? "unknown" : name.replace("Exception", "").toLowerCase();
    }

    /** Number of operations waiting for an answer (in-flight gauge). */
    public int inFlight() {
        return (awaitingAck == null ? 0 : awaitingAck.size()) + (awaitingEcho == null ? 0 : awaitingEcho.size())
                + (backlog == null ? 0 : backlog.size()) + (shadow == null ? 0 : shadow.inFlight())
                + (expectedDownlinks == null ? 0 : expectedDownlinks.size())
                + (connectPending == null ? 0 : 1);
    }

    /** An operation without an answer in time: an error of kind timeout, and the timeouts counter. */
    private void timedOut(String what) {
        host.recorder().error(profile.groupIndex(), "timeout", what);
        host.recorder().count(profile.groupIndex(), Counter.OPERATION_TIMEOUTS, what, 0, 1);
    }

}
