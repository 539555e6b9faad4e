package io.fleetstorm.device;

import io.fleetstorm.metrics.Operation;

/**
 * One operation waiting for its answer (PUBACK, SUBACK, a shadow result, an echo): when it was due, when it was sent,
 * and when it times out. Mutable and confined to the device's event loop.
 */
final class Pending {

    /** The group of the device that holds the operation (the usual case). */
    static final int OWN_GROUP = -1;

    final Operation operation;
    final String behaviour;
    final long intendedNanos;
    final long sentNanos;
    final long deadlineNanos;
    /**
     * The group the operation is recorded under: {@link #OWN_GROUP}, or a sub-device's group when a gateway's packet
     * carries the sub-device's operation (its QoS 1 publish, its subscription).
     */
    final int group;
    /** Told when a SUBACK answers (or its deadline passes); null for most operations. */
    final SubscriptionListener listener;

    Pending(Operation operation, String behaviour, long intendedNanos, long sentNanos, long deadlineNanos) {
        this(operation, behaviour, intendedNanos, sentNanos, deadlineNanos, OWN_GROUP, null);
    }

    Pending(Operation operation, String behaviour, long intendedNanos, long sentNanos, long deadlineNanos, int group,
            SubscriptionListener listener) {
        this.operation = operation;
        this.behaviour = behaviour;
        this.intendedNanos = intendedNanos;
        this.sentNanos = sentNanos;
        this.deadlineNanos = deadlineNanos;
        this.group = group;
        this.listener = listener;
    }

    /** What waits for a subscription a gateway makes for one of its sub-devices. */
    interface SubscriptionListener {
        /** The SUBACK came ({@code refused}: 0x80), or the deadline passed ({@code timedOut}). */
        void resolved(boolean refused, boolean timedOut);
    }
}
