package io.fleetstorm.metrics;

import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What one reporting interval saw, merged over every event loop: the cold path's input to progress lines and sinks.
 *
 * @param phase        the phase running at the end of the interval
 * @param elapsedNanos time since the run's start
 * @param intervalNanos length of the interval
 * @param corrected    latency from intended start, per group x operation, this interval only
 * @param counters     totals since the start, per group x counter
 * @param errors       totals since the start, by "group|kind|reason"
 * @param lateStarts   total late starts
 * @param loopLag      event-loop lag in this interval
 */
public record IntervalSnapshot(String phase, long elapsedNanos, long intervalNanos,
        Map<LatencyKey, Histogram> corrected, Map<String, Long> counters, Map<String, Long> errors, long lateStarts,
        Histogram loopLag) {
}
