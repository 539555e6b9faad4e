package io.fleetstorm.report;

import io.fleetstorm.metrics.Operation;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One threshold: {@code METRIC.AGGREGATE[{phase:NAME}] OPERATOR VALUE}, e.g. {@code publish-ack.p99 < 200ms}.
 * {@code metric} is an operation label (corrected latency), {@code OPERATION.service} (service time),
 * {@code errors} or {@code generator.lag}; {@code value} is in base units (seconds, ratio 0..1, count, per second);
 * {@code phase} null means the whole run; {@code abortOnFail} stops the run as soon as it fails while running.
 */
public record ThresholdSpec(String expression, String metric, String aggregate, Comparison operator, double value,
                            ValueKind kind, String phase, boolean abortOnFail) {

    /** The metric of the error rate ({@code errors.rate}, {@code errors.count}). */
    public static final String ERRORS = "errors";
    /** The metric of the generator's event-loop lag ({@code generator.lag.p99}). */
    public static final String LOOP_LAG = "generator.lag";
    /** The suffix that selects service time instead of corrected latency. */
    public static final String SERVICE = ".service";

    private static final Pattern SHAPE = Pattern.compile(
            "^\\s*([a-z][a-z0-9.-]*)\\.([a-z0-9]+)\\s*(\\{[^}]*\\})?\\s*(<=|>=|<|>)\\s*(\\S+)\\s*$");
    private static final Pattern SELECTOR = Pattern.compile("^\\{\\s*phase\\s*:\\s*([A-Za-z0-9_.-]+)\\s*\\}$");
    private static final Pattern PERCENTILE = Pattern.compile("^p(\\d{2,})$");
    private static final Pattern DURATION = Pattern.compile("^(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)$");
    private static final Pattern NUMBER = Pattern.compile("^(\\d+(?:\\.\\d+)?)(k?)(/s)?$");
    private static final Pattern RATIO = Pattern.compile("^(\\d+(?:\\.\\d+)?)(%?)$");

    /** The same threshold for one phase only. */
    public ThresholdSpec inPhase(String phaseName) {
        return new ThresholdSpec(expression, metric, aggregate, operator, value, kind, phaseName, abortOnFail);
    }

    /** The same threshold, aborting the run when it fails while running. */
    public ThresholdSpec withAbortOnFail(boolean abort) {
        return new ThresholdSpec(expression, metric, aggregate, operator, value, kind, phase, abort);
    }

    /** The percentile of a {@code pNN} aggregate: p50 = 50, p999 = 99.9, p9999 = 99.99; NaN otherwise. */
    public double percentile() {
        Matcher m = PERCENTILE.matcher(aggregate);
        if (!m.matches()) {
            return Double.NaN;
        }
        String d = m.group(1);
        return Double.parseDouble(d.substring(0, 2) + "." + (d.length() > 2 ? d.substring(2) : "0"));
    }

    /** The operation of an operation metric, or null for {@code errors} and {@code generator.lag}. */
    public Operation operation() {
        String label = metric.endsWith(SERVICE) ? metric.substring(0, metric.length() - SERVICE.length()) : metric;
        return Operation.fromLabel(label).orElse(null);
    }

    /** Whether the metric is service time rather than corrected latency. */
    public boolean serviceTime() {
        return metric.endsWith(SERVICE);
    }

    /** The limit as written for people, e.g. {@code < 200ms}. */
    public String limitText() {
        return operator.symbol() + " " + kind.format(value);
    }

    /**
     * Parses an expression; the errors name the rule broken, e.g.
     * {@code threshold 'foo.p99 < 1s': unknown metric 'foo'; expected an operation (connect, ...), ...}.
     */
    public static ThresholdSpec parse(String expression) {
        Matcher m = SHAPE.matcher(expression);
        if (!m.matches()) {
            throw error(expression, "expected METRIC.AGGREGATE OPERATOR VALUE, e.g. 'publish-ack.p99 < 200ms'");
        }
        String metric = m.group(1);
        String aggregate = m.group(2);
        String phase = null;
        if (m.group(3) != null) {
            Matcher sel = SELECTOR.matcher(m.group(3));
            if (!sel.matches()) {
                throw error(expression, "unknown selector '" + m.group(3) + "'; expected {phase:NAME}");
            }
            phase = sel.group(1);
        }
        ValueKind kind = kindOf(expression, metric, aggregate);
        double value = value(expression, kind, m.group(5));
        return new ThresholdSpec(expression.trim(), metric, aggregate, Comparison.ofSymbol(m.group(4)), value, kind,
                phase, false);
    }

    private static ValueKind kindOf(String expression, String metric, String aggregate) {
        boolean percentile = PERCENTILE.matcher(aggregate).matches();
        boolean latencyAggregate = percentile || aggregate.equals("min") || aggregate.equals("max")
                || aggregate.equals("mean");
        if (metric.equals(ERRORS)) {
            return switch (aggregate) {
                case "rate" -> ValueKind.RATIO;
                case "count" -> ValueKind.COUNT;
                default -> throw error(expression, "unknown aggregate '" + aggregate
                        + "' for errors; expected rate (errors / operations) or count");
            };
        }
        if (metric.equals(LOOP_LAG)) {
            if (!latencyAggregate) {
                throw error(expression, "unknown aggregate '" + aggregate
                        + "' for generator.lag; expected pNN (p50, p99, p999...), min, max or mean");
            }
            return ValueKind.DURATION;
        }
        String label = metric.endsWith(SERVICE) ? metric.substring(0, metric.length() - SERVICE.length()) : metric;
        Operation op = Operation.fromLabel(label).orElseThrow(() -> error(expression, "unknown metric '" + metric
                + "'; expected an operation (" + Operation.labels() + "), OPERATION.service, errors or generator.lag"));
        if (latencyAggregate) {
            return ValueKind.DURATION;
        }
        if (aggregate.equals("count")) {
            return ValueKind.COUNT;
        }
        if (aggregate.equals("rate")) {
            return ValueKind.RATE;
        }
        if (aggregate.equals("ratio") && (op == Operation.CONNECT || op == Operation.OTA_DONE)
                && !metric.endsWith(SERVICE)) {
            return ValueKind.RATIO;
        }
        throw error(expression, "unknown aggregate '" + aggregate + "' for " + metric
                + "; expected pNN (p50, p99, p999...), min, max, mean, count or rate"
                + (op == Operation.CONNECT || op == Operation.OTA_DONE ? " or ratio" : ""));
    }

    private static double value(String expression, ValueKind kind, String text) {
        switch (kind) {
            case DURATION -> {
                Matcher d = DURATION.matcher(text);
                if (!d.matches()) {
                    throw error(expression, Pattern.matches("\\d+(\\.\\d+)?", text)
                            ? "a latency limit needs a unit (ns, us, ms, s, m, h), but was '" + text + "'"
                            : "expected a duration like 200ms, but was '" + text + "'");
                }
                return Double.parseDouble(d.group(1)) * secondsPer(d.group(2));
            }
            case RATIO -> {
                Matcher r = RATIO.matcher(text);
                if (!r.matches()) {
                    throw error(expression, "expected a ratio like 0.1% or 0.001, but was '" + text + "'");
                }
                double v = Double.parseDouble(r.group(1)) / (r.group(2).isEmpty() ? 1 : 100);
                if (v > 1) {
                    throw error(expression, "a ratio must be at most 1 (100%), but was '" + text + "'");
                }
                return v;
            }
            default -> {
                Matcher n = NUMBER.matcher(text);
                if (!n.matches() || (n.group(3) != null && kind != ValueKind.RATE)) {
                    throw error(expression, "expected a number" + (kind == ValueKind.RATE ? " like 1000/s or 1k/s" : "")
                            + ", but was '" + text + "'");
                }
                return Double.parseDouble(n.group(1)) * (n.group(2).isEmpty() ? 1 : 1000);
            }
        }
    }

    private static double secondsPer(String unit) {
        return switch (unit.toLowerCase(Locale.ROOT)) {
            case "ns" -> 1e-9;
            case "us", "µs" -> 1e-6;
            case "ms" -> 1e-3;
            case "s" -> 1;
            case "m" -> 60;
            default -> 3600;
        };
    }

    private static IllegalArgumentException error(String expression, String rule) {
        return new IllegalArgumentException("threshold '" + expression.trim() + "': " + rule);
    }
}
