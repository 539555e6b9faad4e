package io.fleetstorm.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a rate as QA write it, and when it is not one, names the offending token and the nearest valid form:
 * {@code 100/s}, {@code 1k/s}, {@code 2/min}, {@code 1/5s} (one per five seconds), {@code 12/min per device},
 * {@code every 5s} (per device), {@code 10/s -> 100/s}, each optionally {@code poisson}.
 */
final class RateParser {

    /** The forms named in the generic message. */
    static final String FORMS = "a rate such as 100/s, 1/s per device, 12/min per device, 1/5s, every 5s "
            + "or 10/s -> 100/s";

    private static final Pattern ONE = Pattern.compile("(-?[0-9][0-9.]*(?:[eE]\\+?[0-9]+)?)([kM]?)/(.*)");
    private static final Pattern NUMBER = Pattern.compile("[0-9]{1,15}(?:\\.[0-9]{1,9})?(?:[eE]\\+?[0-9]{1,3})?");
    private static final List<List<String>> TAILS = List.of(List.of(), List.of("per", "device"), List.of("poisson"),
            List.of("per", "device", "poisson"), List.of("poisson", "per", "device"));

    /** A rate, or the rule it breaks (to follow the field's path in a message). */
    record Result(Rate rate, String error) {
        static Result error(String error) {
            return new Result(null, error);
        }
    }

    private RateParser() {
    }

    static Result parse(String raw) {
        String text = raw == null ? "" : raw.strip();
        if (text.isEmpty() || text.length() > 100) {
            return Result.error("must be " + FORMS);
        }
        String normal = text.replaceAll("\\s*/\\s*", "/").replaceAll("\\s*->\\s*", " -> ");
        List<String> tokens = new ArrayList<>(Arrays.asList(normal.split("\\s+")));
        if (tokens.get(0).equalsIgnoreCase("every")) {
            return every(tokens);
        }
        double[] from = one(tokens.get(0));
        if (from == null) {
            return Result.error(unitOrForm(tokens.get(0)));
        }
        double[] to = from;
        int rest = 1;
        if (tokens.size() > 1 && tokens.get(1).equals("->")) {
            if (tokens.size() < 3 || (to = one(tokens.get(2))) == null) {
                return Result.error(tokens.size() < 3 ? "must end a ramp with its final rate, e.g. "
                        + tokens.get(0) + " -> " + perSecond(from[0] * 10) : unitOrForm(tokens.get(2)));
            }
            rest = 3;
        }
        List<String> tail = lower(tokens.subList(rest, tokens.size()));
        if (!TAILS.contains(tail)) {
            return Result.error(unknownWords(tokens, rest, tail));
        }
        boolean perDevice = tail.contains("device");
        boolean poisson = tail.contains("poisson");
        String range = range(from[0], to[0], perDevice);
        if (range != null) {
            return Result.error(range);
        }
        if (from[0] == to[0]) {
            return new Result(poisson ? new PoissonRate(from[0], perDevice) : new ConstantRate(from[0], perDevice),
                    null);
        }
        return new Result(poisson ? new PoissonRampRate(from[0], to[0], perDevice)
                : new RampRate(from[0], to[0], perDevice), null);
    }

    /** {@code every 5s [poisson]}: one operation per device per interval. */
    private static Result every(List<String> tokens) {
        Duration d = tokens.size() < 2 ? null : Units.duration(tokens.get(1));
        if (d == null || d.isZero()) {
            return Result.error("must give a duration after every, e.g. every 5s");
        }
        List<String> tail = lower(tokens.subList(2, tokens.size()));
        if (tail.contains("per") || tail.contains("device")) {
            return Result.error("is per device already with every; write every " + tokens.get(1)
                    + (tail.contains("poisson") ? " poisson" : ""));
        }
        if (!tail.isEmpty() && !tail.equals(List.of("poisson"))) {
            return Result.error("has an unknown word '" + tail.get(0) + "'; did you mean 'every " + tokens.get(1)
                    + " poisson'?");
        }
        double perSecond = 1e9 / d.toNanos();
        String range = range(perSecond, perSecond, true);
        if (range != null) {
            return Result.error(range);
        }
        return new Result(tail.isEmpty() ? new ConstantRate(perSecond, true) : new PoissonRate(perSecond, true),
                null);
    }

    /** {@code N[k|M]/UNIT} as per second, or null. */
    private static double[] one(String token) {
        Matcher m = ONE.matcher(token);
        if (!m.matches() || !NUMBER.matcher(m.group(1)).matches()) {
            return null;
        }
        Duration per = unit(m.group(3));
        if (per == null) {
            return null;
        }
        double n = Double.parseDouble(m.group(1)) * (m.group(2).equals("k") ? 1e3 : m.group(2).equals("M") ? 1e6 : 1);
        return new double[] {n * 1e9 / per.toNanos()};
    }

    private static Duration unit(String unit) {
        return switch (unit) {
            case "s" -> Duration.ofSeconds(1);
            case "min", "m" -> Duration.ofMinutes(1);
            case "h" -> Duration.ofHours(1);
            default -> {
                Duration d = Units.duration(unit);
                yield d == null || d.isZero() ? null : d;
            }
        };
    }

    /** Why one rate token is not a rate: its unit named with a suggestion, or the forms. */
    private static String unitOrForm(String token) {
        Matcher m = ONE.matcher(token);
        if (!m.matches()) {
            return "must be " + FORMS;
        }
        if (m.group(1).startsWith("-")) {
            return "must be > 0 (" + FORMS + ")";
        }
        if (!NUMBER.matcher(m.group(1)).matches()) {
            return "has a number '" + Text.printable(m.group(1)) + "' that is not one; write e.g. 100/s";
        }
        String number = m.group(1) + m.group(2);
        String unit = m.group(3);
        String suggestion = switch (unit.toLowerCase(Locale.ROOT)) {
            case "sec", "secs", "second", "seconds" -> number + "/s";
            case "mins", "minute", "minutes" -> number + "/min";
            case "hr", "hrs", "hour", "hours" -> number + "/h";
            case "d", "day", "days" -> number + "/24h";
            case "ms" -> number + "/1ms";
            default -> number + "/s";
        };
        return "has an unknown time unit '" + Text.printable(unit) + "' (write /s, /min, /h or a duration such as "
                + "/5s); did you mean " + suggestion + "?";
    }

    private static String unknownWords(List<String> tokens, int rest, List<String> tail) {
        String shape = String.join(" ", tokens.subList(0, rest));
        String written = String.join(" ", tail);
        List<String> best = TAILS.get(1);
        int bestDistance = Integer.MAX_VALUE;
        for (List<String> candidate : TAILS) {
            String form = String.join(" ", candidate);
            int d = form.startsWith(written) ? 0 : distance(written, form); // "per" is the start of "per device"
            if (d < bestDistance && !candidate.isEmpty()) {
                best = candidate;
                bestDistance = d;
            }
        }
        String offending = tail.stream().filter(w -> !w.equals("per") && !w.equals("device")
                && !w.equals("poisson")).findFirst().orElse(written);
        return "has an unknown word '" + Text.printable(offending) + "'; did you mean '" + shape + " "
                + String.join(" ", best) + "'?";
    }

    /** The range rule a rate breaks, or null. */
    static String range(double from, double to, boolean perDevice) {
        double max = perDevice ? Rate.MAX_DEVICE_PER_SECOND : Rate.MAX_GROUP_PER_SECOND;
        if (from + to == 0) {
            return "must be > 0";
        }
        if (from > max || to > max) {
            return "must be at most " + Units.trim(max) + "/s" + (perDevice ? " per device" : " for the group");
        }
        if ((from > 0 && from < Rate.MIN_PER_SECOND) || (to > 0 && to < Rate.MIN_PER_SECOND)) {
            return "must be at least 1/24h";
        }
        return null;
    }

    private static String perSecond(double v) {
        return Units.trim(v) + "/s";
    }

    private static List<String> lower(List<String> words) {
        return words.stream().map(w -> w.toLowerCase(Locale.ROOT)).toList();
    }

    /** Levenshtein distance, for the nearest valid form. */
    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] swap = prev;
            prev = cur;
            cur = swap;
        }
        return prev[b.length()];
    }
}
