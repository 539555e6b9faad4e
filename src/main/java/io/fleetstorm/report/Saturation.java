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
 * {@value #MAX_SLOW_STREAK} consecutive slow seconds (over 1% of a second's started operations started late, or
 * event-loop lag p99 over 50 ms), or over 5% of all started operations started late, judged once at least
 * {@value #MIN_SAMPLE} operations started. Both sides of that share count the same operations: every operation the
 * engine started, QoS 0 publishes included. Such a run is INVALID: its latencies measure the generator, not the
 * target. Isolated slow seconds (a GC pause, the JVM warming up) and a burst's own queueing (see
 * {@code LoopRecorder.operationStarted}) do not invalidate a run: their operations are still measured from when they
 * were due. CPU is reported, not judged: with the embedded hub in the same process a busy CPU says nothing about who
 * fell behind.
 */
public record Saturation(boolean saturated, List<String> reasons) {

    public static final int MAX_SLOW_STREAK = 5;
    public static final double LATE_START_RATIO_LIMIT = 0.05;
    /** Fewer started operations than this are too few for the late-start share to mean anything. */
    public static final long MIN_SAMPLE = 1000;

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
        long started = run.counter(Counter.OPERATIONS_STARTED);
        long late = run.counter(Counter.LATE_STARTS);
        if (started >= MIN_SAMPLE && (double) late / started > LATE_START_RATIO_LIMIT) {
            reasons.add(String.format(Locale.ROOT, "late starts %d of %d operations started (%.2f%%, limit %.0f%%)",
                    late, started, 100.0 * late / started, LATE_START_RATIO_LIMIT * 100));
        }
        return new Saturation(!reasons.isEmpty(), reasons);
    }
}
