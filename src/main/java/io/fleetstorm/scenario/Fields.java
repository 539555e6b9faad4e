package io.fleetstorm.scenario;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Typed readers of scenario fields: each reads one value, reports what is wrong with it ({@code file:line: field
 * rule, but was value}, the range named) and returns a fallback, so reading goes on and every problem is found in one
 * pass. A null node is an absent field and gives the fallback silently.
 */
public final class Fields {

    /** The longest phase; a longer soak test is several runs. */
    public static final Duration MAX_PHASE = Duration.ofDays(7);
    /** The largest message payload or firmware image a scenario may ask for. */
    public static final long MAX_SIZE = 16L * 1024 * 1024;

    private Fields() {
    }

    /** A required field: reports its absence at the parent. */
    public static YamlNode required(YamlNode parent, Map<String, YamlNode> fields, String key) {
        YamlNode n = fields.get(key);
        if (n == null) {
            parent.problem(key + " is required", null);
        }
        return n;
    }

    /** A non-empty single value. */
    public static String text(YamlNode n, String fallback) {
        if (n == null) {
            return fallback;
        }
        String text = n.scalar();
        if (text == null) {
            return fallback;
        }
        if (text.isBlank()) {
            n.problem("must be a non-empty text", null);
            return fallback;
        }
        return text;
    }

    /** A whole number in [min, max]; {@code 10k} and {@code 2M} are accepted. */
    public static int integer(YamlNode n, int min, int max, int fallback) {
        if (n == null) {
            return fallback;
        }
        String text = n.scalar();
        if (text == null) {
            return fallback;
        }
        double v = Units.number(text);
        if (Double.isNaN(v) || v != Math.rint(v) || v < min || v > max) {
            n.problem("must be a whole number in " + min + ".." + max, text);
            return fallback;
        }
        return (int) v;
    }

    /** {@code true} or {@code false}. */
    public static boolean bool(YamlNode n, boolean fallback) {
        if (n == null) {
            return fallback;
        }
        String text = n.scalar();
        if (text == null) {
            return fallback;
        }
        if (!"true".equals(text) && !"false".equals(text)) {
            n.problem("must be true or false", text);
            return fallback;
        }
        return Boolean.parseBoolean(text);
    }

    /** One of {@code allowed}. */
    public static String choice(YamlNode n, List<String> allowed, String fallback) {
        if (n == null) {
            return fallback;
        }
        String text = n.scalar();
        if (text == null) {
            return fallback;
        }
        if (!allowed.contains(text)) {
            n.problem("must be one of " + String.join(", ", allowed), text);
            return fallback;
        }
        return text;
    }

    /** A duration such as {@code 30s}, {@code 1m30s} or {@code 500ms} in [min, max]. */
    public static Duration duration(YamlNode n, Duration min, Duration max, Duration fallback) {
        if (n == null) {
            return fallback;
        }
        String text = n.scalar();
        if (text == null) {
            return fallback;
        }
        Duration d = Units.duration(text);
        if (d == null || d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            n.problem("must be a duration such as 30s, 1m30s or 500ms in " + Units.format(min) + ".."
                    + Units.format(max), text);
            return fallback;
        }
        return d;
    }

    /** A byte size such as {@code 512B}, {@code 16KB} or {@code 1MB} in [0, max]. */
    public static long size(YamlNode n, long max, long fallback) {
        if (n == null) {
            return fallback;
        }
        String text = n.scalar();
        if (text == null) {
            return fallback;
        }
        long size = Units.size(text);
        if (size < 0 || size > max) {
            n.problem("must be a size such as 512B, 16KB or 1MB, at most " + sizeText(max), text);
            return fallback;
        }
        return size;
    }

    /** A share such as {@code 5%} or {@code 0.05}; {@code exclusiveZero} refuses 0. */
    public static double share(YamlNode n, boolean exclusiveZero, double fallback) {
        if (n == null) {
            return fallback;
        }
        String text = n.scalar();
        if (text == null) {
            return fallback;
        }
        double v = Units.share(text);
        if (Double.isNaN(v) || v > 1 || v < 0 || (exclusiveZero && v == 0)) {
            n.problem("must be a share between " + (exclusiveZero ? "0% (exclusive)" : "0%") + " and 100%", text);
            return fallback;
        }
        return v;
    }

    /** A rate (see {@link Rate}); a wrong one is reported with the nearest valid form. */
    public static Rate rate(YamlNode n, Rate fallback) {
        if (n == null) {
            return fallback;
        }
        String text = n.scalar();
        if (text == null) {
            return fallback;
        }
        RateParser.Result r = RateParser.parse(text);
        if (r.error() != null) {
            n.problem(r.error(), text);
            return fallback;
        }
        return r.rate();
    }

    /** MQTT QoS 0 or 1 (the hub closes connections that publish with QoS 2). */
    public static int qos(YamlNode n, int fallback) {
        if (n == null) {
            return fallback;
        }
        String text = n.scalar();
        if (text == null) {
            return fallback;
        }
        if (!"0".equals(text) && !"1".equals(text)) {
            n.problem("must be 0 or 1 (the hub closes connections that publish with QoS 2)", text);
            return fallback;
        }
        return Integer.parseInt(text);
    }

    /** A message: {@code payload} (a template) or {@code size} (filler bytes), not both; a default template. */
    public static Payload payload(Map<String, YamlNode> m) {
        YamlNode payload = m.get("payload");
        YamlNode size = m.get("size");
        if (payload != null && size != null) {
            size.problem("cannot be given together with payload", null);
        }
        if (size != null) {
            return Payload.ofSize((int) size(size, Payload.MAX_BYTES, 0));
        }
        String template = payload == null ? Payload.DEFAULT_TEMPLATE : payload.scalar();
        if (template == null) {
            return Payload.ofSize(0);
        }
        Object compiled = Payload.compile(template);
        if (compiled instanceof String error) {
            payload.problem(error, null);
            return Payload.ofSize(0);
        }
        return (Payload) compiled;
    }

    /** A byte size such as {@code 16KB}, or -1 when the text is not one. */
    public static long parseSize(String text) {
        return Units.size(text);
    }

    static String sizeText(long bytes) {
        return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + "MB"
                : bytes % 1024 == 0 ? bytes / 1024 + "KB" : bytes + "B";
    }
}
