package io.fleetstorm.report;

import io.fleetstorm.metrics.Counter;
import io.fleetstorm.metrics.Operation;
import io.fleetstorm.metrics.ResultSection;
import io.fleetstorm.metrics.RunResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Evaluates thresholds over merged results, within their group when they name one. {@code errors.rate} is errors /
 * (completed operations + errors); {@code connect.ratio} is the share of the devices due to connect that connected at
 * least once (connects ok / connect attempts for results that do not count devices); {@code ota-done.ratio} is OTA
 * upgrades succeeded / OTA commands received; {@code OPERATION.rate} is completions per second of the operation's
 * active window (the intervals it completed in, {@link ResultSection#activeSeconds}); an {@link Outcome} is its
 * counter's total. Windowed thresholds are judged while running ({@link ThresholdMonitor}); here they are judged over
 * whatever section they are given.
 */
public final class ThresholdEvaluator {

    private ThresholdEvaluator() {
    }

    /** Every threshold over the run result (whole run or its phase). */
    public static List<ThresholdResult> evaluate(List<ThresholdSpec> specs, RunResult result) {
        return evaluate(specs, result.run(), result.phases());
    }

    /** Every threshold over a whole-run section and its phase sections. */
    public static List<ThresholdResult> evaluate(List<ThresholdSpec> specs, ResultSection run,
                                                 Map<String, ResultSection> phases) {
        List<ThresholdResult> results = new ArrayList<>();
        for (ThresholdSpec spec : specs) {
            ResultSection section = spec.phase() == null ? run : phases.get(spec.phase());
            results.add(evaluate(spec, section));
        }
        return results;
    }

    /** One threshold over one section (null section = no data, which fails). */
    public static ThresholdResult evaluate(ThresholdSpec spec, ResultSection section) {
        double observed = section == null ? Double.NaN : observe(spec, section);
        return new ThresholdResult(spec, observed, spec.operator().holds(observed, spec.value()));
    }

    /** The observed value in base units, NaN when there is no data. */
    public static double observe(ThresholdSpec spec, ResultSection s) {
        String group = spec.group();
        if (spec.outcome().isPresent()) {
            return spec.outcome().get().count(s, group);
        }
        if (spec.metric().equals(ThresholdSpec.ERRORS)) {
            long errors = s.errorCount(group);
            if (spec.aggregate().equals("count")) {
                return errors;
            }
            long attempts = s.completedOperations(group) + errors;
            return attempts == 0 ? Double.NaN : (double) errors / attempts;
        }
        if (spec.metric().equals(ThresholdSpec.LOOP_LAG)) {
            return latencyAggregate(spec, s.generator().loopLag());
        }
        Operation op = spec.operation();
        Histogram h = spec.serviceTime() ? s.latency(op, group).service() : s.latency(op, group).corrected();
        return switch (spec.aggregate()) {
            case "count" -> h.getTotalCount();
            case "rate" -> h.getTotalCount() == 0 ? (s.durationSeconds() == 0 ? Double.NaN : 0)
                    : h.getTotalCount() / s.activeSeconds(op, group);
            case "ratio" -> op == Operation.CONNECT ? connectRatio(s, group)
                    : ratio(s.counter(Counter.OTA_SUCCEEDED, group), s.counter(Counter.OTA_COMMANDED, group));
            default -> latencyAggregate(spec, h);
        };
    }

    /** Devices connected at least once / devices due to connect; connects ok / attempts without device counts. */
    static double connectRatio(ResultSection s, String group) {
        long once = s.counter(Counter.DEVICES_CONNECTED_ONCE, group);
        long never = s.counter(Counter.DEVICES_NEVER_CONNECTED, group);
        if (once + never > 0) {
            return (double) once / (once + never);
        }
        return ratio(s.counter(Counter.CONNECTS_OK, group), s.counter(Counter.CONNECT_ATTEMPTS, group));
    }

    private static double ratio(long part, long whole) {
        return whole == 0 ? Double.NaN : (double) part / whole;
    }

    private static double latencyAggregate(ThresholdSpec spec, Histogram h) {
        if (h.getTotalCount() == 0) {
            return Double.NaN;
        }
        double nanos = switch (spec.aggregate()) {
            case "min" -> h.getMinValue();
            case "max" -> h.getMaxValue();
            case "mean" -> h.getMean();
            default -> h.getValueAtPercentile(spec.percentile());
        };
        return nanos / 1e9;
    }
}
