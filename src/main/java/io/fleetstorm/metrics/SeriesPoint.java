package io.fleetstorm.metrics;

import java.util.Map;

/**
 * One interval of the over-time charts: offset from the run start and length (seconds), phase, messages sent and
 * received, errors, late starts, CPU ratio, loop-lag p99 (seconds) and per-operation latency (over all groups).
 */
public record SeriesPoint(double offsetSeconds, double durationSeconds, String phase, long sent, long received,
                          long errors, long lateStarts, double cpuRatio, double loopLagP99Seconds,
                          Map<String, Latency> operations) {

    /** Completions and corrected latency percentiles of one operation in one interval, in seconds. */
    public record Latency(long count, double p50, double p99, double max) {
    }
}
