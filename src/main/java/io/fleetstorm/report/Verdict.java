package io.fleetstorm.report;

import io.fleetstorm.metrics.RunResults;
import java.util.ArrayList;
import java.util.List;

/**
 * The run's pass/fail: every threshold against the merged results, and the generator's own health. A generator
 * that fell behind (late starts over 1% of operations, or event-loop lag p99 over 50 ms) makes the run invalid
 * rather than blaming the target.
 *
 * @param checks     each threshold with its observed value
 * @param saturated  why the generator is considered saturated, or null
 * @param aborted    why the run was aborted, or null
 */
public record Verdict(List<Check> checks, String saturated, String aborted) {

    /** One threshold's outcome. */
    public record Check(Threshold threshold, double observed, boolean passed) {
    }

    static final double MAX_LATE_SHARE = 0.01;
    static final long MAX_LAG_P99_NANOS = 50_000_000L;

    public static Verdict of(List<String> thresholds, RunResults results, boolean acceptSaturation, String aborted) {
        List<Check> checks = new ArrayList<>();
        for (String expression : thresholds) {
            Threshold t = Threshold.parse(expression);
            double observed = t.observe(results);
            checks.add(new Check(t, observed, t.passes(observed)));
        }
        String saturated = null;
        if (!acceptSaturation) {
            long ops = Math.max(1, results.operations());
            long lagP99 = results.loopLag().getTotalCount() == 0 ? 0 : results.loopLag().getValueAtPercentile(99);
            if (results.lateStarts() > MAX_LATE_SHARE * ops) {
                saturated = String.format("%d of %d operations started late (more than 1%%)", results.lateStarts(),
                        results.operations());
            } else if (lagP99 > MAX_LAG_P99_NANOS) {
                saturated = String.format("event-loop lag p99 %.1f ms (more than 50 ms)", lagP99 / 1e6);
            }
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
