package io.fleetstorm.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * The hot path's write-only view of metrics for ONE event loop: latency into HdrHistogram {@link SingleWriterRecorder}s
 * (one per group x operation, for corrected latency and for service time), counters into adders. The collector's
 * thread flips the recorders; the loop never waits for it.
 */
public class LoopRecorder {

    /**
     * Latency recorded up to one hour, in nanoseconds, with three significant digits. Histograms auto-resize: they
     * start small and grow to the range actually seen, so a recorder per group x operation costs little memory and
     * the collector's per-interval merges make little garbage (full-range arrays would be ~270 KB each).
     */
    static final long HIGHEST_NANOS = 3_600_000_000_000L;
    static final int DIGITS = 3;

    private final SingleWriterRecorder[][] corrected;
    private final SingleWriterRecorder[][] service;
    private final LongAdder[][] counters;
    private final Map<String, LongAdder> byBehaviour = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final LongAdder[] lateStarts;
    private final SingleWriterRecorder loopLag = new SingleWriterRecorder(DIGITS);
    private final Histogram[][] recycledCorrected;
    private final Histogram[][] recycledService;
    private Histogram recycledLag;

    public LoopRecorder(int groups) {
        int ops = Operation.values().length;
        corrected = new SingleWriterRecorder[groups][ops];
        service = new SingleWriterRecorder[groups][ops];
        counters = new LongAdder[groups][Counter.values().length];
        lateStarts = new LongAdder[groups];
        recycledCorrected = new Histogram[groups][ops];
        recycledService = new Histogram[groups][ops];
        for (int g = 0; g < groups; g++) {
            for (int o = 0; o < ops; o++) {
                corrected[g][o] = new SingleWriterRecorder(DIGITS);
                service[g][o] = new SingleWriterRecorder(DIGITS);
            }
            for (int c = 0; c < counters[g].length; c++) {
                counters[g][c] = new LongAdder();
            }
            lateStarts[g] = new LongAdder();
        }
    }

    /**
     * Records one completed operation: corrected latency is {@code done - intended} (the open model: the time from
     * when the operation was due), service time is {@code done - sent}. No expected-interval correction on top.
     */
    public void recordLatency(int group, Operation op, long intendedStartNanos, long sentNanos, long doneNanos) {
        corrected[group][op.ordinal()].recordValue(clamp(doneNanos - intendedStartNanos));
        service[group][op.ordinal()].recordValue(clamp(doneNanos - sentNanos));
    }

    public void count(int group, Counter c, String behaviour, int qos, long delta) {
        counters[group][c.ordinal()].add(delta);
        if (c == Counter.MESSAGES_SENT || c == Counter.MESSAGES_RECEIVED) {
            byBehaviour.computeIfAbsent(group + "|" + c.label() + "|" + behaviour + "|" + qos, k -> new LongAdder())
                    .add(delta);
        }
    }

    /** An error by kind ({@code connack}, {@code timeout}, ...) and reason ({@code 0x05}, {@code publish-ack}, ...). */
    public void error(int group, String kind, String reason) {
        errors.computeIfAbsent(group + "|" + kind + "|" + reason, k -> new LongAdder()).increment();
    }

    public void lateStart(int group) {
        lateStarts[group].increment();
    }

    /** How late the loop ran a probe timer: the generator's own health. */
    public void recordLoopLag(long nanos) {
        loopLag.recordValue(clamp(nanos));
    }

    private static long clamp(long nanos) {
        return Math.max(0, Math.min(nanos, HIGHEST_NANOS));
    }

    // ---- cold path: read by the collector's thread ----

    /**
     * The interval histogram since the last flip. It is recycled by the next flip (a recorder only takes back its own
     * histograms), so the caller must be done with it by then.
     */
    Histogram flipCorrected(int group, Operation op) {
        int o = op.ordinal();
        return recycledCorrected[group][o] = corrected[group][o].getIntervalHistogram(recycledCorrected[group][o]);
    }

    Histogram flipService(int group, Operation op) {
        int o = op.ordinal();
        return recycledService[group][o] = service[group][o].getIntervalHistogram(recycledService[group][o]);
    }

    Histogram flipLoopLag() {
        return recycledLag = loopLag.getIntervalHistogram(recycledLag);
    }

    long counter(int group, Counter c) {
        return counters[group][c.ordinal()].sum();
    }

    long lateStarts(int group) {
        return lateStarts[group].sum();
    }

    Map<String, LongAdder> errors() {
        return errors;
    }

    Map<String, LongAdder> byBehaviour() {
        return byBehaviour;
    }

    int groups() {
        return counters.length;
    }
}
