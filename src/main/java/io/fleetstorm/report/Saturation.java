package io.fleetstorm.report;

import io.fleetstorm.metrics.Counter;
import io.fleetstorm.metrics.GeneratorStats;
import io.fleetstorm.metrics.ResultSection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Whether the generator itself was the bottleneck. A saturated generator falls behind continuously: more than
 * {@value #MAX_SLOW_STREAK} consecutive slow seconds (over 1% of a second's operations started late, or event-loop lag
 * p99 over 50 ms), or over 5% of all operations started late. Such a run is INVALID: its latencies measure the
 * generator, not the target. Isolated slow seconds (a GC pause, the JVM warming up, a storm's burst at a phase start)
 * do not invalidate a run: their operations are still measured from when they were due. CPU is reported, not judged:
 * with the embedded hub in the same process a busy CPU says nothing about who fell behind.
 */
public record Saturation(boolean saturated, List<String> reasons) {

    public static final int MAX_SLOW_STREAK = 5;
    public static final double LATE_START_RATIO_LIMIT = 0.05;

    public Saturation {
        reasons = List.copyOf(reasons);
    }

    /** Checks a whole-run section. */
    public static Saturation of(ResultSection run) {
        List<String> reasons = new ArrayList<>();
        GeneratorStats g = run.generator();
        if (g.longestSlowStreak() > MAX_SLOW_STREAK) {
            reasons.add(String.format(Locale.ROOT, "the generator fell behind for %d seconds in a row (limit %d; "
                    + "%d slow of %d, at %s s): over 1%% of operations started late or event-loop lag p99 over 50 ms",
                    g.longestSlowStreak(), MAX_SLOW_STREAK, g.slowIntervals(), g.intervals(),
                    g.slowSeconds().stream().limit(12).map(String::valueOf).collect(Collectors.joining(", "))));
        }
        long operations = run.completedOperations() + run.errorCount();
        long late = run.counter(Counter.LATE_STARTS);
        if (operations > 0 && (double) late / operations > LATE_START_RATIO_LIMIT) {
            reasons.add(String.format(Locale.ROOT, "late starts %d of %d operations (%.2f%%, limit %.0f%%)",
                    late, operations, 100.0 * late / operations, LATE_START_RATIO_LIMIT * 100));
        }
        return new Saturation(!reasons.isEmpty(), reasons);
    }
}
