package io.fleetstorm.report;

import java.util.Locale;

/** What a threshold's value measures, which fixes its unit: seconds, a ratio (0..1), a count, or per second. */
public enum ValueKind {
    DURATION, RATIO, COUNT, RATE;

    /** Formats a value of this kind for people: {@code 183ms}, {@code 0.05%}, {@code 1,200}, {@code 950/s}. */
    public String format(double v) {
        if (Double.isNaN(v)) {
            return "no data";
        }
        return switch (this) {
            case DURATION -> formatSeconds(v);
            case RATIO -> Human.percent(v);
            case COUNT -> Human.count(Math.round(v));
            case RATE -> Human.rate(v);
        };
    }

    /** The kind as a noun, for error messages: {@code latency}, {@code ratio}, {@code count}, {@code rate}. */
    public String noun() {
        return this == DURATION ? "latency" : name().toLowerCase(Locale.ROOT);
    }

    /** Seconds as {@code 850us}, {@code 183ms}, {@code 1.25s}: three significant digits. */
    public static String formatSeconds(double s) {
        if (s < 1e-3) {
            return trim(String.format(Locale.ROOT, "%.3g", s * 1e6)) + "us";
        }
        if (s >= 1000) {
            return String.format(Locale.ROOT, "%.0fs", s);
        }
        if (s < 1) {
            return trim(String.format(Locale.ROOT, "%.3g", s * 1e3)) + "ms";
        }
        return trim(String.format(Locale.ROOT, "%.3g", s)) + "s";
    }

    private static String trim(String number) {
        return number.contains(".") ? number.replaceAll("0+$", "").replaceAll("\\.$", "") : number;
    }
}
