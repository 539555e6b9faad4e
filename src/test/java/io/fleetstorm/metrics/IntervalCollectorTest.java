package io.fleetstorm.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The recording core on scripted time: known delays in, known percentiles, deltas and phase results out. */
class IntervalCollectorTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private final FakeClock clock = new FakeClock();
    private final MetricsRegistry registry = new MetricsRegistry(
            new RunInfo("smoke", "run-1", List.of("sensors", "cams"), List.of()), new ScriptedProbe());
    private final IntervalCollector collector = new IntervalCollector(registry, clock, TimeUnit.SECONDS.toNanos(1));
    private final List<IntervalSnapshot> seen = new ArrayList<>();

    IntervalCollectorTest() {
        collector.addSink(seen::add);
    }

    @Test
    void correctedLatencyCountsFromTheIntendedStartAndServiceTimeFromTheSend() {
        LoopRecorder loop = registry.newLoopRecorder();
        long t0 = clock.nanoTime();
        // 100 operations, the i-th intended at t0 + i ms, sent 5 ms late, done (i + 1) ms after the send
        for (int i = 0; i < 100; i++) {
            long intended = t0 + i * MS;
            long sent = intended + 5 * MS;
            loop.recordLatency(0, Operation.PUBLISH_ACK, intended, sent, sent + (i + 1) * MS);
        }
        clock.advanceMillis(1000);
        IntervalSnapshot s = collector.flipNow();

        LatencyHistograms h = s.latencies().get(new GroupOperation("sensors", Operation.PUBLISH_ACK));
        assertThat(h.service().getTotalCount()).isEqualTo(100);
        // service times are exactly 1..100 ms and corrected 6..105 ms; HdrHistogram reports each percentile as the
        // highest value equivalent to the recorded one (3 significant digits)
        Histogram service = h.service();
        Histogram corrected = h.corrected();
        assertThat(service.getValueAtPercentile(50)).isEqualTo(service.highestEquivalentValue(50 * MS));
        assertThat(service.getValueAtPercentile(99)).isEqualTo(service.highestEquivalentValue(99 * MS));
        assertThat(service.getMaxValue()).isEqualTo(service.highestEquivalentValue(100 * MS));
        assertThat(corrected.getValueAtPercentile(50)).isEqualTo(corrected.highestEquivalentValue(55 * MS));
        assertThat(corrected.getValueAtPercentile(99)).isEqualTo(corrected.highestEquivalentValue(104 * MS));
        assertThat(corrected.getMaxValue()).isEqualTo(corrected.highestEquivalentValue(105 * MS));
        assertThat(corrected.getMinValue()).isEqualTo(corrected.lowestEquivalentValue(6 * MS));
        // the difference is exactly the scripted 5 ms delay, with no expected-interval correction added
        assertThat(h.corrected().getTotalCount()).isEqualTo(100);
        assertThat(corrected.getMean() - service.getMean()).isCloseTo(5.0 * MS, Offset.offset(0.001 * 105 * MS));
    }

    @Test
    void intervalsHoldOnlyTheirOwnValuesAndTheRunAddsThemExactly() {
        LoopRecorder a = registry.newLoopRecorder();
        LoopRecorder b = registry.newLoopRecorder();
        Histogram union = LatencyHistograms.newHistogram();
        long now = clock.nanoTime();
        for (int i = 1; i <= 10; i++) {
            a.recordLatency(1, Operation.CONNECT, now, now, now + i * MS);
            union.recordValue(i * MS);
        }
        clock.advanceMillis(1000);
        IntervalSnapshot first = collector.flipNow();
        now = clock.nanoTime();
        for (int i = 11; i <= 30; i++) {
            b.recordLatency(1, Operation.CONNECT, now, now, now + i * MS);
            union.recordValue(i * MS);
        }
        clock.advanceMillis(1000);
        IntervalSnapshot second = collector.flipNow();

        GroupOperation key = new GroupOperation("cams", Operation.CONNECT);
        assertThat(first.latencies().get(key).corrected().getTotalCount()).isEqualTo(10);
        assertThat(second.latencies().get(key).corrected().getTotalCount()).isEqualTo(20);
        Histogram second11 = second.latencies().get(key).corrected();
        assertThat(second11.getMinValue()).isEqualTo(second11.lowestEquivalentValue(11 * MS));
        RunResult r = collector.finish(false, null);
        assertThat(r.run().latencies().get(key).corrected()).isEqualTo(union);
        assertThat(r.series()).hasSize(3);
        assertThat(r.series().get(1).operations().get("connect").count()).isEqualTo(20);
    }

    @Test
    void countersArriveAsDeltasAndTotalsByGroupBehaviourAndQos() {
        LoopRecorder loop = registry.newLoopRecorder();
        loop.count(0, Counter.MESSAGES_SENT, "telemetry", 1, 7);
        loop.count(0, Counter.MESSAGES_SENT, "telemetry", 0, 2);
        loop.count(1, Counter.MESSAGES_SENT, "shadow", 1, 3);
        loop.error(0, "connack", "0x05");
        loop.lateStart(0);
        clock.advanceMillis(1000);
        IntervalSnapshot first = collector.flipNow();
        loop.count(0, Counter.MESSAGES_SENT, "telemetry", 1, 5);
        loop.error(0, "connack", "0x05");
        loop.error(1, "timeout", "puback");
        clock.advanceMillis(1000);
        IntervalSnapshot second = collector.flipNow();

        CounterKey telemetryQos1 = new CounterKey("sensors", Counter.MESSAGES_SENT, "telemetry", 1);
        assertThat(first.counterDeltas()).containsEntry(telemetryQos1, 7L)
                .containsEntry(new CounterKey("sensors", Counter.MESSAGES_SENT, "telemetry", 0), 2L)
                .containsEntry(new CounterKey("cams", Counter.MESSAGES_SENT, "shadow", 1), 3L)
                .containsEntry(new CounterKey("sensors", Counter.LATE_STARTS, "", 0), 1L);
        assertThat(first.delta(Counter.MESSAGES_SENT)).isEqualTo(12);
        assertThat(second.counterDeltas()).isEqualTo(Map.of(telemetryQos1, 5L));
        assertThat(second.counterTotals()).containsEntry(telemetryQos1, 12L);
        assertThat(second.errorDeltas()).isEqualTo(Map.of(new ErrorKey("sensors", "connack", "0x05"), 1L,
                new ErrorKey("cams", "timeout", "puback"), 1L));
        assertThat(second.errorTotals()).containsEntry(new ErrorKey("sensors", "connack", "0x05"), 2L);
        assertThat(second.run().errorCount()).isEqualTo(3);
        assertThat(second.run().counter(Counter.MESSAGES_SENT)).isEqualTo(17);
    }

    @Test
    void phasesSplitTheRunAtTheirBoundaries() {
        LoopRecorder loop = registry.newLoopRecorder();
        collector.phaseStarted("ramp");
        long now = clock.nanoTime();
        loop.recordLatency(0, Operation.CONNECT, now, now, now + 10 * MS);
        clock.advanceMillis(1500);
        collector.phaseStarted("steady");
        now = clock.nanoTime();
        loop.recordLatency(0, Operation.CONNECT, now, now, now + 20 * MS);
        loop.recordLatency(0, Operation.CONNECT, now, now, now + 30 * MS);
        clock.advanceMillis(2000);
        RunResult r = collector.finish(false, null);

        assertThat(seen).extracting(IntervalSnapshot::phase).containsExactly("ramp", "steady");
        assertThat(r.phases().keySet()).containsExactly("ramp", "steady");
        assertThat(r.phases().get("ramp").latency(Operation.CONNECT, null).corrected().getTotalCount()).isEqualTo(1);
        Histogram steady = r.phases().get("steady").latency(Operation.CONNECT, null).corrected();
        assertThat(steady.getMinValue()).isEqualTo(steady.lowestEquivalentValue(20 * MS));
        assertThat(r.phases().get("ramp").durationSeconds()).isEqualTo(1.5);
        assertThat(r.phases().get("steady").durationSeconds()).isEqualTo(2.0);
        assertThat(r.run().durationSeconds()).isEqualTo(3.5);
        assertThat(r.run().latency(Operation.CONNECT, "sensors").corrected().getTotalCount()).isEqualTo(3);
    }

    @Test
    void gaugesLoopLagAndBusyCpuAreReadEachInterval() {
        MetricsRegistry reg = new MetricsRegistry(new RunInfo("s", "r", List.of("g"), List.of()),
                new ScriptedProbe().cpu(0.95, 0.97, 0.5, 0.99));
        IntervalCollector c = new IntervalCollector(reg, clock, TimeUnit.SECONDS.toNanos(1));
        AtomicLong connected = new AtomicLong(40);
        reg.gauge(MetricNames.DEVICES_CONNECTED, "g", connected::get);
        reg.recordLoopLag(3 * MS);
        clock.advanceMillis(1000);
        IntervalSnapshot s = c.flipNow();
        assertThat(s.gauge(MetricNames.DEVICES_CONNECTED)).isEqualTo(40);
        assertThat(s.loopLag().getMaxValue()).isEqualTo(s.loopLag().highestEquivalentValue(3 * MS));
        for (int i = 0; i < 3; i++) {
            clock.advanceMillis(1000);
            c.flipNow();
        }
        RunResult r = c.finish(false, null);
        // CPU samples 0.97 (the first is taken at construction), 0.5, 0.99, 0.1: longest busy stretch 1 s
        assertThat(r.run().generator().cpuMaxRatio()).isEqualTo(0.99);
        assertThat(r.run().generator().cpuBusySeconds()).isEqualTo(1.0);
        assertThatThrownBy(() -> reg.gauge("nope", null, () -> 1)).hasMessageStartingWith("unknown gauge 'nope'");
    }

    @Test
    void aSlowIntervalComparesLateStartsWithTheOperationsStartedInIt() {
        LoopRecorder loop = registry.newLoopRecorder();
        // 50,000 QoS 0 publishes started in a second, 400 of them late (0.8 %): not slow, though none completes
        loop.count(0, Counter.OPERATIONS_STARTED, null, 0, 50_000);
        loop.count(0, Counter.LATE_STARTS, null, 0, 400);
        clock.advanceMillis(1000);
        collector.flipNow();
        // the next second: 600 of 50,000 late (1.2 %): slow
        loop.count(0, Counter.OPERATIONS_STARTED, null, 0, 50_000);
        loop.count(0, Counter.LATE_STARTS, null, 0, 600);
        clock.advanceMillis(1000);
        collector.flipNow();
        // then 4 of 4 late: too few to call a second slow
        loop.count(0, Counter.OPERATIONS_STARTED, null, 0, 4);
        loop.count(0, Counter.LATE_STARTS, null, 0, 4);
        clock.advanceMillis(1000);
        RunResult r = collector.finish(false, null);
        assertThat(r.run().generator().slowIntervals()).isEqualTo(1);
        assertThat(r.run().generator().slowSeconds()).containsExactly(1L);
    }

    @Test
    void theResultCarriesTheAbortCauseAndTheOutagesInOrder() {
        Outage first = new Outage("sensors", FakeClock.START_MILLIS + 12_300, 200, 1_900, 4_100, 4_600, 0, 31);
        Outage second = new Outage("cams", FakeClock.START_MILLIS + 20_000, 10, 500, -1, -1, 1, 0);
        collector.outage(first);
        collector.outage(second);
        clock.advanceMillis(1000);
        RunResult r = collector.finish(AbortCause.THRESHOLD, "abortOnFail threshold x failed");
        assertThat(r.aborted()).isTrue();
        assertThat(r.abortCause()).isEqualTo(AbortCause.THRESHOLD);
        assertThat(r.abortReason()).isEqualTo("abortOnFail threshold x failed");
        assertThat(r.outages()).containsExactly(first, second);
        assertThat(r.secondsAt(first.startEpochMillis())).isEqualTo(12.3);
        assertThat(collector.finish(null, null)).as("the result is made once").isSameAs(r);
    }

    @Test
    void aRunThatRanToItsEndHasNoCauseAndNoReason() {
        clock.advanceMillis(1000);
        RunResult r = collector.finish(null, "ignored");
        assertThat(r.aborted()).isFalse();
        assertThat(r.abortReason()).isNull();
    }

    @Test
    void operationLabelsAreKebabCaseAndParseBack() {
        assertThat(Operation.PUBLISH_ACK.label()).isEqualTo("publish-ack");
        assertThat(Operation.RECONNECT_RECOVERY.label()).isEqualTo("reconnect-recovery");
        for (Operation op : Operation.values()) {
            assertThat(Operation.fromLabel(op.label())).contains(op);
        }
        assertThat(Operation.fromLabel("PUBLISH_ACK")).isEmpty();
    }
}
