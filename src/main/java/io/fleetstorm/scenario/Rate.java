package io.fleetstorm.scenario;

/**
 * An arrival rate (the open model), one shape per type: constant or ramping linearly from {@link #from()} to
 * {@link #to()} over the phase, evenly spaced or Poisson, for the whole group or per device. Written {@code 100/s},
 * {@code 1/s per device}, {@code 12/min per device}, {@code 1/5s}, {@code every 5s}, {@code 10/s -> 200/s},
 * {@code 50/s poisson}, {@code 10/s -> 50/s poisson} (see {@link RateParser}). Per-device rates run as the group's
 * total over round-robin devices: the same arrivals, one schedule instead of thousands.
 */
public sealed interface Rate permits ConstantRate, RampRate, PoissonRate, PoissonRampRate {

    /** The highest rate of one group, operations per second (ten times what one generator has measured). */
    double MAX_GROUP_PER_SECOND = 10_000_000;
    /** The highest per-device rate, per second (the cloud allows 30 uplink messages per second). */
    double MAX_DEVICE_PER_SECOND = 1_000;
    /** The lowest non-zero rate: one a day. */
    double MIN_PER_SECOND = 1.0 / 86_400;

    /** Operations per second at the phase start (per device when {@link #perDevice()}). */
    double from();

    /** Operations per second at the phase end. */
    double to();

    /** Whether the rate is per device rather than for the whole group. */
    boolean perDevice();

    /** Whether arrivals are a Poisson process rather than evenly spaced. */
    boolean poisson();

    /** The same shape with a whole-group rate multiplied by {@code share} (a shard's part); per-device unchanged. */
    Rate scaled(double share);

    /**
     * The arrival times of one stream of {@code devices} devices in a phase of {@code phaseNanos}: a fresh walk,
     * asked with n ascending. Evenly spaced shapes are computed from n; Poisson shapes walk a generator seeded with
     * {@code seed}, so every stream of the same seed sees the same arrivals.
     */
    Arrivals arrivals(int devices, long phaseNanos, long seed);

    /** The group's total rate at the phase start. */
    default double totalFrom(int devices) {
        return perDevice() ? from() * devices : from();
    }

    /** The group's total rate at the phase end. */
    default double totalTo(int devices) {
        return perDevice() ? to() * devices : to();
    }

    /** The group's highest total rate during the phase. */
    default double peakTotal(int devices) {
        return Math.max(totalFrom(devices), totalTo(devices));
    }

    /** Operations expected in a phase of this length (for plan and totals). */
    default double expectedCount(int devices, long phaseNanos) {
        return (totalFrom(devices) + totalTo(devices)) / 2 * phaseNanos / 1e9;
    }

    /** The rate as a person writes it: {@code 100/s}, {@code 12/min per device}, {@code 10/s -> 50/s poisson}. */
    static String text(Rate r) {
        String shape = r.from() == r.to() ? perUnit(r.from()) : perUnit(r.from()) + " -> " + perUnit(r.to());
        return shape + (r.perDevice() ? " per device" : "") + (r.poisson() ? " poisson" : "");
    }

    /** {@code 100/s}, {@code 12/min} or {@code 2/h}: the largest unit that keeps the number at least one. */
    static String perUnit(double perSecond) {
        if (perSecond >= 1 || perSecond == 0) {
            return Units.trim(perSecond) + "/s";
        }
        if (perSecond * 60 >= 1) {
            return Units.trim(perSecond * 60) + "/min";
        }
        return Units.trim(perSecond * 3_600) + "/h";
    }

    /** Gatling's {@code require}: a shape refuses values the parser would never give it. */
    static void check(double from, double to) {
        if (!(from >= 0) || !(to >= 0) || Double.isInfinite(from) || Double.isInfinite(to) || from + to == 0) {
            throw new IllegalArgumentException("a rate must be finite, >= 0 and not 0 throughout, but was " + from
                    + " -> " + to);
        }
    }
}
