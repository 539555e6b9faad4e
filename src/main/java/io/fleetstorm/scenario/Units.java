package io.fleetstorm.scenario;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Values as QA write them: {@code 30s}, {@code 1m30s}, {@code 500ms}, {@code 16KB}, {@code 5%}, {@code 1k}; and
 * durations printed back the same way ({@code 11s}, {@code 1m30s}, never {@code PT11S}).
 */
public final class Units {

    private static final Pattern DURATION_PART = Pattern.compile("(\\d{1,12}(?:\\.\\d{1,9})?)(ms|s|m|h|d)");
    private static final Pattern DURATION = Pattern.compile("(?:\\d{1,12}(?:\\.\\d{1,9})?(?:ms|s|m|h|d))+");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})\\s*(B|KB|MB|GB)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern NUMBER = Pattern.compile("(-?\\d{1,15}(?:\\.\\d{1,9})?)\\s*(k|M)?");
    private static final Pattern SHARE = Pattern.compile("(\\d{1,15}(?:\\.\\d{1,9})?)\\s*(%?)");

    /** Ten years: no scenario means more, and nanoseconds overflow past 292 years. */
    private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(3_650L * 86_400_000_000_000L);

    private Units() {
    }

    /** A duration such as {@code 30s} or {@code 1m30s}, or null when the text is not one (or beyond 100 years). */
    public static Duration duration(String text) {
        String t = text == null ? "" : text.strip();
        if (t.length() > 64 || !DURATION.matcher(t).matches()) {
            return null;
        }
        Matcher m = DURATION_PART.matcher(t);
        BigDecimal nanos = BigDecimal.ZERO;
        while (m.find()) {
            long unit = switch (m.group(2)) {
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                default -> 86_400_000_000_000L;
            };
            nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit)));
        }
        if (nanos.compareTo(MAX_NANOS) > 0) {
            return null;
        }
        return Duration.ofNanos(nanos.longValue());
    }

    /** A duration as a person writes it: {@code 500ms}, {@code 11s}, {@code 1m30s}, {@code 2h}, {@code 1.5s}. */
    public static String format(Duration d) {
        if (d.isNegative()) {
            return "-" + format(d.negated());
        }
        long ms = d.toMillis();
        if (ms < 1_000) {
            return d.toNanos() % 1_000_000 == 0 ? ms + "ms" : trim(d.toNanos() / 1e6) + "ms";
        }
        if (ms % 1_000 != 0 && ms < 60_000) {
            return trim(ms / 1e3) + "s";
        }
        StringBuilder sb = new StringBuilder();
        long days = ms / 86_400_000L;
        long hours = ms / 3_600_000L % 24;
        long minutes = ms / 60_000 % 60;
        long seconds = ms / 1_000 % 60;
        long rest = ms % 1_000;
        if (days > 0) {
            sb.append(days).append('d');
        }
        if (hours > 0) {
            sb.append(hours).append('h');
        }
        if (minutes > 0) {
            sb.append(minutes).append('m');
        }
        if (seconds > 0 || rest > 0) {
            sb.append(rest > 0 ? trim(seconds + rest / 1e3) : Long.toString(seconds)).append('s');
        }
        return sb.toString();
    }

    /** A byte size such as {@code 512B}, {@code 16KB}, {@code 1MB}; -1 when not one. */
    static long size(String text) {
        Matcher m = SIZE.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            return -1;
        }
        long v = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
        long factor = switch (unit) {
            case "KB" -> 1024;
            case "MB" -> 1024 * 1024;
            case "GB" -> 1024L * 1024 * 1024;
            default -> 1;
        };
        return v > Long.MAX_VALUE / factor ? -1 : v * factor;
    }

    /** A share: {@code 5%} or {@code 0.05}; NaN when not one. */
    static double share(String text) {
        Matcher m = SHARE.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            return Double.NaN;
        }
        double v = Double.parseDouble(m.group(1));
        return m.group(2).isEmpty() ? v : v / 100;
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

    /** A number without a trailing {@code .0}: 2, 0.5, 12.25. */
    public static String trim(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return BigDecimal.valueOf(v).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }
}
