package io.fleetstorm.capacity;

import io.fleetstorm.metrics.Operation;
import io.fleetstorm.metrics.ResultSection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * One operation over a step's measurement, every group together: completions (the drain's answers included),
 * completions per second of measured time, and corrected latency percentiles in seconds (NaN when none completed).
 */
public record OperationStats(long count, double ratePerSecond, double p50, double p90, double p99, double p999,
        double max) {

    /** Every operation that completed at least once in {@code section}, by label, in catalogue order. */
    public static Map<String, OperationStats> of(ResultSection section) {
        return of(section, section);
    }

    /**
     * As {@link #of(ResultSection)}, the rate from {@code timed} (the measured intervals without the drain that
     * follows an early stop or the measurement's end: answers to operations sent earlier, in time not measured).
     */
    public static Map<String, OperationStats> of(ResultSection section, ResultSection timed) {
        Map<String, OperationStats> out = new LinkedHashMap<>();
        double seconds = timed.durationSeconds();
        for (Operation op : Operation.values()) {
            Histogram h = section.latency(op, null).corrected();
            long n = h.getTotalCount();
            long inTime = timed.latency(op, null).corrected().getTotalCount();
            if (n > 0) {
                out.put(op.label(), new OperationStats(n, seconds == 0 ? Double.NaN : inTime / seconds,
                        h.getValueAtPercentile(50) / 1e9, h.getValueAtPercentile(90) / 1e9,
                        h.getValueAtPercentile(99) / 1e9, h.getValueAtPercentile(99.9) / 1e9, h.getMaxValue() / 1e9));
            }
        }
        return out;
    }
}
