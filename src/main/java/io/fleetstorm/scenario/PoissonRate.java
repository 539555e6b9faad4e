package io.fleetstorm.scenario;

/** Poisson arrivals at one rate: exponential gaps with a mean of 1 / rate, from a seeded walk per stream. */
public record PoissonRate(double perSecond, boolean perDevice) implements Rate {

    public PoissonRate {
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
        return true;
    }

    @Override
    public Rate scaled(double share) {
        return perDevice ? this : new PoissonRate(perSecond * share, false);
    }

    @Override
    public Arrivals arrivals(int devices, long phaseNanos, long seed) {
        double total = totalFrom(devices);
        return new PoissonWalk(total, total, phaseNanos, seed);
    }

    @Override
    public String toString() {
        return Rate.text(this);
    }
}
