package io.fleetstorm.device;

import io.fleetstorm.metrics.Counter;
import io.fleetstorm.metrics.Operation;
import io.fleetstorm.protocol.ProtocolException;
import io.fleetstorm.protocol.ShadowMessages;
import io.fleetstorm.protocol.ShadowReply;
import io.fleetstorm.protocol.Topics;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * A device's shadow as the SDK samples use it: get and update requests matched to their answers by clientToken,
 * the last version seen, and the delta an application's desired change should bring, which the device applies and
 * acknowledges with {@code "desired":null}. Created on first use; confined to the device's event loop.
 */
final class ShadowClient implements DeviceFeature {

    private static final String BEHAVIOUR = "shadow";

    private final DeviceLink link;
    private final Map<String, Pending> byToken = new HashMap<>(4);
    private long lastVersion;
    private int tokenSeq;
    /** The application's desired change the device waits to see as a delta (null when none). */
    private Pending expectedDelta;

    ShadowClient(DeviceLink link) {
        this.link = link;
    }

    /** Reports state ({@code shadow-update} latency until the answer with its clientToken). */
    boolean update(JsonObject reported, long intendedNanos) {
        String token = nextClientToken();
        return request(Operation.SHADOW_UPDATE, token, ShadowMessages.updateRequest(reported, token, version()),
                intendedNanos, -1);
    }

    /** Asks for the shadow document ({@code shadow-get} latency). */
    boolean get(long intendedNanos) {
        String token = nextClientToken();
        return request(Operation.SHADOW_GET, token, ShadowMessages.getRequest(token), intendedNanos, -1);
    }

    /**
     * The application is about to change the desired state: the delta's arrival is measured from
     * {@code intendedNanos} ({@code shadow-delta}), and the answer to the device's acknowledgement from the same
     * instant ({@code shadow-convergence}).
     */
    void expectDelta(long intendedNanos, long sentNanos) {
        if (expectedDelta != null) {
            link.error(BEHAVIOUR, "delta_superseded");
        }
        expectedDelta = new Pending(Operation.SHADOW_DELTA, BEHAVIOUR, intendedNanos, sentNanos,
                sentNanos + link.profile().timeouts().shadowMs() * 1_000_000L);
    }

    /** The application's change failed; no delta will come. */
    void cancelExpectedDelta() {
        expectedDelta = null;
    }

    @Override
    public boolean onMessage(String topic, byte[] payload, long nowNanos) {
        if (!topic.equals(Topics.shadowResult(link.id()))) {
            return false;
        }
        ShadowReply reply;
        try {
            reply = ShadowReply.parse(new String(payload, StandardCharsets.UTF_8));
        } catch (ProtocolException e) {
            link.error(BEHAVIOUR, "malformed_reply");
            return true;
        }
        if (reply.version() != null) {
            lastVersion = Math.max(lastVersion, reply.version());
        }
        if (reply.isDelta()) {
            onDelta(reply, nowNanos);
            return true;
        }
        Pending p = reply.clientToken() == null ? null : byToken.remove(reply.clientToken());
        if (p == null) {
            return true;
        }
        if (reply.result() != null && reply.result() != ShadowMessages.RESULT_OK) {
            link.error(BEHAVIOUR, "result_" + reply.result());
            return true;
        }
        link.latency(p.operation, p.intendedNanos, p.sentNanos, nowNanos);
        return true;
    }

    private void onDelta(ShadowReply reply, long nowNanos) {
        link.count(Counter.SHADOW_DELTAS, BEHAVIOUR, 0, 1);
        Pending expected = expectedDelta;
        expectedDelta = null;
        if (expected != null) {
            link.latency(Operation.SHADOW_DELTA, expected.intendedNanos, expected.sentNanos, nowNanos);
        }
        // the SDK samples apply the delta, then report it with "desired":null (the documented acknowledgement)
        JsonObject applied = reply.state() == null ? new JsonObject() : reply.state();
        String token = nextClientToken();
        String ack = ShadowMessages.ackDeltaRequest(applied, token, version());
        if (expected != null) {
            request(Operation.SHADOW_CONVERGENCE, token, ack, expected.intendedNanos, expected.sentNanos);
        } else {
            request(Operation.SHADOW_UPDATE, token, ack, nowNanos, -1);
        }
    }

    /** Sends a request; its service time runs from {@code fromNanos}, or from now when that is -1. */
    private boolean request(Operation op, String token, String json, long intendedNanos, long fromNanos) {
        long now = link.nanoTime();
        if (!link.publish(Topics.shadowOperation(link.id()), json.getBytes(StandardCharsets.UTF_8), 0, BEHAVIOUR,
                intendedNanos)) {
            return false;
        }
        byToken.put(token, new Pending(op, BEHAVIOUR, intendedNanos, fromNanos == -1 ? now : fromNanos,
                now + link.profile().timeouts().shadowMs() * 1_000_000L));
        return true;
    }

    private Long version() {
        return switch (link.profile().shadowVersion()) {
            case NONE -> null;
            case ZERO -> 0L;
            case LAST_SEEN -> lastVersion;
        };
    }

    /** The next clientToken, in the SDK's format: {@code PID-n} (C) or {@code PIDDN-n} (Java). */
    private String nextClientToken() {
        String prefix = link.profile().clientTokenWithDevice() ? link.id().clientId() : link.id().productId();
        return prefix + "-" + tokenSeq++;
    }

    @Override
    public void sweep(long nowNanos) {
        if (!byToken.isEmpty()) {
            Iterator<Pending> it = byToken.values().iterator();
            while (it.hasNext()) {
                Pending p = it.next();
                if (nowNanos > p.deadlineNanos) {
                    it.remove();
                    link.timedOut(p.operation.label());
                }
            }
        }
        if (expectedDelta != null && nowNanos > expectedDelta.deadlineNanos) {
            expectedDelta = null;
            link.timedOut(Operation.SHADOW_DELTA.label());
        }
    }

    @Override
    public void failAll(boolean abandoned) {
        byToken.values().forEach(p -> link.unanswered(p.operation.label(), abandoned));
        byToken.clear();
        if (expectedDelta != null) {
            expectedDelta = null;
            link.unanswered(Operation.SHADOW_DELTA.label(), abandoned);
        }
    }

    @Override
    public int inFlight() {
        return byToken.size() + (expectedDelta == null ? 0 : 1);
    }
}
