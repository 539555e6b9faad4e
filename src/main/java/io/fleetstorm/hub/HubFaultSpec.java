package io.fleetstorm.hub;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses faults as users write them, into a {@link HubFaults.Builder}, collecting every error rather than stopping at
 * the first. The same grammar serves the flags of {@code fleetstorm hub} and a scenario's {@code hub:} section:
 * <pre>
 *   limit       OP=RATE[@WINDOW]            publish=2000/s, connect=300/s@10s-40s
 *   delay       OP=DELAY[@WINDOW]           puback=3ms, puback=uniform:1ms:5ms, puback=lognormal:2ms:20ms
 *   refuse      OP=PERCENT[:CODE][@WINDOW]  connect=10%, api=5%:InternalError
 *   disconnect  RATE[@WINDOW]               5/s
 *   stall       DURATION/PERIOD[@WINDOW]    500ms/10s
 *   window      FROM-[TO]                   10s-40s, 30s-
 * </pre>
 * OP is one of {@link HubOperation#labels()}; RATE is a number per s, m or h ({@code 2000/s}, {@code 2k/s},
 * {@code 120/m}); durations take ns, us, ms, s, m, h ({@code 1.5ms}); a window is time since the hub started.
 * Errors read {@code WHERE must be RULE, but was 'VALUE'}, where WHERE is what the caller names the value by (a flag,
 * or a scenario's {@code file:line: hub.limits.publish}).
 */
public final class HubFaultSpec {

    private static final Pattern RATE = Pattern.compile("(\\d+(?:\\.\\d+)?)([kM]?)/(s|m|h)");
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|ms|s|m|h)");
    private static final Pattern PERCENT = Pattern.compile("(\\d+(?:\\.\\d+)?)%");
    private static final String RATE_RULE = "a rate like 2000/s, 2k/s or 120/m";
    private static final String DELAY_RULE = "a delay like 3ms, uniform:1ms:5ms or lognormal:2ms:20ms (median:p99)";
    private static final String PERCENT_RULE = "a percentage like 10%";
    private static final String WINDOW_RULE = "a window like 10s-40s or 30s- (time since the hub started)";

    private HubFaultSpec() {
    }

    /**
     * One flag of {@code fleetstorm hub}: {@code flag} is {@code --limit}, {@code --delay}, {@code --refuse},
     * {@code --disconnect}, {@code --stall}, {@code --fault-window} or {@code --fault-queue}, {@code text} its value.
     */
    public static void flag(HubFaults.Builder builder, String flag, String text, List<String> errors) {
        switch (flag) {
            case "--limit", "--delay", "--refuse" -> {
                int equals = text.indexOf('=');
                if (equals <= 0) {
                    errors.add(flag + " must be OP=VALUE with OP one of " + HubOperation.labels() + ", but was '"
                            + printable(text) + "'");
                    return;
                }
                String key = text.substring(0, equals).strip();
                String value = text.substring(equals + 1);
                String where = flag + " " + printable(key);
                switch (flag) {
                    case "--limit" -> limit(builder, key, value, where, errors);
                    case "--delay" -> delay(builder, key, value, where, errors);
                    default -> refuse(builder, key, value, where, errors);
                }
            }
            case "--disconnect" -> disconnects(builder, text, flag, errors);
            case "--stall" -> stalls(builder, text, flag, errors);
            case "--fault-window" -> window(builder, text, flag, errors);
            case "--fault-queue" -> queue(builder, text, flag, errors);
            default -> throw new IllegalArgumentException("not a fault flag: " + flag);
        }
    }

    /** A throughput cap: {@code key} an operation, {@code value} {@code RATE[@WINDOW]}. */
    public static void limit(HubFaults.Builder builder, String key, String value, String where, List<String> errors) {
        HubOperation op = operation(key, where, errors);
        Windowed w = windowed(value, where, errors);
        if (op == null || w == null) {
            return;
        }
        Double rate = rate(w.body, where, errors);
        if (rate != null) {
            apply(where, errors, () -> builder.limit(op, rate, w.window));
        }
    }

    /** An added delay: {@code key} an operation, {@code value} {@code DELAY[@WINDOW]}. */
    public static void delay(HubFaults.Builder builder, String key, String value, String where, List<String> errors) {
        HubOperation op = operation(key, where, errors);
        Windowed w = windowed(value, where, errors);
        if (op == null || w == null) {
            return;
        }
        apply(where, errors, () -> {
            DelaySpec delay = delaySpec(w.body, where, errors);
            if (delay != null) {
                builder.delay(op, delay, w.window);
            }
        });
    }

    /** A refusal ratio: {@code key} an operation, {@code value} {@code PERCENT[:CODE][@WINDOW]} (CODE for api). */
    public static void refuse(HubFaults.Builder builder, String key, String value, String where, List<String> errors) {
        HubOperation op = operation(key, where, errors);
        Windowed w = windowed(value, where, errors);
        if (op == null || w == null) {
            return;
        }
        String body = w.body;
        String code = op == HubOperation.API ? HubFaults.DEFAULT_API_ERROR : null;
        int colon = body.indexOf(':');
        if (colon >= 0) {
            code = body.substring(colon + 1).strip();
            body = body.substring(0, colon);
        }
        Matcher m = PERCENT.matcher(body.strip());
        if (!m.matches()) {
            errors.add(where + " must be " + PERCENT_RULE + (op == HubOperation.API ? " (optionally :ErrorCode)" : "")
                    + ", but was '" + printable(value) + "'");
            return;
        }
        double ratio = new BigDecimal(m.group(1)).movePointLeft(2).doubleValue();
        String apiCode = code;
        apply(where, errors, () -> builder.refuse(op, ratio, w.window, apiCode));
    }

    /** Random disconnects: {@code value} {@code RATE[@WINDOW]}. */
    public static void disconnects(HubFaults.Builder builder, String value, String where, List<String> errors) {
        Windowed w = windowed(value, where, errors);
        Double rate = w == null ? null : rate(w.body, where, errors);
        if (rate != null) {
            apply(where, errors, () -> builder.disconnects(rate, w.window));
        }
    }

    /** Stalls: {@code value} {@code DURATION/PERIOD[@WINDOW]}. */
    public static void stalls(HubFaults.Builder builder, String value, String where, List<String> errors) {
        Windowed w = windowed(value, where, errors);
        if (w == null) {
            return;
        }
        String[] parts = w.body.split("/", -1);
        Long stall = parts.length == 2 ? duration(parts[0]) : null;
        Long every = parts.length == 2 ? duration(parts[1]) : null;
        if (stall == null || every == null) {
            errors.add(where + " must be DURATION/PERIOD like 500ms/10s (stop reading for 500ms every 10s), but was '"
                    + printable(value) + "'");
            return;
        }
        apply(where, errors, () -> builder.stalls(Duration.ofNanos(stall), Duration.ofNanos(every), w.window));
    }

    /** The default window of every fault without its own: {@code value} {@code FROM-[TO]}. */
    public static void window(HubFaults.Builder builder, String value, String where, List<String> errors) {
        FaultWindow window = faultWindow(value, where, errors);
        if (window != null) {
            builder.window(window);
        }
    }

    /** How many operations each limit may queue: a positive integer. */
    public static void queue(HubFaults.Builder builder, String value, String where, List<String> errors) {
        int n;
        try {
            n = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            errors.add(where + " must be a whole number of operations (1.." + HubFaults.MAX_QUEUE_CAPACITY
                    + "), but was '" + printable(value) + "'");
            return;
        }
        apply(where, errors, () -> builder.queueCapacity(n));
    }

    /** Nanoseconds in the largest unit that writes them exactly: {@code 2ms}, {@code 1500us}, {@code 40s}. */
    public static String formatNanos(long nanos) {
        long[] units = {3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L};
        String[] names = {"h", "m", "s", "ms", "us"};
        for (int i = 0; i < units.length; i++) {
            if (nanos != 0 && nanos % units[i] == 0) {
                return nanos / units[i] + names[i];
            }
        }
        return nanos == 0 ? "0s" : nanos + "ns";
    }

    public static String formatRate(double perSecond) {
        return plain(perSecond) + "/s";
    }

    public static String formatPercent(double ratio) {
        return Double.isFinite(ratio) ? plain(BigDecimal.valueOf(ratio).movePointRight(2).doubleValue()) + "%"
                : ratio + "%";
    }

    /** Ten significant digits, no exponent, no trailing zeros: 2000, 0.5, 0.01666666667. */
    private static String plain(double value) {
        if (!Double.isFinite(value)) {
            return String.valueOf(value);
        }
        return new BigDecimal(value).round(new MathContext(10)).stripTrailingZeros().toPlainString();
    }

    private record Windowed(String body, FaultWindow window) {
    }

    private static Windowed windowed(String value, String where, List<String> errors) {
        if (value == null || value.isBlank()) {
            errors.add(where + " must not be empty");
            return null;
        }
        int at = value.lastIndexOf('@');
        if (at < 0) {
            return new Windowed(value.strip(), null);
        }
        FaultWindow window = faultWindow(value.substring(at + 1), where + " (its @window)", errors);
        return window == null ? null : new Windowed(value.substring(0, at).strip(), window);
    }

    private static FaultWindow faultWindow(String text, String where, List<String> errors) {
        String s = text.strip();
        int dash = s.indexOf('-');
        Long from = dash < 0 ? null : dash == 0 ? Long.valueOf(0) : duration(s.substring(0, dash));
        Long to = dash < 0 ? null
                : dash == s.length() - 1 ? Long.valueOf(Long.MAX_VALUE) : duration(s.substring(dash + 1));
        if (from == null || to == null) {
            errors.add(where + " must be " + WINDOW_RULE + ", but was '" + printable(text) + "'");
            return null;
        }
        if (to <= from) {
            errors.add(where + " must end after it starts, but was '" + printable(text) + "'");
            return null;
        }
        return new FaultWindow(from, to);
    }

    private static HubOperation operation(String key, String where, List<String> errors) {
        HubOperation op = key == null ? null : HubOperation.ofLabel(key.strip()).orElse(null);
        if (op == null) {
            errors.add(where + ": unknown operation '" + printable(String.valueOf(key)) + "'; expected one of "
                    + HubOperation.labels());
        }
        return op;
    }

    private static Double rate(String text, String where, List<String> errors) {
        Matcher m = RATE.matcher(text.strip());
        if (!m.matches()) {
            errors.add(where + " must be " + RATE_RULE + ", but was '" + printable(text) + "'");
            return null;
        }
        BigDecimal n = new BigDecimal(m.group(1));
        n = switch (m.group(2)) {
            case "k" -> n.movePointRight(3);
            case "M" -> n.movePointRight(6);
            default -> n;
        };
        double perUnit = n.doubleValue();
        return switch (m.group(3)) {
            case "m" -> perUnit / 60;
            case "h" -> perUnit / 3600;
            default -> perUnit;
        };
    }

    private static DelaySpec delaySpec(String text, String where, List<String> errors) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        String[] parts = s.split(":", -1);
        Long a = parts.length == 3 ? duration(parts[1]) : null;
        Long b = parts.length == 3 ? duration(parts[2]) : null;
        if (parts.length == 1 && duration(s) != null) {
            return new DelaySpec.Fixed(duration(s));
        }
        if (parts.length == 3 && a != null && b != null && parts[0].equals("uniform")) {
            return new DelaySpec.Uniform(a, b);
        }
        if (parts.length == 3 && a != null && b != null && parts[0].equals("lognormal")) {
            return new DelaySpec.LogNormal(a, b);
        }
        errors.add(where + " must be " + DELAY_RULE + ", but was '" + printable(text) + "'");
        return null;
    }

    /** Nanoseconds, or null when the text is not a duration (or beyond what a long holds). */
    static Long duration(String text) {
        Matcher m = DURATION.matcher(text.strip());
        if (!m.matches() || m.group(1).length() > 18) {
            return null;
        }
        long unit = switch (m.group(2)) {
            case "ns" -> 1L;
            case "us" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            default -> 3_600_000_000_000L;
        };
        BigDecimal nanos = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit));
        return nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 2)) > 0 ? null : nanos.longValue();
    }

    private static void apply(String where, List<String> errors, Runnable setter) {
        try {
            setter.run();
        } catch (IllegalArgumentException e) {
            errors.add(where + ": " + e.getMessage());
        }
    }

    /** The value as it may be printed: control characters escaped, at most 80 characters. */
    static String printable(String value) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < value.length() && sb.length() < 80; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return value.length() > 80 ? sb + "..." : sb.toString();
    }
}
