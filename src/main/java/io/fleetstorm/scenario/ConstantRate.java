package io.fleetstorm.scenario;

/** Evenly spaced arrivals at one rate: the n-th is due at n / rate. */
public record ConstantRate(double perSecond, boolean perDevice) implements Rate {

    public ConstantRate {
        Rate.check(perSecond, perSecond);
    }

    @Override
    public double from() {
        return perSecond;
    }

    @Override
    public double to() {
        return perSecond;
    }

    @Override
    public boolean poisson() {
        return false;
    }

    @Override
    public Rate scaled(double share) {
        return perDevice ? this : new ConstantRate(perSecond * share, false);
    }

    @Override
    public Arrivals arrivals(int devices, long phaseNanos, long seed) {
        double nanosPerOp = 1e9 / totalFrom(devices);
        return n -> (long) (n * nanosPerOp);
    }

    @Override
    public String toString() {
        return Rate.text(this);
    }
}
