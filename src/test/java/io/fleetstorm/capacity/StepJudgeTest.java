package io.fleetstorm.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.metrics.Counter;
import io.fleetstorm.metrics.FakeClock;
import io.fleetstorm.metrics.IntervalCollector;
import io.fleetstorm.metrics.LoopRecorder;
import io.fleetstorm.metrics.MetricsRegistry;
import io.fleetstorm.metrics.Operation;
import io.fleetstorm.metrics.PhasePlan;
import io.fleetstorm.metrics.RunInfo;
import io.fleetstorm.metrics.RunResult;
import io.fleetstorm.metrics.ScriptedProbe;
import io.fleetstorm.report.ThresholdResult;
import io.fleetstorm.report.ThresholdSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The judge of a step on scripted time: what it measures, when it stops a step, what it judges the step by. */
class StepJudgeTest {

    private static final long MS = 1_000_000L;
    private static final ThresholdSpec P99 = ThresholdSpec.parse("publish-ack.p99 < 100ms");

    private final FakeClock clock = new FakeClock();
    private final List<String> stops = new ArrayList<>();

    /**
     * A step of two phases, "connect" 2 s (5 ms connects) and "steady" 10 s; each second of steady, 100 publish-acks
     * of {@code latencyMs[second]}. The judge measures steady after a 2 s settle.
     */
    private RunResult step(StepJudge judge, long... latencyMs) {
        MetricsRegistry registry = new MetricsRegistry(new RunInfo("s", "r", List.of("sensors"),
                List.of(new PhasePlan("connect", 2000 * MS), new PhasePlan("steady", 10_000 * MS))),
                new ScriptedProbe());
        IntervalCollector collector = new IntervalCollector(registry, clock, 1000 * MS);
        collector.addSink(judge);
        LoopRecorder loop = registry.newLoopRecorder();
        collector.phaseStarted("connect");
        for (int s = 0; s < 2; s++) {
            long now = clock.nanoTime();
            for (int i = 0; i < 10; i++) {
                loop.recordLatency(0, Operation.CONNECT, now, now, now + 5 * MS);
                loop.count(0, Counter.CONNECTS_OK, null, 0, 1);
                loop.count(0, Counter.CONNECT_ATTEMPTS, null, 0, 1);
            }
            clock.advanceMillis(1000);
            collector.flipNow();
        }
        collector.phaseStarted("steady");
        for (long ms : latencyMs) {
            long now = clock.nanoTime();
            for (int i = 0; i < 100; i++) {
                loop.recordLatency(0, Operation.PUBLISH_ACK, now, now, now + ms * MS);
                loop.operationStarted(0, now, now);
            }
            clock.advanceMillis(1000);
            collector.flipNow();
        }
        return collector.finish(null, null);
    }

    private StepJudge judge(ThresholdSpec... specs) {
        return new StepJudge(Set.of("steady"), 2000 * MS, 6000 * MS, List.of(specs), stops::add);
    }

    @Test
    void theSettleIsNotMeasuredAndAPassingStepIsNeverStopped() {
        StepJudge judge = judge(P99);
        // the first two seconds of steady are the settle: a queue emptying from the previous load, not measured
        // then six measured seconds; the last two are past the measurement (the drain): answers, but no time
        RunResult r = step(judge, 900, 900, 5, 5, 5, 5, 5, 5, 5, 5);
        assertThat(stops).isEmpty();
        assertThat(judge.measuredSeconds()).isEqualTo(6.0);
        assertThat(judge.window().durationSeconds()).isEqualTo(6.0);
        assertThat(judge.window().latency(Operation.PUBLISH_ACK, null).corrected().getTotalCount()).isEqualTo(800);
        assertThat(OperationStats.of(judge.window(), judge.timed()).get("publish-ack").ratePerSecond())
                .as("the measured seconds' completions per measured second").isEqualTo(100.0);
        assertThat(judge.window().latency(Operation.CONNECT, null).corrected().getTotalCount()).isZero();
        List<ThresholdResult> judged = judge.judge(r);
        assertThat(judged).singleElement().satisfies(t -> {
            assertThat(t.passed()).isTrue();
            assertThat(t.observed()).isBetween(0.0049, 0.0051);
        });
        assertThat(judge.stoppedBecause()).isNull();
        assertThat(judge.sanity()).allMatch(ThresholdResult::passed);
    }

    @Test
    void aThresholdLostInThreeMeasuredIntervalsInARowStopsTheStepOnce() {
        StepJudge judge = judge(P99);
        step(judge, 5, 5, 200, 300, 400, 500, 600, 700, 800, 900);
        assertThat(stops).containsExactly("capacity step stopped early: publish-ack.p99 < 100ms failed (observed "
                + "400ms over the measurement so far) for 3 intervals in a row");
        assertThat(judge.stoppedBecause()).startsWith("publish-ack.p99 < 100ms failed");
        // the time measured stops with the stop (the drain's answers still count as answers)
        assertThat(judge.measuredSeconds()).isEqualTo(3.0);
    }

    @Test
    void oneBadIntervalOrABadMeasurementThatRecoversDoesNotStopIt() {
        StepJudge judge = judge(P99);
        RunResult r = step(judge, 5, 5, 5, 900, 5, 5, 900, 5, 5, 5);
        assertThat(stops).isEmpty();
        assertThat(judge.judge(r)).singleElement().satisfies(t -> assertThat(t.passed()).isFalse());
    }

    @Test
    void aPhaseScopedThresholdOfAnUnmeasuredPhaseIsJudgedOverThatWholePhase() {
        StepJudge judge = judge(ThresholdSpec.parse("connect.p99 < 1ms").inPhase("connect"));
        RunResult r = step(judge, 5, 5, 5, 5, 5);
        assertThat(judge.judge(r)).singleElement().satisfies(t -> {
            assertThat(t.passed()).isFalse();
            assertThat(t.observed()).isBetween(0.0049, 0.0051);
        });
        assertThat(stops).as("a threshold outside the measurement never stops a step").isEmpty();
    }
}
