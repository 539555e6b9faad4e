package io.fleetstorm.report;

import io.fleetstorm.metrics.RunResults;
import java.util.ArrayList;
import java.util.List;

/**
 * The run's pass/fail: every threshold against the merged results, and the generator's own health. A generator that
 * fell behind (seconds with late starts over 1% of operations, or event-loop lag p99 over 50 ms) for six seconds in a
 * row, or that started over 5% of all operations late, makes the run invalid rather than blaming the target. A
 * saturated generator falls behind continuously; isolated slow seconds (a GC pause, the JVM warming up, a storm's
 * burst at a phase start) do not invalidate a run: their operations are still measured from when they were due.
 *
 * @param checks     each threshold with its observed value
 * @param saturated  why the generator is considered saturated, or null
 * @param aborted    why the run was aborted, or null
 */
public record Verdict(List<Check> checks, String saturated, String aborted) {

    /** One threshold's outcome. */
    public record Check(Threshold threshold, double observed, boolean passed) {
    }

    /** Consecutive seconds the generator may fall behind before the run is invalid. */
    static final int MAX_SATURATED_STREAK = 5;
    /** Share of all operations that may start late. */
    static final double MAX_LATE_SHARE = 0.05;

    public static Verdict of(List<String> thresholds, RunResults results, boolean acceptSaturation, String aborted) {
        List<Check> checks = new ArrayList<>();
        for (String expression : thresholds) {
            Threshold t = Threshold.parse(expression);
            double observed = t.observe(results);
            checks.add(new Check(t, observed, t.passes(observed)));
        }
        String saturated = null;
        if (!acceptSaturation && (results.longestSaturatedStreak() > MAX_SATURATED_STREAK
                || results.lateStarts() > MAX_LATE_SHARE * Math.max(1, results.operations()))) {
            saturated = String.format("it fell behind in %d of %d seconds (at %s s): over 1%% of operations started "
                    + "late or event-loop lag p99 over 50 ms; %d of %d operations started late in all",
                    results.saturatedIntervals(), results.intervals(), results.saturatedSeconds().stream().limit(12)
                            .map(String::valueOf).collect(java.util.stream.Collectors.joining(", ")),
                    results.lateStarts(), results.operations());
        }
        return new Verdict(List.copyOf(checks), saturated, aborted);
    }

    public boolean thresholdsPassed() {
        return checks.stream().allMatch(Check::passed);
    }

    /** 0 pass, 3 thresholds breached or generator saturated, 4 aborted. */
    public int exitCode() {
        if (aborted != null) {
            return 4;
        }
        return thresholdsPassed() && saturated == null ? 0 : 3;
    }

    public String headline() {
        if (aborted != null) {
            return "ABORTED: " + aborted;
        }
        if (saturated != null) {
            return "INVALID: the generator was saturated (" + saturated + "); the figures describe the generator, "
                    + "not the hub";
        }
        return thresholdsPassed() ? "PASSED" : "FAILED: " + checks.stream().filter(c -> !c.passed()).count()
                + " threshold(s) breached";
    }
}
