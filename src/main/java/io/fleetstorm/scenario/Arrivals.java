package io.fleetstorm.scenario;

/**
 * When the n-th operation of one stream is due, as an offset from the phase start: computed from n for evenly spaced
 * shapes (never accumulated, so nothing drifts), walked from a seed for Poisson ones.
 */
@FunctionalInterface
public interface Arrivals {

    /**
     * The offset of operation n (0-based) in nanoseconds. An operation that falls after the phase gets the phase's
     * length (never Long.MAX_VALUE: callers add the offset to a clock reading, and that sum must not overflow).
     */
    long offsetNanos(long n);
}
