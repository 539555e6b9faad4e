package io.fleetstorm.metrics;

/** A latency series: one operation of one device group. */
public record LatencyKey(int group, Operation operation) {
}
