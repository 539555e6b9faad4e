package io.fleetstorm.hub;

import java.util.Map;

/**
 * What the hub's injected faults ({@link HubFaults}) did since it started, so that a run's report can be checked
 * against them.
 *
 * @param operations   per operation
 * @param disconnects  device connections closed at random
 * @param stalls       stalls begun (each stops reading every connection)
 * @param stalledNanos time spent stalled
 */
public record HubFaultStats(Map<HubOperation, Operation> operations, long disconnects, long stalls,
        long stalledNanos) {

    /** No fault configured or none applied yet. */
    public static final Operation NONE = new Operation(0, 0, 0, 0, 0, 0, false);

    /**
     * One operation's faults.
     *
     * @param delayed       operations held by a delay
     * @param queued        operations that waited behind a limit
     * @param overflowed    operations refused (or dropped) because the limit's queue was full
     * @param refused       operations refused by a refusal ratio
     * @param injectedNanos time added to operations, delays and queueing together
     * @param queueDepth    operations waiting behind the limit now
     * @param active        whether a fault of this operation is inside its window now
     */
    public record Operation(long delayed, long queued, long overflowed, long refused, long injectedNanos,
            long queueDepth, boolean active) {
    }

    public Operation operation(HubOperation op) {
        return operations.getOrDefault(op, NONE);
    }
}
