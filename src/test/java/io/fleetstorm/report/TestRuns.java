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

    /**
     * A run a user would have (for the page's layout and weight): {@code seconds} long (at least 20) on 1 s
     * intervals, 1,000 devices in two groups, phases ramp (10 %), steady, storm (the last 30 %), with connects during
     * the ramp, telemetry acknowledged in 2-4 ms (2 s while ramping, 1.5 s of it queued), sparse shadow gets, an OTA
     * wave, downlinks, a reconnect storm and a target outage, some errors, and the connected devices as the engine's
     * gauge shows them.
     */
    public static RunResult rich(String runId, int seconds) {
        FakeClock clock = new FakeClock();
        int ramp = Math.max(2, seconds / 10);
        int storm = seconds - Math.max(3, seconds * 3 / 10);
        MetricsRegistry registry = new MetricsRegistry(new RunInfo("rich-scenario", runId, List.of("sensors",
                "cameras"), List.of(new PhasePlan("ramp", ramp * 1000 * MS), new PhasePlan("steady", (storm - ramp)
                * 1000 * MS), new PhasePlan("storm", (seconds - storm) * 1000 * MS))), new ScriptedProbe());
        java.util.concurrent.atomic.AtomicLong connected = new java.util.concurrent.atomic.AtomicLong();
        registry.gauge(io.fleetstorm.metrics.MetricNames.DEVICES_CONNECTED, null, connected::get);
        IntervalCollector collector = new IntervalCollector(registry, clock, 1000 * MS);
        LoopRecorder loop = registry.newLoopRecorder();
        loop.count(0, Counter.DEVICES_PLANNED, null, 0, 800);
        loop.count(1, Counter.DEVICES_PLANNED, null, 0, 200);
        collector.phaseStarted("ramp");
        java.util.Random random = new java.util.Random(7);
        for (int second = 0; second < seconds; second++) {
            if (second == ramp) {
                collector.phaseStarted("steady");
            } else if (second == storm) {
                collector.phaseStarted("storm");
            }
            long now = clock.nanoTime();
            if (second < ramp) {
                for (int i = 0; i < 1000 / ramp; i++) {
                    loop.recordLatency(i % 5 == 0 ? 1 : 0, Operation.CONNECT, now, now, now + (5 + i % 40) * MS);
                }
                connected.addAndGet(1000 / ramp);
            }
            if (second == storm) {
                connected.addAndGet(-300);
                loop.count(0, Counter.STORM_DROPPED, "reconnect", 0, 300);
            } else if (second > storm && connected.get() < 1000) {
                connected.set(Math.min(1000, connected.get() + 120));
                for (int i = 0; i < 120; i++) {
                    loop.recordLatency(0, Operation.CONNECT, now, now, now + (40 + i) * MS);
                }
            }
            long ack = second < ramp ? 2000 : 2 + random.nextInt(3);
            for (int i = 0; i < 400 && second >= 1; i++) {
                // sent after queueing in the device (1.5 s while ramping): corrected and service time part there
                long sent = now + (second < ramp ? 1500 * MS : random.nextInt(1_500_000));
                loop.recordLatency(0, Operation.PUBLISH_ACK, now, sent, now + ack * MS + random.nextInt(900_000));
                loop.count(0, Counter.MESSAGES_SENT, "telemetry", 1, 1);
            }
            loop.count(1, Counter.MESSAGES_SENT, "telemetry", 0, 200);
            if (second % 7 == 3) {
                loop.recordLatency(1, Operation.SHADOW_GET, now, now, now + 30 * MS);
            }
            if (second % 3 == 0) {
                loop.recordLatency(1, Operation.DOWNLINK, now, now, now + 12 * MS);
                loop.count(1, Counter.MESSAGES_SENT, "downlink", 0, 1);
            }
            if (second % 11 == 5) {
                loop.error(0, "timeout", "publish-ack");
            }
            clock.advanceMillis(1000);
            collector.flipNow();
        }
        loop.count(1, Counter.OTA_TARGETED, "ota", 0, 21);
        loop.count(1, Counter.OTA_COMMANDED, "ota", 1, 21);
        loop.count(1, Counter.OTA_SUCCEEDED, "ota", 1, 19);
        loop.count(1, Counter.OTA_FAILED, "ota", 1, 2);
        loop.error(1, "ota", "fail_-5");
        loop.error(1, "ota", "fail_-4");
        long start = FakeClock.START_MILLIS;
        collector.outage(new io.fleetstorm.metrics.Outage("sensors", start + storm * 1000L, 300, 1_100, 3_900, 4_200,
                0, 0, true));
        collector.outage(new io.fleetstorm.metrics.Outage("cameras", start + seconds * 500L, 40, 900, 2_300, 2_300,
                0, 12));
        return collector.finish(false, null);
    }
}
