package io.fleetstorm.scenario;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Values as QA write them: {@code 30s}, {@code 5m}, {@code 500ms}, {@code 16KB}, {@code 5%}, {@code 1k}. */
final class Units {

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KB|MB)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern NUMBER = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(k|M)?");

    private Units() {
    }

    /** A duration, or null when the text is not one. */
    static Duration duration(String text) {
        Matcher m = DURATION.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            return null;
        }
        double v = Double.parseDouble(m.group(1));
        double millis = switch (m.group(2)) {
            case "ms" -> v;
            case "s" -> v * 1_000;
            case "m" -> v * 60_000;
            default -> v * 3_600_000;
        };
        return Duration.ofNanos((long) (millis * 1_000_000));
    }

    /** A byte size, or -1. */
    static long size(String text) {
        Matcher m = SIZE.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            return -1;
        }
        long v = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
        return switch (unit) {
            case "KB" -> v * 1024;
            case "MB" -> v * 1024 * 1024;
            default -> v;
        };
    }

    /** A share: {@code 5%} or {@code 0.05}; NaN when not one. */
    static double share(String text) {
        String t = text == null ? "" : text.strip();
        try {
            return t.endsWith("%") ? Double.parseDouble(t.substring(0, t.length() - 1).strip()) / 100
                    : Double.parseDouble(t);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** A number with an optional {@code k} or {@code M} suffix; NaN when not one. */
    static double number(String text) {
        Matcher m = NUMBER.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            return Double.NaN;
        }
        double v = Double.parseDouble(m.group(1));
        return m.group(2) == null ? v : m.group(2).equals("k") ? v * 1_000 : v * 1_000_000;
    }
}
