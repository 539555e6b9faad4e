package io.fleetstorm.metrics;

/**
 * The load generator's own health over one interval: CPU as a fraction of the cores the JVM may use (0..1, -1 when
 * unknown), heap, and open file descriptors (sockets included) against the process limit (-1 when unknown).
 */
public record GeneratorSample(double cpuRatio, long heapUsedBytes, long heapMaxBytes, long openFds, long fdLimit) {
}
