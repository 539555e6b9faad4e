package io.fleetstorm.capacity;

import io.fleetstorm.metrics.Counter;
import io.fleetstorm.metrics.CounterKey;
import io.fleetstorm.metrics.ResultSection;
import io.fleetstorm.report.Comparison;
import io.fleetstorm.report.RunReport;
import io.fleetstorm.report.Saturation;
import io.fleetstorm.report.SanityRules;
import io.fleetstorm.report.ThresholdEvaluator;
import io.fleetstorm.report.ThresholdResult;
import io.fleetstorm.report.ThresholdSpec;
import io.fleetstorm.report.ValueKind;
import io.fleetstorm.report.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Turns a finished step (its {@link StepJudge} and the run's own report) into a {@link StepResult}. Order of
 * precedence: a step stopped from outside or that never reached the target says nothing about capacity; a saturated
 * generator makes the step {@link Outcome#GENERATOR} (its latencies measure the generator), unless the target's
 * service time alone breaks a latency threshold ({@link #targetAloneFails}); then any failed threshold or sanity rule,
 * or an early stop, is a {@link Outcome#FAIL}.
 */
public final class StepVerdict {

    private StepVerdict() {
    }

    /**
     * @param run       the step's run, judged as {@code fleetstorm run} judges it (for reachability and aborts)
     * @param stoppedByUs whether the run's abort was the judge's early stop (not a signal)
     */
    public static StepResult of(int index, double load, String stage, Dimension dimension, StepJudge judge,
            RunReport run, boolean stoppedByUs, double wallSeconds, String reportDir) {
        ResultSection window = judge.window();
        List<ThresholdResult> judged = new ArrayList<>(judge.judge(run.result()));
        List<ThresholdResult> sanity = judge.sanity();
        Saturation saturation = Saturation.of(window);
        List<String> reasons = new ArrayList<>();
        Outcome outcome;
        Verdict.Status status = run.verdict().status();
        if (status == Verdict.Status.UNREACHABLE) {
            outcome = Outcome.UNREACHABLE;
            run.verdict().reasons().stream().filter(r -> r.startsWith("target unreachable")).forEach(reasons::add);
        } else if (status == Verdict.Status.ABORTED && !stoppedByUs) {
            outcome = Outcome.ABORTED;
            run.verdict().reasons().stream().filter(r -> r.startsWith("aborted")).forEach(reasons::add);
        } else if (saturation.saturated() && !targetAloneFails(judged, window)) {
            outcome = Outcome.GENERATOR;
            saturation.reasons().forEach(r -> reasons.add("generator saturated: " + r));
        } else {
            saturation.reasons().forEach(r -> reasons.add("generator saturated too (" + r + "), but the target's "
                    + "service time alone breaks a threshold"));
            if (judge.stoppedBecause() != null) {
                reasons.add("stopped early: " + judge.stoppedBecause());
            }
            judged.stream().filter(t -> !t.passed()).forEach(t -> reasons.add("breached: "
                    + t.describe().substring("FAIL ".length())));
            sanity.stream().filter(t -> !t.passed()).forEach(t -> reasons.add("sanity rule failed: "
                    + SanityRules.describe(t, window).substring("FAIL ".length())));
            if (window.spans().isEmpty()) {
                reasons.add("nothing was measured: the step ended before its settle time was over");
            }
            outcome = reasons.isEmpty() ? Outcome.PASS : Outcome.FAIL;
        }
        judged.addAll(sanity);
        long errors = window.errorCount();
        long attempts = window.completedOperations() + errors;
        return new StepResult(index, load, stage, outcome, reasons, judge.stoppedBecause() != null,
                judge.measuredSeconds(), wallSeconds, errors, attempts == 0 ? Double.NaN : (double) errors / attempts,
                offered(dimension, window), OperationStats.of(window, judge.timed()), judged, saturation.reasons(),
                reportDir);
    }

    /**
     * Whether a step whose generator fell behind still failed because of the target: some latency threshold fails
     * on service time alone (from the actual send, so without the generator's lateness), by more than the event-loop
     * lag p99 (which can delay reading the answer). A saturated target's queueing is seconds; a generator's lateness
     * is what it adds on top. Any other failure with a saturated generator is not the target's to own.
     */
    static boolean targetAloneFails(List<ThresholdResult> judged, ResultSection window) {
        Histogram lag = window.generator().loopLag();
        double lagSeconds = lag.getTotalCount() == 0 ? 0 : lag.getValueAtPercentile(99) / 1e9;
        for (ThresholdResult t : judged) {
            ThresholdSpec s = t.spec();
            if (t.passed() || s.windowed() || s.kind() != ValueKind.DURATION || s.operation() == null) {
                continue;
            }
            ThresholdSpec service = s.serviceTime() ? s : new ThresholdSpec(s.expression(), s.metric()
                    + ThresholdSpec.SERVICE, s.aggregate(), s.operator(), s.value(), s.kind(), s.phase(), s.group(),
                    0, false);
            double observed = ThresholdEvaluator.observe(service, window);
            boolean slower = s.operator() == Comparison.LT || s.operator() == Comparison.LE;
            if (slower && !Double.isNaN(observed) && observed - lagSeconds > s.value()) {
                return true;
            }
        }
        return false;
    }

    /**
     * What the generator sent of the varied rate per second: the behaviour's messages, or first connect attempts.
     * Shown beside the load asked for; not a saturation test (a QoS 1 publish waiting for an in-flight slot behind
     * a slow target is the target's doing, and is still measured from when it was due).
     */
    static double offered(Dimension d, ResultSection window) {
        double seconds = window.durationSeconds();
        if (d.count() || seconds <= 0) {
            return Double.NaN;
        }
        if (d.connects()) {
            return (window.counter(Counter.CONNECT_ATTEMPTS, d.group()) - window.counter(Counter.CONNECT_RETRIES,
                    d.group())) / seconds;
        }
        long sent = 0;
        boolean any = false;
        for (Map.Entry<CounterKey, Long> e : window.counters().entrySet()) {
            CounterKey k = e.getKey();
            if (k.counter() == Counter.MESSAGES_SENT && k.group().equals(d.group())
                    && k.behaviour().equals(d.behaviour())) {
                sent += e.getValue();
                any = true;
            }
        }
        return any ? sent / seconds : Double.NaN;
    }
}
