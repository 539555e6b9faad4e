package io.fleetstorm.engine;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One reconnect storm across every event loop: how many devices were dropped, how many are back, and the moment the
 * recovery share was reached (measured once, from the storm's intended start).
 */
final class ReconnectTracker {

    private final double recoveryShare;
    private final long intendedNanos;
    private final AtomicInteger dropped = new AtomicInteger();
    private final AtomicInteger back = new AtomicInteger();
    private final AtomicLong recoveredAtNanos = new AtomicLong();
    private volatile boolean droppingDone;
    private int sheddingShards;

    /** A storm over {@code shards} loops, intended to start at {@code intendedNanos} (its phase start). */
    ReconnectTracker(double recoveryShare, int shards, long intendedNanos) {
        this.recoveryShare = recoveryShare;
        this.sheddingShards = shards;
        this.intendedNanos = intendedNanos;
    }

    void droppedOne() {
        dropped.incrementAndGet();
    }

    /**
     * One loop has dropped all it will; returns true for the one call that finds the storm already recovered (every
     * loop done and the recovery share back), so recovery is measured exactly once either way.
     */
    synchronized boolean shardDone(long nowNanos) {
        if (--sheddingShards == 0) {
            droppingDone = true;
            if (back.get() >= Math.ceil(recoveryShare * dropped.get())) {
                return recoveredAtNanos.compareAndSet(0, nowNanos);
            }
        }
        return false;
    }

    /** A dropped device is connected again; returns true for the one call that reaches the recovery share. */
    synchronized boolean cameBack(long nowNanos) {
        int n = back.incrementAndGet();
        if (droppingDone && n >= Math.ceil(recoveryShare * dropped.get())) {
            return recoveredAtNanos.compareAndSet(0, nowNanos);
        }
        return false;
    }

    long intendedNanos() {
        return intendedNanos;
    }
}
