package io.fleetstorm.engine;

/**
 * When the n-th operation of a stream is due, as an offset from the stream's start: computed from n, never by
 * accumulating sleeps, so a run cannot drift however long it lasts. Asked with n ascending.
 */
@FunctionalInterface
public interface IntendedTimes {

    long offsetNanos(long n);

    /**
     * The times for one stream to walk on its own: stateless times return themselves; Poisson times return a fresh
     * walk from their seed, so a stream keeps its position without sharing or locking.
     */
    default IntendedTimes forStream() {
        return this;
    }

    /** n operations per second, evenly spaced. */
    static IntendedTimes even(double perSecond) {
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("rate must be > 0, but was " + perSecond);
        }
        double nanosPerOp = 1e9 / perSecond;
        return n -> (long) (n * nanosPerOp);
    }
}
