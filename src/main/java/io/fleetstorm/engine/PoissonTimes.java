package io.fleetstorm.engine;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Poisson arrivals: exponential gaps with a mean of 1/rate from a seeded generator. The n-th offset is the sum of the
 * first n gaps, computed once and kept, so every event loop sees the same arrival times whatever order it asks in.
 */
final class PoissonTimes implements IntendedTimes {

    private final double meanGapNanos;
    private final SplittableRandom random;
    private long[] offsets = new long[1024];
    private int known;
    private double last;

    PoissonTimes(double perSecond, long seed) {
        this.meanGapNanos = 1e9 / perSecond;
        this.random = new SplittableRandom(seed);
    }

    @Override
    public synchronized long offsetNanos(long n) {
        if (n > Integer.MAX_VALUE - 16) {
            return Long.MAX_VALUE;
        }
        while (known <= n) {
            if (known == offsets.length) {
                offsets = Arrays.copyOf(offsets, offsets.length * 2);
            }
            offsets[known++] = (long) last;
            last += -Math.log(1 - random.nextDouble()) * meanGapNanos;
        }
        return offsets[(int) n];
    }
}
