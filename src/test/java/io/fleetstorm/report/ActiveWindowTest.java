package io.fleetstorm.report;

import static io.fleetstorm.report.TestRuns.MS;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.metrics.FakeClock;
import io.fleetstorm.metrics.GroupOperation;
import io.fleetstorm.metrics.IntervalCollector;
import io.fleetstorm.metrics.LoopRecorder;
import io.fleetstorm.metrics.MetricsRegistry;
import io.fleetstorm.metrics.Operation;
import io.fleetstorm.metrics.PhasePlan;
import io.fleetstorm.metrics.RunInfo;
import io.fleetstorm.metrics.RunResult;
import io.fleetstorm.metrics.ScriptedProbe;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rates are over each operation's active window: a ramp that connects 10/s for 4 s of a 40 s run says 10/s in the
 * console, the page, summary.json and a rate threshold, not 1/s; a sparse operation's pauses up to 10 s stay inside
 * its window.
 */
class ActiveWindowTest {

    private static RunResult run() {
        FakeClock clock = new FakeClock();
        MetricsRegistry registry = new MetricsRegistry(new RunInfo("w", "run-w", List.of("g"),
                List.of(new PhasePlan("ramp", 4000 * MS), new PhasePlan("steady", 36_000 * MS))), new ScriptedProbe());
        IntervalCollector collector = new IntervalCollector(registry, clock, 1000 * MS);
        LoopRecorder loop = registry.newLoopRecorder();
        collector.phaseStarted("ramp");
        for (int second = 0; second < 40; second++) {
            if (second == 4) {
                collector.phaseStarted("steady");
            }
            long now = clock.nanoTime();
            for (int i = 0; second < 4 && i < 10; i++) {
                loop.recordLatency(0, Operation.CONNECT, now, now, now + 5 * MS);
            }
            if (second >= 4 && second % 8 == 0) { // one shadow get every 8 s: sparse, but one stream
                loop.recordLatency(0, Operation.SHADOW_GET, now, now, now + 20 * MS);
            }
            clock.advanceMillis(1000);
            collector.flipNow();
        }
        return collector.finish(false, null);
    }

    @Test
    void ratesAreOverTheSecondsTheOperationWasActive() {
        RunResult r = run();
        GroupOperation connect = new GroupOperation("g", Operation.CONNECT);
        GroupOperation get = new GroupOperation("g", Operation.SHADOW_GET);
        assertThat(r.run().durationSeconds()).isEqualTo(40.0);
        assertThat(r.run().activeSeconds(connect)).isEqualTo(4.0);
        assertThat(r.run().activeRate(connect)).isEqualTo(10.0);
        // completions at 8, 16, 24, 32 s: one window from the first interval to the last, 8..33 s
        assertThat(r.run().activeSeconds(get)).isEqualTo(25.0);

        RunReport report = RunReport.evaluate(r, List.of(ThresholdSpec.parse("connect.rate >= 9/s")), false);
        assertThat(report.thresholdResults().get(0).describe()).isEqualTo("PASS connect.rate >= 9/s: observed 10/s "
                + "(whole run)");
        assertThat(ConsoleSummary.render(report)).containsPattern("g\\.connect +40 +10/s ");
        assertThat(HtmlReport.render(report)).contains("<td class=\"l\">g.connect</td><td>40</td><td>10/s</td>");

        JsonObject json = SummaryJson.toJson(report);
        JsonObject op = json.getJsonObject("run").getJsonArray("operations").getJsonObject(0);
        assertThat(op.getString("operation")).isEqualTo("connect");
        assertThat(op.getDouble("ratePerSecond")).isEqualTo(10.0);
        assertThat(op.getDouble("activeSeconds")).isEqualTo(4.0);
        RunReport back = SummaryReader.fromJson(new JsonObject(json.encode()));
        assertThat(back.result().run().activeRate(connect)).isEqualTo(10.0);
        // a repeated run merged with itself keeps the rate (the same window twice, counts twice)
        RunReport merged = SummaryMerge.merge(List.of(back, SummaryReader.fromJson(new JsonObject(json.encode()))));
        assertThat(merged.result().run().activeRate(connect)).isEqualTo(20.0);
    }
}
