package io.fleetstorm.scenario;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An arrival rate (the open model): operations per second, for the whole group or per device, constant or ramping
 * linearly from {@code from} to {@code to} over the phase, evenly spaced or Poisson. Written {@code 100/s},
 * {@code 1/s per device}, {@code 2/min}, {@code 10/s -> 200/s}, {@code 50/s poisson}.
 */
public record Rate(double from, double to, boolean perDevice, boolean poisson) {

    private static final Pattern FORM = Pattern.compile(
            "(\\d+(?:\\.\\d+)?)(k)?/(s|min|h)(?:\\s*->\\s*(\\d+(?:\\.\\d+)?)(k)?/(s|min|h))?(\\s+per device)?(\\s+poisson)?");

    /** Parses a rate; null when the text is not one. */
    static Rate parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            return null;
        }
        double from = perSecond(m.group(1), m.group(2), m.group(3));
        double to = m.group(4) == null ? from : perSecond(m.group(4), m.group(5), m.group(6));
        return new Rate(from, to, m.group(7) != null, m.group(8) != null);
    }

    private static double perSecond(String number, String k, String unit) {
        double v = Double.parseDouble(number) * (k == null ? 1 : 1_000);
        return switch (unit) {
            case "min" -> v / 60;
            case "h" -> v / 3_600;
            default -> v;
        };
    }

    /** The group's total rate at the start and end of the phase. */
    public double totalFrom(int devices) {
        return perDevice ? from * devices : from;
    }

    public double totalTo(int devices) {
        return perDevice ? to * devices : to;
    }

    /**
     * The intended offset of the n-th operation (evenly spaced shapes), computed from n: constant {@code n / r}, a
     * linear ramp solves {@code r0 t + (r1 - r0) t^2 / 2T = n}. Never accumulated, so nothing drifts.
     */
    public long offsetNanos(long n, int devices, long phaseNanos) {
        double r0 = totalFrom(devices);
        double r1 = totalTo(devices);
        if (r0 == r1) {
            return (long) (n * (1e9 / r0));
        }
        double seconds = phaseNanos / 1e9;
        double a = (r1 - r0) / (2 * seconds);
        double disc = r0 * r0 + 4 * a * n;
        if (disc < 0) {
            return Long.MAX_VALUE; // a falling ramp that ends before reaching n operations
        }
        double t = (-r0 + Math.sqrt(disc)) / (2 * a);
        return (long) (t * 1e9);
    }

    /** Operations expected in a phase of this length (for plan and totals). */
    public double expectedCount(int devices, long phaseNanos) {
        return (totalFrom(devices) + totalTo(devices)) / 2 * phaseNanos / 1e9;
    }

    @Override
    public String toString() {
        String r = fmt(from) + "/s" + (to != from ? " -> " + fmt(to) + "/s" : "");
        return r + (perDevice ? " per device" : "") + (poisson ? " poisson" : "");
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
