package io.fleetstorm.report;

import io.fleetstorm.scenario.Units;
import java.time.Duration;
import java.util.Locale;

/**
 * Numbers the way a person writes them, one rule for every output (console, summary.txt, report.html, junit.xml):
 * wall-clock durations as a scenario writes them ({@code 11s}, {@code 1m30s}, {@code 2.5s}), counts with thousands
 * separators ({@code 1,000}), percentages with one decimal unless more are needed to tell the value from 0 % or
 * 100 % ({@code 58.8%}, {@code 99.95%}, {@code 0.012%}), and a share of devices with the exact count it chose
 * ({@code 108 of 1,000}).
 */
public final class Human {

    private Human() {
    }

    /**
     * A measured wall-clock span: {@code 450ms}, {@code 2.5s} (tenths below 10 s, where they matter), {@code 11s},
     * {@code 1m30s}, {@code 1h0m5s}; whole seconds from 10 s on.
     */
    public static String duration(double seconds) {
        if (Double.isNaN(seconds) || seconds < 0) {
            return "n/a";
        }
        if (seconds == 0) {
            return "0s";
        }
        if (seconds < 1) {
            return Math.round(seconds * 1000) + "ms";
        }
        if (seconds < 10) {
            double tenths = Math.round(seconds * 10) / 10.0;
            return tenths < 10 ? Units.trim(tenths) + "s" : "10s";
        }
        long whole = Math.round(seconds);
        return whole == 0 ? "0s" : Units.format(Duration.ofSeconds(whole));
    }

    /** A planned duration exactly as a scenario would write it ({@code 11s}, {@code 1m30s}, {@code 500ms}). */
    public static String duration(Duration d) {
        return d.isZero() ? "0s" : Units.format(d);
    }

    /** A count with thousands separators: {@code 1,000}, {@code 18,000}. */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** A rate per second: {@code 10/s}, {@code 2.5/s}, {@code 1,234/s}, {@code 0.04/s}. */
    public static String rate(double perSecond) {
        if (Double.isNaN(perSecond) || perSecond < 0) {
            return "n/a";
        }
        if (perSecond >= 100) {
            return count(Math.round(perSecond)) + "/s";
        }
        if (perSecond >= 1) {
            return Units.trim(Math.round(perSecond * 10) / 10.0) + "/s";
        }
        return perSecond == 0 ? "0/s" : Units.trim(Double.parseDouble(String.format(Locale.ROOT, "%.2g",
                perSecond))) + "/s";
    }

    /**
     * A ratio (0..1) as a percentage: one decimal ({@code 58.8%}, {@code 100%}), more when one decimal would round a
     * value that is not 0 or 100 % to either ({@code 99.95%}, {@code 0.012%}); {@code n/a} below 0 or NaN.
     */
    public static String percent(double ratio) {
        if (ratio < 0 || Double.isNaN(ratio)) {
            return "n/a";
        }
        double p = ratio * 100;
        if (p == 0 || p == 100) {
            return Units.trim(p) + "%";
        }
        if (p < 1) {
            return Units.trim(Double.parseDouble(String.format(Locale.ROOT, "%.2g", p))) + "%";
        }
        for (int decimals = 1; decimals <= 4; decimals++) {
            double scale = Math.pow(10, decimals);
            double rounded = Math.round(p * scale) / scale;
            if (rounded < 100 || decimals == 4) {
                return Units.trim(rounded) + "%";
            }
        }
        return Units.trim(p) + "%";
    }

    /**
     * A part of a whole with the share it is: {@code 108 of 1,000 devices (10.8%)} ({@code unit} "devices"); just the
     * part when the whole is not known (0).
     */
    public static String share(long part, long whole, String unit) {
        return whole <= 0 ? count(part) : count(part) + " of " + count(whole) + (unit.isEmpty() ? "" : " " + unit)
                + " (" + percent((double) part / whole) + ")";
    }
}
