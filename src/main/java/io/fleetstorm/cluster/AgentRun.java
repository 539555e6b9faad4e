package io.fleetstorm.cluster;

import io.fleetstorm.engine.LocalRun;
import io.fleetstorm.metrics.AbortCause;
import io.fleetstorm.metrics.IntervalSink;
import io.fleetstorm.metrics.RunInfo;
import io.fleetstorm.metrics.RunResult;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One shard on one agent: the same run pipeline as {@code fleetstorm run} ({@link LocalRun}), started at the
 * controller's instant, with an {@link AgentReportSink} sending every interval (and, at the end, the target outages)
 * to the controller and the agent's own sinks (its /metrics) beside it.
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
    private LocalRun local;
    private AbortCause stopCause;
    private String stopReason;

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
    synchronized void stop(AbortCause cause, String reason) {
        stopCause = cause;
        stopReason = reason;
        if (local != null) {
            local.abort(cause, reason);
        }
    }

    void run(Agent.Prepared prepared) throws Exception {
        int loops = Math.max(1, Runtime.getRuntime().availableProcessors());
        RunInfo info = LocalRun.runInfo(prepared.scenario(), assignment.runId() + "-" + agent);
        LocalRun run = new LocalRun(vertx, prepared.plan(), info, loops);
        List<IntervalSink> own = metrics.open(info);
        AgentReportSink report = new AgentReportSink(vertx.eventBus(), assignment.reportAddress(), agent);
        run.onOutage(report::outage).startAt(System.nanoTime()
                + TimeUnit.MILLISECONDS.toNanos(assignment.startEpochMillis() - System.currentTimeMillis()));
        synchronized (this) {
            local = run;
            if (stopCause != null) {
                run.abort(stopCause, stopReason);
            }
        }
        List<IntervalSink> sinks = new ArrayList<>();
        sinks.add(report);
        sinks.addAll(own);
        RunResult result;
        try {
            result = run.run(sinks);
        } finally {
            for (IntervalSink s : own) {
                if (s instanceof AutoCloseable c) {
                    c.close();
                }
            }
        }
        metrics.finished(result);
        String reason = run.controller().abortReason();
        log.printf("agent %s: %s, %d interval report(s), %d bytes of reports (%.0f B per interval)%n", agent,
                reason != null ? "stopped: " + reason : "completed", report.intervalsSent(), report.bytesSent(),
                report.intervalsSent() == 0 ? 0.0 : (double) report.bytesSent() / report.intervalsSent());
        log.flush();
    }
}
