package io.fleetstorm.report.compare;

import io.fleetstorm.report.ValueKind;
import java.util.Locale;

/**
 * One compared figure: an operation's (or the error rate's) value in both runs, the change and its interval at the
 * comparison's confidence.
 *
 * @param operation an operation label, or {@code errors}
 * @param group     the group, or null for every group together
 * @param metric    {@code rate}, {@code p50}, {@code p90}, {@code p99}, {@code p999}, {@code max}, {@code mean}, or
 *                  {@code rate} of errors
 * @param kind      the unit: DURATION (seconds), RATE (per second) or RATIO
 * @param low       the interval of the change, low end (NaN when noise was not estimated)
 * @param high      the interval of the change, high end
 * @param pUp       the permutation test's one-sided p-value of a rise (NaN without interval histograms)
 * @param pDown     the same for a fall
 * @param beyond    whether the change is beyond run-to-run noise: significant by the permutation test (two-sided) at
 *                  the comparison's confidence, or, without interval histograms, an interval that excludes zero
 * @param method    how noise was estimated
 */
public record CompareRow(String operation, String group, String metric, ValueKind kind, double baseline,
        double current, double low, double high, double pUp, double pDown, boolean beyond, Noise method) {

    /** How a row's interval was estimated. */
    public enum Noise {
        BOOTSTRAP("blocks of the interval histograms in latency.hlog (each run's intervals in up to "
                + Bootstrap.MAX_BLOCKS + " blocks of consecutive intervals, whole histograms merged): a block "
                + "permutation test says whether a change is beyond noise, a moving-block bootstrap gives its "
                + "interval; " + Bootstrap.RESAMPLES + " resamples each"),
        ORDER_STATISTICS("distribution-free interval of each run's percentile from its whole histogram (binomial "
                + "ranks; assumes independent samples: no latency.hlog beside a summary.json)"),
        NORMAL_MEAN("normal interval of each run's mean from its standard deviation"),
        POISSON("Poisson interval of each run's count over its duration"),
        TWO_PROPORTIONS("two-proportion normal interval of the error rates (errors / operations)"),
        NONE("not estimated (a maximum has no interval without latency.hlog)");

        private final String description;

        Noise(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    /** What the row compares: {@code publish-ack p99}, {@code sensors.publish-ack p99}, {@code errors.rate}. */
    public String subject() {
        String what = operation.equals(RegressionRule.ERRORS) ? "errors.rate" : operation + " " + metric;
        return group == null ? what : group + "." + what;
    }

    /** current - baseline. */
    public double change() {
        return current - baseline;
    }

    /** The change as a share of the baseline (NaN for a zero baseline). */
    public double relativeChange() {
        return baseline == 0 || Double.isNaN(baseline) ? Double.NaN : change() / baseline;
    }

    /** Whether the change is beyond run-to-run noise (see {@code beyond}). */
    public boolean beyondNoise() {
        return beyond;
    }

    /** Whether a change in the worse direction ({@code up} = a rise) is significant at {@code alpha}. */
    public boolean significant(boolean up, double alpha) {
        if (!Double.isNaN(pUp)) {
            return (up ? pUp : pDown) < alpha / 2;
        }
        return noiseKnown() && (up ? low > 0 : high < 0);
    }

    /** Whether noise was estimated for this row. */
    public boolean noiseKnown() {
        return !Double.isNaN(low);
    }

    /** A value of this row for people: {@code 3.2ms}, {@code 499.8/s}, {@code 0.050%}. */
    public String format(double v) {
        return kind.format(v);
    }

    /** The change for people: {@code +3.1ms (+172.4%)}. */
    public String changeText() {
        double c = change();
        if (Double.isNaN(c)) {
            return "n/a";
        }
        String abs = kind == ValueKind.RATIO ? String.format(Locale.ROOT, "%+.3fpp", c * 100)
                : (c >= 0 ? "+" : "-") + kind.format(Math.abs(c));
        double rel = relativeChange();
        return Double.isNaN(rel) || kind == ValueKind.RATIO ? abs : abs + String.format(Locale.ROOT, " (%+.1f%%)",
                rel * 100);
    }

    /** The interval for people: {@code [+2.9ms, +3.3ms]}, or {@code n/a}. */
    public String intervalText() {
        if (!noiseKnown()) {
            return "n/a";
        }
        return "[" + signed(low) + ", " + signed(high) + "]";
    }

    private String signed(double v) {
        if (kind == ValueKind.RATIO) {
            return String.format(Locale.ROOT, "%+.3fpp", v * 100);
        }
        return (v >= 0 ? "+" : "-") + kind.format(Math.abs(v));
    }
}
