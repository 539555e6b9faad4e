package io.fleetstorm.metrics;

import java.util.List;

/** What a run is: scenario name, run id (used as the Pushgateway instance), device groups and phase timeline. */
public record RunInfo(String scenario, String runId, List<String> groups, List<PhasePlan> phases) {

    public RunInfo {
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("a run needs at least one device group");
        }
        groups = List.copyOf(groups);
        phases = List.copyOf(phases);
    }

    /** The planned total duration, the sum of the phase durations. */
    public long plannedNanos() {
        return phases.stream().mapToLong(PhasePlan::durationNanos).sum();
    }
}
