package io.fleetstorm.hub;

import java.time.Duration;
import java.util.random.RandomGenerator;

/** How long the hub holds an operation: a fixed time or a distribution, sampled per operation. */
public sealed interface DelaySpec {

    /** The longest delay any spec may ask for (a client's command timeout is seconds; this is far beyond). */
    Duration MAX = Duration.ofMinutes(10);

    /** One delay, in nanoseconds. */
    long sampleNanos(RandomGenerator random);

    /** The median of the distribution, in nanoseconds. */
    long medianNanos();

    /** As written in a flag: {@code 3ms}, {@code uniform:1ms:5ms}, {@code lognormal:2ms:20ms}. */
    String describe();

    /** The same delay every time. */
    record Fixed(long nanos) implements DelaySpec {
        public Fixed {
            check(nanos, "a fixed delay");
        }

        @Override
        public long sampleNanos(RandomGenerator random) {
            return nanos;
        }

        @Override
        public long medianNanos() {
            return nanos;
        }

        @Override
        public String describe() {
            return HubFaultSpec.formatNanos(nanos);
        }
    }

    /** Uniform between {@code minNanos} and {@code maxNanos}, both included. */
    record Uniform(long minNanos, long maxNanos) implements DelaySpec {
        public Uniform {
            check(minNanos, "a uniform delay's minimum");
            check(maxNanos, "a uniform delay's maximum");
            if (maxNanos < minNanos) {
                throw new IllegalArgumentException("a uniform delay's maximum must not be below its minimum, but was "
                        + "uniform:" + HubFaultSpec.formatNanos(minNanos) + ":" + HubFaultSpec.formatNanos(maxNanos));
            }
        }

        @Override
        public long sampleNanos(RandomGenerator random) {
            return maxNanos == minNanos ? minNanos : minNanos + random.nextLong(maxNanos - minNanos + 1);
        }

        @Override
        public long medianNanos() {
            return minNanos + (maxNanos - minNanos) / 2;
        }

        @Override
        public String describe() {
            return "uniform:" + HubFaultSpec.formatNanos(minNanos) + ":" + HubFaultSpec.formatNanos(maxNanos);
        }
    }

    /**
     * Log-normal with the given median and 99th percentile: a long right tail, as service times of a loaded server
     * have. Samples are capped at {@link #MAX}.
     */
    record LogNormal(long medianNanos, long p99Nanos) implements DelaySpec {

        /** The 99th percentile of the standard normal distribution. */
        static final double Z99 = 2.3263478740408408;

        public LogNormal {
            if (medianNanos <= 0) {
                throw new IllegalArgumentException("a log-normal delay's median must be > 0, but was "
                        + HubFaultSpec.formatNanos(medianNanos));
            }
            check(p99Nanos, "a log-normal delay's p99");
            if (p99Nanos <= medianNanos) {
                throw new IllegalArgumentException("a log-normal delay's p99 must be above its median, but was "
                        + "lognormal:" + HubFaultSpec.formatNanos(medianNanos) + ":"
                        + HubFaultSpec.formatNanos(p99Nanos));
            }
        }

        /** The standard deviation of the underlying normal distribution. */
        public double sigma() {
            return (Math.log(p99Nanos) - Math.log(medianNanos)) / Z99;
        }

        @Override
        public long sampleNanos(RandomGenerator random) {
            double sample = medianNanos * Math.exp(sigma() * random.nextGaussian());
            return (long) Math.min(sample, MAX.toNanos());
        }

        @Override
        public String describe() {
            return "lognormal:" + HubFaultSpec.formatNanos(medianNanos) + ":" + HubFaultSpec.formatNanos(p99Nanos);
        }
    }

    private static void check(long nanos, String what) {
        if (nanos < 0 || nanos > MAX.toNanos()) {
            throw new IllegalArgumentException(what + " must be 0.." + MAX.toMinutes() + "m, but was "
                    + HubFaultSpec.formatNanos(nanos));
        }
    }
}
