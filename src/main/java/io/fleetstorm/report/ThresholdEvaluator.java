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
 * Evaluates thresholds over merged results. {@code errors.rate} is errors / (completed operations + errors);
 * {@code connect.ratio} is connects ok / connect attempts; {@code ota-done.ratio} is OTA upgrades succeeded / OTA
 * commands received; {@code OPERATION.rate} is completions per second of the section's duration.
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
        if (spec.metric().equals(ThresholdSpec.ERRORS)) {
            long errors = s.errorCount();
            if (spec.aggregate().equals("count")) {
                return errors;
            }
            long attempts = s.completedOperations() + errors;
            return attempts == 0 ? Double.NaN : (double) errors / attempts;
        }
        if (spec.metric().equals(ThresholdSpec.LOOP_LAG)) {
            return latencyAggregate(spec, s.generator().loopLag());
        }
        Operation op = spec.operation();
        Histogram h = spec.serviceTime() ? s.latency(op, null).service() : s.latency(op, null).corrected();
        return switch (spec.aggregate()) {
            case "count" -> h.getTotalCount();
            case "rate" -> s.durationSeconds() == 0 ? Double.NaN : h.getTotalCount() / s.durationSeconds();
            case "ratio" -> op == Operation.CONNECT
                    ? ratio(s.counter(Counter.CONNECTS_OK), s.counter(Counter.CONNECT_ATTEMPTS))
                    : ratio(s.counter(Counter.OTA_SUCCEEDED), s.counter(Counter.OTA_COMMANDED));
            default -> latencyAggregate(spec, h);
        };
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
