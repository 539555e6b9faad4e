package io.fleetstorm.report;

import io.fleetstorm.metrics.Counter;
import io.fleetstorm.metrics.Operation;
import io.fleetstorm.metrics.RunResults;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * A threshold on the merged results of a run: {@code publish-ack.p99 < 200ms}, {@code errors.rate < 0.1%},
 * {@code ota-done.ratio > 0.98}, {@code generator.lag.p99 < 20ms}. Latencies are corrected (from the intended start).
 */
public record Threshold(String expression, String metric, String aggregate, String operator, double limit) {

    private static final Pattern FORM = Pattern.compile(
            "([a-z-]+|generator\\.lag)\\.(p50|p90|p95|p99|p999|max|mean|count|rate|ratio)\\s*(<=|>=|<|>)\\s*"
                    + "(\\d+(?:\\.\\d+)?)\\s*(ms|s|%)?");

    /** Parses an expression the scenario loader already checked. */
    public static Threshold parse(String expression) {
        Matcher m = FORM.matcher(expression.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("threshold must be OPERATION.AGGREGATE OP VALUE, but was '"
                    + expression + "'");
        }
        double v = Double.parseDouble(m.group(4));
        String unit = m.group(5);
        double limit = unit == null ? v : switch (unit) {
            case "ms" -> v / 1_000;
            case "s" -> v;
            default -> v / 100;
        };
        return new Threshold(expression.strip(), m.group(1), m.group(2), m.group(3), limit);
    }

    /** The observed value, in seconds for latencies, a fraction for rates and ratios; NaN when nothing was measured. */
    public double observe(RunResults r) {
        if (metric.equals("generator.lag")) {
            return aggregate(r.loopLag());
        }
        if (metric.equals("errors") && aggregate.equals("rate")) {
            long errors = r.totalErrors();
            long ops = Math.max(1, r.operations());
            return errors / (double) ops;
        }
        if (metric.equals("ota-done") && aggregate.equals("ratio")) {
            long commanded = sum(r, Counter.OTA_COMMANDED);
            return commanded == 0 ? Double.NaN : sum(r, Counter.OTA_DONE) / (double) commanded;
        }
        Operation op = Operation.fromLabel(metric).orElse(null);
        if (op == null) {
            return Double.NaN;
        }
        Histogram merged = new Histogram(3);
        r.corrected().forEach((k, h) -> {
            if (k.operation() == op) {
                merged.add(h);
            }
        });
        if (aggregate.equals("count")) {
            return merged.getTotalCount();
        }
        if (aggregate.equals("rate")) {
            return merged.getTotalCount() / (r.durationNanos() / 1e9);
        }
        return merged.getTotalCount() == 0 ? Double.NaN : aggregate(merged);
    }

    private double aggregate(Histogram h) {
        double nanos = switch (aggregate) {
            case "p50" -> h.getValueAtPercentile(50);
            case "p90" -> h.getValueAtPercentile(90);
            case "p95" -> h.getValueAtPercentile(95);
            case "p99" -> h.getValueAtPercentile(99);
            case "p999" -> h.getValueAtPercentile(99.9);
            case "max" -> h.getMaxValue();
            case "mean" -> h.getMean();
            default -> h.getTotalCount() * 1e9;
        };
        return nanos / 1e9;
    }

    private static long sum(RunResults r, Counter c) {
        long s = 0;
        for (int g = 0; g < r.groups().size(); g++) {
            s += r.counters().getOrDefault(g + "|" + c.label(), 0L);
        }
        return s;
    }

    /** Whether the observed value satisfies the threshold (nothing measured fails it). */
    public boolean passes(double observed) {
        if (Double.isNaN(observed)) {
            return false;
        }
        return switch (operator) {
            case "<" -> observed < limit;
            case "<=" -> observed <= limit;
            case ">" -> observed > limit;
            default -> observed >= limit;
        };
    }

    /** The observed value in the expression's own unit. */
    public String format(double observed) {
        if (Double.isNaN(observed)) {
            return "no data";
        }
        String unitPart = expression.replaceAll(".*\\d", "").strip();
        if (unitPart.equals("ms")) {
            return String.format("%.1fms", observed * 1_000);
        }
        if (unitPart.equals("s")) {
            return String.format("%.3fs", observed);
        }
        if (unitPart.equals("%")) {
            return String.format("%.3f%%", observed * 100);
        }
        return String.format("%.4f", observed);
    }
}
