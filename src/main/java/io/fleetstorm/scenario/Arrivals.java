package io.fleetstorm.scenario;

/**
 * When the n-th operation of one stream is due, as an offset from the phase start: computed from n for evenly spaced
 * shapes (never accumulated, so nothing drifts), walked from a seed for Poisson ones.
 */
@FunctionalInterface
public interface Arrivals {

    /** The offset of operation n (0-based) in nanoseconds; Long.MAX_VALUE when it falls after the phase. */
    long offsetNanos(long n);
}
