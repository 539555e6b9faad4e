package io.fleetstorm.capacity;

import io.fleetstorm.scenario.Scenario;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a step changes the scenario, written as {@code --set} overrides so that the step is the same scenario file
 * validated again (locally, or by every agent of a cluster, exactly as {@code run --set} would be): the varied value
 * in every phase that has it, each measured phase lasting {@code settle + measure}, and the timeline cut after the
 * last measured phase (what follows it measures nothing). The phases before it run as written: that is where a
 * scenario connects its fleet. A connect rate gets a group big enough to keep connecting through the measured
 * phases.
 */
public final class StepPlan {

    private final Scenario scenario;
    private final Dimension dimension;
    private final List<Integer> measured;
    private final Duration settle;
    private final Duration measure;

    /**
     * @param measured the indexes of the measured phases (see {@link #measuredPhases})
     */
    public StepPlan(Scenario scenario, Dimension dimension, List<Integer> measured, Duration settle,
            Duration measure) {
        if (measured.isEmpty()) {
            throw new IllegalArgumentException("a capacity step measures at least one phase");
        }
        this.scenario = scenario;
        this.dimension = dimension;
        this.measured = List.copyOf(measured);
        this.settle = settle;
        this.measure = measure;
    }

    /**
     * The phases a step measures: those named (each must exist), else those that run the varied rate, else (for
     * {@code GROUP.count}) the last phase, where the whole fleet is up.
     *
     * @throws IllegalArgumentException naming an unknown phase
     */
    public static List<Integer> measuredPhases(Scenario scenario, Dimension dimension, List<String> named) {
        List<String> names = scenario.phases().stream().map(Scenario.Phase::name).toList();
        if (named != null && !named.isEmpty()) {
            Set<Integer> out = new LinkedHashSet<>();
            for (String n : named) {
                int i = names.indexOf(n);
                if (i < 0) {
                    throw new IllegalArgumentException("--phase " + n + ": the scenario has no such phase (phases: "
                            + String.join(", ", names) + ")");
                }
                out.add(i);
            }
            return out.stream().sorted().toList();
        }
        List<Integer> varied = dimension.phases(scenario);
        return varied.isEmpty() ? List.of(names.size() - 1) : varied;
    }

    /** The names of the measured phases. */
    public Set<String> measuredNames() {
        Set<String> out = new LinkedHashSet<>();
        measured.forEach(i -> out.add(scenario.phases().get(i).name()));
        return out;
    }

    /** The overrides of the step at {@code load}, on top of the user's own. */
    public Map<String, String> overrides(double load) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String path : dimension.paths(scenario)) {
            out.put(path, dimension.scenarioValue(load));
        }
        String length = (settle.plus(measure).toMillis()) + "ms";
        for (int i : measured) {
            out.put("phases[" + i + "].duration", length);
        }
        if (dimension.connects()) {
            Scenario.Group g = scenario.groups().get(dimension.groupIndex(scenario));
            int needed = devicesToConnect(load);
            if (needed > g.count()) {
                out.put("groups[" + dimension.groupIndex(scenario) + "].count", Integer.toString(needed));
            }
        }
        return out;
    }

    /**
     * Devices a connect-rate step needs so that new connections keep arriving at the load through every phase that
     * runs the connect ramp: the rate times the length of those phases.
     */
    public int devicesToConnect(double load) {
        double seconds = 0;
        List<Integer> connecting = dimension.phases(scenario);
        for (int i : connecting) {
            seconds += (measured.contains(i) ? settle.plus(measure) : scenario.phases().get(i).duration())
                    .toMillis() / 1000.0;
        }
        return (int) Math.min(Integer.MAX_VALUE, Math.ceil(load * seconds));
    }

    /** The step's timeline: every phase up to the last measured one, measured phases at settle + measure. */
    public Duration length() {
        Duration total = Duration.ZERO;
        int last = measured.get(measured.size() - 1);
        for (int i = 0; i <= last; i++) {
            total = total.plus(measured.contains(i) ? settle.plus(measure) : scenario.phases().get(i).duration());
        }
        return total;
    }

    /** The phases a step does not run (after the last measured one), by name, for the thresholds they scope. */
    public List<String> droppedPhases() {
        List<String> out = new ArrayList<>();
        for (int i = measured.get(measured.size() - 1) + 1; i < scenario.phases().size(); i++) {
            out.add(scenario.phases().get(i).name());
        }
        return out;
    }
}
