package io.fleetstorm.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BiConsumer;
import java.util.function.LongConsumer;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * The hot-path recorder of one event loop. Every method must be called from that one loop thread: recording takes
 * no lock and allocates nothing once a series exists. The {@link IntervalCollector} reads it from its own thread
 * (interval histograms flipped by HdrHistogram's {@link SingleWriterRecorder}; counters published with release
 * semantics and read with acquire semantics).
 */
public final class LoopRecorder {

    private static final int OPERATIONS = Operation.values().length;
    private static final int COUNTERS = Counter.values().length;
    private static final int QOS_LEVELS = 3;
    static final int CORRECTED = 0;
    static final int SERVICE = 1;

    private final String[] groups;
    private final AtomicReferenceArray<SingleWriterRecorder> recorders;
    private final Map<String, AtomicLong>[] counters;
    private final Map<ErrorKey, AtomicLong> errors = new ConcurrentHashMap<>();
    private final LongConsumer loopLag;

    @SuppressWarnings("unchecked")
    LoopRecorder(String[] groups, LongConsumer loopLag) {
        this.groups = groups;
        this.loopLag = loopLag;
        this.recorders = new AtomicReferenceArray<>(groups.length * OPERATIONS * 2);
        this.counters = new Map[groups.length * COUNTERS * QOS_LEVELS];
        for (int i = 0; i < counters.length; i++) {
            counters[i] = new ConcurrentHashMap<>();
        }
    }

    /**
     * Records one completed operation: corrected latency {@code done - intendedStart} and service time
     * {@code done - sent}, in nanoseconds of the engine's clock. Negative values (a clock misuse) count as 0 and
     * values above one hour as one hour.
     */
    public void recordLatency(int group, Operation op, long intendedStartNanos, long sentNanos, long doneNanos) {
        int slot = (group * OPERATIONS + op.ordinal()) * 2;
        recorder(slot + CORRECTED).recordValue(clamp(doneNanos - intendedStartNanos));
        recorder(slot + SERVICE).recordValue(clamp(doneNanos - sentNanos));
    }

    /** Creates the recorders of one series ahead of time, so the first recording allocates nothing. */
    public void prepare(int group, Operation op) {
        int slot = (group * OPERATIONS + op.ordinal()) * 2;
        recorder(slot + CORRECTED);
        recorder(slot + SERVICE);
    }

    /** Adds {@code delta} to a counter of a behaviour ({@code telemetry}, {@code echo}, ...; null = none) and QoS. */
    public void count(int group, Counter c, String behaviour, int qos, long delta) {
        if (qos < 0 || qos >= QOS_LEVELS) {
            throw new IllegalArgumentException("qos must be 0, 1 or 2, but was " + qos);
        }
        Map<String, AtomicLong> cells = counters[(group * COUNTERS + c.ordinal()) * QOS_LEVELS + qos];
        String key = behaviour == null ? "" : behaviour;
        AtomicLong cell = cells.get(key);
        if (cell == null) {
            cell = cells.computeIfAbsent(key, k -> new AtomicLong());
        }
        cell.setRelease(cell.getPlain() + delta);
    }

    /** Counts one error of a kind ({@code connack}, {@code suback}, {@code timeout}, ...) and reason. */
    public void error(int group, String kind, String reason) {
        AtomicLong cell = errors.computeIfAbsent(new ErrorKey(groups[group], kind, reason), k -> new AtomicLong());
        cell.setRelease(cell.getPlain() + 1);
    }

    /** Counts one error of a catalogued kind ({@link ErrorKind}) and its reason. */
    public void error(int group, ErrorKind kind, String reason) {
        error(group, kind.label(), reason);
    }

    /** Counts one operation that started later than intended ({@link Counter#LATE_STARTS}). */
    public void lateStart(int group) {
        count(group, Counter.LATE_STARTS, null, 0, 1);
    }

    /**
     * An operation may start this late before it counts as a late start: Vert.x timers have 1 ms granularity and a
     * batch of due operations takes time; its latency is measured from the intended time either way.
     */
    public static final long LATE_TOLERANCE_NANOS = 25_000_000;
    /**
     * Operations due within this long of the first operation of a backlog may, besides {@link #LATE_TOLERANCE_NANOS},
     * queue behind the backlog's earlier operations, up to this long: the first second of a run and the start burst
     * of a phase. A generator that needs longer to work through what fell due in one second cannot keep up.
     */
    public static final long BURST_WINDOW_NANOS = 1_000_000_000L;
    /**
     * The most one operation of a burst may cost the operations queued behind it (a connect costs tens of
     * microseconds warm and a few milliseconds while the JIT is cold); a longer gap is a stall, not work.
     */
    public static final long MAX_BURST_COST_NANOS = 10_000_000L;

    private long backlogFirstIntended;
    private long backlogFirstStarted;
    private long backlogLength;
    private long lastStarted = Long.MIN_VALUE;

    /**
     * An operation started: counts it ({@link Counter#OPERATIONS_STARTED}) and judges its lateness
     * ({@link Counter#LATE_STARTS}). The one entry the engine's scheduler calls per operation, in start order on this
     * loop's thread. An operation that was already due when the previous one started queues behind it (a backlog);
     * the k-th operation of a backlog, when it was due within {@link #BURST_WINDOW_NANOS} of the backlog's first
     * one, may be late by its queueing, up to k x {@link #MAX_BURST_COST_NANOS} and at most
     * {@link #BURST_WINDOW_NANOS}, on top of the base tolerance: 1,000 connects due at one instant take the loop a
     * while, and that is the burst's own cost, not a generator that fell behind. Operations due later in a backlog
     * that lasts (a rate the loop cannot sustain) get the base tolerance only.
     */
    public void operationStarted(int group, long intendedNanos, long startedNanos) {
        count(group, Counter.OPERATIONS_STARTED, null, 0, 1);
        if (intendedNanos > lastStarted) {
            backlogFirstIntended = intendedNanos;
            backlogFirstStarted = startedNanos;
            backlogLength = 0;
        } else {
            backlogLength++;
        }
        lastStarted = startedNanos;
        long allowance = intendedNanos - backlogFirstIntended > BURST_WINDOW_NANOS ? 0
                : Math.min(Math.min(startedNanos - backlogFirstStarted, backlogLength * MAX_BURST_COST_NANOS),
                        BURST_WINDOW_NANOS);
        if (startedNanos - intendedNanos > LATE_TOLERANCE_NANOS + allowance) {
            lateStart(group);
        }
    }

    /** Records how late this loop ran a probe timer, in nanoseconds: the generator's own health. */
    public void recordLoopLag(long nanos) {
        loopLag.accept(nanos);
    }

    private SingleWriterRecorder recorder(int index) {
        SingleWriterRecorder r = recorders.getPlain(index);
        if (r == null) {
            r = new SingleWriterRecorder(LatencyHistograms.SIGNIFICANT_DIGITS); // auto-resizing, see newHistogram
            recorders.setRelease(index, r);
        }
        return r;
    }

    private static long clamp(long nanos) {
        return nanos < 0 ? 0 : Math.min(nanos, LatencyHistograms.HIGHEST_TRACKABLE_NANOS);
    }

    // --- read side, collector thread only ---

    int recorderSlots() {
        return recorders.length();
    }

    SingleWriterRecorder recorderAt(int index) {
        return recorders.getAcquire(index);
    }

    static GroupOperation seriesOf(String[] groups, int index) {
        int series = index / 2;
        return new GroupOperation(groups[series / OPERATIONS], Operation.values()[series % OPERATIONS]);
    }

    void forEachCounter(BiConsumer<CounterKey, Long> action) {
        Counter[] all = Counter.values();
        for (int i = 0; i < counters.length; i++) {
            int qos = i % QOS_LEVELS;
            int rest = i / QOS_LEVELS;
            Counter c = all[rest % COUNTERS];
            String group = groups[rest / COUNTERS];
            counters[i].forEach((behaviour, cell) ->
                    action.accept(new CounterKey(group, c, behaviour, qos), cell.getAcquire()));
        }
    }

    void forEachError(BiConsumer<ErrorKey, Long> action) {
        errors.forEach((key, cell) -> action.accept(key, cell.getAcquire()));
    }
}
