package io.fleetstorm.report;

import io.fleetstorm.metrics.Operation;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses threshold expressions. Checks run in the order a reader reads: shape, selectors, metric and aggregate,
 * operator, value; the first broken rule is reported with the expression, and with the nearest valid form where one
 * exists ({@code errors.count = 0} -> {@code did you mean 'errors.count == 0'?}).
 */
final class ThresholdGrammar {

    /** The shortest window: one reporting interval. */
    static final long MIN_WINDOW_NANOS = 1_000_000_000L;
    /** The longest window: the monitor keeps one section per interval of it in memory. */
    static final long MAX_WINDOW_NANOS = 15 * 60 * 1_000_000_000L;

    private static final Pattern SHAPE = Pattern.compile(
            "^\\s*([a-z][a-z0-9.-]*)\\.([a-z0-9-]+)\\s*(\\{[^}]*\\})?\\s*([<>=!]{1,3})\\s*(\\S+)\\s*$");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern PERCENTILE = Pattern.compile("^p(\\d{2,})$");
    private static final Pattern DURATION = Pattern.compile("^(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)$");
    private static final Pattern NUMBER = Pattern.compile("^(\\d+(?:\\.\\d+)?)(k?)(/s)?$");
    private static final Pattern RATIO = Pattern.compile("^(\\d+(?:\\.\\d+)?)(%?)$");
    private static final String SELECTORS = "expected phase:NAME, group:NAME or last:DURATION, e.g. "
            + "{group:cameras, phase:steady, last:10s}";

    private ThresholdGrammar() {
    }

    static ThresholdSpec parse(String expression) {
        Matcher m = SHAPE.matcher(expression);
        if (!m.matches()) {
            throw error(expression, "expected METRIC.AGGREGATE OPERATOR VALUE, e.g. 'publish-ack.p99 < 200ms'");
        }
        String metric = m.group(1);
        String aggregate = m.group(2);
        String phase = null;
        String group = null;
        long window = 0;
        if (m.group(3) != null) {
            String inner = m.group(3).substring(1, m.group(3).length() - 1).trim();
            if (inner.isEmpty()) {
                throw error(expression, "empty selector '{}'; " + SELECTORS);
            }
            for (String part : inner.split(",", -1)) {
                String p = part.trim();
                int colon = p.indexOf(':');
                if (colon < 0) {
                    throw error(expression, "selector '" + p + "' must be KEY:VALUE; " + SELECTORS);
                }
                String key = p.substring(0, colon).trim();
                String v = p.substring(colon + 1).trim();
                switch (key) {
                    case "phase" -> phase = name(expression, key, v, phase);
                    case "group" -> group = name(expression, key, v, group);
                    case "last" -> {
                        if (window != 0) {
                            throw error(expression, "selector 'last' given twice");
                        }
                        window = window(expression, v);
                    }
                    default -> throw error(expression, "unknown selector '" + key + "'; " + SELECTORS);
                }
            }
        }
        ValueKind kind = kindOf(expression, metric, aggregate);
        if (group != null && metric.equals(ThresholdSpec.LOOP_LAG)) {
            throw error(expression, "generator.lag is the generator's, not a group's: drop group:" + group);
        }
        String selectors = m.group(3) == null ? "" : m.group(3);
        Comparison op = operator(expression, metric + "." + aggregate + selectors, m.group(4), kind, m.group(5));
        double value = value(expression, kind, m.group(5));
        return new ThresholdSpec(expression.trim(), metric, aggregate, op, value, kind, phase, group, window, false);
    }

    private static String name(String expression, String key, String value, String before) {
        if (before != null) {
            throw error(expression, "selector '" + key + "' given twice");
        }
        if (!NAME.matcher(value).matches()) {
            throw error(expression, key + " must be a " + key + " name ([A-Za-z0-9_.-]), but was '" + value + "'");
        }
        return value;
    }

    private static long window(String expression, String text) {
        Matcher d = DURATION.matcher(text);
        double seconds = d.matches() ? Double.parseDouble(d.group(1)) * secondsPer(d.group(2)) : -1;
        long nanos = Math.round(seconds * 1e9);
        if (!d.matches() || nanos < MIN_WINDOW_NANOS || nanos > MAX_WINDOW_NANOS) {
            throw error(expression, "last must be a duration from 1s to 15m, e.g. last:10s, but was '" + text + "'");
        }
        return nanos;
    }

    private static Comparison operator(String expression, String left, String symbol, ValueKind kind, String value) {
        Comparison op = Comparison.ofSymbol(symbol);
        boolean count = kind == ValueKind.COUNT;
        if (op == Comparison.EQ && !count) {
            throw error(expression, "'==' compares counts only (errors.count, OPERATION.count, outcome counts); "
                    + "a " + kind.noun() + " is never exactly a number: did you mean '" + left + " <= " + value
                    + "'?");
        }
        if (op != null) {
            return op;
        }
        String nearest = switch (symbol) {
            case "=", "===" -> count ? "==" : "<=";
            case "=<", "<<" -> "<=";
            case "=>", ">>" -> ">=";
            default -> null;
        };
        throw error(expression, "unknown operator '" + symbol + "'; expected <, <=, >, >= or == (counts only)"
                + (nearest == null ? "" : ": did you mean '" + left + " " + nearest + " " + value + "'?"));
    }

    private static ValueKind kindOf(String expression, String metric, String aggregate) {
        if (Outcome.of(metric + "." + aggregate).isPresent()) {
            return ValueKind.COUNT;
        }
        boolean latencyAggregate = PERCENTILE.matcher(aggregate).matches() || aggregate.equals("min")
                || aggregate.equals("max") || aggregate.equals("mean");
        if (metric.equals(ThresholdSpec.ERRORS)) {
            return switch (aggregate) {
                case "rate" -> ValueKind.RATIO;
                case "count" -> ValueKind.COUNT;
                default -> throw error(expression, "unknown aggregate '" + aggregate
                        + "' for errors; expected rate (errors / operations) or count");
            };
        }
        if (metric.equals(ThresholdSpec.LOOP_LAG)) {
            if (!latencyAggregate) {
                throw error(expression, "unknown aggregate '" + aggregate
                        + "' for generator.lag; expected pNN (p50, p99, p999...), min, max or mean");
            }
            return ValueKind.DURATION;
        }
        boolean service = metric.endsWith(ThresholdSpec.SERVICE);
        String label = service ? metric.substring(0, metric.length() - ThresholdSpec.SERVICE.length()) : metric;
        Operation op = Operation.fromLabel(label).orElse(null);
        if (op == null) {
            String family = Outcome.family(metric);
            throw error(expression, family.isEmpty() ? "unknown metric '" + metric + "'; expected an operation ("
                    + Operation.labels() + "), OPERATION.service, errors, generator.lag or an outcome count ("
                    + Outcome.names() + ")" : "unknown outcome '" + metric + "." + aggregate + "'; expected "
                    + family);
        }
        if (latencyAggregate) {
            return ValueKind.DURATION;
        }
        if (aggregate.equals("count")) {
            return ValueKind.COUNT;
        }
        if (aggregate.equals("rate")) {
            return ValueKind.RATE;
        }
        boolean ratio = (op == Operation.CONNECT || op == Operation.OTA_DONE) && !service;
        if (aggregate.equals("ratio") && ratio) {
            return ValueKind.RATIO;
        }
        String outcomes = service ? "" : Outcome.family(metric);
        throw error(expression, "unknown aggregate '" + aggregate + "' for " + metric
                + "; expected pNN (p50, p99, p999...), min, max, mean, count or rate" + (ratio ? " or ratio" : "")
                + (outcomes.isEmpty() ? "" : " (or the outcome counts " + outcomes + ")"));
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

    /** The percentile of a {@code pNN} aggregate: p50 = 50, p999 = 99.9, p9999 = 99.99; NaN otherwise. */
    static double percentile(String aggregate) {
        Matcher m = PERCENTILE.matcher(aggregate);
        if (!m.matches()) {
            return Double.NaN;
        }
        String d = m.group(1);
        return Double.parseDouble(d.substring(0, 2) + "." + (d.length() > 2 ? d.substring(2) : "0"));
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
