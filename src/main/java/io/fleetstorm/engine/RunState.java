package io.fleetstorm.engine;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the fleet verticles of one run share across event loops: connected devices per group (read by gauges) and the
 * reconnect storms in progress. Everything here is thread-safe; device state is not here.
 */
public final class RunState {

    private final AtomicIntegerArray ready;
    private final java.util.concurrent.atomic.AtomicLongArray inFlightByShard;
    private final AtomicLong lateStarts = new AtomicLong();
    private final AtomicLong opsStarted = new AtomicLong();

    public RunState(int groups, int shards) {
        inFlightByShard = new java.util.concurrent.atomic.AtomicLongArray(shards);
        ready = new AtomicIntegerArray(groups);
    }

    void deviceReady(int group) {
        ready.incrementAndGet(group);
    }

    void deviceGone(int group) {
        ready.decrementAndGet(group);
    }

    /** Devices connected (CONNACK 0 and subscriptions acknowledged) in a group. */
    public int connected(int group) {
        return ready.get(group);
    }

    public int connectedTotal() {
        int sum = 0;
        for (int i = 0; i < ready.length(); i++) {
            sum += ready.get(i);
        }
        return sum;
    }

    void started(boolean late) {
        opsStarted.incrementAndGet();
        if (late) {
            lateStarts.incrementAndGet();
        }
    }

    /** Operations that started more than the lateness tolerance after they were due. */
    public long lateStarts() {
        return lateStarts.get();
    }

    public long operationsStarted() {
        return opsStarted.get();
    }

    void inFlight(int shard, long value) {
        inFlightByShard.set(shard, value);
    }

    /** Operations waiting for an answer, as of each loop's last sweep. */
    public long inFlight() {
        long sum = 0;
        for (int i = 0; i < inFlightByShard.length(); i++) {
            sum += inFlightByShard.get(i);
        }
        return sum;
    }
}
