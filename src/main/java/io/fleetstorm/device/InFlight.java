package io.fleetstorm.device;

import io.fleetstorm.metrics.Operation;
import io.netty.util.collection.IntObjectHashMap;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/**
 * A device's packet-id operations: the packet ids, the QoS 1 publishes and subscriptions waiting for their PUBACK or
 * SUBACK, and the QoS 1 publishes waiting for a free in-flight slot (Paho's window). Created with the device's first
 * QoS 1 publish or subscription; confined to its event loop.
 */
final class InFlight {

    /** Publishes a device keeps waiting for in-flight slots before it refuses more (counted as skipped). */
    static final int MAX_BACKLOG = 1_000;

    /** A QoS 1 publish waiting for a free in-flight slot ({@code group}: as {@link Pending#group}). */
    record Queued(String topic, byte[] payload, String behaviour, long intendedNanos, int group) {
    }

    private final IntObjectHashMap<Pending> awaiting = new IntObjectHashMap<>(4);
    private ArrayDeque<Queued> backlog;
    private int nextPacketId = 1;
    private int publishes;

    /** Waits for the answer to {@code pending}; returns the packet id it goes out with. */
    int track(Pending pending) {
        int packetId = allocatePacketId();
        awaiting.put(packetId, pending);
        if (pending.operation == Operation.PUBLISH_ACK) {
            publishes++;
        }
        return packetId;
    }

    /** The operation a PUBACK or SUBACK answers, or null for an unknown (or expired) packet id. */
    Pending answered(int packetId) {
        Pending p = awaiting.remove(packetId);
        if (p != null && p.operation == Operation.PUBLISH_ACK) {
            publishes--;
        }
        return p;
    }

    /** Whether a QoS 1 publish may go out now, with at most {@code maxInFlight} awaiting their PUBACK. */
    boolean hasSlot(int maxInFlight) {
        return publishes < maxInFlight;
    }

    /** Queues a publish until a slot frees; false when the backlog is full. */
    boolean queue(Queued publish) {
        if (backlog == null) {
            backlog = new ArrayDeque<>(4);
        }
        if (backlog.size() >= MAX_BACKLOG) {
            return false;
        }
        backlog.addLast(publish);
        return true;
    }

    /** The oldest queued publish if a slot is free, else null. */
    Queued nextQueued(int maxInFlight) {
        return backlog == null || backlog.isEmpty() || publishes >= maxInFlight ? null : backlog.pollFirst();
    }

    /**
     * Removes the operations whose deadline has passed and returns them (null when none), so the device handles each
     * after the walk: handling one may send a queued publish, which adds to the table walked here.
     */
    List<Pending> sweep(long nowNanos) {
        if (awaiting.isEmpty()) {
            return null;
        }
        List<Pending> expired = null;
        Iterator<Pending> it = awaiting.values().iterator();
        while (it.hasNext()) {
            Pending p = it.next();
            if (nowNanos > p.deadlineNanos) {
                it.remove();
                if (p.operation == Operation.PUBLISH_ACK) {
                    publishes--;
                }
                if (expired == null) {
                    expired = new ArrayList<>(4);
                }
                expired.add(p);
            }
        }
        return expired;
    }

    /** QoS 1 publishes sent and not yet acknowledged. */
    int unacknowledgedPublishes() {
        return publishes;
    }

    /**
     * The link is gone: every operation waiting (sent or queued) will never get its answer; each is handed to
     * {@code unanswered} (a queued publish as a PUBLISH_ACK of its group).
     */
    void failAll(Consumer<Pending> unanswered) {
        if (!awaiting.isEmpty()) {
            List<Pending> all = new ArrayList<>(awaiting.values());
            awaiting.clear();
            all.forEach(unanswered);
        }
        publishes = 0;
        if (backlog != null && !backlog.isEmpty()) {
            for (Queued q : backlog) {
                unanswered.accept(new Pending(Operation.PUBLISH_ACK, q.behaviour(), q.intendedNanos(), 0, 0, q.group(),
                        null));
            }
            backlog.clear();
        }
    }

    /** Operations waiting for an answer or a slot. */
    int size() {
        return awaiting.size() + (backlog == null ? 0 : backlog.size());
    }

    private int allocatePacketId() {
        for (int i = 0; i < 65_535; i++) {
            int candidate = nextPacketId;
            nextPacketId = nextPacketId == 65_535 ? 1 : nextPacketId + 1;
            if (!awaiting.containsKey(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("65535 operations in flight");
    }
}
