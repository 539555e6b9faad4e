package io.fleetstorm.cli;

import io.fleetstorm.capacity.Outcome;
import io.fleetstorm.capacity.StepJudge;
import io.fleetstorm.capacity.StepResult;
import io.fleetstorm.capacity.StepVerdict;
import io.fleetstorm.engine.LoadPlan;
import io.fleetstorm.engine.LocalRun;
import io.fleetstorm.hub.Hub;
import io.fleetstorm.metrics.AbortCause;
import io.fleetstorm.metrics.HlogSink;
import io.fleetstorm.metrics.IntervalSink;
import io.fleetstorm.metrics.ProgressSink;
import io.fleetstorm.metrics.PrometheusSink;
import io.fleetstorm.metrics.RunInfo;
import io.fleetstorm.metrics.RunResult;
import io.fleetstorm.report.ReportFiles;
import io.fleetstorm.report.RunReport;
import io.fleetstorm.report.ThresholdSpec;
import io.fleetstorm.scenario.Scenario;
import io.fleetstorm.scenario.Units;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The steps of a capacity search in this process: each is a {@link LocalRun} of the step's scenario, as
 * {@code fleetstorm run} runs it, against a fresh embedded hub when the scenario has no target (so no step inherits
 * the previous one's backlog or the hub's fault schedule), on event loops kept for the whole search. Its intervals go
 * to the progress line, the step's own hlog, the search's /metrics and the {@link StepJudge}; its run reports are
 * written to {@code steps/NN-LOAD/}.
 */
final class CapacityLocal implements CapacityRunner {

    private final CapacityCommand cmd;
    private final List<ThresholdSpec> thresholds;
    private final PrometheusSink prometheus;
    private final CapacityGauges gauges;
    private final Path dir;
    private final String runId;
    private final int loops = Math.max(1, Runtime.getRuntime().availableProcessors());
    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops)
            .setPreferNativeTransport(true));
    private volatile LocalRun current;
    private volatile String aborted;

    CapacityLocal(CapacityCommand cmd, List<ThresholdSpec> thresholds, PrometheusSink prometheus,
            CapacityGauges gauges, Path dir, String runId) {
        this.cmd = cmd;
        this.thresholds = thresholds;
        this.prometheus = prometheus;
        this.gauges = gauges;
        this.dir = dir;
        this.runId = runId;
    }

    @Override
    public StepResult run(int index, double load, String stage) throws Exception {
        if (aborted != null) {
            return notRun(index, load, stage, aborted);
        }
        Scenario scenario = cmd.stepScenario(load);
        Capacity.check(scenario);
        gauges.started(index, load);
        String stepDir = stepDir(index, load);
        Path out = dir.resolve(stepDir);
        Files.createDirectories(out);
        long startNanos = System.nanoTime();
        Hub hub = scenario.target().embedded() ? EmbeddedTarget.start(scenario) : null;
        try {
            LoadPlan plan = RunCommand.compile(scenario, hub);
            RunInfo info = LocalRun.runInfo(scenario, runId + "-step" + index);
            LocalRun run = new LocalRun(vertx, plan, info, loops);
            AtomicBoolean early = new AtomicBoolean();
            StepJudge judge = new StepJudge(cmd.plan().measuredNames(), cmd.settle.toNanos(), cmd.measure.toNanos(),
                    thresholds, reason -> {
                        early.set(true);
                        run.abort(AbortCause.THRESHOLD, reason);
                    });
            current = run;
            if (aborted != null) { // a signal between the check above and now
                run.abort(AbortCause.SIGNAL, aborted);
            }
            RunResult result;
            try (HlogSink hlog = new HlogSink(out.resolve(ReportFiles.HLOG))) {
                List<IntervalSink> sinks = new ArrayList<>(List.of(new ProgressSink(System.err,
                        System.console() != null, ProgressSink.DEFAULT_EVERY_NANOS), hlog, judge));
                if (prometheus != null) {
                    sinks.add(prometheus);
                }
                result = run.run(sinks);
            }
            RunReport report = RunReport.evaluate(result, thresholds, scenario.acceptSaturation());
            ReportFiles.write(report, out);
            StepResult r = StepVerdict.of(index, load, stage, cmd.dimension(), judge, report,
                    early.get() && result.abortCause() == AbortCause.THRESHOLD,
                    (System.nanoTime() - startNanos) / 1e9, stepDir);
            gauges.finished(r);
            return r;
        } finally {
            current = null;
            if (hub != null) {
                hub.close();
            }
        }
    }

    /** {@code steps/03-2000}: the step's number and load, sorted in the order the steps ran. */
    static String stepDir(int index, double load) {
        return String.format("steps/%02d-%s", index, Units.trim(load).replace('.', '_'));
    }

    /** A step the search asked for after it was stopped: not run, aborted. */
    static StepResult notRun(int index, double load, String stage, String reason) {
        return new StepResult(index, load, stage, Outcome.ABORTED, List.of("aborted: " + reason), false, 0, 0, 0,
                Double.NaN, Double.NaN, Map.of(), List.of(), List.of(), stepDir(index, load));
    }

    @Override
    public void abort(String reason) {
        aborted = reason;
        LocalRun run = current;
        if (run != null) {
            run.abort(AbortCause.SIGNAL, reason);
        }
    }

    @Override
    public void close() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }
}
