package io.fleetstorm.engine;

import io.fleetstorm.metrics.Outage;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One reconnect storm across every event loop: how many devices were dropped, how many are back, and the moment the
 * recovery share was reached (measured once, from the storm's intended start), and when each dropped device came
 * back, for the storm's outcome line (dropped, 50 / 99 / 100 % back after, never back).
 */
final class ReconnectTracker {

    private final double recoveryShare;
    private final long intendedNanos;
    private final AtomicInteger dropped = new AtomicInteger();
    private final AtomicInteger back = new AtomicInteger();
    private final AtomicLong recoveredAtNanos = new AtomicLong();
    private volatile boolean droppingDone;
    private int sheddingShards;
    private String group = "";
    private long startEpochMillis;
    private long[] backNanos = new long[16];
    private int backCount;

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

    /** Names the storm's group and its start on the wall clock, for its outcome. */
    ReconnectTracker named(String groupName, long intendedEpochMillis) {
        this.group = groupName;
        this.startEpochMillis = intendedEpochMillis;
        return this;
    }

    /** A dropped device is connected again; returns true for the one call that reaches the recovery share. */
    synchronized boolean cameBack(long nowNanos) {
        if (backCount == backNanos.length) {
            backNanos = Arrays.copyOf(backNanos, backCount * 2);
        }
        backNanos[backCount++] = nowNanos;
        int n = back.incrementAndGet();
        if (droppingDone && n >= Math.ceil(recoveryShare * dropped.get())) {
            return recoveredAtNanos.compareAndSet(0, nowNanos);
        }
        return false;
    }

    long intendedNanos() {
        return intendedNanos;
    }

    /**
     * The storm's outcome so far, as a planned {@link Outage}: how many it dropped, when 50, 99 and 100 % of them were
     * back (from the storm's intended start; -1 = not yet), and how many are not back.
     */
    synchronized Outage recovery() {
        long[] sorted = Arrays.copyOf(backNanos, backCount);
        Arrays.sort(sorted);
        int d = dropped.get();
        return new Outage(group, startEpochMillis, d, backAfter(sorted, d, 0.50), backAfter(sorted, d, 0.99),
                backAfter(sorted, d, 1.0), Math.max(0, d - backCount), 0, true);
    }

    private long backAfter(long[] sorted, int droppedCount, double share) {
        int needed = (int) Math.ceil(share * droppedCount);
        if (needed == 0) {
            return 0;
        }
        return sorted.length < needed ? -1 : Math.max(0, (sorted[needed - 1] - intendedNanos) / 1_000_000);
    }
}
