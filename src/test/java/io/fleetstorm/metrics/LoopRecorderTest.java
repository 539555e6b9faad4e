package io.fleetstorm.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How a loop's recorder judges lateness, on scripted start times: a burst's own queueing is tolerated for the first
 * second of a backlog, a loop that wakes late, a stall inside a burst, or a rate the loop cannot sustain is not.
 */
class LoopRecorderTest {

    private static final long US = 1_000;
    private static final long MS = 1_000_000;
    private static final long T0 = 5_000 * MS;

    private final MetricsRegistry registry = new MetricsRegistry(
            new RunInfo("s", "r", List.of("g"), List.of()), new ScriptedProbe());
    private final LoopRecorder loop = registry.newLoopRecorder();

    private long counter(Counter c) {
        long[] sum = new long[1];
        loop.forEachCounter((k, v) -> {
            if (k.counter() == c) {
                sum[0] += v;
            }
        });
        return sum[0];
    }

    @Test
    void aThousandOperationsDueAtOneInstantQueueWithoutBeingLate() {
        // 1,000 connects due at T0 on one loop, each taking 100 us: the last starts ~100 ms after it was due
        for (int k = 0; k < 1000; k++) {
            loop.operationStarted(0, T0, T0 + 200 * US + k * 100 * US);
        }
        assertThat(counter(Counter.OPERATIONS_STARTED)).isEqualTo(1000);
        assertThat(counter(Counter.LATE_STARTS)).isZero();
    }

    @Test
    void coldFirstOperationsOfABurstAreLateOnlyBeyondTheirCost() {
        // the JIT is cold: the first operation takes 200 ms (a stall, capped at 10 ms of allowance per operation),
        // then 100 us each; 100 operations due at one instant
        long started = T0 + MS;
        for (int k = 0; k < 100; k++) {
            loop.operationStarted(0, T0, started);
            started += k == 0 ? 200 * MS : 100 * US;
        }
        // the k-th (k >= 1) starts ~201 ms late with k x 10 ms allowed beyond 25 ms: k = 1..17 are late
        assertThat(counter(Counter.LATE_STARTS)).isEqualTo(17);
    }

    @Test
    void aLoopThatWakesLateMakesItsWholeBurstLate() {
        for (int k = 0; k < 10; k++) {
            loop.operationStarted(0, T0, T0 + 30 * MS + k * 100 * US);
        }
        assertThat(counter(Counter.LATE_STARTS)).isEqualTo(10);
    }

    @Test
    void aRateTheLoopCannotSustainIsLateOnceItsBacklogIsOlderThanASecond() {
        // due every 100 us, each takes 1 ms: ten times what the loop can do; 3,000 operations in 3 s
        for (int n = 0; n < 3000; n++) {
            loop.operationStarted(0, T0 + n * 100 * US, T0 + n * MS);
        }
        // the n-th is 0.9 n ms late, allowed 25 ms + min(n ms, 1 s): late from n = 1139 on
        assertThat(counter(Counter.LATE_STARTS)).isEqualTo(3000 - 1139);
    }

    @Test
    void aSteadyRateOnTimeIsNeverLateAndANewBurstStartsANewBacklog() {
        for (int n = 0; n < 1000; n++) {
            long due = T0 + n * MS;
            loop.operationStarted(0, due, due + 50 * US);
        }
        // a phase starts: 500 operations due at once, 200 us each (100 ms to work through)
        long burst = T0 + 2_000 * MS;
        for (int k = 0; k < 500; k++) {
            loop.operationStarted(0, burst, burst + 2 * MS + k * 200 * US);
        }
        assertThat(counter(Counter.OPERATIONS_STARTED)).isEqualTo(1500);
        assertThat(counter(Counter.LATE_STARTS)).isZero();
    }

    @Test
    void theBaseToleranceStillApplies() {
        loop.operationStarted(0, T0, T0 + LoopRecorder.LATE_TOLERANCE_NANOS);
        loop.operationStarted(0, T0 + 100 * MS, T0 + 100 * MS + LoopRecorder.LATE_TOLERANCE_NANOS + 1);
        assertThat(counter(Counter.LATE_STARTS)).isEqualTo(1);
    }
}
