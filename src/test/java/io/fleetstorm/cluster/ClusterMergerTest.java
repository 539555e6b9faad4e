package io.fleetstorm.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.metrics.Counter;
import io.fleetstorm.metrics.FakeClock;
import io.fleetstorm.metrics.IntervalCollector;
import io.fleetstorm.metrics.IntervalSink;
import io.fleetstorm.metrics.IntervalSnapshot;
import io.fleetstorm.metrics.LatencyHistograms;
import io.fleetstorm.metrics.LoopRecorder;
import io.fleetstorm.metrics.MetricNames;
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
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * The controller's merge, without sockets: three agents' collectors on scripted time, every interval through the
 * wire encoding, merged; the result must equal the agents' own results added, and one recorder fed every value.
 */
class ClusterMergerTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final RunInfo INFO = new RunInfo("merge", "m", List.of("sensors"),
            List.of(new PhasePlan("ramp", 2_000 * MS), new PhasePlan("steady", 3_000 * MS)));

    @Test
    void intervalsOverTheWireAddUpToTheAgentsResultsExactly() {
        List<String> agents = List.of("a1", "a2", "a3");
        List<JsonObject> wire = new ArrayList<>();
        List<IntervalSnapshot> published = new ArrayList<>();
        ClusterMerger merger = new ClusterMerger(INFO, List.of((IntervalSink) s -> published.add(s)), agents,
                0, FakeClock.START_MILLIS);
        Histogram one = LatencyHistograms.newHistogram();
        List<RunResult> own = new ArrayList<>();
        for (int a = 0; a < 3; a++) {
            String agent = agents.get(a);
            FakeClock clock = new FakeClock();
            MetricsRegistry registry = new MetricsRegistry(INFO, new ScriptedProbe());
            registry.gauge(MetricNames.DEVICES_CONNECTED, null, () -> 10);
            IntervalCollector c = new IntervalCollector(registry, clock, 1_000 * MS);
            c.addSink(s -> wire.add(AgentInterval.encode(agent, s, false)));
            LoopRecorder loop = registry.newLoopRecorder();
            c.phaseStarted("ramp");
            for (int second = 0; second < 5; second++) {
                if (second == 2) {
                    c.phaseStarted("steady");
                }
                long now = clock.nanoTime();
                for (int v = 1; v <= 200; v++) {
                    long value = (v * 7L + a * 1_000 + second * 13) * MS / 10;
                    loop.recordLatency(0, Operation.PUBLISH_ACK, now, now, now + value);
                    loop.count(0, Counter.MESSAGES_SENT, "telemetry", 1, 1);
                    one.recordValue(value);
                }
                clock.advanceMillis(1_000);
                c.flipNow();
            }
            loop.error(0, "timeout", "puback");
            own.add(c.finish(false, null));
        }
        // interleaved as they would arrive from three processes
        for (int i = 0; i < wire.size(); i++) {
            merger.accept(AgentInterval.decode(new JsonObject(wire.get((i % 3) * (wire.size() / 3) + i / 3).encode())));
        }
        IntervalSnapshot live = merger.tick("steady", 5_000 * MS, FakeClock.START_MILLIS + 5_000);
        assertThat(live.gauge(MetricNames.DEVICES_CONNECTED)).isEqualTo(30);
        RunResult merged = merger.finish(false, null, FakeClock.START_MILLIS + 5_000);

        Histogram mergedAck = merged.run().latency(Operation.PUBLISH_ACK, null).corrected();
        assertThat(mergedAck).isEqualTo(one);
        for (double p : new double[] {50, 90, 99, 99.9, 100}) {
            assertThat(mergedAck.getValueAtPercentile(p)).isEqualTo(one.getValueAtPercentile(p));
        }
        assertThat(merged.run().counter(Counter.MESSAGES_SENT)).isEqualTo(3 * 5 * 200);
        assertThat(merged.run().errorCount()).isEqualTo(3);
        assertThat(merged.phases().keySet()).containsExactly("ramp", "steady");
        assertThat(merged.phases().get("ramp").latency(Operation.PUBLISH_ACK, null).corrected().getTotalCount())
                .isEqualTo(3 * 2 * 200);
        long ownSteady = own.stream().mapToLong(r -> r.phases().get("steady").counter(Counter.MESSAGES_SENT)).sum();
        assertThat(merged.phases().get("steady").counter(Counter.MESSAGES_SENT)).isEqualTo(ownSteady);
        assertThat(merged.run().generator().intervals())
                .isEqualTo(own.stream().mapToInt(r -> r.run().generator().intervals()).sum());
        assertThat(merged.run().durationSeconds()).isEqualTo(5.0);
        assertThat(published).hasSize(1);
    }
}
