package io.fleetstorm.report;

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
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs on scripted time with known values, for report tests. */
public final class TestRuns {

    public static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private TestRuns() {
    }

    /**
     * A run of two phases ("ramp" 2 s, "steady" 3 s) on two loops: publish-ack in group sensors with corrected
     * latencies {@code from..to} ms (one per ms value, spread over the phases) sent 2 ms after the intended time,
     * 10 connects of 5 ms, message counters, {@code errors} connack 0x05 errors, 9 OTA commands of which 8 succeed.
     */
    public static RunResult run(String runId, int from, int to, int errors, ScriptedProbe probe) {
        FakeClock clock = new FakeClock();
        MetricsRegistry registry = new MetricsRegistry(new RunInfo("smoke", runId, List.of("sensors", "cams"),
                List.of(new PhasePlan("ramp", 2 * 1000 * MS), new PhasePlan("steady", 3 * 1000 * MS))), probe);
        IntervalCollector collector = new IntervalCollector(registry, clock, 1000 * MS);
        LoopRecorder a = registry.newLoopRecorder();
        LoopRecorder b = registry.newLoopRecorder();
        collector.phaseStarted("ramp");
        for (int second = 0; second < 5; second++) {
            if (second == 2) {
                collector.phaseStarted("steady");
            }
            long now = clock.nanoTime();
            for (int v = from + second; v <= to; v += 5) {
                LoopRecorder loop = v % 2 == 0 ? a : b;
                loop.recordLatency(0, Operation.PUBLISH_ACK, now, now + 2 * MS, now + v * MS);
                loop.count(0, Counter.MESSAGES_SENT, "telemetry", 1, 1);
            }
            clock.advanceMillis(1000);
            collector.flipNow();
        }
        long now = clock.nanoTime();
        for (int i = 0; i < 10; i++) {
            a.recordLatency(1, Operation.CONNECT, now, now, now + 5 * MS);
            a.count(1, Counter.CONNECT_ATTEMPTS, null, 0, 1);
            a.count(1, Counter.CONNECTS_OK, null, 0, 1);
        }
        for (int i = 0; i < errors; i++) {
            b.error(1, "connack", "0x05");
        }
        a.count(0, Counter.OTA_COMMANDED, "ota", 1, 9);
        a.count(0, Counter.OTA_SUCCEEDED, "ota", 1, 8);
        return collector.finish(false, null);
    }

    public static RunResult run(String runId, int from, int to) {
        return run(runId, from, to, 0, new ScriptedProbe());
    }
}
