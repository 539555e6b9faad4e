package io.fleetstorm.metrics;

import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Everything a run measured, merged over loops, for the whole run: the input of the summary and the verdict.
 *
 * @param groups          group names, by index
 * @param durationNanos   measured wall time of the run
 * @param corrected       latency from intended start per group x operation
 * @param service         service time (from the actual send) per group x operation
 * @param counters        totals by "group|counter" and "group|messages_sent|behaviour|qos"
 * @param errors          totals by "group|kind|reason"
 * @param lateStarts      operations that started late (the generator fell behind)
 * @param operations      operations started
 * @param loopLag         event-loop lag of the whole run
 * @param intervals       reporting intervals of the run
 * @param saturatedIntervals intervals in which the generator fell behind (over 1% late starts, or loop lag p99 over
 *                        50 ms)
 * @param longestSaturatedStreak the most consecutive such intervals
 * @param saturatedSeconds the run's seconds (from its start) that were such intervals
 */
public record RunResults(List<String> groups, long durationNanos, Map<LatencyKey, Histogram> corrected,
        Map<LatencyKey, Histogram> service, Map<String, Long> counters, Map<String, Long> errors, long lateStarts,
        long operations, Histogram loopLag, int intervals, int saturatedIntervals,
        int longestSaturatedStreak, List<Long> saturatedSeconds) {

    public long totalErrors() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }
}
