package io.fleetstorm.report;

import static io.fleetstorm.report.TestRuns.MS;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.metrics.AbortCause;
import io.fleetstorm.metrics.Counter;
import io.fleetstorm.metrics.FakeClock;
import io.fleetstorm.metrics.IntervalCollector;
import io.fleetstorm.metrics.LoopRecorder;
import io.fleetstorm.metrics.MetricsRegistry;
import io.fleetstorm.metrics.Operation;
import io.fleetstorm.metrics.RunInfo;
import io.fleetstorm.metrics.RunResult;
import io.fleetstorm.metrics.ScriptedProbe;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Verdicts as a pipeline reads them: the default sanity rules both ways and how a scenario replaces them, an
 * unreachable target, abort causes, abandoned operations kept apart from errors; exact reason text and exit codes.
 */
class VerdictTest {

    /** One second of a run with two groups; {@code record} fills one loop's recorder. */
    static RunResult run(Consumer<LoopRecorder> record, AbortCause cause, String reason) {
        FakeClock clock = new FakeClock();
        MetricsRegistry registry = new MetricsRegistry(new RunInfo("v", "run-v", List.of("sensors", "cams"),
                List.of()), new ScriptedProbe());
        IntervalCollector collector = new IntervalCollector(registry, clock, 1000 * MS);
        LoopRecorder loop = registry.newLoopRecorder();
        record.accept(loop);
        clock.advanceMillis(1000);
        return collector.finish(cause, reason);
    }

    static RunResult run(Consumer<LoopRecorder> record) {
        return run(record, null, null);
    }

    /** {@code connected} of {@code planned} devices connected (each with one connect), {@code ok} publishes. */
    static void fleet(LoopRecorder loop, int planned, int connected, int ok) {
        for (int i = 0; i < connected; i++) {
            loop.recordLatency(0, Operation.CONNECT, 0, 0, 5 * MS);
        }
        loop.count(0, Counter.CONNECT_ATTEMPTS, null, 0, planned);
        loop.count(0, Counter.CONNECTS_OK, null, 0, connected);
        loop.count(0, Counter.DEVICES_CONNECTED_ONCE, null, 0, connected);
        loop.count(0, Counter.DEVICES_NEVER_CONNECTED, null, 0, planned - connected);
        for (int i = 0; i < ok; i++) {
            loop.recordLatency(0, Operation.PUBLISH_ACK, 0, 0, 2 * MS);
        }
    }

    @Test
    void aHealthyRunWithoutThresholdsPassesItsSanityRules() {
        RunReport r = RunReport.evaluate(run(loop -> fleet(loop, 50, 50, 950)), List.of(), false);
        assertThat(r.verdict().status()).isEqualTo(Verdict.Status.PASSED);
        assertThat(r.verdict().exitCode()).isZero();
        assertThat(r.sanityResults()).extracting(t -> t.spec().expression())
                .containsExactly("connect.ratio >= 95%", "errors.rate <= 5%");
        assertThat(ConsoleSummary.render(r)).contains(ConsoleSummary.SANITY_HEADER + "\n"
                + "  PASS connect.ratio >= 95% (default rule): observed 100%, 50 of 50 devices connected at least "
                + "once\n"
                + "  PASS errors.rate <= 5% (default rule): observed 0%, 0 of 1,000 operations failed\n");
    }

    @Test
    void fewerThan95PercentOfTheDevicesConnectedFailsTheRunWithExitThree() {
        RunReport r = RunReport.evaluate(run(loop -> fleet(loop, 50, 47, 100)), List.of(), false);
        assertThat(r.verdict().status()).isEqualTo(Verdict.Status.BREACHED);
        assertThat(r.verdict().exitCode()).isEqualTo(3);
        assertThat(r.verdict().reasons()).containsExactly("sanity rule failed: connect.ratio >= 95% (default rule): "
                + "observed 94%, 47 of 50 devices connected at least once");
        assertThat(JunitReport.render(r)).contains("<testcase classname=\"fleetstorm.sanity\" "
                + "name=\"connect.ratio &gt;= 95% (default rule)\">\n      <failure message=\"connect.ratio &gt;= 95% "
                + "(default rule): observed 94%, 47 of 50 devices connected at least once\" type=\"sanity\">");
        assertThat(HtmlReport.render(r)).contains("<td class=\"l\">connect.ratio &gt;= 95%</td><td class=\"l\">"
                + "default sanity rule, whole run</td><td>94% (47 of 50 devices connected at least once)</td>"
                + "<td class=\"fail\">FAIL</td>");
    }

    @Test
    void moreThanFivePercentOfOperationsFailedFailsTheRun() {
        RunReport r = RunReport.evaluate(run(loop -> {
            fleet(loop, 10, 10, 90);
            for (int i = 0; i < 6; i++) {
                loop.error(0, "timeout", "publish-ack");
            }
        }), List.of(), false);
        assertThat(r.verdict().reasons()).containsExactly("sanity rule failed: errors.rate <= 5% (default rule): "
                + "observed 5.7%, 6 of 106 operations failed");
        assertThat(r.verdict().exitCode()).isEqualTo(3);
    }

    @Test
    void aScenarioRuleOnTheSameMetricReplacesTheDefaultAndAnyValueSwitchesItOff() {
        RunResult result = run(loop -> fleet(loop, 50, 40, 100));
        RunReport own = RunReport.evaluate(result, List.of(ThresholdSpec.parse("connect.ratio >= 75%")), false);
        assertThat(own.sanityResults()).extracting(t -> t.spec().expression()).containsExactly("errors.rate <= 5%");
        assertThat(own.verdict().status()).isEqualTo(Verdict.Status.PASSED);
        RunReport off = RunReport.evaluate(result, List.of(ThresholdSpec.parse("connect.ratio >= 0%"),
                ThresholdSpec.parse("errors.rate <= 100%")), false);
        assertThat(off.sanityResults()).isEmpty();
        assertThat(off.verdict().status()).isEqualTo(Verdict.Status.PASSED);
        assertThat(ConsoleSummary.render(off)).doesNotContain("sanity rules");
        RunReport phaseOnly = RunReport.evaluate(result, List.of(
                ThresholdSpec.parse("connect.ratio{phase:ramp} >= 10%")), false);
        assertThat(phaseOnly.sanityResults()).extracting(t -> t.spec().expression())
                .as("a rule in any scope takes charge of its metric").containsExactly("errors.rate <= 5%");
    }

    @Test
    void aRunThatNeverReachedItsTargetIsUnreachableWithExitFour() {
        RunReport r = RunReport.evaluate(run(loop -> {
            loop.count(0, Counter.DEVICES_NEVER_CONNECTED, null, 0, 50);
            for (int i = 0; i < 120; i++) {
                loop.error(0, "connect", "refused");
            }
            for (int i = 0; i < 30; i++) {
                loop.error(1, "connect", "refused");
            }
            loop.error(0, "timeout", "connack");
        }), List.of(ThresholdSpec.parse("errors.rate <= 100%")), false);
        assertThat(r.verdict().status()).isEqualTo(Verdict.Status.UNREACHABLE);
        assertThat(r.verdict().exitCode()).isEqualTo(4);
        String reason = "target unreachable: no device ever connected (50 never connected); failed attempts: "
                + "connect/refused 150 (TCP connection refused: nothing listens on the target's port (the target is "
                + "down or restarting)), timeout/connack 1 (no answer within the command timeout: no CONNACK)";
        assertThat(r.verdict().reasons()).containsExactly(reason, "sanity rule failed: connect.ratio >= 95% (default "
                + "rule): observed 0%, 0 of 50 devices connected at least once");
        assertThat(JunitReport.render(r)).contains("<testcase classname=\"fleetstorm.run\" name=\"target "
                + "reachable\">\n      <failure message=\"" + JunitReport.xml(reason) + "\" type=\"unreachable\">");
    }

    @Test
    void aTargetThatRefusesEveryConnectWasReachedAndFailsItsConnectRuleWithTheRefusalExplained() {
        RunReport r = RunReport.evaluate(run(loop -> {
            loop.count(0, Counter.CONNECT_ATTEMPTS, null, 0, 20);
            loop.count(0, Counter.DEVICES_NEVER_CONNECTED, null, 0, 20);
            for (int i = 0; i < 20; i++) {
                loop.error(0, "connack", "0x03");
            }
        }), List.of(), false);
        assertThat(r.verdict().status()).isEqualTo(Verdict.Status.BREACHED);
        assertThat(ConsoleSummary.render(r)).contains("  sensors              connack      0x03                 20  "
                + "the hub refused the CONNECT (0x03): bad signature, unknown device or ClientId mismatch (also a "
                + "second CONNECT of a device within 5 s)\n");
    }

    @Test
    void abortCausesDecideTheVerdict() {
        RunResult signal = run(loop -> fleet(loop, 5, 5, 5), AbortCause.SIGNAL, "stopped by SIGTERM");
        RunReport aborted = RunReport.evaluate(signal, List.of(), false);
        assertThat(aborted.verdict().status()).isEqualTo(Verdict.Status.ABORTED);
        assertThat(aborted.verdict().reasons()).containsExactly("aborted: stopped by SIGTERM");
        assertThat(ConsoleSummary.render(aborted)).startsWith("fleetstorm summary: scenario v, run run-v, 1s "
                + "(aborted: stopped by SIGTERM)\n");

        ThresholdSpec rule = ThresholdSpec.parse("errors.rate{last:10s} < 5%").withAbortOnFail(true);
        ThresholdResult fired = new ThresholdResult(rule, 0.082, false, 37.0);
        RunResult stopped = run(loop -> fleet(loop, 5, 5, 5), AbortCause.THRESHOLD,
                ThresholdMonitor.abortReason(fired));
        RunReport breached = RunReport.evaluate(stopped, List.of(rule), false,
                new LiveJudgement(List.of(fired), fired));
        assertThat(breached.verdict().status()).isEqualTo(Verdict.Status.BREACHED);
        assertThat(breached.verdict().exitCode()).isEqualTo(3);
        assertThat(breached.verdict().reasons()).containsExactly(
                "stopped early by abortOnFail: errors.rate{last:10s} < 5%: observed 8.2% (whole run, 10s window "
                        + "ending at 37s)",
                "breached: errors.rate{last:10s} < 5%: observed 8.2% (whole run, 10s window ending at 37s)");
        assertThat(ConsoleSummary.render(breached)).contains("(aborted: abortOnFail threshold errors.rate{last:10s} "
                + "< 5% failed: observed 8.2% (whole run, 10s window ending at 37s))");
        assertThat(JunitReport.render(breached)).contains("<failure message=\"observed 8.2%, limit &lt; 5%; "
                + "stopped the run at 37s\" type=\"threshold\">")
                .contains("<testcase classname=\"fleetstorm.run\" name=\"ran to its planned end\">\n      <failure "
                        + "message=\"aborted (threshold): abortOnFail threshold errors.rate{last:10s} &lt; 5% failed");
        assertThat(HtmlReport.render(breached)).contains("<p id=\"aborted\">Aborted (threshold): abortOnFail "
                + "threshold errors.rate{last:10s} &lt; 5% failed: observed 8.2% (whole run, 10s window ending at "
                + "37s)</p>");

        RunReport lost = RunReport.evaluate(run(loop -> fleet(loop, 5, 5, 5), AbortCause.AGENTS_LOST,
                "lost agent(s): a1"), List.of(), false);
        assertThat(lost.verdict().status()).isEqualTo(Verdict.Status.ABORTED);
    }

    @Test
    void operationsTheRunsEndCutOffAreCountedApartAndAreNotErrors() {
        RunReport r = RunReport.evaluate(run(loop -> {
            fleet(loop, 10, 10, 100);
            loop.count(0, Counter.ABANDONED, "telemetry", 1, 3000);
        }), List.of(), false);
        assertThat(r.verdict().status()).isEqualTo(Verdict.Status.PASSED);
        assertThat(r.result().run().errorCount()).isZero();
        assertThat(ConsoleSummary.render(r)).contains("abandoned at end: 3,000 (operations the run's end cut off; not "
                + "errors)\n", "errors: 0\n");
    }
}
