package io.fleetstorm.hub.impl;

import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.protocol.Topics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Synchronous RPC: a request on {@code $rrpc/rxd/PID/DN/<processId>}, the device's reply on
 * {@code $rrpc/txd/PID/DN/<processId>} within the timeout. The processId is the MessageId the API returns.
 */
final class RrpcService implements UplinkService {

    /** A reply and the MessageId (processId) of its request. */
    record Reply(long messageId, byte[] payload) {
    }

    /** Marks a request the device did not answer in time. */
    static final class TimeoutException extends RuntimeException {
        TimeoutException() {
            super("no RRPC reply in time", null, false, false);
        }
    }

    private record Pending(Context context, Promise<Reply> promise, long messageId) {
    }

    private final Downlink downlink;
    private final ServiceCounters counters;
    private final AtomicLong nextMessageId = new AtomicLong(1);
    private final ConcurrentHashMap<String, Pending> pending = new ConcurrentHashMap<>();

    RrpcService(Downlink downlink, ServiceCounters counters) {
        this.downlink = downlink;
        this.counters = counters;
    }

    @Override
    public boolean handles(String topic) {
        return Topics.isRrpcReply(topic);
    }

    @Override
    public void handle(DeviceId from, String topic, byte[] payload, int qos) {
        Topics.rrpcProcessId(topic).map(pid -> pending.remove(key(from, pid))).ifPresent(
                p -> p.context().runOnContext(v -> p.promise().tryComplete(new Reply(p.messageId(), payload))));
    }

    /** Sends the request at QoS 0, as the cloud does, and waits on the caller's context; fails with timeout. */
    Future<Reply> call(Vertx vertx, DeviceId to, byte[] payload, long timeoutMs) {
        long messageId = nextMessageId.getAndIncrement();
        String processId = Long.toString(messageId);
        Context context = vertx.getOrCreateContext();
        Promise<Reply> promise = Promise.promise();
        pending.put(key(to, processId), new Pending(context, promise, messageId));
        counters.rrpcRequests.increment();
        long timer = vertx.setTimer(timeoutMs, t -> {
            if (pending.remove(key(to, processId)) != null) {
                counters.rrpcTimeouts.increment();
                promise.tryFail(new TimeoutException());
            }
        });
        downlink.send(Topics.rrpcRequest(to, processId), payload, 0);
        return promise.future().onComplete(ar -> vertx.cancelTimer(timer));
    }

    private static String key(DeviceId id, String processId) {
        return id.clientId() + '/' + processId;
    }
}
