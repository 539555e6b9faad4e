package io.fleetstorm.scenario;

/**
 * Evenly spaced arrivals whose rate moves linearly from {@code from} to {@code to} over the phase: the n-th is due
 * when the integral of the rate reaches n, {@code r0 t + (r1 - r0) t^2 / 2T = n}, solved for t.
 */
public record RampRate(double from, double to, boolean perDevice) implements Rate {

    public RampRate {
        Rate.check(from, to);
    }

    @Override
    public boolean poisson() {
        return false;
    }

    @Override
    public Rate scaled(double share) {
        return perDevice ? this : new RampRate(from * share, to * share, false);
    }

    @Override
    public Arrivals arrivals(int devices, long phaseNanos, long seed) {
        double r0 = totalFrom(devices);
        double r1 = totalTo(devices);
        double seconds = phaseNanos / 1e9;
        double a = (r1 - r0) / (2 * seconds);
        if (r0 == r1 || !(seconds > 0)) {
            double nanosPerOp = 1e9 / Math.max(r0, r1);
            return n -> (long) (n * nanosPerOp);
        }
        return n -> {
            double disc = r0 * r0 + 4 * a * n;
            if (disc < 0) {
                return phaseNanos; // a falling ramp that ends before reaching n operations
            }
            // the root written so it stays exact when a is tiny: 2n / (r0 + sqrt(disc))
            double t = 2.0 * n / (r0 + Math.sqrt(disc));
            return (long) (t * 1e9);
        };
    }

    @Override
    public String toString() {
        return Rate.text(this);
    }
}
