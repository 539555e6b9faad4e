package io.fleetstorm.report.compare;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.metrics.LatencyHistograms;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The block bootstrap on synthetic interval histograms whose true difference is known. */
class BootstrapTest {

    /** {@code n} one-second intervals of 200 log-normal latencies around {@code medianMs}, plus {@code shiftMs}. */
    private static List<ComparedRun.Interval> run(long seed, int n, double medianMs, double shiftMs) {
        Random random = new Random(seed);
        List<ComparedRun.Interval> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Histogram h = LatencyHistograms.newHistogram();
            for (int k = 0; k < 200; k++) {
                double ms = medianMs * Math.exp(0.5 * random.nextGaussian()) + shiftMs;
                h.recordValue((long) (ms * 1e6));
            }
            out.add(new ComparedRun.Interval(h, i * 1000L, (i + 1) * 1000L));
        }
        return out;
    }

    @Test
    void twoSamplesOfTheSameProcessGiveAnIntervalAroundZero() {
        Bootstrap.Interval p99 = Bootstrap.difference(run(1, 60, 1, 0), run(2, 60, 1, 0),
                Bootstrap.percentile(99), 0.95);
        assertThat(p99.low()).isNegative();
        assertThat(p99.high()).isPositive();
        Bootstrap.Interval rate = Bootstrap.difference(run(1, 60, 1, 0), run(2, 60, 1, 0), Bootstrap.rate(), 0.95);
        assertThat(rate.low()).isLessThanOrEqualTo(0);
        assertThat(rate.high()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void threeMillisecondsAddedAreFoundWithinTheirInterval() {
        Bootstrap.Interval p50 = Bootstrap.difference(run(1, 60, 1, 0), run(2, 60, 1, 3),
                Bootstrap.percentile(50), 0.95);
        assertThat(p50.low()).isGreaterThan(0.0028);
        assertThat(p50.high()).isLessThan(0.0032);
        Bootstrap.Interval mean = Bootstrap.difference(run(1, 60, 1, 0), run(2, 60, 1, 3), Bootstrap.mean(), 0.95);
        assertThat(mean.low()).isGreaterThan(0.0028);
        assertThat(mean.high()).isLessThan(0.0032);
    }

    @Test
    void thePermutationTestFindsAShiftOfEveryIntervalButNotAHiccupInAFew() {
        Bootstrap.Permutation same = Bootstrap.permutation(run(1, 20, 1, 0), run(2, 20, 1, 0),
                Bootstrap.percentile(99));
        assertThat(same.pTwoSided()).isGreaterThan(0.05);
        Bootstrap.Permutation shifted = Bootstrap.permutation(run(1, 20, 1, 0), run(2, 20, 1, 3),
                Bootstrap.percentile(99));
        assertThat(shifted.pUp()).isLessThan(0.01);
        assertThat(shifted.pDown()).isGreaterThan(0.99);
        // three one-second stalls of 100 ms in the second run: its p99 is far higher, yet a random split of the
        // pooled intervals puts those three on that side often enough that it is not a difference of the runs
        List<ComparedRun.Interval> hiccups = run(2, 20, 1, 0);
        for (int i : new int[] {4, 9, 15}) {
            hiccups.get(i).histogram().recordValueWithCount(100_000_000L, 20);
        }
        Bootstrap.Permutation hiccup = Bootstrap.permutation(run(1, 20, 1, 0), hiccups, Bootstrap.percentile(99));
        assertThat(hiccup.observed()).isGreaterThan(0.05);
        assertThat(hiccup.pTwoSided()).isGreaterThan(0.05);
    }

    @Test
    void theSameInputsGiveTheSameInterval() {
        Bootstrap.Interval a = Bootstrap.difference(run(1, 30, 1, 0), run(2, 30, 1, 0.1), Bootstrap.percentile(90),
                0.95);
        Bootstrap.Interval b = Bootstrap.difference(run(1, 30, 1, 0), run(2, 30, 1, 0.1), Bootstrap.percentile(90),
                0.95);
        assertThat(a).isEqualTo(b);
    }

    @Test
    void noIntervalsOnOneSideGiveNoInterval() {
        assertThat(Bootstrap.difference(List.of(), run(2, 5, 1, 0), Bootstrap.percentile(99), 0.95)).isNull();
    }

    @Test
    void theNormalQuantileIsRight() {
        assertThat(Normal.quantile(0.975)).isCloseTo(1.959964, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(Normal.quantile(0.995)).isCloseTo(2.575829, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(Normal.quantile(0.01)).isCloseTo(-2.326348, org.assertj.core.data.Offset.offset(1e-5));
    }
}
