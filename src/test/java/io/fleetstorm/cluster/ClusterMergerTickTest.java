package io.fleetstorm.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.metrics.Counter;
import io.fleetstorm.metrics.FakeClock;
import io.fleetstorm.metrics.IntervalCollector;
import io.fleetstorm.metrics.IntervalSink;
import io.fleetstorm.metrics.IntervalSnapshot;
import io.fleetstorm.metrics.LoopRecorder;
import io.fleetstorm.metrics.MetricsRegistry;
import io.fleetstorm.metrics.Operation;
import io.fleetstorm.metrics.PhasePlan;
import io.fleetstorm.metrics.RunInfo;
import io.fleetstorm.metrics.RunResult;
import io.fleetstorm.metrics.ScriptedProbe;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The controller's merge with a tick every second, as a run has it: each interval snapshot holds exactly the latencies
 * that arrived since the tick before, the live run and phase views hold everything so far, a report of the previous
 * phase that arrives after the phase changed counts in its own phase, and one that arrives after the last tick is in
 * the result.
 */
class ClusterMergerTickTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final RunInfo INFO = new RunInfo("merge", "m", List.of("sensors"),
            List.of(new PhasePlan("ramp", 2_000 * MS), new PhasePlan("steady", 2_000 * MS)));
    private static final int PER_SECOND = 100;

    /** The wire reports of one agent: 4 seconds (2 ramp, 2 steady), PER_SECOND acks and messages each. */
    private static List<JsonObject> agent(String name, int a) {
        List<JsonObject> wire = new ArrayList<>();
        FakeClock clock = new FakeClock();
        MetricsRegistry registry = new MetricsRegistry(INFO, new ScriptedProbe());
        IntervalCollector c = new IntervalCollector(registry, clock, 1_000 * MS);
        c.addSink(s -> wire.add(AgentInterval.encode(name, s, false)));
        LoopRecorder loop = registry.newLoopRecorder();
        c.phaseStarted("ramp");
        for (int second = 0; second < 4; second++) {
            if (second == 2) {
                c.phaseStarted("steady");
            }
            long now = clock.nanoTime();
            for (int v = 1; v <= PER_SECOND; v++) {
                loop.recordLatency(0, Operation.PUBLISH_ACK, now, now, now + (v + a * 500L + second * 7L) * MS / 10);
                loop.count(0, Counter.MESSAGES_SENT, "telemetry", 1, 1);
            }
            clock.advanceMillis(1_000);
            c.flipNow();
        }
        return wire;
    }

    private static long acks(IntervalSnapshot s) {
        return s.latency(Operation.PUBLISH_ACK).corrected().getTotalCount();
    }

    @Test
    void eachTickHoldsWhatArrivedSinceTheLastAndTheResultHoldsEverything() {
        List<IntervalSnapshot> published = new ArrayList<>();
        ClusterMerger merger = new ClusterMerger(INFO, List.of((IntervalSink) published::add), List.of("a1", "a2"),
                0, FakeClock.START_MILLIS);
        List<JsonObject> a1 = agent("a1", 0);
        List<JsonObject> a2 = agent("a2", 1);
        assertThat(a1).hasSize(4);
        // second 0 and 1: both agents report, a tick after each
        for (int second = 0; second < 2; second++) {
            merger.accept(AgentInterval.decode(a1.get(second)));
            merger.accept(AgentInterval.decode(a2.get(second)));
            merger.tick("ramp", (second + 1) * 1_000 * MS, FakeClock.START_MILLIS + (second + 1) * 1_000L);
        }
        assertThat(published).hasSize(2);
        assertThat(acks(published.get(0))).isEqualTo(2 * PER_SECOND);
        assertThat(acks(published.get(1))).isEqualTo(2 * PER_SECOND);
        assertThat(published.get(1).run().latency(Operation.PUBLISH_ACK, null).corrected().getTotalCount())
                .isEqualTo(4 * PER_SECOND);
        // second 2: a2's report is late; the controller already ticks in "steady"
        merger.accept(AgentInterval.decode(a1.get(2)));
        IntervalSnapshot third = merger.tick("steady", 3_000 * MS, FakeClock.START_MILLIS + 3_000);
        assertThat(acks(third)).isEqualTo(PER_SECOND);
        assertThat(third.currentPhase().latency(Operation.PUBLISH_ACK, null).corrected().getTotalCount())
                .isEqualTo(PER_SECOND);
        merger.accept(AgentInterval.decode(a2.get(2)));
        merger.accept(AgentInterval.decode(a1.get(3)));
        IntervalSnapshot fourth = merger.tick("steady", 4_000 * MS, FakeClock.START_MILLIS + 4_000);
        assertThat(acks(fourth)).isEqualTo(2 * PER_SECOND);
        assertThat(fourth.run().latency(Operation.PUBLISH_ACK, null).corrected().getTotalCount())
                .isEqualTo(7 * PER_SECOND);
        // a2's last report arrives after the last tick
        merger.accept(AgentInterval.decode(a2.get(3)));
        RunResult result = merger.finish(false, null, FakeClock.START_MILLIS + 4_500);

        assertThat(result.run().latency(Operation.PUBLISH_ACK, null).corrected().getTotalCount())
                .isEqualTo(8 * PER_SECOND);
        assertThat(result.run().latency(Operation.PUBLISH_ACK, null).service().getTotalCount())
                .isEqualTo(8 * PER_SECOND);
        assertThat(result.run().counter(Counter.MESSAGES_SENT)).isEqualTo(8 * PER_SECOND);
        assertThat(result.phases().keySet()).containsExactly("ramp", "steady");
        for (String phase : List.of("ramp", "steady")) {
            assertThat(result.phases().get(phase).latency(Operation.PUBLISH_ACK, null).corrected().getTotalCount())
                    .as(phase).isEqualTo(4 * PER_SECOND);
            assertThat(result.phases().get(phase).counter(Counter.MESSAGES_SENT)).as(phase)
                    .isEqualTo(4 * PER_SECOND);
        }
        // the largest value of all: a2's last second
        assertThat(result.run().latency(Operation.PUBLISH_ACK, null).corrected().getMaxValue())
                .isEqualTo(result.phases().get("steady").latency(Operation.PUBLISH_ACK, null).corrected()
                        .getMaxValue());
    }
}
