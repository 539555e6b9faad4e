package io.fleetstorm.hub.impl;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A throughput cap that queues: each operation books the next free slot, one every {@code 1/rate}, and waits until
 * it (the generic cell rate algorithm, with no burst allowance). Operations release in booking order at exactly the
 * capped rate, and the wait grows with the backlog, as it does in front of a saturated server. The queue is the set of
 * booked slots in the future, so its depth is known without bookkeeping: a booking that would make it deeper than the
 * capacity is refused. Thread-safe (one compare-and-set per booking); shared by every event loop.
 */
final class RateGate {

    private final long intervalNanos;
    private final long maxWaitNanos;
    private final AtomicLong nextSlot;

    RateGate(double perSecond, int capacity, long nowNanos) {
        this.intervalNanos = Math.max(1, Math.round(1e9 / perSecond));
        // behind the operation going now, the capacity-th waiting one waits capacity intervals: beyond that is full
        double full = (double) intervalNanos * capacity;
        this.maxWaitNanos = full >= Long.MAX_VALUE / 4 ? Long.MAX_VALUE / 4 : (long) full;
        this.nextSlot = new AtomicLong(nowNanos);
    }

    /** Nanoseconds the operation must wait (0 = go now), or -1 when the queue is full (nothing booked then). */
    long book(long nowNanos) {
        while (true) {
            long next = nextSlot.get();
            long slot = Math.max(next, nowNanos);
            long wait = slot - nowNanos;
            if (wait > maxWaitNanos) {
                return -1;
            }
            if (nextSlot.compareAndSet(next, slot + intervalNanos)) {
                return wait;
            }
        }
    }

    /** Operations booked and waiting for their slot (not counting one whose slot is now). */
    long depth(long nowNanos) {
        long ahead = nextSlot.get() - nowNanos;
        return ahead <= intervalNanos ? 0 : (ahead + intervalNanos - 1) / intervalNanos - 1;
    }
}
