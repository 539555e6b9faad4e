package io.fleetstorm.metrics;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/** Corrected latency (from the intended start) and service time (from the actual send) of one operation. */
public record LatencyHistograms(Histogram corrected, Histogram service) {

    /** Values above this are clamped: one hour, in nanoseconds. */
    public static final long HIGHEST_TRACKABLE_NANOS = TimeUnit.HOURS.toNanos(1);
    /** Three significant digits: 0.1% resolution at every magnitude. */
    public static final int SIGNIFICANT_DIGITS = 3;

    /**
     * A new empty histogram with the precision used everywhere in fleetstorm. It auto-resizes: it starts small and
     * grows to the range actually recorded, so the many per-loop, per-series and per-interval histograms cost little
     * memory and their merges make little garbage (a fixed one-hour range would be ~270 KB each).
     */
    public static Histogram newHistogram() {
        return new Histogram(SIGNIFICANT_DIGITS);
    }

    /** A new empty pair. */
    public static LatencyHistograms empty() {
        return new LatencyHistograms(newHistogram(), newHistogram());
    }

    /** Adds the other pair's counts to this one (exact). */
    public void add(LatencyHistograms other) {
        corrected.add(other.corrected);
        service.add(other.service);
    }

    /** A deep copy. */
    public LatencyHistograms copy() {
        LatencyHistograms c = empty();
        c.add(this);
        return c;
    }
}
