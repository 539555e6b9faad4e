package io.fleetstorm.capacity;

import io.fleetstorm.metrics.Operation;
import io.fleetstorm.metrics.ResultSection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * One operation over a step's measurement, every group together: completions, completions per second and corrected
 * latency percentiles in seconds (NaN when none completed).
 */
public record OperationStats(long count, double ratePerSecond, double p50, double p90, double p99, double p999,
        double max) {

    /** Every operation that completed at least once in {@code section}, by label, in catalogue order. */
    public static Map<String, OperationStats> of(ResultSection section) {
        Map<String, OperationStats> out = new LinkedHashMap<>();
        double seconds = section.durationSeconds();
        for (Operation op : Operation.values()) {
            Histogram h = section.latency(op, null).corrected();
            long n = h.getTotalCount();
            if (n > 0) {
                out.put(op.label(), new OperationStats(n, seconds == 0 ? Double.NaN : n / seconds,
                        h.getValueAtPercentile(50) / 1e9, h.getValueAtPercentile(90) / 1e9,
                        h.getValueAtPercentile(99) / 1e9, h.getValueAtPercentile(99.9) / 1e9, h.getMaxValue() / 1e9));
            }
        }
        return out;
    }
}
