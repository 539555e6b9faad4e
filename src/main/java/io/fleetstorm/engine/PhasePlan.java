package io.fleetstorm.engine;

import java.util.List;

/**
 * A phase of the timeline.
 *
 * @param name        the phase's name (metrics label)
 * @param startNanos  offset of its start from the run's start
 * @param durationNanos its length
 * @param activities  what each group does during it
 */
public record PhasePlan(String name, long startNanos, long durationNanos, List<Activity> activities) {

    public long endNanos() {
        return startNanos + durationNanos;
    }
}
