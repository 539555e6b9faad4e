package io.fleetstorm.metrics;

import java.util.Map;

/**
 * One interval of the over-time charts: offset from the run start and length (seconds), phase, messages sent and
 * received, errors, late starts, CPU ratio, loop-lag p99 (seconds), per-operation latency (over all groups) and the
 * devices connected at its end ({@code -1} when not known, e.g. a summary written before it was kept).
 */
public record SeriesPoint(double offsetSeconds, double durationSeconds, String phase, long sent, long received,
                          long errors, long lateStarts, double cpuRatio, double loopLagP99Seconds,
                          Map<String, Latency> operations, long connected) {

    /** A point without the connected devices. */
    public SeriesPoint(double offsetSeconds, double durationSeconds, String phase, long sent, long received,
            long errors, long lateStarts, double cpuRatio, double loopLagP99Seconds, Map<String, Latency> operations) {
        this(offsetSeconds, durationSeconds, phase, sent, received, errors, lateStarts, cpuRatio, loopLagP99Seconds,
                operations, -1);
    }

    /** Completions and corrected latency percentiles of one operation in one interval, in seconds. */
    public record Latency(long count, double p50, double p99, double max) {
    }

    /** The chart point of one interval: counts, and corrected-latency percentiles per operation over all groups. */
    public static SeriesPoint of(IntervalSnapshot s) {
        Map<String, Latency> ops = new java.util.LinkedHashMap<>();
        for (Operation op : Operation.values()) {
            org.HdrHistogram.Histogram h = s.latency(op).corrected();
            if (h.getTotalCount() > 0) {
                ops.put(op.label(), new Latency(h.getTotalCount(), h.getValueAtPercentile(50) / 1e9,
                        h.getValueAtPercentile(99) / 1e9, h.getMaxValue() / 1e9));
            }
        }
        return new SeriesPoint((s.startNanos() - s.runStartNanos()) / 1e9, s.durationSeconds(), s.phase(),
                s.delta(Counter.MESSAGES_SENT), s.delta(Counter.MESSAGES_RECEIVED), s.errorDelta(),
                s.delta(Counter.LATE_STARTS), s.generator().cpuRatio(),
                s.loopLag().getTotalCount() == 0 ? 0 : s.loopLag().getValueAtPercentile(99) / 1e9, ops,
                s.gauge(MetricNames.DEVICES_CONNECTED));
    }
}
