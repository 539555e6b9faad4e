package io.fleetstorm.cluster;

import io.fleetstorm.engine.RunController;
import io.fleetstorm.engine.RunListener;
import io.fleetstorm.metrics.IntervalCollector;
import io.fleetstorm.metrics.IntervalSink;
import io.fleetstorm.metrics.LoopRecorder;
import io.fleetstorm.metrics.MetricNames;
import io.fleetstorm.metrics.MetricsRegistry;
import io.fleetstorm.metrics.NanoClock;
import io.fleetstorm.metrics.PhasePlan;
import io.fleetstorm.metrics.RunInfo;
import io.fleetstorm.metrics.RunResult;
import io.fleetstorm.scenario.Scenario;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One shard on one agent: the same engine and collector as {@code fleetstorm run}, started at the controller's
 * instant, with an {@link AgentReportSink} sending every interval to the controller and the agent's own sinks
 * (its /metrics) beside it.
 */
public final class AgentRun {

    /** The agent's own sinks for a run (its /metrics endpoint); closed when the run ends. */
    public interface Metrics {
        List<IntervalSink> open(RunInfo info) throws Exception;

        /** The shard's own result, once it has ended (an agent may keep it: {@code fleetstorm agent --output}). */
        default void finished(RunResult result) throws Exception {
        }
    }

    private final Vertx vertx;
    private final String agent;
    private final Assignment assignment;
    private final Metrics metrics;
    private final PrintStream log;
    private volatile RunController controller;
    private volatile String stopReason;

    AgentRun(Vertx vertx, String agent, Assignment assignment, Metrics metrics, PrintStream log) {
        this.vertx = vertx;
        this.agent = agent;
        this.assignment = assignment;
        this.metrics = metrics;
        this.log = log;
    }

    String runId() {
        return assignment.runId();
    }

    /** Stops the shard early (the controller's abort, or the agent leaving); results so far are reported. */
    void stop(String reason) {
        stopReason = reason;
        RunController c = controller;
        if (c != null) {
            c.abort(reason);
        }
    }

    void run(Agent.Prepared prepared) throws Exception {
        Scenario scenario = prepared.scenario();
        int loops = Math.max(1, Runtime.getRuntime().availableProcessors());
        RunInfo info = new RunInfo(scenario.name(), assignment.runId() + "-" + agent,
                scenario.groups().stream().map(Scenario.Group::name).toList(), scenario.phases().stream()
                        .map(p -> new PhasePlan(p.name(), p.duration().toNanos())).toList());
        MetricsRegistry registry = new MetricsRegistry(info);
        RunController run = new RunController(vertx, prepared.plan(), loops, NanoClock.SYSTEM);
        registry.gauge(MetricNames.DEVICES_CONNECTED, null, () -> run.state().connectedTotal());
        registry.gauge(MetricNames.DEVICES_TARGET, null,
                () -> scenario.groups().stream().mapToInt(Scenario.Group::count).sum());
        registry.gauge(MetricNames.OPERATIONS_IN_FLIGHT, null, () -> run.state().inFlight());
        List<LoopRecorder> recorders = new ArrayList<>();
        for (int i = 0; i < loops; i++) {
            recorders.add(registry.newLoopRecorder());
        }
        List<IntervalSink> own = metrics.open(info);
        AgentReportSink report = new AgentReportSink(vertx.eventBus(), assignment.reportAddress(), agent);
        IntervalCollector[] collector = new IntervalCollector[1];
        long startNanos = System.nanoTime()
                + TimeUnit.MILLISECONDS.toNanos(assignment.startEpochMillis() - System.currentTimeMillis());
        controller = run;
        if (stopReason != null) {
            run.abort(stopReason);
        }
        RunController.Outcome outcome;
        RunResult result;
        try {
            outcome = run.startAt(startNanos).start(recorders::get, new RunListener() {
                @Override
                public synchronized void started(long nanos) {
                    // the collector's run starts with the timeline, as in a single-process run
                    collector[0] = new IntervalCollector(registry);
                    collector[0].addSink(report);
                    own.forEach(collector[0]::addSink);
                    collector[0].start();
                }

                @Override
                public synchronized void phaseStarted(int index, String name) {
                    collector[0].phaseStarted(name);
                }
            }).await(prepared.plan().totalNanos() / 1_000_000 + 180_000, TimeUnit.MILLISECONDS);
        } finally {
            boolean aborted;
            synchronized (this) {
                aborted = stopReason != null;
            }
            if (collector[0] == null) { // stopped before the start: one empty interval, so the controller hears the end
                collector[0] = new IntervalCollector(registry);
                collector[0].addSink(report);
            }
            result = collector[0].finish(aborted, run.abortReason());
            collector[0].close();
            for (IntervalSink s : own) {
                if (s instanceof AutoCloseable c) {
                    c.close();
                }
            }
        }
        metrics.finished(result);
        log.printf("agent %s: %s, %d interval report(s), %d bytes of reports (%.0f B per interval)%n", agent,
                outcome == RunController.Outcome.ABORTED ? "stopped: " + run.abortReason() : "completed",
                report.intervalsSent(), report.bytesSent(),
                report.intervalsSent() == 0 ? 0.0 : (double) report.bytesSent() / report.intervalsSent());
        log.flush();
    }
}
