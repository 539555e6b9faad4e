package io.fleetstorm.report;

import java.util.Locale;

/** What a threshold's value measures, which fixes its unit: seconds, a ratio (0..1), a count, or per second. */
public enum ValueKind {
    DURATION, RATIO, COUNT, RATE;

    /** Formats a value of this kind for people: {@code 183ms}, {@code 0.050%}, {@code 1200}, {@code 950.0/s}. */
    public String format(double v) {
        if (Double.isNaN(v)) {
            return "no data";
        }
        return switch (this) {
            case DURATION -> formatSeconds(v);
            case RATIO -> String.format(Locale.ROOT, "%.3f%%", v * 100);
            case COUNT -> String.format(Locale.ROOT, "%.0f", v);
            case RATE -> String.format(Locale.ROOT, "%.1f/s", v);
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
