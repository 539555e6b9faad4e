package io.fleetstorm.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Each delay distribution samples what its spec says: the median and p99 of lognormal, the bounds of uniform. */
class DelaySpecTest {

    private static long[] samples(DelaySpec spec, int n) {
        SplittableRandom random = new SplittableRandom(7);
        long[] values = new long[n];
        for (int i = 0; i < n; i++) {
            values[i] = spec.sampleNanos(random);
        }
        Arrays.sort(values);
        return values;
    }

    @Test
    void lognormal2ms20msHasItsMedianAt2msAndItsP99At20ms() {
        long[] v = samples(new DelaySpec.LogNormal(2_000_000, 20_000_000), 400_000);
        assertThat(v[v.length / 2] / 1e6).isBetween(1.98, 2.02);
        assertThat(v[v.length * 99 / 100] / 1e6).isBetween(19.4, 20.6);
        assertThat(Arrays.stream(v).average().orElseThrow() / 1e6).as("mean = median x exp(sigma^2/2)")
                .isBetween(3.2, 3.35);
    }

    @Test
    void uniformStaysWithinItsBoundsAndFixedNeverVaries() {
        long[] v = samples(new DelaySpec.Uniform(1_000_000, 5_000_000), 100_000);
        assertThat(v[0]).isGreaterThanOrEqualTo(1_000_000);
        assertThat(v[v.length - 1]).isLessThanOrEqualTo(5_000_000);
        assertThat(v[v.length / 2] / 1e6).isBetween(2.95, 3.05);
        assertThat(samples(new DelaySpec.Fixed(3_000_000), 10)).containsOnly(3_000_000L);
    }

    @Test
    void lognormalSamplesAreCappedAtTheLongestDelay() {
        long[] v = samples(new DelaySpec.LogNormal(60_000_000_000L, 600_000_000_000L), 10_000);
        assertThat(v[v.length - 1]).isEqualTo(DelaySpec.MAX.toNanos());
    }
}
