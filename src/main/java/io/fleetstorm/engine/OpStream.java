package io.fleetstorm.engine;

/**
 * The part of one {@link Activity} that one fleet verticle executes: the operations whose device lives on its loop.
 * Walks the activity's global sequence n = 0, 1, 2... and keeps only its own, so every loop sees the same intended
 * times and no loop needs to know another's share.
 */
final class OpStream {

    final Activity activity;
    /** This stream's own arrival walk (a Poisson stream must not share its walk with another loop's). */
    private final IntendedTimes times;
    private final long startNanos;
    private final long endNanos;
    private final int groupCount;
    private final int shard;
    private final int shards;
    private final long limit;
    private long n = -1;
    private long dueNanos;
    private String[] topics; // per loop-local device, made on the first publish: idle fleets pay nothing

    /**
     * @param startNanos absolute (nanoTime) start of the phase
     * @param endNanos   absolute end of the phase
     * @param limit      number of operations in the whole stream (Long.MAX_VALUE for unbounded)
     */
    OpStream(Activity activity, long startNanos, long endNanos, int groupCount, int shard, int shards, long limit) {
        this.activity = activity;
        this.times = activity.times().forStream();
        this.startNanos = startNanos;
        this.endNanos = endNanos;
        this.groupCount = groupCount;
        this.shard = shard;
        this.shards = shards;
        this.limit = limit;
        if (shard >= groupCount) {
            dueNanos = Long.MAX_VALUE; // fewer devices than loops: this loop owns none of the group
            return;
        }
        advance();
    }

    /** Absolute intended time of this loop's next operation, or Long.MAX_VALUE when the stream is done. */
    long dueNanos() {
        return dueNanos;
    }

    /** The sequence number of the next operation (its device is {@link #device()}). */
    long sequence() {
        return n;
    }

    /** The group-local device index of the next operation. */
    int device() {
        return (int) (n % groupCount);
    }

    /** The next operation's device as an index among this loop's devices of the group. */
    int localDevice() {
        return device() / shards;
    }

    /** The topic this stream's publishes of a loop-local device go to, once built; null before. */
    String cachedTopic(int localDevice) {
        return topics == null ? null : topics[localDevice];
    }

    /** Keeps a loop-local device's topic for the rest of the phase; returns it. */
    String cacheTopic(int localDevice, String topic) {
        if (topics == null) {
            topics = new String[(groupCount + shards - 1) / shards];
        }
        topics[localDevice] = topic;
        return topic;
    }

    void advance() {
        while (true) {
            n++;
            if (n >= limit) {
                dueNanos = Long.MAX_VALUE;
                return;
            }
            if ((n % groupCount) % shards != shard) {
                continue;
            }
            long due = startNanos + times.offsetNanos(n);
            dueNanos = due >= endNanos ? Long.MAX_VALUE : due;
            return;
        }
    }
}
