package io.fleetstorm.capacity;

import io.fleetstorm.metrics.ExitCode;
import java.util.ArrayList;
import java.util.List;

/**
 * The search for the highest load that still meets the thresholds: steps up the range geometrically (each load
 * double the last, the last one the top of the range) until one fails, then bisects between the last load that
 * passed and the first that failed until they are within {@code precision} of each other. A step the generator
 * could not drive ({@link Outcome#GENERATOR}) ends the search with the last passing load as a lower bound and says
 * so: fleetstorm never reports its own limit as the target's. Pure: the steps are run by a {@link StepRunner}.
 */
public final class CapacitySearch {

    /** Runs one step at a load; the search decides the next from its outcome. */
    @FunctionalInterface
    public interface StepRunner {
        /**
         * @param index 1-based
         * @param stage {@code step} or {@code bisect}
         */
        StepResult run(int index, double load, String stage) throws Exception;
    }

    /** The most steps one search runs (a range of 10^6 at 1% precision needs about 27). */
    public static final int MAX_STEPS = 40;

    private final Dimension dimension;
    private final double from;
    private final double to;
    private final double precision;
    private final StepRunner runner;
    private final int confirm;
    private final List<StepResult> steps = new ArrayList<>();

    /** A search that runs a marginal failure once more ({@link #CapacitySearch(Dimension, double, double, double,
     * int, StepRunner)} with 1). */
    public CapacitySearch(Dimension dimension, double from, double to, double precision, StepRunner runner) {
        this(dimension, from, to, precision, 1, runner);
    }

    /**
     * @param confirm how many times a step that failed without being clearly lost (no early stop) is run again; it
     *                fails only when every run fails. A load past the target's capacity is clearly lost within
     *                seconds; a marginal failure near it, or below it, can be a hiccup of a shared machine (a stall
     *                of a few hundred ms is a p99 of its own).
     */
    public CapacitySearch(Dimension dimension, double from, double to, double precision, int confirm,
            StepRunner runner) {
        if (!(from > 0) || !(to >= from)) {
            throw new IllegalArgumentException("the range must be 0 < from <= to, but was " + from + ".." + to);
        }
        if (!(precision > 0 && precision < 1)) {
            throw new IllegalArgumentException("precision must be between 0% and 100% (exclusive), but was "
                    + precision);
        }
        this.dimension = dimension;
        this.from = from;
        this.to = to;
        this.precision = precision;
        if (confirm < 0 || confirm > 5) {
            throw new IllegalArgumentException("confirm must be 0..5, but was " + confirm);
        }
        this.confirm = confirm;
        this.runner = runner;
    }

    /** The geometric steps from {@code from} to {@code to}: from, 2 from, 4 from, ..., to. */
    public static List<Double> ladder(double from, double to, boolean whole) {
        List<Double> out = new ArrayList<>();
        for (double v = from; v < to && out.size() < MAX_STEPS; v *= 2) {
            out.add(whole ? Math.rint(v) : v);
        }
        out.add(to);
        return out;
    }

    /** Runs the search to its answer. */
    public CapacityResult search() throws Exception {
        Double good = null;
        Double bad = null;
        for (double load : ladder(from, to, dimension.count())) {
            StepResult r = step(load, "step");
            switch (r.outcome()) {
                case PASS -> good = load;
                case FAIL -> bad = load;
                default -> {
                    return stopped(r, good);
                }
            }
            if (bad != null) {
                break;
            }
        }
        if (bad == null) {
            return result(good, "none", good, null, "capacity at least " + dimension.format(good) + ": every "
                    + "step up to the top of the range passed (raise --to to find the limit)", ExitCode.OK);
        }
        if (good == null) {
            return result(null, "target", null, bad, "no capacity in the range: even the lowest step ("
                    + dimension.format(bad) + ") failed; lower --from", ExitCode.THRESHOLDS_BREACHED);
        }
        while (!closeEnough(good, bad) && steps.size() < MAX_STEPS) {
            double mid = dimension.count() ? Math.floor((good + bad) / 2) : (good + bad) / 2;
            if (mid <= good || mid >= bad) {
                break; // whole devices: the bracket is as narrow as it gets
            }
            StepResult r = step(mid, "bisect");
            switch (r.outcome()) {
                case PASS -> good = mid;
                case FAIL -> bad = mid;
                default -> {
                    return stopped(r, good);
                }
            }
        }
        return result(good, "target", good, bad, "capacity " + dimension.format(good) + " (target-bound: "
                + dimension.format(bad) + " failed; bracket " + Dimension.number(good) + ".." + Dimension.number(bad)
                + ", within " + percent(precision) + ")", ExitCode.OK);
    }

    /** Whether the bracket is within the precision, relative to its passing end. */
    boolean closeEnough(double good, double bad) {
        return (bad - good) / good <= precision;
    }

    private StepResult step(double load, String stage) throws Exception {
        StepResult r = runner.run(steps.size() + 1, load, stage);
        steps.add(r);
        for (int i = 0; i < confirm && r.outcome() == Outcome.FAIL && !r.stoppedEarly(); i++) {
            r = runner.run(steps.size() + 1, load, "confirm");
            steps.add(r);
        }
        return r;
    }

    private CapacityResult stopped(StepResult r, Double good) {
        return switch (r.outcome()) {
            case GENERATOR -> result(good, "generator", good, null, "generator-bound at "
                    + dimension.format(r.load()) + ": fleetstorm itself fell behind, so the target's limit is not "
                    + "known" + (good == null ? "" : "; it met every threshold up to " + dimension.format(good))
                    + "; add agents (--agents N) or cores", ExitCode.THRESHOLDS_BREACHED);
            case UNREACHABLE -> result(null, "unreachable", good, null, "target unreachable at "
                    + dimension.format(r.load()) + ": " + String.join("; ", r.reasons()), ExitCode.ABORTED);
            default -> result(null, "aborted", good, null, "search aborted at " + dimension.format(r.load())
                    + (r.reasons().isEmpty() ? "" : ": " + String.join("; ", r.reasons())), ExitCode.ABORTED);
        };
    }

    private CapacityResult result(Double capacity, String bound, Double low, Double high, String answer,
            ExitCode code) {
        return new CapacityResult(dimension, from, to, precision, capacity, bound, low, high, answer, code, steps);
    }

    static String percent(double ratio) {
        return Dimension.number(ratio * 100) + "%";
    }
}
