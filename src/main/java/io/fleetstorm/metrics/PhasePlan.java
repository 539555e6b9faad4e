package io.fleetstorm.metrics;

/** One planned phase of the run timeline: its name and planned duration (0 = open-ended). */
public record PhasePlan(String name, long durationNanos) {
}
