package io.fleetstorm.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Poisson arrivals: the configured mean rate, exponential gaps, and the same times for every loop that asks. */
class PoissonTimesTest {

    @Test
    void theMeanRateIsTheConfiguredOne() {
        PoissonTimes t = new PoissonTimes(1_000, 42);
        long n = 200_000;
        double seconds = t.offsetNanos(n) / 1e9;
        assertThat(n / seconds).isCloseTo(1_000, within(10.0)); // 1% of the mean over 200k arrivals
    }

    @Test
    void gapsAreExponentialNotEven() {
        PoissonTimes t = new PoissonTimes(1_000, 7);
        int shortGaps = 0;
        for (int i = 0; i < 100_000; i++) {
            if (t.offsetNanos(i + 1) - t.offsetNanos(i) < 1_000_000 * Math.log(2)) {
                shortGaps++;
            }
        }
        // P(gap < median) = 1/2 for an exponential distribution
        assertThat(shortGaps / 100_000.0).isCloseTo(0.5, within(0.01));
    }

    @Test
    void theSameSeedGivesTheSameTimesInAnyOrderOfAsking() {
        PoissonTimes a = new PoissonTimes(50, 3);
        PoissonTimes b = new PoissonTimes(50, 3);
        long late = b.offsetNanos(1_000);
        assertThat(a.offsetNanos(10)).isEqualTo(b.offsetNanos(10));
        assertThat(a.offsetNanos(1_000)).isEqualTo(late);
    }
}
