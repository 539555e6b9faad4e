package io.fleetstorm.scenario;

import java.util.SplittableRandom;

/**
 * One stream's Poisson arrivals with an intensity linear from {@code r0} to {@code r1} over the phase, by thinning
 * (Lewis and Shedler): exponential candidates at an envelope rate, each kept with probability rate(t) / envelope; a
 * constant rate keeps every candidate. Memory is constant whatever the rate and length: the walk keeps its position
 * and the last {@value #RECENT} arrivals; a question about an older operation walks again from the seed. Not
 * thread-safe: one walk per stream (or per thread).
 */
final class PoissonWalk implements Arrivals {

    /** Slices of a ramp's envelope; 256 keep over 99 % of candidates for any linear ramp that does not touch 0. */
    static final int SEGMENTS = 256;
    /**
     * Arrivals kept behind the position, so streams that share a walk and ask a little out of order (loops a few
     * operations apart) are answered without walking again from the seed.
     */
    static final int RECENT = 64;

    private final double r0;
    private final double r1;
    private final double peak;
    private final double seconds;
    private final long phaseNanos;
    private final long seed;
    private final double[] recent = new double[RECENT];
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
        if (n < index && n >= index - RECENT) {
            return nanos(recent[(int) (n % RECENT)]);
        }
        if (n < index) {
            restart();
        }
        while (index <= n) {
            t = next(t);
            recent[(int) (index % RECENT)] = t;
            index++;
        }
        return nanos(t);
    }

    private long nanos(double at) {
        return at >= seconds ? phaseNanos : (long) (at * 1e9);
    }

    private void restart() {
        random = new SplittableRandom(seed);
        index = 0;
        t = 0;
    }

    /**
     * The next arrival after {@code from}. A ramp's envelope is piecewise constant: in each of {@link #SEGMENTS}
     * slices of the phase, the higher of the rates at its two ends, so nearly every candidate is kept (one envelope
     * at the ramp's peak would throw most away early in a ramp from 10/s to 90/s). A candidate past its slice is
     * dropped and the walk starts again at the slice's end: exponential gaps have no memory, so that is exact.
     */
    private double next(double from) {
        double at = from;
        while (at < seconds) {
            double sliceEnd = seconds;
            double bound = peak;
            if (r0 != r1) {
                int k = (int) (at / seconds * SEGMENTS);
                sliceEnd = (k + 1) * seconds / SEGMENTS;
                bound = Math.max(intensity(k * seconds / SEGMENTS), intensity(sliceEnd));
            }
            double candidate = at + -Math.log(1 - random.nextDouble()) / bound;
            if (candidate >= sliceEnd) {
                at = sliceEnd;
                continue;
            }
            at = candidate;
            if (r0 == r1 || random.nextDouble() * bound <= intensity(at)) {
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
