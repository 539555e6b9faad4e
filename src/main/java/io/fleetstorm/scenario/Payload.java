package io.fleetstorm.scenario;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A message payload: a template with variables ({@code {deviceName}}, {@code {seq}}, {@code {timestamp}},
 * {@code {random:MIN:MAX}}) compiled once into parts, or filler bytes of a given size.
 */
public final class Payload {

    /** The largest filler payload ({@code size:}); the cloud allows 16 KB a message, the hub may be tested past it. */
    public static final long MAX_BYTES = 16L * 1024 * 1024;
    /** The payload of a behaviour that names none. */
    public static final String DEFAULT_TEMPLATE = "{\"seq\":{seq},\"ts\":{timestamp}}";

    private final List<Object> parts;
    private final byte[] fixed;
    private final String source;

    private Payload(List<Object> parts, byte[] fixed, String source) {
        this.parts = parts;
        this.fixed = fixed;
        this.source = source;
    }

    /** {@code size} bytes of JSON-safe filler. */
    public static Payload ofSize(int size) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) 'x');
        return new Payload(null, bytes, size + "B");
    }

    /** Compiles a template; returns an error text instead when a variable is unknown. */
    static Object compile(String template) {
        List<Object> parts = new ArrayList<>();
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf('{', i);
            int close = open < 0 ? -1 : template.indexOf('}', open);
            String name = close < 0 ? null : template.substring(open + 1, close);
            if (name != null && name.startsWith("random:") && isVariable(name)) {
                long[] range = (long[]) variable(name);
                if (range[0] > range[1]) {
                    return "has {" + name + "} whose MIN is above its MAX";
                }
            }
            if (open < 0 || close < 0 || !isVariable(name)) {
                int next = open < 0 || close < 0 ? template.length() : open + 1;
                if (name != null && name.matches("[a-zA-Z]+(:.*)?") && !isVariable(name)) {
                    return "has an unknown variable {" + Text.printable(name) + "} (known: {deviceName}, {seq}, "
                            + "{timestamp}, "
                            + "{random:MIN:MAX})";
                }
                parts.add(template.substring(i, next));
                i = next;
                continue;
            }
            if (open > i) {
                parts.add(template.substring(i, open));
            }
            parts.add(variable(name));
            i = close + 1;
        }
        return new Payload(parts, null, template);
    }

    private static boolean isVariable(String name) {
        return name != null && (name.equals("deviceName") || name.equals("seq") || name.equals("timestamp")
                || name.matches("random:-?\\d{1,18}:-?\\d{1,18}"));
    }

    private static Object variable(String name) {
        if (name.startsWith("random:")) {
            String[] p = name.split(":");
            return new long[] {Long.parseLong(p[1]), Long.parseLong(p[2])};
        }
        return name.equals("deviceName") ? Var.DEVICE : name.equals("seq") ? Var.SEQ : Var.TIMESTAMP;
    }

    private enum Var { DEVICE, SEQ, TIMESTAMP }

    /** Renders the payload for one message. */
    public byte[] render(String deviceName, long sequence, long epochMillis) {
        if (fixed != null) {
            return fixed;
        }
        StringBuilder sb = new StringBuilder(64);
        for (Object part : parts) {
            if (part instanceof String s) {
                sb.append(s);
            } else if (part == Var.DEVICE) {
                sb.append(deviceName);
            } else if (part == Var.SEQ) {
                sb.append(sequence);
            } else if (part == Var.TIMESTAMP) {
                sb.append(epochMillis);
            } else {
                long[] range = (long[]) part;
                sb.append(ThreadLocalRandom.current().nextLong(range[0], range[1] + 1));
            }
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return source;
    }
}
