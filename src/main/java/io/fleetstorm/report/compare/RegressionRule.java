package io.fleetstorm.report.compare;

import io.fleetstorm.metrics.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A regression rule: how much worse than the baseline a metric may get, {@code METRIC.AGGREGATE[{group:NAME}] CHANGE}:
 * <ul>
 *   <li>{@code publish-ack.p99 +10%}, {@code connect.p50 +5ms}, {@code echo.max +20%}: a latency (pNN, mean, max,
 *       corrected) may rise by that much (relative, or absolute in ns, us, ms, s);</li>
 *   <li>{@code publish-ack.rate -5%}, {@code publish-ack.rate -100/s}: completions per second may fall by that much;
 *       </li>
 *   <li>{@code errors.rate +0.1pp}: the error rate may rise by that many percentage points (or {@code +50%}).</li>
 * </ul>
 * The change's sign is the direction that is worse; the other direction is never a regression.
 *
 * @param expression as written
 * @param metric     an operation label, or {@code errors}
 * @param aggregate  {@code p50}, {@code p999}, {@code mean}, {@code max} or {@code rate}
 * @param group      the group it judges, or null for every group together
 * @param relative   whether the allowance is a share of the baseline ({@code 10%} = 0.10) rather than absolute
 * @param allowance  the worsening allowed: a ratio when relative, else seconds, per second or a ratio (pp / 100)
 */
public record RegressionRule(String expression, String metric, String aggregate, String group, boolean relative,
        double allowance) {

    /** The metric of the error rate. */
    public static final String ERRORS = "errors";
    private static final Pattern SHAPE = Pattern.compile(
            "^\\s*([a-z][a-z0-9-]*)\\.([a-z0-9]+)\\s*(\\{\\s*group\\s*:\\s*([A-Za-z0-9_.-]{1,64})\\s*\\})?\\s+"
                    + "([+-])\\s*(\\d{1,9}(?:\\.\\d{1,9})?)\\s*(%|pp|ns|us|ms|s|/s)\\s*$");
    private static final Pattern PERCENTILE = Pattern.compile("p(\\d{2,})");
    private static final String FORMS = "expected METRIC.AGGREGATE +CHANGE, e.g. 'publish-ack.p99 +10%', "
            + "'connect.p50 +5ms', 'publish-ack.rate -5%' or 'errors.rate +0.1pp'";

    /** The rules used when neither the command line nor the scenario states any. */
    public static List<RegressionRule> defaults(List<String> operations) {
        List<RegressionRule> out = new ArrayList<>();
        for (String op : operations) {
            out.add(parse(op + ".p99 +10%"));
        }
        out.add(parse("errors.rate +0.1pp"));
        return List.copyOf(out);
    }

    /** Parses a rule; a bad one names the rule broken and the forms that work. */
    public static RegressionRule parse(String text) {
        String expression = text == null ? "" : text.strip();
        Matcher m = SHAPE.matcher(expression);
        if (!m.matches()) {
            throw error(expression, FORMS);
        }
        String metric = m.group(1);
        String aggregate = m.group(2);
        String group = m.group(4);
        boolean worseUp = !aggregate.equals("rate") || metric.equals(ERRORS);
        String sign = m.group(5);
        double n = Double.parseDouble(m.group(6));
        String unit = m.group(7);
        if (metric.equals(ERRORS)) {
            if (!aggregate.equals("rate")) {
                throw error(expression, "errors takes rate only (errors / operations), e.g. 'errors.rate +0.1pp'");
            }
            if (!unit.equals("pp") && !unit.equals("%")) {
                throw error(expression, "an error rate rises by percentage points (pp) or by a share of itself (%), "
                        + "e.g. 'errors.rate +0.1pp'");
            }
        } else {
            if (Operation.fromLabel(metric).isEmpty()) {
                throw error(expression, "unknown metric '" + metric + "'; expected an operation (" + Operation.labels()
                        + ") or errors");
            }
            boolean latency = PERCENTILE.matcher(aggregate).matches() && percentile(aggregate) < 100
                    || aggregate.equals("max") || aggregate.equals("mean");
            if (!latency && !aggregate.equals("rate")) {
                throw error(expression, "unknown aggregate '" + aggregate + "'; expected pNN (p50, p99, p999), mean, "
                        + "max or rate");
            }
            if (latency && !(unit.equals("%") || unit.equals("ns") || unit.equals("us") || unit.equals("ms")
                    || unit.equals("s"))) {
                throw error(expression, "a latency rises by a share (%) or a duration (ns, us, ms, s), e.g. '"
                        + metric + "." + aggregate + " +10%'");
            }
            if (!latency && !(unit.equals("%") || unit.equals("/s"))) {
                throw error(expression, "a rate falls by a share (%) or per second (/s), e.g. '" + metric
                        + ".rate -5%'");
            }
        }
        if (worseUp && sign.equals("-")) {
            throw error(expression, "a " + (metric.equals(ERRORS) ? "rise in the error rate" : "rise in latency")
                    + " is what gets worse: write +" + m.group(6) + unit);
        }
        if (!worseUp && sign.equals("+")) {
            throw error(expression, "a fall in throughput is what gets worse: write -" + m.group(6) + unit);
        }
        boolean relative = unit.equals("%");
        double allowance = switch (unit) {
            case "%", "pp" -> n / 100;
            case "ns" -> n / 1e9;
            case "us" -> n / 1e6;
            case "ms" -> n / 1e3;
            default -> n;
        };
        return new RegressionRule(expression, metric, aggregate, group, relative, allowance);
    }

    /** Whether a higher value is worse (latency, errors) rather than a lower one (throughput). */
    public boolean higherIsWorse() {
        return !aggregate.equals("rate") || metric.equals(ERRORS);
    }

    /** Whether it judges a latency. */
    public boolean latency() {
        return !aggregate.equals("rate");
    }

    /** The worsening the rule allows from {@code baseline}, in the metric's unit (always >= 0). */
    public double allowedChange(double baseline) {
        return relative ? Math.abs(baseline) * allowance : allowance;
    }

    /** The percentile of a pNN aggregate: p50 = 50, p999 = 99.9; NaN otherwise. */
    public static double percentile(String aggregate) {
        Matcher m = PERCENTILE.matcher(aggregate);
        if (!m.matches()) {
            return Double.NaN;
        }
        String d = m.group(1);
        return Double.parseDouble(d.substring(0, 2) + "." + (d.length() > 2 ? d.substring(2) : "0"));
    }

    /** What the rule judges, for people: {@code publish-ack p99} or {@code errors.rate (group cams)}. */
    public String subject() {
        return (metric.equals(ERRORS) ? "errors.rate" : metric + " " + aggregate)
                + (group == null ? "" : " (group " + group + ")");
    }

    private static IllegalArgumentException error(String expression, String rule) {
        return new IllegalArgumentException("rule '" + expression + "': " + rule);
    }
}
