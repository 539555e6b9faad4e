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
    /** Consecutive devices that live on the same loop (a gateway's sub-devices live on the gateway's loop). */
    private final int block;
    private long n = -1;
    private long dueNanos;
    private String[] topics; // per loop-local device, made on the first publish: idle fleets pay nothing

    /**
     * @param startNanos absolute (nanoTime) start of the phase
     * @param endNanos   absolute end of the phase
     * @param limit      number of operations in the whole stream (Long.MAX_VALUE for unbounded)
     */
    OpStream(Activity activity, long startNanos, long endNanos, int groupCount, int shard, int shards, long limit) {
        this(activity, startNanos, endNanos, groupCount, shard, shards, limit, 1);
    }

    /**
     * @param block devices are placed on loops in blocks of this many consecutive indexes: block b on loop
     *              b mod loops (1 for ordinary groups; a gateway group's sub-devices per gateway for its sub-devices)
     */
    OpStream(Activity activity, long startNanos, long endNanos, int groupCount, int shard, int shards, long limit,
            int block) {
        this.activity = activity;
        this.block = block;
        this.times = activity.times().forStream();
        this.startNanos = startNanos;
        this.endNanos = endNanos;
        this.groupCount = groupCount;
        this.shard = shard;
        this.shards = shards;
        this.limit = limit;
        if (shard >= (groupCount + block - 1) / block) {
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
        return deviceOf(n);
    }

    /**
     * The device of operation {@code k}: round robin over the group; over a sub-device group it takes one sub-device
     * of every gateway before the next of the first, so a gateway's requests are spread over the stream rather than
     * sent back to back (the hub allows a gateway 30 messages a second, as the cloud does).
     */
    private int deviceOf(long k) {
        int d = (int) (k % groupCount);
        if (block == 1) {
            return d;
        }
        int gateways = groupCount / block;
        return (d % gateways) * block + d / gateways;
    }

    /** The next operation's device as an index among this loop's devices of the group. */
    int localDevice() {
        int d = device();
        return block == 1 ? d / shards : (d / block / shards) * block + d % block;
    }

    /** The topic this stream's publishes of a loop-local device go to, once built; null before. */
    String cachedTopic(int localDevice) {
        return topics == null ? null : topics[localDevice];
    }

    /** Keeps a loop-local device's topic for the rest of the phase; returns it. */
    String cacheTopic(int localDevice, String topic) {
        if (topics == null) {
            topics = new String[((groupCount / block + shards - 1) / shards) * block];
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
            if ((deviceOf(n) / block) % shards != shard) {
                continue;
            }
            long due = startNanos + times.offsetNanos(n);
            dueNanos = due >= endNanos ? Long.MAX_VALUE : due;
            return;
        }
    }
}
