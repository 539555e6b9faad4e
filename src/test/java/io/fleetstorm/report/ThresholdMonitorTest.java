package io.fleetstorm.report;

import static io.fleetstorm.report.TestRuns.MS;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.metrics.AbortCause;
import io.fleetstorm.metrics.FakeClock;
import io.fleetstorm.metrics.IntervalCollector;
import io.fleetstorm.metrics.LoopRecorder;
import io.fleetstorm.metrics.MetricsRegistry;
import io.fleetstorm.metrics.Operation;
import io.fleetstorm.metrics.RunInfo;
import io.fleetstorm.metrics.RunResult;
import io.fleetstorm.metrics.ScriptedProbe;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Thresholds judged while running, on synthetic one-second intervals: sliding windows, group and phase scopes, the
 * abort callback, and what the report keeps of them.
 */
class ThresholdMonitorTest {

    private final FakeClock clock = new FakeClock();
    private final MetricsRegistry registry = new MetricsRegistry(new RunInfo("m", "run-m", List.of("sensors",
            "cameras"), List.of()), new ScriptedProbe());
    private final IntervalCollector collector = new IntervalCollector(registry, clock, 1000 * MS);
    private final LoopRecorder loop = registry.newLoopRecorder();
    private final List<ThresholdResult> aborts = new ArrayList<>();

    /** One second: {@code ok} publish-acks and {@code errors} timeouts in a group (0 = sensors, 1 = cameras). */
    private void second(int group, int ok, int errors) {
        long now = clock.nanoTime();
        for (int i = 0; i < ok; i++) {
            loop.recordLatency(group, Operation.PUBLISH_ACK, now, now, now + 3 * MS);
        }
        for (int i = 0; i < errors; i++) {
            loop.error(group, "timeout", "publish-ack");
        }
        clock.advanceMillis(1000);
        collector.flipNow();
    }

    @Test
    void aWindowedAbortStopsTheRunWithinOneWindowOfTheBreachWhileTheWholeRunStillPasses() {
        ThresholdSpec windowed = ThresholdSpec.parse("errors.rate{last:10s} < 5%").withAbortOnFail(true);
        ThresholdSpec whole = ThresholdSpec.parse("errors.rate < 5%").withAbortOnFail(true);
        ThresholdMonitor monitor = new ThresholdMonitor(List.of(windowed, whole), aborts::add);
        collector.addSink(monitor);
        for (int s = 0; s < 37; s++) {
            second(0, 100, 0);
        }
        // from 37 s on, 9 % of each second's operations fail (the run that never stopped)
        int stoppedAt = -1;
        for (int s = 37; s < 60 && aborts.isEmpty(); s++) {
            second(0, 91, 9);
            stoppedAt = s + 1;
        }
        assertThat(aborts).hasSize(1);
        // the window holds k bad seconds of 10: 9k/1000 >= 5 % from k = 6, the interval ending at 43 s
        assertThat(stoppedAt).isEqualTo(43);
        assertThat(stoppedAt - 37).as("within one window of the breach").isLessThanOrEqualTo(10);
        ThresholdResult fired = aborts.get(0);
        assertThat(fired.spec()).isEqualTo(windowed);
        assertThat(fired.describe()).isEqualTo("FAIL errors.rate{last:10s} < 5%: observed 5.4% (whole run, 10s "
                + "window ending at 43s)");
        assertThat(monitor.fired()).isTrue();
        RunResult r = collector.finish(AbortCause.THRESHOLD, ThresholdMonitor.abortReason(fired));
        RunReport report = RunReport.evaluate(r, List.of(windowed, whole), false, monitor.judgement());
        assertThat(report.thresholdResults().get(0)).isEqualTo(fired);
        assertThat(report.thresholdResults().get(1).passed()).as("the whole run: 54 errors of 4300").isTrue();
        assertThat(report.verdict().status()).isEqualTo(Verdict.Status.BREACHED);
    }

    @Test
    void aWindowIsJudgedOnlyOnceItsScopeRanThatLongAndKeepsTheWorstWindow() {
        ThresholdSpec spec = ThresholdSpec.parse("errors.rate{last:5s} < 10%");
        ThresholdMonitor monitor = new ThresholdMonitor(List.of(spec), aborts::add);
        collector.addSink(monitor);
        second(0, 1, 1); // 50 % in the first second: the window is not full yet
        for (int s = 1; s < 5; s++) {
            second(0, 100, 0);
        }
        assertThat(monitor.judgement().windowed()).extracting(ThresholdResult::observed)
                .containsExactly(1.0 / 402);
        for (int s = 5; s < 8; s++) {
            second(0, 80, 20);
        }
        for (int s = 8; s < 20; s++) {
            second(0, 100, 0);
        }
        ThresholdResult worst = monitor.judgement().windowed().get(0);
        assertThat(worst.passed()).isFalse();
        assertThat(worst.observed()).as("the window ending at 8 s: 60 errors of 500").isEqualTo(60.0 / 500);
        assertThat(worst.atSeconds()).isEqualTo(8.0);
        assertThat(aborts).as("not abortOnFail").isEmpty();
    }

    @Test
    void aGroupWindowLooksAtItsGroupOnly() {
        ThresholdSpec cameras = ThresholdSpec.parse("errors.count{group:cameras, last:3s} == 0").withAbortOnFail(true);
        ThresholdMonitor monitor = new ThresholdMonitor(List.of(cameras), aborts::add);
        collector.addSink(monitor);
        for (int s = 0; s < 5; s++) {
            second(0, 10, 5);
        }
        assertThat(aborts).as("the sensors' errors are not the cameras'").isEmpty();
        second(1, 10, 1);
        assertThat(aborts).extracting(ThresholdResult::describe).containsExactly("FAIL errors.count{group:cameras, "
                + "last:3s} == 0: observed 1 (group cameras, 3s window ending at 6s)");
    }

    @Test
    void aPhaseShorterThanItsWindowIsJudgedOnceWhenItEnds() {
        ThresholdSpec spec = ThresholdSpec.parse("publish-ack.p99{phase:burst, last:10s} < 2ms");
        ThresholdMonitor monitor = new ThresholdMonitor(List.of(spec), aborts::add);
        collector.addSink(monitor);
        collector.phaseStarted("warm");
        second(0, 10, 0);
        collector.phaseStarted("burst");
        second(0, 10, 0);
        second(0, 10, 0);
        assertThat(monitor.judgement().windowed()).isEmpty();
        collector.phaseStarted("cool");
        second(0, 10, 0);
        assertThat(monitor.judgement().windowed()).extracting(ThresholdResult::describe).containsExactly(
                "FAIL publish-ack.p99{phase:burst, last:10s} < 2ms: observed 3ms (phase burst, 10s window ending at "
                        + "3s)");
    }

    @Test
    void aWindowWithoutDataIsNotJudgedAndTheReportSaysNoData() {
        ThresholdSpec spec = ThresholdSpec.parse("echo.p99{last:2s} < 1s");
        ThresholdMonitor monitor = new ThresholdMonitor(List.of(spec), aborts::add);
        collector.addSink(monitor);
        for (int s = 0; s < 4; s++) {
            second(0, 10, 0);
        }
        RunResult r = collector.finish(null, null);
        RunReport report = RunReport.evaluate(r, List.of(spec), false, monitor.judgement());
        assertThat(report.thresholdResults().get(0).describe()).isEqualTo("FAIL echo.p99{last:2s} < 1s: observed no "
                + "data (whole run, 2s window)");
    }

    @Test
    void aWholeRunAbortOnFailIsJudgedOnTheRunSoFarWithItsTime() {
        ThresholdSpec spec = ThresholdSpec.parse("errors.count < 3").withAbortOnFail(true);
        ThresholdMonitor monitor = new ThresholdMonitor(List.of(spec), aborts::add);
        collector.addSink(monitor);
        second(0, 10, 1);
        second(0, 10, 1);
        assertThat(aborts).isEmpty();
        second(0, 10, 1);
        assertThat(aborts).extracting(ThresholdResult::describe)
                .containsExactly("FAIL errors.count < 3: observed 3 (whole run, at 3s)");
        second(0, 10, 1);
        assertThat(aborts).as("once").hasSize(1);
        assertThat(monitor.judgement().stoppedBy()).isEqualTo(aborts.get(0));
    }

    @Test
    void theThresholdThatStoppedTheRunStaysFailedInTheReportWhateverTheRestOfTheRunMadeOfIt() {
        ThresholdSpec spec = ThresholdSpec.parse("errors.rate < 20%").withAbortOnFail(true);
        ThresholdMonitor monitor = new ThresholdMonitor(List.of(spec), aborts::add);
        collector.addSink(monitor);
        second(0, 3, 1); // 25 % so far: stops the run
        second(0, 100, 0); // the drain completes what was in flight: 1 of 104 over the whole run
        RunResult r = collector.finish(AbortCause.THRESHOLD, ThresholdMonitor.abortReason(aborts.get(0)));
        RunReport report = RunReport.evaluate(r, List.of(spec), false, monitor.judgement());
        assertThat(report.thresholdResults()).extracting(ThresholdResult::describe)
                .containsExactly("FAIL errors.rate < 20%: observed 25% (whole run, at 1s)");
    }
}
