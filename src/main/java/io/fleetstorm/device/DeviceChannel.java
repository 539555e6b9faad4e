package io.fleetstorm.device;

import io.fleetstorm.metrics.Counter;
import io.fleetstorm.metrics.Operation;
import io.fleetstorm.tls.CertifiedKey;
import io.fleetstorm.tls.PskTls;
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
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * The Netty side of a device: the inbound handler of its current channel, which turns channel events into the
 * device's packet and loss callbacks, acknowledges the hub's QoS 1 publishes, keeps the link alive with pings, and
 * batches writes (a batch's publishes are appended to one buffer; the host flushes each written-to device once per
 * batch). A base class only so that a device stays one object:
 * {@link VirtualDevice} holds the states and their transitions.
 */
@ChannelHandler.Sharable // in one pipeline at a time, but a new one after every reconnect: Netty must not refuse it
abstract class DeviceChannel extends ChannelInboundHandlerAdapter {

    /** First size of a batch's publish buffer (it grows when a batch holds more). */
    private static final int PUBLISH_BUFFER_BYTES = 512;
    private static final int MAX_DECODED_BYTES = 256 * 1024;
    /** SDKs: an unanswered PINGREQ is followed by a second this much later; a second unanswered = dead link. */
    static final long PING_ANSWER_NANOS = 5_000_000_000L;

    final DeviceHost host;
    final DeviceProfile profile;
    /** The current channel; null between connections. Events of any other channel are ignored. */
    Channel channel;
    long lastSentNanos;
    /** PUBLISH packets appended since the last flush, or null. */
    private ByteBuf pendingPublishes;
    private long pingSentNanos;
    private byte pingsUnanswered;
    private boolean dirty;
    /** The device's packet-id operations, created with its first QoS 1 publish or subscription. */
    InFlight inFlight;

    DeviceChannel(DeviceHost host, DeviceProfile profile) {
        this.host = host;
        this.profile = profile;
    }

    abstract void onActive();

    /** A CONNACK with its return code. */
    abstract void onConnack(int code);

    /** A SUBACK; {@code refused} when it grants 0x80 (the filter is not allowed). */
    abstract void onSuback(int packetId, boolean refused);

    abstract void onPuback(int packetId);

    /** A PUBLISH from the hub (already acknowledged when QoS 1, and counted). */
    abstract void onMessage(String topic, byte[] payload, long nowNanos);

    /** The link is gone or unusable: the peer closed it, an exception, a failed handshake, a malformed packet. */
    abstract void onLinkLost(LinkLoss cause);

    abstract boolean connecting();

    /** Connected and subscribed: publishes may go out. */
    public abstract boolean isReady();

    /** Asks the host to flush this device at the end of the current batch. */
    abstract void flushLater();

    // ---- channel events ----

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (ctx.channel() == channel) {
            onActive();
            ctx.flush();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (ctx.channel() != channel || !(msg instanceof MqttMessage message)) {
                return;
            }
            if (message.decoderResult().isFailure()) {
                if (!connecting()) {
                    error("decode", LinkLoss.MALFORMED.reason());
                }
                onLinkLost(LinkLoss.MALFORMED);
                return;
            }
            switch (message.fixedHeader().messageType()) {
                case CONNACK -> onConnack(((MqttConnAckMessage) message).variableHeader().connectReturnCode()
                        .byteValue() & 0xff);
                case SUBACK -> onSuback((MqttSubAckMessage) message);
                case PUBACK -> onPuback(((MqttMessageIdVariableHeader) message.variableHeader()).messageId());
                case PUBLISH -> onPublish((MqttPublishMessage) message);
                case PINGRESP -> pingsUnanswered = 0;
                default -> error("protocol", "unexpected_"
                        + message.fixedHeader().messageType().name().toLowerCase());
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush(); // PUBACKs and follow-ups written while reading go out in one syscall
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (ctx.channel() == channel) {
            onLinkLost(connecting() ? LinkLoss.CLOSED_BEFORE_CONNACK : LinkLoss.CLOSED);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof SslHandshakeCompletionEvent done && !done.isSuccess() && ctx.channel() == channel) {
            onLinkLost(LinkLoss.TLS);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (ctx.channel() != channel) {
            return;
        }
        LinkLoss loss = LinkLoss.of(cause);
        if (!connecting()) {
            error("io", loss.reason());
        }
        onLinkLost(loss);
    }

    private void onSuback(MqttSubAckMessage suback) {
        List<Integer> granted = suback.payload().grantedQoSLevels();
        onSuback(suback.variableHeader().messageId(), !granted.isEmpty() && granted.get(0) == 0x80);
    }

    private void onPublish(MqttPublishMessage publish) {
        ByteBuf content = publish.content();
        byte[] payload = new byte[content.readableBytes()];
        content.getBytes(content.readerIndex(), payload);
        int qos = publish.fixedHeader().qosLevel().value();
        long now = host.nanoTime();
        if (qos == 1) {
            write(MqttWire.puback(publish.variableHeader().packetId()), now);
        }
        count(Counter.MESSAGES_RECEIVED, "downlink", qos, 1);
        count(Counter.BYTES_RECEIVED, "downlink", qos, payload.length);
        onMessage(publish.variableHeader().topicName(), payload, now);
    }

    /**
     * A new channel for a connect attempt, with TLS when the loop has it (TLS-PSK with {@code pskIdentity} when
     * {@code psk} is given, as the C SDK's key devices do), the MQTT codec and this device.
     */
    final Channel open(CertifiedKey certificate, byte[] psk, String pskIdentity) {
        Channel ch = host.transport().newChannel();
        DeviceTls tls = host.tls();
        if (tls != null) {
            InetSocketAddress target = (InetSocketAddress) host.target(profile.groupIndex());
            ch.pipeline().addLast(psk != null
                    ? PskTls.clientHandler(pskIdentity, psk, target.getHostString(), target.getPort())
                    : tls.newHandler(ch.alloc(), target.getHostString(), target.getPort(), certificate));
        }
        ch.pipeline().addLast(new MqttDecoder(MAX_DECODED_BYTES), MqttEncoder.INSTANCE, this);
        channel = ch;
        return ch;
    }

    /** Forgets the current channel (its later events are ignored) and what was appended to it; returns it. */
    Channel detach() {
        Channel ch = channel;
        channel = null;
        pingsUnanswered = 0;
        if (pendingPublishes != null) { // appended in the pass that saw the link go: never sent
            pendingPublishes.release();
            pendingPublishes = null;
        }
        return ch;
    }

    /**
     * PINGREQ once nothing was sent for the keepalive; a second 5 s later if unanswered; after that the link is dead
     * (the SDKs' rule): then the pingresp timeout is counted and the link lost.
     */
    final void keepAlive(long now) {
        if (pingsUnanswered > 0) {
            if (now - pingSentNanos < PING_ANSWER_NANOS) {
                return;
            }
            if (pingsUnanswered >= 2) {
                timedOut("pingresp");
                onLinkLost(LinkLoss.KEEPALIVE);
                return;
            }
        } else if (now - lastSentNanos < profile.keepAliveSeconds() * 1_000_000_000L) {
            return;
        }
        pingsUnanswered++;
        pingSentNanos = now;
        write(MqttWire.PINGREQ, now);
    }

    // ---- packet-id operations: QoS 1 publishes (with Paho's in-flight window) and subscriptions ----

    /**
     * Publishes for the device's group or, on a gateway's connection, for a sub-device's {@code group} (its counts
     * and its PUBACK latency are that group's).
     */
    boolean publish(String topic, byte[] payload, int qos, String behaviour, long intendedNanos, int group) {
        if (!isReady() || !channel.isWritable()) {
            return false;
        }
        if (qos == 1 && !table().hasSlot(profile.maxInFlight())) {
            return inFlight.queue(new InFlight.Queued(topic, payload, behaviour, intendedNanos, group));
        }
        send(topic, payload, qos, behaviour, intendedNanos, group);
        return true;
    }

    private void send(String topic, byte[] payload, int qos, String behaviour, long intendedNanos, int group) {
        long now = host.nanoTime();
        int packetId = 0;
        if (qos == 1) {
            packetId = inFlight.track(new Pending(Operation.PUBLISH_ACK, behaviour, intendedNanos, now,
                    now + profile.timeouts().pubackMs() * 1_000_000L, group, null));
        }
        writePublish(topic, qos, packetId, payload, now);
        int g = group == Pending.OWN_GROUP ? profile.groupIndex() : group;
        host.recorder().count(g, Counter.MESSAGES_SENT, behaviour, qos, 1);
        host.recorder().count(g, Counter.BYTES_SENT, behaviour, qos, payload.length);
    }

    final void sendQueued() {
        InFlight.Queued q = isReady() ? inFlight.nextQueued(profile.maxInFlight()) : null;
        if (q != null) {
            send(q.topic(), q.payload(), 1, q.behaviour(), q.intendedNanos(), q.group());
        }
    }

    /**
     * Subscribes a sub-device's topic on this gateway's connection; the SUBACK's latency is the sub-device's
     * {@code group}'s, and {@code listener} hears the answer (or the deadline).
     */
    boolean subscribeFor(String filter, int qos, int group, Pending.SubscriptionListener listener) {
        if (!isReady()) {
            return false;
        }
        long now = host.nanoTime();
        int packetId = table().track(new Pending(Operation.SUBSCRIBE, "subscribe", now, now,
                now + profile.timeouts().subackMs() * 1_000_000L, group, listener));
        write(MqttWire.subscribe(packetId, filter, qos), now);
        return true;
    }

    final InFlight table() {
        if (inFlight == null) {
            inFlight = new InFlight();
        }
        return inFlight;
    }

    // ---- writes: one flush per batch ----

    /** Sets the needs-flush mark; returns whether it was already set (so the host queues the device once). */
    public boolean markDirty() {
        boolean was = dirty;
        dirty = true;
        return was;
    }

    /** Flushes what the device wrote since the last flush (called by the host once per batch). */
    public void flush() {
        dirty = false;
        if (channel != null) {
            writePendingPublishes();
            channel.flush();
        }
    }

    final void write(Object message, long now) {
        writePendingPublishes(); // keeps the wire order: publishes appended before this message go first
        lastSentNanos = now;
        channel.write(message, channel.voidPromise());
        flushLater();
    }

    /** Appends a PUBLISH to the batch's buffer: a batch's publishes leave as one buffer at the flush. */
    final void writePublish(String topic, int qos, int packetId, byte[] payload, long now) {
        if (pendingPublishes == null) {
            pendingPublishes = channel.alloc().ioBuffer(Math.max(PUBLISH_BUFFER_BYTES, payload.length + 128));
        }
        MqttWire.encodePublish(pendingPublishes, topic, qos, packetId, payload);
        lastSentNanos = now;
        flushLater();
    }

    final void writePendingPublishes() {
        ByteBuf out = pendingPublishes;
        if (out != null) {
            pendingPublishes = null;
            channel.write(out, channel.voidPromise());
        }
    }

    // ---- recording, bound to the device's group ----

    final void count(Counter counter, String behaviour, int qos, long delta) {
        host.recorder().count(profile.groupIndex(), counter, behaviour, qos, delta);
    }

    final void latency(Pending answered, long nowNanos) {
        host.recorder().recordLatency(groupOf(answered), answered.operation, answered.intendedNanos,
                answered.sentNanos, nowNanos);
    }

    final void error(String kind, String reason) {
        error(profile.groupIndex(), kind, reason);
    }

    final void error(int group, String kind, String reason) {
        host.recorder().error(group, kind, reason);
    }

    /** An operation without an answer in time: an error of kind timeout, and the timeouts counter. */
    final void timedOut(String operation) {
        timedOut(profile.groupIndex(), operation);
    }

    final void timedOut(int group, String operation) {
        error(group, "timeout", operation);
        host.recorder().count(group, Counter.OPERATION_TIMEOUTS, operation, 0, 1);
    }

    /**
     * An operation that will never get its answer: the link was lost (an error of kind {@code disconnect}), or the
     * run ended ({@code abandoned}: counted apart, not an error of the target).
     */
    final void unanswered(Pending p, boolean abandoned) {
        if (abandoned) {
            host.recorder().count(groupOf(p), Counter.ABANDONED, p.operation.label(), 0, 1);
        } else {
            error(groupOf(p), "disconnect", p.operation.label());
        }
    }

    /** The group an operation is recorded under: the device's own, or the sub-device's it was made for. */
    final int groupOf(Pending p) {
        return p.group == Pending.OWN_GROUP ? profile.groupIndex() : p.group;
    }
}
