package io.fleetstorm.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.scenario.PoissonRate;
import io.fleetstorm.scenario.PoissonRampRate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Poisson times as the engine asks for them: the same arrivals on every loop, each walking on its own. */
class PoissonTimesTest {

    @Test
    void everyStreamAndEveryThreadSeesTheSameArrivals() throws Exception {
        IntendedTimes times = ScenarioCompiler.times(new PoissonRampRate(10, 100, false), 1, 60_000_000_000L, 9);
        IntendedTimes stream = times.forStream();
        List<Long> expected = new ArrayList<>();
        for (int n = 0; n < 2_000; n += 3) {
            expected.add(stream.offsetNanos(n));
        }
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<List<Long>>> loops = new ArrayList<>();
            for (int loop = 0; loop < 3; loop++) {
                loops.add(pool.submit(() -> {
                    List<Long> seen = new ArrayList<>();
                    for (int n = 0; n < 2_000; n += 3) {
                        seen.add(times.offsetNanos(n));
                    }
                    return seen;
                }));
            }
            for (Future<List<Long>> f : loops) {
                assertThat(f.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twoStreamsSharingOneLoopThreadInterleaveWithoutWalkingAgain() {
        IntendedTimes times = ScenarioCompiler.times(new PoissonRate(1_000, false), 1, 60_000_000_000L, 2);
        IntendedTimes reference = times.forStream();
        for (int n = 0; n < 10_000; n += 2) {
            // stream A owns even operations, stream B odd ones, B a little behind A
            assertThat(times.offsetNanos(n + 1)).isEqualTo(reference.offsetNanos(n + 1));
            assertThat(times.offsetNanos(n)).isEqualTo(reference.offsetNanos(n));
        }
    }

    @Test
    void offsetsRiseAndARateOfFiftyGivesAboutFiftyASecond() {
        IntendedTimes times = ScenarioCompiler.times(new PoissonRate(50, false), 1, 0, 1).forStream();
        long previous = -1;
        for (int n = 0; n < 5_000; n++) {
            long t = times.offsetNanos(n);
            assertThat(t).isGreaterThanOrEqualTo(previous);
            previous = t;
        }
        assertThat(previous / 1e9).isBetween(95.0, 105.0);
    }

    @Test
    void aStreamFarIntoTheRunNeedsNoMemoryForTheOperationsBefore() {
        IntendedTimes times = ScenarioCompiler.times(new PoissonRate(1_000_000, false), 1, 0, 5).forStream();
        assertThat(times.offsetNanos(3_000_000) / 1e9).isBetween(2.99, 3.01);
    }
}
