package io.fleetstorm.hub.impl;

import io.fleetstorm.hub.FaultWindow;
import io.fleetstorm.hub.HubFaultStats;
import io.fleetstorm.hub.HubFaults;
import io.fleetstorm.hub.HubOperation;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * The hub's configured faults at work: decides, per operation, whether to refuse it and how long to hold it, and
 * counts every effect. Shared by every event loop and the API server: thread-safe. With no fault for an operation,
 * {@link #touches} is false and callers take their usual path, so an unfaulted hub pays one array read per operation
 * and allocates nothing.
 */
final class FaultInjector {

    private static final int OPS = HubOperation.values().length;

    /** No faults. */
    static final FaultInjector NONE = new FaultInjector(HubFaults.NONE, System.nanoTime());

    final HubFaults config;
    private final boolean[] touches = new boolean[OPS];
    private final RateGate[] gates = new RateGate[OPS];
    private final FaultWindow[] limitWindows = new FaultWindow[OPS];
    private final HubFaults.Delay[] delays = new HubFaults.Delay[OPS];
    private final HubFaults.Refusal[] refusals = new HubFaults.Refusal[OPS];
    private final LongAdder[] delayed = adders();
    private final LongAdder[] queued = adders();
    private final LongAdder[] overflowed = adders();
    private final LongAdder[] refused = adders();
    private final LongAdder[] injectedNanos = adders();
    final LongAdder disconnects = new LongAdder();
    final LongAdder stalls = new LongAdder();
    final LongAdder stalledNanos = new LongAdder();
    /** Whether CONNECT, PUBLISH or SUBSCRIBE packets are held, which the connection guard does. */
    final boolean holdsPackets;
    private volatile long startNanos;

    FaultInjector(HubFaults config, long startNanos) {
        this.config = config;
        this.startNanos = startNanos;
        config.limits().forEach((op, limit) -> {
            gates[op.ordinal()] = new RateGate(limit.perSecond(), config.queueCapacity(), startNanos);
            limitWindows[op.ordinal()] = limit.window();
        });
        config.delays().forEach((op, delay) -> delays[op.ordinal()] = delay);
        config.refusals().forEach((op, refusal) -> refusals[op.ordinal()] = refusal);
        for (HubOperation op : HubOperation.values()) {
            touches[op.ordinal()] = config.touches(op);
        }
        holdsPackets = holds(HubOperation.CONNECT) || holds(HubOperation.PUBLISH) || holds(HubOperation.SUBSCRIBE);
    }

    /** Windows count from here: the moment the hub's listeners are up. */
    void start(long nowNanos) {
        startNanos = nowNanos;
    }

    long sinceStart(long nowNanos) {
        return nowNanos - startNanos;
    }

    long startNanos() {
        return startNanos;
    }

    /** Whether any fault is configured for the operation (in or out of its window). */
    boolean touches(HubOperation op) {
        return touches[op.ordinal()];
    }

    /** Whether a limit or a delay is configured for the operation. */
    boolean holds(HubOperation op) {
        return gates[op.ordinal()] != null || delays[op.ordinal()] != null;
    }

    /** Draws whether to refuse one operation now; a refusal is counted. */
    boolean refuses(HubOperation op) {
        HubFaults.Refusal r = refusals[op.ordinal()];
        if (r == null || !r.window().contains(sinceStart(System.nanoTime()))) {
            return false;
        }
        if (r.ratio() < 1 && ThreadLocalRandom.current().nextDouble() >= r.ratio()) {
            return false;
        }
        refused[op.ordinal()].increment();
        return true;
    }

    /** The error code refused API calls are answered with. */
    String apiErrorCode() {
        HubFaults.Refusal r = refusals[HubOperation.API.ordinal()];
        return r == null ? HubFaults.DEFAULT_API_ERROR : r.apiErrorCode();
    }

    /**
     * Books one operation: the nanoseconds it must wait for its limit's slot plus its delay (0 = go now), or -1 when
     * the limit's queue is full (counted as an overflow: the caller refuses or drops the operation).
     */
    long admit(HubOperation op, long nowNanos) {
        int i = op.ordinal();
        long since = nowNanos - startNanos;
        long wait = 0;
        RateGate gate = gates[i];
        if (gate != null && limitWindows[i].contains(since)) {
            wait = gate.book(nowNanos);
            if (wait < 0) {
                overflowed[i].increment();
                return -1;
            }
            if (wait > 0) {
                queued[i].increment();
            }
        }
        HubFaults.Delay delay = delays[i];
        if (delay != null && delay.window().contains(since)) {
            long d = delay.delay().sampleNanos(ThreadLocalRandom.current());
            if (d > 0) {
                delayed[i].increment();
                wait += d;
            }
        }
        if (wait > 0) {
            injectedNanos[i].add(wait);
        }
        return wait;
    }

    /** Counts time a caller added to an operation beyond what {@link #admit} returned (to keep a queue in order). */
    void addInjected(HubOperation op, long nanos) {
        injectedNanos[op.ordinal()].add(nanos);
    }

    HubFaultStats stats(long nowNanos) {
        Map<HubOperation, HubFaultStats.Operation> ops = new EnumMap<>(HubOperation.class);
        long since = nowNanos - startNanos;
        for (HubOperation op : HubOperation.values()) {
            int i = op.ordinal();
            if (!touches[i]) {
                continue;
            }
            boolean active = (gates[i] != null && limitWindows[i].contains(since))
                    || (delays[i] != null && delays[i].window().contains(since))
                    || (refusals[i] != null && refusals[i].window().contains(since));
            ops.put(op, new HubFaultStats.Operation(delayed[i].sum(), queued[i].sum(), overflowed[i].sum(),
                    refused[i].sum(), injectedNanos[i].sum(), gates[i] == null ? 0 : gates[i].depth(nowNanos),
                    active));
        }
        return new HubFaultStats(Map.copyOf(ops), disconnects.sum(), stalls.sum(), stalledNanos.sum());
    }

    private static LongAdder[] adders() {
        LongAdder[] result = new LongAdder[OPS];
        for (int i = 0; i < OPS; i++) {
            result[i] = new LongAdder();
        }
        return result;
    }
}
