package io.fleetstorm.scenario;

import java.util.SplittableRandom;

/**
 * One stream's Poisson arrivals with an intensity linear from {@code r0} to {@code r1} over the phase, by thinning
 * (Lewis and Shedler): exponential candidates at the peak rate, each kept with probability rate(t) / peak; a constant
 * rate keeps every candidate. Memory is constant whatever the rate and length: the walk keeps only its position, and
 * a question about an earlier operation walks again from the seed. Not thread-safe: one walk per stream.
 */
final class PoissonWalk implements Arrivals {

    private final double r0;
    private final double r1;
    private final double peak;
    private final double seconds;
    private final long phaseNanos;
    private final long seed;
    private SplittableRandom random;
    private long index;
    private double t;

    /** {@code phaseNanos} <= 0: no end (the rate stays {@code r1}); past the end every offset is the phase length. */
    PoissonWalk(double r0, double r1, long phaseNanos, long seed) {
        this.r0 = r0;
        this.r1 = r1;
        this.peak = Math.max(r0, r1);
        this.seconds = phaseNanos > 0 ? phaseNanos / 1e9 : Double.POSITIVE_INFINITY;
        this.phaseNanos = phaseNanos;
        this.seed = seed;
        restart();
    }

    @Override
    public long offsetNanos(long n) {
        if (n < index) {
            restart();
        }
        while (index <= n) {
            t = next(t);
            index++;
        }
        return t >= seconds ? phaseNanos : (long) (t * 1e9);
    }

    private void restart() {
        random = new SplittableRandom(seed);
        index = 0;
        t = 0;
    }

    private double next(double from) {
        double at = from;
        while (at < seconds) {
            at += -Math.log(1 - random.nextDouble()) / peak;
            if (r0 == r1 || random.nextDouble() * peak <= intensity(at)) {
                return at;
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    /** The rate at {@code at} seconds into the phase. */
    double intensity(double at) {
        return at >= seconds ? r1 : r0 + (r1 - r0) * at / seconds;
    }
}
