package io.fleetstorm.device;

import io.fleetstorm.metrics.Operation;

/**
 * One operation waiting for its answer (PUBACK, SUBACK, a shadow result, an echo): when it was due, when it was sent,
 * and when it times out. Mutable and confined to the device's event loop.
 */
final class Pending {

    final Operation operation;
    final String behaviour;
    final long intendedNanos;
    final long sentNanos;
    final long deadlineNanos;

    Pending(Operation operation, String behaviour, long intendedNanos, long sentNanos, long deadlineNanos) {
        this.operation = operation;
        this.behaviour = behaviour;
        this.intendedNanos = intendedNanos;
        this.sentNanos = sentNanos;
        this.deadlineNanos = deadlineNanos;
    }
}
