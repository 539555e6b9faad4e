package io.fleetstorm.scenario;

import java.util.Locale;

/**
 * The cost of one intended time per rate shape, as a stream asks for them (n ascending), and the memory it keeps:
 * evenly spaced shapes compute from n, Poisson shapes walk a seeded generator (thinning for a ramp) and keep only
 * their position. Run by {@code bench/arrivals.sh}; a benchmark, not a test: it asserts nothing.
 */
public final class ArrivalsBench {

    private ArrivalsBench() {
    }

    public static void main(String[] args) {
        long operations = args.length > 0 ? Long.parseLong(args[0]) : 20_000_000L;
        long phase = 3_600_000_000_000L; // an hour: no shape runs out of arrivals before the last operation
        Rate[] shapes = {new ConstantRate(50_000, false), new RampRate(10_000, 90_000, false),
            new PoissonRate(50_000, false), new PoissonRampRate(10_000, 90_000, false)};
        for (int round = 0; round < 3; round++) {
            for (Rate rate : shapes) {
                Arrivals a = rate.arrivals(1, phase, 42);
                long sink = 0;
                long start = System.nanoTime();
                for (long n = 0; n < operations; n++) {
                    sink += a.offsetNanos(n);
                }
                long elapsed = System.nanoTime() - start;
                System.out.printf(Locale.ROOT, "round %d %-22s %-16s %6.1f ns per arrival (%d)%n", round,
                        rate, rate.getClass().getSimpleName(), (double) elapsed / operations, sink % 10);
            }
        }
    }
}
