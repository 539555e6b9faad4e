package io.fleetstorm.hub.impl;

import io.fleetstorm.hub.CloseReason;
import io.fleetstorm.hub.HubOperation;
import io.fleetstorm.hub.RefusalReason;
import io.fleetstorm.hub.ViolationRule;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttIdentifierRejectedException;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttUnacceptableProtocolVersionException;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's first look at every decoded MQTT packet of one connection, in front of vertx-mqtt (installed by
 * {@link AcceptHook}): it keeps the count of sockets that have not sent CONNECT, turns what clients get wrong before
 * and outside the protocol into one counted, rate-limited line ({@link ProtocolViolations}) instead of vertx-mqtt's
 * stack trace, and, when faults hold CONNECT, PUBLISH or SUBSCRIBE packets, holds them in arrival order (a broker
 * works through one connection's packets in order) and stops reading while stalled or when too much is held.
 * Confined to the connection's event loop. Without faults it passes every packet on at once and allocates nothing.
 */
final class ConnectionGuard extends ChannelInboundHandlerAdapter {

    static final String NAME = "fleetstorm-guard";
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);
    /** Held packets beyond which the connection is not read until half of them went through. */
    static final int MAX_HELD = 1024;

    private enum State { PENDING, CONNECTED, CLOSED }

    /** A packet waiting for its release time. */
    private record Held(MqttMessage message, long releaseNanos) {
    }

    private final ListenerLoop loop;
    private final ProtocolViolations violations;
    private final FaultInjector faults;
    private ChannelHandlerContext ctx;
    private State state = State.PENDING;
    private ArrayDeque<Held> held;
    private boolean releaseScheduled;
    private boolean heldTooMuch;
    private DeviceConnection device;
    int openIndex = -1;
    int attachedIndex = -1;

    private ConnectionGuard(ListenerLoop loop) {
        this.loop = loop;
        this.violations = loop.core.violations;
        this.faults = loop.core.faults;
    }

    /** Puts a guard in front of vertx-mqtt's handler of a just-accepted connection. */
    static void install(ChannelPipeline pipeline, ListenerLoop loop) {
        ConnectionGuard guard = new ConnectionGuard(loop);
        pipeline.addBefore("handler", NAME, guard);
        guard.violations.pending.increment();
        loop.opened(guard);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof MqttMessage m)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (state == State.CLOSED) {
            ReferenceCountUtil.release(msg);
            return;
        }
        DecoderResult result = m.decoderResult();
        if (!result.isSuccess()) {
            decodingFailed(m, result.isFailure() ? result.cause() : null);
            return;
        }
        MqttMessageType type = m.fixedHeader().messageType();
        if (state == State.PENDING) {
            if (type != MqttMessageType.CONNECT) {
                refuse(m, ViolationRule.PACKET_BEFORE_CONNECT, type.name() + " as the first packet");
                return;
            }
            connectArrived();
        } else if (type == MqttMessageType.CONNECT) {
            // vertx-mqtt closes the connection; the hub only counts it
            violation(ViolationRule.SECOND_CONNECT, null, "connection closed");
        } else if (type == MqttMessageType.CONNACK || type == MqttMessageType.SUBACK
                || type == MqttMessageType.UNSUBACK || type == MqttMessageType.PINGRESP) {
            refuse(m, ViolationRule.UNEXPECTED_PACKET, type.name());
            return;
        }
        if (faults.holdsPackets || held != null && !held.isEmpty()) {
            hold(m, type);
        } else {
            pass(m, type);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (state == State.CONNECTED) {
            ctx.fireExceptionCaught(cause); // the device connection's own handler has it
            return;
        }
        // before CONNECT, or once the guard closed the connection, there is no endpoint to tell, and Vert.x would log
        // it as an error
        LOG.debug("connection {} failed before CONNECT: {}", ctx.channel().remoteAddress(), cause.toString());
        if (state == State.PENDING && !(cause instanceof IOException)) {
            violation(ViolationRule.MALFORMED_PACKET, cause.getMessage(), "connection closed");
        }
        close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        leave(State.CLOSED);
        loop.closed(this);
        if (held != null) {
            held.forEach(h -> ReferenceCountUtil.release(h.message()));
            held.clear();
        }
        ctx.fireChannelInactive();
    }

    /** Links the device connection vertx-mqtt created for this channel's CONNECT. */
    void attach(DeviceConnection connection) {
        this.device = connection;
        if (state != State.CLOSED && connection.deviceId() != null) {
            loop.attached(this);
        }
    }

    /** Closes the connection as its device connection would, so the reason is recorded. */
    void disconnect(CloseReason reason) {
        if (device != null) {
            device.close(reason);
        } else {
            close();
        }
    }

    /** Reads unless the loop is stalled or too many packets are held. */
    void updateAutoRead() {
        if (ctx != null) {
            ctx.channel().config().setAutoRead(!loop.stalled && !heldTooMuch);
        }
    }

    private void connectArrived() {
        leave(State.CONNECTED);
    }

    /** Every state change goes here, so that a socket leaves the pending count exactly once. */
    private void leave(State next) {
        if (state == State.PENDING) {
            violations.pending.decrement();
        }
        if (state != State.CLOSED) {
            state = next;
        }
    }

    private void decodingFailed(MqttMessage m, Throwable cause) {
        if (cause instanceof MqttUnacceptableProtocolVersionException) {
            // vertx-mqtt answers CONNACK 0x01 itself; the refusal is counted here, where it is seen
            if (state == State.PENDING) {
                connectArrived();
            }
            loop.core.counters.refused(RefusalReason.UNSUPPORTED_PROTOCOL);
            violation(ViolationRule.UNSUPPORTED_PROTOCOL, cause.getMessage(), "CONNACK 0x01");
            ctx.fireChannelRead(m);
            return;
        }
        if (cause instanceof MqttIdentifierRejectedException && state == State.PENDING) {
            connectArrived();
            violation(ViolationRule.CLIENT_ID_REJECTED, cause.getMessage(), "CONNACK 0x02");
            connack(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED);
            return;
        }
        ReferenceCountUtil.release(m);
        ViolationRule rule = cause instanceof TooLongFrameException ? ViolationRule.OVERSIZE_PACKET
                : ViolationRule.MALFORMED_PACKET;
        violation(rule, cause == null ? "an unfinished packet" : cause.getMessage(), "connection closed");
        close();
    }

    private void refuse(MqttMessage m, ViolationRule rule, String detail) {
        ReferenceCountUtil.release(m);
        violation(rule, detail, "connection closed");
        close();
    }

    private void violation(ViolationRule rule, String detail, String outcome) {
        String clientId = device == null ? null : device.deviceId() == null ? null : device.deviceId().clientId();
        violations.report(rule, ctx.channel().remoteAddress(), clientId, detail, outcome);
    }

    private void close() {
        leave(State.CLOSED);
        ctx.close();
    }

    private void connack(MqttConnectReturnCode code) {
        leave(State.CLOSED);
        ctx.writeAndFlush(MqttMessageBuilders.connAck().returnCode(code).sessionPresent(false).build())
                .addListener(f -> ctx.close());
    }

    private void pass(MqttMessage m, MqttMessageType type) {
        if (type == MqttMessageType.CONNECT) {
            // vertx-mqtt calls the hub's endpoint handler synchronously: it finds this guard in the loop
            loop.connecting = this;
            try {
                ctx.fireChannelRead(m);
            } finally {
                loop.connecting = null;
            }
        } else {
            ctx.fireChannelRead(m);
        }
    }

    // ---- faults: holding packets in order --------------------------------------------------------------------

    private void hold(MqttMessage m, MqttMessageType type) {
        HubOperation op = switch (type) {
            case CONNECT -> HubOperation.CONNECT;
            case PUBLISH -> HubOperation.PUBLISH;
            case SUBSCRIBE -> HubOperation.SUBSCRIBE;
            default -> null;
        };
        long now = System.nanoTime();
        long wait = 0;
        if (op != null && faults.holds(op)) {
            wait = faults.admit(op, now);
            if (wait < 0) {
                overflow(m, op);
                return;
            }
        }
        if (held == null || held.isEmpty()) {
            if (wait == 0) {
                pass(m, type);
                return;
            }
            if (held == null) {
                held = new ArrayDeque<>();
            }
        }
        long release = now + wait;
        Held last = held.peekLast();
        if (last != null && last.releaseNanos() > release) {
            if (op != null) {
                faults.addInjected(op, last.releaseNanos() - release); // waits behind an earlier held packet
            }
            release = last.releaseNanos();
        }
        held.add(new Held(m, release));
        if (held.size() >= MAX_HELD && !heldTooMuch) {
            heldTooMuch = true;
            updateAutoRead();
        }
        scheduleRelease(now);
    }

    private void scheduleRelease(long now) {
        if (!releaseScheduled && held != null && !held.isEmpty()) {
            releaseScheduled = true;
            ctx.executor().schedule(this::release, Math.max(0, held.peekFirst().releaseNanos() - now),
                    TimeUnit.NANOSECONDS);
        }
    }

    /** Passes on every held packet that is due, as one read: Vert.x flushes what they caused at read complete. */
    private void release() {
        releaseScheduled = false;
        if (state == State.CLOSED) {
            return;
        }
        long now = System.nanoTime();
        boolean passed = false;
        while (!held.isEmpty() && held.peekFirst().releaseNanos() <= now && state != State.CLOSED) {
            MqttMessage m = held.pollFirst().message();
            pass(m, m.fixedHeader().messageType());
            passed = true;
        }
        if (passed) {
            ctx.fireChannelReadComplete();
        }
        if (heldTooMuch && held.size() <= MAX_HELD / 2) {
            heldTooMuch = false;
            updateAutoRead();
        }
        scheduleRelease(now);
    }

    /** The limit's queue is full: answered as a busy server would. */
    private void overflow(MqttMessage m, HubOperation op) {
        switch (op) {
            case CONNECT -> {
                loop.core.counters.refused(RefusalReason.FAULT_INJECTED);
                connack(MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE);
            }
            case SUBSCRIBE -> {
                MqttSubscribeMessage subscribe = (MqttSubscribeMessage) m;
                MqttMessageBuilders.SubAckBuilder ack = MqttMessageBuilders.subAck()
                        .packetId(subscribe.variableHeader().messageId());
                subscribe.payload().topicSubscriptions().forEach(s -> ack.addGrantedQos(MqttQoS.FAILURE));
                ctx.writeAndFlush(ack.build());
            }
            default -> {
                // a PUBLISH is dropped: QoS 1 gets no PUBACK, as when the cloud drops a message
            }
        }
        ReferenceCountUtil.release(m);
    }
}
