package io.fleetstorm.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The live line: what it says after scripted intervals, plain lines when piped, rewritten in place on a TTY. */
class ProgressSinkTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private String run(boolean tty) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        FakeClock clock = new FakeClock();
        MetricsRegistry registry = new MetricsRegistry(new RunInfo("smoke", "r", List.of("sensors"),
                List.of(new PhasePlan("steady", TimeUnit.MINUTES.toNanos(5)))), new ScriptedProbe());
        registry.gauge(MetricNames.DEVICES_CONNECTED, "sensors", new AtomicLong(1950)::get);
        IntervalCollector collector = new IntervalCollector(registry, clock, 1000 * MS);
        collector.addSink(new ProgressSink(new PrintStream(bytes, true, StandardCharsets.UTF_8), tty, 2000 * MS));
        collector.phaseStarted("steady");
        LoopRecorder loop = registry.newLoopRecorder();
        for (int second = 0; second < 4; second++) {
            long now = clock.nanoTime();
            for (int i = 1; i <= 100; i++) {
                loop.recordLatency(0, Operation.PUBLISH_ACK, now, now, now + i * MS);
            }
            loop.recordLatency(0, Operation.CONNECT, now, now, now + 150 * MS);
            loop.count(0, Counter.MESSAGES_SENT, "telemetry", 1, 100);
            loop.count(0, Counter.MESSAGES_SENT, "shadow", 1, 10);
            loop.count(0, Counter.MESSAGES_RECEIVED, "shadow", 1, 10);
            loop.error(0, "timeout", "puback");
            loop.lateStart(0);
            registry.recordLoopLag(2 * MS);
            clock.advanceMillis(1000);
            collector.flipNow();
        }
        collector.finish(false, null);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void pipedOutputGetsOnePlainLineEveryPeriod() {
        String out = run(false);
        String first = "[steady 00:02/05:00] connected 1,950 | sent 110/s (shadow 10, telemetry 100) recv 10/s"
                + " | p99 publish-ack 99.0ms connect 150ms | errors 2 | gen cpu 10% lag p99 2.0ms late 2";
        String second = first.replace("00:02", "00:04");
        assertThat(out).isEqualTo(first + "\n" + second + "\n");
    }

    @Test
    void aTerminalLineIsRewrittenInPlace() {
        String out = run(true);
        assertThat(out).startsWith("\r[steady 00:02/05:00]").contains("\r[steady 00:04/05:00]").endsWith("\n")
                .doesNotContain("\n\r");
    }

    @Test
    void theClockStopsAtThePlannedEndAndTheTeardownIsNotCountedAsConnected() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        FakeClock clock = new FakeClock();
        MetricsRegistry registry = new MetricsRegistry(new RunInfo("smoke", "r", List.of("g"),
                List.of(new PhasePlan("ramp", 2000 * MS), new PhasePlan("steady", 2000 * MS))), new ScriptedProbe());
        AtomicLong connected = new AtomicLong(40);
        registry.gauge(MetricNames.DEVICES_CONNECTED, "g", connected::get);
        IntervalCollector collector = new IntervalCollector(registry, clock, 1000 * MS);
        collector.addSink(new ProgressSink(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, 2000 * MS));
        collector.phaseStarted("ramp");
        for (int second = 0; second < 7; second++) {
            if (second == 2) {
                collector.phaseStarted("steady");
            }
            if (second >= 4) {
                connected.set(0); // past the planned 4 s: draining, then every device disconnects
            }
            clock.advanceMillis(1000);
            collector.flipNow();
        }
        collector.finish(false, null);
        assertThat(bytes.toString(StandardCharsets.UTF_8).lines().map(l -> l.substring(0, l.indexOf(" |"))))
                .containsExactly("[ramp 00:02/00:04] connected 40", "[steady 00:04/00:04] connected 40",
                        "[ending 00:04/00:04]");
    }

    @Test
    void aPhaseWithoutAnEndHasNoTotal() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        FakeClock clock = new FakeClock();
        MetricsRegistry registry = new MetricsRegistry(new RunInfo("smoke", "r", List.of("g"),
                List.of(new PhasePlan("ramp", 2000 * MS), new PhasePlan("soak", 0))), new ScriptedProbe());
        IntervalCollector collector = new IntervalCollector(registry, clock, 1000 * MS);
        collector.addSink(new ProgressSink(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, 2000 * MS));
        collector.phaseStarted("soak");
        for (int second = 0; second < 4; second++) {
            clock.advanceMillis(1000);
            collector.flipNow();
        }
        assertThat(bytes.toString(StandardCharsets.UTF_8)).startsWith("[soak 00:02] |").contains("\n[soak 00:04] |");
    }
}
