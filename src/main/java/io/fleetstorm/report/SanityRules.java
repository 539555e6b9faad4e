package io.fleetstorm.report;

import io.fleetstorm.metrics.Counter;
import io.fleetstorm.metrics.ResultSection;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules every run is held to when its scenario names none of its own for the same thing, so that a run without
 * thresholds cannot pass with most of its fleet offline: at least 95 % of the devices due to connect connected at
 * least once ({@code connect.ratio >= 95%}), and at most 5 % of the operations failed ({@code errors.rate <= 5%}),
 * both over the whole run. A threshold the scenario states on {@code connect.ratio} or {@code errors.rate} (any
 * scope) replaces the default rule for that metric; stating {@code connect.ratio >= 0%} or {@code errors.rate <=
 * 100%} switches it off. A rule with no data to judge (no connect, no operation) passes.
 */
public final class SanityRules {

    /** The default rule on devices connected at least once. */
    public static final ThresholdSpec DEVICES_CONNECTED = ThresholdSpec.parse("connect.ratio >= 95%");
    /** The default rule on failed operations. */
    public static final ThresholdSpec ERRORS = ThresholdSpec.parse("errors.rate <= 5%");

    private SanityRules() {
    }

    /** The default rules that the stated thresholds leave in force. */
    public static List<ThresholdSpec> inForce(List<ThresholdSpec> stated) {
        List<ThresholdSpec> rules = new ArrayList<>();
        for (ThresholdSpec rule : List.of(DEVICES_CONNECTED, ERRORS)) {
            if (stated.stream().noneMatch(t -> t.metric().equals(rule.metric())
                    && t.aggregate().equals(rule.aggregate()))) {
                rules.add(rule);
            }
        }
        return List.copyOf(rules);
    }

    /** Judges the rules over the whole run; a rule without data passes (there is nothing to hold it to). */
    public static List<ThresholdResult> judge(List<ThresholdSpec> rules, ResultSection run) {
        List<ThresholdResult> results = new ArrayList<>();
        for (ThresholdSpec rule : rules) {
            ThresholdResult r = ThresholdEvaluator.evaluate(rule, run);
            results.add(Double.isNaN(r.observed()) ? new ThresholdResult(rule, Double.NaN, true) : r);
        }
        return List.copyOf(results);
    }

    /** The counts behind a rule's value: {@code 40 of 50 devices connected at least once}. */
    public static String detail(ThresholdSpec rule, ResultSection run) {
        if (rule.metric().equals(ThresholdSpec.ERRORS)) {
            long errors = run.errorCount();
            return Human.count(errors) + " of " + Human.count(run.completedOperations() + errors)
                    + " operations failed";
        }
        long once = run.counter(Counter.DEVICES_CONNECTED_ONCE);
        long never = run.counter(Counter.DEVICES_NEVER_CONNECTED);
        if (once + never > 0) {
            return Human.count(once) + " of " + Human.count(once + never) + " devices connected at least once";
        }
        return Human.count(run.counter(Counter.CONNECTS_OK)) + " of " + Human.count(run.counter(
                Counter.CONNECT_ATTEMPTS)) + " connect attempts succeeded";
    }

    /** A rule's result in one line: {@code connect.ratio >= 95% (default rule): observed 80.000%, 40 of 50 ...}. */
    public static String describe(ThresholdResult r, ResultSection run) {
        return (r.passed() ? "PASS " : "FAIL ") + r.spec().expression() + " (default rule): " + (Double.isNaN(
                r.observed()) ? "no data" : "observed " + r.observedText() + ", " + detail(r.spec(), run));
    }
}
