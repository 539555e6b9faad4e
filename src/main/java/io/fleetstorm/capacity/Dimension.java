package io.fleetstorm.capacity;

import io.fleetstorm.report.ThresholdSpec;
import io.fleetstorm.report.ValueKind;
import io.fleetstorm.scenario.Scenario;
import io.fleetstorm.scenario.Units;
import io.fleetstorm.scenario.behaviour.Behaviour;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one dimension of a scenario a capacity search varies, as {@code --vary} names it: a rate of a group's behaviour
 * ({@code sensors.telemetry.rate}: messages per second, {@code sensors.connect.rate}: connects per second,
 * {@code sensors.shadow.report}: shadow updates per second) or the size of a group ({@code sensors.count}: devices
 * connected). A rate is replaced, as a whole-group rate, in every phase that runs it; the search's loads are in the
 * dimension's {@link #unit()}.
 *
 * @param text      as written, e.g. {@code sensors.telemetry.rate}
 * @param group     the group
 * @param behaviour the behaviour's key ({@code telemetry}), or null for {@code GROUP.count}
 * @param field     the rate's field ({@code rate}, or shadow's {@code report}, {@code get}, {@code desired}), or
 *                  {@code count}
 * @param rateLabel the rate's label among the behaviour's {@link Behaviour#rates()} ({@code shadow report}), or null
 * @param poisson   whether the scenario's rate is a Poisson process (the step's rate stays one)
 * @param shorthand whether the behaviour is written as a bare rate ({@code connect: 100/s}): its YAML value is the
 *                  rate itself
 */
public record Dimension(String text, String group, String behaviour, String field, String rateLabel, boolean poisson,
        boolean shorthand) {

    /** The field that varies a group's size. */
    public static final String COUNT = "count";

    private static final Pattern RATE = Pattern.compile("(\\d{1,12}(?:\\.\\d{1,6})?)\\s*([kM]?)\\s*/\\s*(s|min|m|h)");
    private static final Pattern NUMBER = Pattern.compile("(\\d{1,12}(?:\\.\\d{1,6})?)\\s*([kM]?)");

    /**
     * Reads {@code --vary} against the scenario: the group must exist and, for a rate, run the behaviour with that
     * rate in at least one phase; the message names what the scenario has instead.
     *
     * @throws IllegalArgumentException with the rule, naming the flag
     */
    public static Dimension parse(String text, Scenario scenario) {
        String[] parts = text == null ? new String[0] : text.strip().split("\\.", -1);
        if (parts.length != 2 && parts.length != 3 || List.of(parts).stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("--vary must be GROUP.BEHAVIOUR.RATE (e.g. sensors.telemetry.rate, "
                    + "sensors.connect.rate, sensors.shadow.report) or GROUP.count, but was '" + text + "'");
        }
        String group = parts[0];
        Scenario.Group g = scenario.groups().stream().filter(x -> x.name().equals(group)).findFirst().orElse(null);
        if (g == null) {
            throw new IllegalArgumentException("--vary " + text + ": the scenario has no group '" + group
                    + "' (groups: " + String.join(", ", scenario.groups().stream().map(Scenario.Group::name)
                    .toList()) + ")");
        }
        if (parts.length == 2) {
            if (!parts[1].equals(COUNT)) {
                throw new IllegalArgumentException("--vary " + text + ": a group's dimension is " + group + ".count "
                        + "(devices); a rate is GROUP.BEHAVIOUR.RATE, e.g. " + group + ".telemetry.rate");
            }
            return new Dimension(text, group, null, COUNT, null, false, false);
        }
        String behaviour = parts[1];
        String field = parts[2];
        String label = field.equals("rate") ? behaviour : behaviour + " " + field;
        Set<String> has = new LinkedHashSet<>();
        boolean found = false;
        boolean poisson = false;
        for (Scenario.Phase p : scenario.phases()) {
            for (Behaviour b : p.of(group)) {
                for (Behaviour.NamedRate r : b.rates()) {
                    String written = r.label().equals(b.key()) ? b.key() + ".rate"
                            : b.key() + "." + r.label().substring(r.label().indexOf(' ') + 1);
                    has.add(written);
                    if (b.key().equals(behaviour) && r.label().equals(label)) {
                        found = true;
                        poisson |= r.rate().poisson();
                    }
                }
            }
        }
        if (!found) {
            throw new IllegalArgumentException("--vary " + text + ": no phase of the scenario gives group " + group
                    + " a " + behaviour + " " + field + (has.isEmpty() ? " (it has no rate in any phase)"
                    : " (its rates: " + String.join(", ", has.stream().map(h -> group + "." + h).toList()) + ")"));
        }
        return new Dimension(text, group, behaviour, field, label, poisson, false);
    }

    /** The same dimension, its behaviour written as a bare rate ({@code connect: 100/s}). */
    public Dimension withShorthand(boolean value) {
        return new Dimension(text, group, behaviour, field, rateLabel, poisson, value);
    }

    /** Whether the dimension is a group's size rather than a rate. */
    public boolean count() {
        return behaviour == null;
    }

    /** Whether each step connects new devices at the step's rate (the connect ramp): the group must be big enough. */
    public boolean connects() {
        return "connect".equals(behaviour);
    }

    /** The unit of loads: {@code msg/s}, {@code connects/s}, {@code shadow updates/s}, {@code devices}. */
    public String unit() {
        if (count()) {
            return "devices";
        }
        return switch (rateLabel) {
            case "telemetry", "echo", "downlink" -> "msg/s";
            case "connect" -> "connects/s";
            case "reconnect" -> "reconnects/s";
            case "shadow report" -> "shadow updates/s";
            case "shadow get" -> "shadow gets/s";
            case "shadow desired" -> "desired changes/s";
            default -> "ops/s";
        };
    }

    /**
     * The operation whose latency tells this dimension's story, for the charts: the first latency threshold's
     * operation, else the varied behaviour's own ({@code publish-ack} for telemetry, {@code connect} for connects,
     * {@code shadow-update} for shadow reports); null when there is none.
     */
    public String focus(List<ThresholdSpec> thresholds) {
        for (ThresholdSpec t : thresholds) {
            if (t.operation() != null && !t.serviceTime() && t.kind() == ValueKind.DURATION) {
                return t.operation().label();
            }
        }
        if (count()) {
            return null;
        }
        return switch (rateLabel) {
            case "telemetry" -> "publish-ack";
            case "echo", "downlink", "connect" -> rateLabel;
            case "reconnect" -> "reconnect-recovery";
            case "shadow report" -> "shadow-update";
            case "shadow get" -> "shadow-get";
            case "shadow desired" -> "shadow-convergence";
            default -> null;
        };
    }

    /** A load as written in {@code --from}/{@code --to}: a rate ({@code 500/s}, {@code 2k/s}, {@code 30/min}). */
    public double parseLoad(String flag, String value) {
        String v = value == null ? "" : value.strip();
        if (count()) {
            Matcher m = NUMBER.matcher(v);
            double n = m.matches() ? Double.parseDouble(m.group(1)) * multiplier(m.group(2)) : Double.NaN;
            if (!m.matches() || n != Math.rint(n) || n < 1 || n > 100_000_000) {
                throw new IllegalArgumentException(flag + " must be a whole number of devices in 1..100000000 for "
                        + text + " (e.g. 500 or 10k), but was '" + value + "'");
            }
            return n;
        }
        Matcher m = RATE.matcher(v);
        if (!m.matches()) {
            throw new IllegalArgumentException(flag + " must be a rate like 500/s, 2k/s or 30/min for " + text
                    + ", but was '" + value + "'");
        }
        double perUnit = Double.parseDouble(m.group(1)) * multiplier(m.group(2));
        double perSecond = switch (m.group(3)) {
            case "min", "m" -> perUnit / 60;
            case "h" -> perUnit / 3600;
            default -> perUnit;
        };
        if (!(perSecond > 0) || perSecond > 10_000_000) {
            throw new IllegalArgumentException(flag + " must be above 0/s and at most 10M/s, but was '" + value + "'");
        }
        return perSecond;
    }

    /** A load for people: {@code 2,000 msg/s}, {@code 312.5 connects/s}, {@code 5,000 devices}. */
    public String format(double load) {
        return number(load) + " " + unit();
    }

    /** A load as a scenario value: {@code 2000/s} (with {@code poisson} kept), or the count {@code 5000}. */
    public String scenarioValue(double load) {
        if (count()) {
            return Long.toString(Math.round(load));
        }
        return Units.trim(load) + "/s" + (poisson ? " poisson" : "");
    }

    /**
     * The YAML paths of {@code --set} overrides that give the step this load: {@code phases[I].GROUP.BEHAVIOUR.FIELD}
     * in every phase that runs the rate ({@code phases[I].GROUP.connect} for the bare form), or
     * {@code groups[I].count}.
     */
    public List<String> paths(Scenario scenario) {
        List<String> out = new ArrayList<>();
        if (count()) {
            out.add("groups[" + groupIndex(scenario) + "].count");
            return out;
        }
        for (int i : phases(scenario)) {
            out.add("phases[" + i + "]." + group + "." + behaviour + (shorthand ? "" : "." + field));
        }
        return out;
    }

    /** The indexes of the phases that run the varied rate (none for {@code GROUP.count}). */
    public List<Integer> phases(Scenario scenario) {
        List<Integer> out = new ArrayList<>();
        if (count()) {
            return out;
        }
        for (int i = 0; i < scenario.phases().size(); i++) {
            for (Behaviour b : scenario.phases().get(i).of(group)) {
                if (b.key().equals(behaviour) && b.rates().stream().anyMatch(r -> r.label().equals(rateLabel))) {
                    out.add(i);
                    break;
                }
            }
        }
        return out;
    }

    /** The index of the group in the scenario's list. */
    public int groupIndex(Scenario scenario) {
        for (int i = 0; i < scenario.groups().size(); i++) {
            if (scenario.groups().get(i).name().equals(group)) {
                return i;
            }
        }
        throw new IllegalStateException("no group " + group);
    }

    /** A number with thousands separators and at most two decimals: {@code 2,062.5}. */
    static String number(double v) {
        String s = String.format(Locale.ROOT, "%,.2f", v);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    private static double multiplier(String suffix) {
        return switch (suffix) {
            case "k" -> 1e3;
            case "M" -> 1e6;
            default -> 1;
        };
    }
}
