package io.fleetstorm.report;

import static io.fleetstorm.report.TestRuns.MS;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.metrics.Counter;
import io.fleetstorm.metrics.GroupOperation;
import io.fleetstorm.metrics.LatencyHistograms;
import io.fleetstorm.metrics.Operation;
import io.fleetstorm.metrics.RunResult;
import io.fleetstorm.metrics.ScriptedProbe;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** Known values in, known numbers out: summary percentiles, exact merges, verdicts and their exit codes. */
class RunReportTest {

    private static final GroupOperation PUBACK = new GroupOperation("sensors", Operation.PUBLISH_ACK);

    private static Histogram ms(int from, int to) {
        Histogram h = LatencyHistograms.newHistogram();
        for (int v = from; v <= to; v++) {
            h.recordValue(v * MS);
        }
        return h;
    }

    @Test
    void theSummaryHoldsTheKnownPercentilesRatesAndPhases() {
        RunResult r = TestRuns.run("run-1", 1, 1000);
        JsonObject json = SummaryJson.toJson(RunReport.evaluate(r, List.of(), false));
        Histogram expected = ms(1, 1000);
        JsonObject op = json.getJsonObject("run").getJsonArray("operations").getJsonObject(0);
        assertThat(op.getString("group")).isEqualTo("sensors");
        assertThat(op.getString("operation")).isEqualTo("publish-ack");
        assertThat(op.getLong("count")).isEqualTo(1000);
        assertThat(json.getJsonObject("run").getDouble("durationSeconds")).isEqualTo(5.0);
        assertThat(op.getDouble("ratePerSecond")).isEqualTo(200.0);
        JsonObject corrected = op.getJsonObject("corrected");
        assertThat(corrected.getDouble("p50")).isEqualTo(expected.getValueAtPercentile(50) / 1e9);
        assertThat(corrected.getDouble("p99")).isEqualTo(expected.getValueAtPercentile(99) / 1e9);
        assertThat(corrected.getDouble("p99")).isBetween(0.990, 0.991);
        assertThat(corrected.getDouble("max")).isEqualTo(expected.getMaxValue() / 1e9);
        // service time is exactly 2 ms less than corrected latency for every operation
        Histogram service = ms(1, 1000);
        service.reset();
        for (int v = 1; v <= 1000; v++) {
            service.recordValue(Math.max(0, v - 2) * MS); // a done before the send (v = 1) is clamped to 0
        }
        assertThat(op.getJsonObject("service").getDouble("p99")).isEqualTo(service.getValueAtPercentile(99) / 1e9);
        assertThat(json.getJsonArray("phases").getJsonObject(0).getString("name")).isEqualTo("ramp");
        assertThat(json.getJsonArray("phases").getJsonObject(0).getDouble("durationSeconds")).isEqualTo(2.0);
        assertThat(json.getJsonArray("phases").getJsonObject(1).getJsonArray("operations").getJsonObject(0)
                .getLong("count")).isEqualTo(600);
        assertThat(json.getInteger("schemaVersion")).isEqualTo(1);
        assertThat(json.getJsonArray("series")).hasSize(6);
    }

    @Test
    void summaryJsonReadsBackExactly() {
        RunResult r = TestRuns.run("run-1", 1, 1000, 3, new ScriptedProbe());
        RunReport report = RunReport.evaluate(r, List.of(ThresholdSpec.parse("publish-ack.p99 < 2s"),
                ThresholdSpec.parse("connect.max < 10ms").inPhase("steady")), false);
        RunReport back = SummaryReader.fromJson(new JsonObject(SummaryJson.toJson(report).encode()));
        assertThat(back.result().run().latencies().get(PUBACK).corrected())
                .isEqualTo(r.run().latencies().get(PUBACK).corrected());
        assertThat(back.result().run().counters()).isEqualTo(r.run().counters());
        assertThat(back.result().run().errors()).isEqualTo(r.run().errors());
        assertThat(back.result().phases().keySet()).containsExactly("ramp", "steady");
        assertThat(back.thresholdResults()).isEqualTo(report.thresholdResults());
        assertThat(back.result().series()).isEqualTo(r.series());
        assertThat(SummaryJson.toJson(back).encode()).isEqualTo(SummaryJson.toJson(report).encode());
    }

    @Test
    void mergedShardsEqualOneRecorderFedTheUnion() {
        RunResult shardA = TestRuns.run("shard-a", 1, 400, 1, new ScriptedProbe());
        RunResult shardB = TestRuns.run("shard-b", 401, 1000, 2, new ScriptedProbe());
        List<ThresholdSpec> specs = List.of(ThresholdSpec.parse("publish-ack.p99 < 2s"));
        RunReport merged = SummaryMerge.merge(List.of(
                SummaryReader.fromJson(SummaryJson.toJson(RunReport.evaluate(shardA, specs, false))),
                SummaryReader.fromJson(SummaryJson.toJson(RunReport.evaluate(shardB, specs, false)))));
        RunResult whole = TestRuns.run("whole", 1, 1000);

        assertThat(merged.result().run().latencies().get(PUBACK).corrected()).isEqualTo(ms(1, 1000));
        assertThat(merged.result().run().latencies().get(PUBACK).corrected())
                .isEqualTo(whole.run().latencies().get(PUBACK).corrected());
        assertThat(merged.result().run().latencies().get(PUBACK).service())
                .isEqualTo(whole.run().latencies().get(PUBACK).service());
        assertThat(merged.result().run().counter(Counter.MESSAGES_SENT)).isEqualTo(1000);
        assertThat(merged.result().run().counter(Counter.CONNECT_ATTEMPTS)).isEqualTo(20);
        assertThat(merged.result().run().errorCount()).isEqualTo(3);
        // the shards ran at the same time: the duration is the union of their spans, not the sum
        assertThat(merged.result().run().durationSeconds()).isEqualTo(5.0);
        assertThat(merged.sources()).containsExactly("shard-a", "shard-b");
        assertThat(merged.thresholds()).hasSize(1);
        assertThat(merged.thresholdResults().get(0).observed())
                .isEqualTo(ms(1, 1000).getValueAtPercentile(99) / 1e9);
        assertThat(merged.result().phases().get("steady").latency(Operation.PUBLISH_ACK, null).corrected())
                .isEqualTo(whole.phases().get("steady").latency(Operation.PUBLISH_ACK, null).corrected());
    }

    @Test
    void aBreachedThresholdGivesExitCode3AndAJunitFailureWithObservedAndLimit() {
        RunResult r = TestRuns.run("run-1", 1, 1000, 5, new ScriptedProbe());
        RunReport report = RunReport.evaluate(r, List.of(ThresholdSpec.parse("publish-ack.p99 < 500ms"),
                ThresholdSpec.parse("connect.p999 < 2s"), ThresholdSpec.parse("errors.rate < 0.1%"),
                ThresholdSpec.parse("ota-done.ratio > 0.98"), ThresholdSpec.parse("connect.ratio >= 100%")), false);
        assertThat(report.thresholdResults()).extracting(ThresholdResult::passed)
                .containsExactly(false, true, false, false, true);
        assertThat(report.thresholdResults().get(2).observed()).isEqualTo(5.0 / 1015);
        assertThat(report.thresholdResults().get(3).observed()).isEqualTo(8.0 / 9);
        assertThat(report.verdict().status()).isEqualTo(Verdict.Status.BREACHED);
        assertThat(report.verdict().exitCode()).isEqualTo(3);
        String p99 = ValueKind.formatSeconds(ms(1, 1000).getValueAtPercentile(99) / 1e9);
        assertThat(p99).isEqualTo("990ms");
        assertThat(report.verdict().reasons()).contains("breached: publish-ack.p99 < 500ms: observed 990ms (whole run)");
        String junit = JunitReport.render(report);
        // five thresholds (connect.ratio and errors.rate stated: no default rule), the generator, the run's two checks
        assertThat(junit).contains("tests=\"8\" failures=\"3\"")
                .contains("<testcase classname=\"fleetstorm.thresholds\" name=\"publish-ack.p99 &lt; 500ms\">\n"
                        + "      <failure message=\"observed 990ms, limit &lt; 500ms\" type=\"threshold\">")
                .contains("<failure message=\"observed 0.49%, limit &lt; 0.1%\"")
                .contains("<testcase classname=\"fleetstorm.thresholds\" name=\"connect.p999 &lt; 2s\"/>");
        assertThat(ConsoleSummary.render(report)).contains("FAIL publish-ack.p99 < 500ms: observed 990ms (whole run)",
                "PASS connect.p999 < 2s", "verdict: BREACHED (exit code 3)", "sensors", "connack", "0x05");
    }

    @Test
    void aGeneratorThatFallsBehindForMoreThanFiveSecondsInARowMakesTheRunInvalidUnlessAccepted() {
        RunResult fiveSlow = laggingRun(5);
        assertThat(fiveSlow.run().generator().longestSlowStreak()).isEqualTo(5);
        assertThat(Saturation.of(fiveSlow.run()).saturated()).as("five slow seconds are tolerated").isFalse();

        RunResult r = laggingRun(6);
        RunReport invalid = RunReport.evaluate(r, List.of(ThresholdSpec.parse("errors.count < 1")), false);
        String reason = "the generator fell behind for 6 seconds in a row (limit 5; 6 slow of 11, at 2, 3, 4, 5, 6, "
                + "7 s): over 1% of operations started late or event-loop lag p99 over 50 ms";
        assertThat(invalid.saturation().reasons()).containsExactly(reason);
        assertThat(invalid.verdict().status()).isEqualTo(Verdict.Status.INVALID);
        assertThat(invalid.verdict().exitCode()).isEqualTo(3);
        assertThat(JunitReport.render(invalid)).contains("<failure message=\"the generator fell behind for 6 seconds");
        RunReport accepted = RunReport.evaluate(r, List.of(ThresholdSpec.parse("errors.count < 1")), true);
        assertThat(accepted.verdict().status()).isEqualTo(Verdict.Status.PASSED);
        assertThat(accepted.verdict().exitCode()).isZero();
        assertThat(accepted.verdict().reasons()).containsExactly("saturated (accepted by the scenario): " + reason);
    }

    /** Eleven seconds; from the third on, {@code slow} seconds with event-loop lag of 60 ms (over the 50 ms rule). */
    private static RunResult laggingRun(int slow) {
        io.fleetstorm.metrics.FakeClock clock = new io.fleetstorm.metrics.FakeClock();
        io.fleetstorm.metrics.MetricsRegistry registry = new io.fleetstorm.metrics.MetricsRegistry(
                new io.fleetstorm.metrics.RunInfo("s", "r", List.of("g"), List.of()), new ScriptedProbe());
        io.fleetstorm.metrics.IntervalCollector collector = new io.fleetstorm.metrics.IntervalCollector(registry,
                clock, 1000 * MS);
        for (int i = 0; i < 11; i++) {
            registry.recordLoopLag(i >= 2 && i < 2 + slow ? 60 * MS : MS);
            clock.advanceMillis(1000);
            collector.flipNow();
        }
        return collector.finish(false, null);
    }

    @Test
    void lateStartsAboveFivePercentOfTheStartedOperationsSaturateTheGeneratorOnceTheSampleIsLargeEnough() {
        io.fleetstorm.metrics.ResultSection run = new io.fleetstorm.metrics.ResultSection();
        io.fleetstorm.metrics.CounterKey started = new io.fleetstorm.metrics.CounterKey("sensors",
                Counter.OPERATIONS_STARTED, "", 0);
        io.fleetstorm.metrics.CounterKey late = new io.fleetstorm.metrics.CounterKey("sensors", Counter.LATE_STARTS,
                "", 0);
        run.addCounter(started, 999);
        run.addCounter(late, 999);
        assertThat(Saturation.of(run).saturated()).as("999 started: too few to judge a share").isFalse();
        run.addCounter(started, 1);
        assertThat(Saturation.of(run).reasons()).containsExactly(
                "late starts 999 of 1000 operations started (99.90%, limit 5%)");

        io.fleetstorm.metrics.ResultSection qos0 = new io.fleetstorm.metrics.ResultSection();
        qos0.addCounter(started, 1_000_000);
        qos0.addCounter(late, 762);
        assertThat(Saturation.of(qos0).saturated()).as("the issue's 762 late of 1M QoS 0 publishes").isFalse();
        qos0.addCounter(late, 50_000 - 762);
        assertThat(Saturation.of(qos0).saturated()).as("exactly 5 %").isFalse();
        qos0.addCounter(late, 1);
        assertThat(Saturation.of(qos0).reasons()).containsExactly(
                "late starts 50001 of 1000000 operations started (5.00%, limit 5%)");
    }

    @Test
    void anAbortOnFailThresholdCallsTheAbortOnceWhileRunning() {
        List<ThresholdResult> aborts = new ArrayList<>();
        ThresholdMonitor monitor = new ThresholdMonitor(List.of(
                ThresholdSpec.parse("publish-ack.max < 300ms").withAbortOnFail(true),
                ThresholdSpec.parse("publish-ack.max < 1ms")), aborts::add);
        io.fleetstorm.metrics.FakeClock clock = new io.fleetstorm.metrics.FakeClock();
        io.fleetstorm.metrics.MetricsRegistry registry = new io.fleetstorm.metrics.MetricsRegistry(
                new io.fleetstorm.metrics.RunInfo("s", "r", List.of("g"), List.of()), new ScriptedProbe());
        io.fleetstorm.metrics.IntervalCollector collector =
                new io.fleetstorm.metrics.IntervalCollector(registry, clock, 1000 * MS);
        collector.addSink(monitor);
        io.fleetstorm.metrics.LoopRecorder loop = registry.newLoopRecorder();
        for (int latencyMs : new int[] {100, 200, 400, 500}) {
            long now = clock.nanoTime();
            loop.recordLatency(0, Operation.PUBLISH_ACK, now, now, now + latencyMs * MS);
            clock.advanceMillis(1000);
            collector.flipNow();
            assertThat(aborts).hasSize(latencyMs < 400 ? 0 : 1);
        }
        assertThat(aborts.get(0).describe()).startsWith("FAIL publish-ack.max < 300ms: observed 400ms");
    }

    @Test
    void outagesAbortAndWindowsAreRenderedAndReadBackByteExact() {
        io.fleetstorm.metrics.FakeClock clock = new io.fleetstorm.metrics.FakeClock();
        io.fleetstorm.metrics.MetricsRegistry registry = new io.fleetstorm.metrics.MetricsRegistry(
                new io.fleetstorm.metrics.RunInfo("s", "r", List.of("g", "h"), List.of()), new ScriptedProbe());
        io.fleetstorm.metrics.IntervalCollector collector = new io.fleetstorm.metrics.IntervalCollector(registry,
                clock, 1000 * MS);
        ThresholdSpec windowed = ThresholdSpec.parse("errors.rate{group:g, last:2s} < 50%").withAbortOnFail(true);
        List<ThresholdResult> aborts = new ArrayList<>();
        ThresholdMonitor monitor = new ThresholdMonitor(List.of(windowed), aborts::add);
        collector.addSink(monitor);
        io.fleetstorm.metrics.LoopRecorder loop = registry.newLoopRecorder();
        for (int s = 0; s < 4; s++) {
            long now = clock.nanoTime();
            loop.recordLatency(0, Operation.PUBLISH_ACK, now, now, now + 2 * MS);
            if (s >= 2) {
                loop.error(0, "disconnect", "publish-ack");
                loop.error(0, "disconnect", "publish-ack");
            }
            clock.advanceMillis(1000);
            collector.flipNow();
        }
        collector.outage(new io.fleetstorm.metrics.Outage("g", io.fleetstorm.metrics.FakeClock.START_MILLIS + 12_300,
                200, 1_900, 4_100, 4_600, 0, 31));
        collector.outage(new io.fleetstorm.metrics.Outage("h", io.fleetstorm.metrics.FakeClock.START_MILLIS + 2_000,
                10, 500, -1, -1, 2, 0));
        RunResult r = collector.finish(io.fleetstorm.metrics.AbortCause.THRESHOLD,
                ThresholdMonitor.abortReason(aborts.get(0)));
        RunReport report = RunReport.evaluate(r, List.of(windowed), false, monitor.judgement());
        String line = "target outage in group g at 12s: 200 dropped, 50% back after 1.9s, 99% after 4.1s, "
                + "all after 4.6s, 0 never back, 31 QoS 1 unacknowledged";
        String never = "target outage in group h at 2s: 10 dropped, 50% back after 500ms, 99% never, all never, "
                + "2 never back, 0 QoS 1 unacknowledged";
        assertThat(ConsoleSummary.render(report)).contains(line + "\n" + never + "\n");
        assertThat(HtmlReport.render(report)).contains("<li class=\"outage\">" + line + "</li>");
        assertThat(JunitReport.render(report)).contains(line + "\n");

        JsonObject json = SummaryJson.toJson(report);
        assertThat(json.getBoolean("aborted")).isTrue();
        assertThat(json.getString("abortCause")).isEqualTo("THRESHOLD");
        assertThat(json.getJsonObject("stoppedBy").getDouble("atSeconds")).isEqualTo(3.0);
        assertThat(json.getJsonArray("outages").getJsonObject(0).getString("text")).isEqualTo(line);
        RunReport back = SummaryReader.fromJson(new JsonObject(json.encode()));
        assertThat(back.result().outages()).isEqualTo(r.outages());
        assertThat(back.result().abortCause()).isEqualTo(io.fleetstorm.metrics.AbortCause.THRESHOLD);
        assertThat(back.live()).isEqualTo(report.live());
        assertThat(back.verdict()).isEqualTo(report.verdict());
        assertThat(SummaryJson.toJson(back).encode()).isEqualTo(json.encode());
        assertThat(ConsoleSummary.render(back)).isEqualTo(ConsoleSummary.render(report));

        // merged with itself (a repeated run): outages listed together, the windowed judgement kept
        RunReport merged = SummaryMerge.merge(List.of(back, SummaryReader.fromJson(new JsonObject(json.encode()))));
        assertThat(merged.result().outages()).hasSize(4);
        assertThat(merged.result().abortCause()).isEqualTo(io.fleetstorm.metrics.AbortCause.THRESHOLD);
        assertThat(merged.thresholdResults()).isEqualTo(report.thresholdResults());
    }

    @Test
    void anOlderSummaryWithoutTheNewFieldsStillReads() {
        RunResult r = TestRuns.run("run-1", 1, 100);
        JsonObject json = SummaryJson.toJson(RunReport.evaluate(r, List.of(), false));
        for (String added : List.of("abortCause", "stoppedBy", "sanity", "devices", "outages")) {
            json.remove(added);
        }
        json.put("aborted", true).put("abortReason", "stopped by SIGINT");
        RunReport back = SummaryReader.fromJson(json);
        assertThat(back.result().abortCause()).isEqualTo(io.fleetstorm.metrics.AbortCause.SIGNAL);
        assertThat(back.result().outages()).isEmpty();
        assertThat(back.verdict().status()).isEqualTo(Verdict.Status.ABORTED);
    }
}
