package io.fleetstorm.cli;

import io.fleetstorm.hub.Hub;
import io.fleetstorm.metrics.HlogSink;
import io.fleetstorm.metrics.IntervalSink;
import io.fleetstorm.metrics.ProgressSink;
import io.fleetstorm.metrics.PrometheusSink;
import io.fleetstorm.metrics.PushgatewaySink;
import io.fleetstorm.metrics.RunInfo;
import io.fleetstorm.report.LiveJudgement;
import io.fleetstorm.report.ReportFiles;
import io.fleetstorm.report.ThresholdMonitor;
import io.fleetstorm.report.ThresholdSpec;
import io.fleetstorm.scenario.Scenario;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Where a run's intervals go, built once for {@code fleetstorm run} and for the controller of a cluster run: the
 * progress line, the hlog file, Prometheus {@code /metrics} (with the embedded hub's own metrics), the Pushgateway,
 * and the abortOnFail thresholds that may stop the run. Closing it closes the files and the endpoint.
 */
final class Outputs implements AutoCloseable {

    private final List<IntervalSink> sinks = new ArrayList<>();
    private final List<AutoCloseable> open = new ArrayList<>();
    private ThresholdMonitor monitor;

    private Outputs() {
    }

    /**
     * @param progressSuffix the end of the progress line (a controller's agents), or null
     * @param stopsWhat      what a failed abortOnFail threshold stops, for the message ("the run", "every agent")
     * @param stop           stops the run, given the reason, when an abortOnFail threshold fails
     */
    static Outputs open(RunCommand cmd, RunInfo info, Scenario scenario, Hub hub, Path outputDir,
            List<ThresholdSpec> thresholds, Supplier<String> progressSuffix, String stopsWhat,
            Consumer<String> stop) throws IOException {
        PrintWriter out = cmd.spec.commandLine().getOut();
        PrintWriter err = cmd.spec.commandLine().getErr();
        Outputs outputs = new Outputs();
        try {
            Files.createDirectories(outputDir);
            ProgressSink progress = new ProgressSink(System.err, System.console() != null,
                    ProgressSink.DEFAULT_EVERY_NANOS);
            outputs.sinks.add(progressSuffix == null ? progress : progress.suffix(progressSuffix));
            HlogSink hlog = new HlogSink(outputDir.resolve(ReportFiles.HLOG));
            outputs.open.add(hlog);
            outputs.sinks.add(hlog);
            PrometheusSink prometheus = prometheus(cmd, info, scenario, err);
            if (prometheus != null) {
                outputs.open.add(prometheus);
                outputs.sinks.add(prometheus);
                if (hub != null) {
                    HubMetrics.bind(prometheus.meterRegistry(), hub, "embedded");
                }
                if (prometheus.port() >= 0) {
                    out.printf("metrics: http://%s:%d/metrics%n", cmd.metricsHost, prometheus.port());
                }
                if (cmd.pushgateway != null) {
                    PushgatewaySink push = new PushgatewaySink(prometheus, cmd.pushgateway, info.runId(),
                            (int) Math.max(1, cmd.pushEvery.toSeconds()));
                    outputs.sinks.add(push);
                    out.println("pushing to " + push.uri());
                }
            }
            outputs.monitor = new ThresholdMonitor(thresholds, breached -> {
                err.println("\nfleetstorm: " + breached.describe() + "; abortOnFail stops " + stopsWhat);
                err.flush();
                stop.accept(ThresholdMonitor.abortReason(breached));
            });
            outputs.sinks.add(outputs.monitor);
        } catch (IOException | RuntimeException e) {
            outputs.close();
            throw e;
        }
        return outputs;
    }

    List<IntervalSink> sinks() {
        return List.copyOf(sinks);
    }

    /** What the thresholds judged while the run ran (windows, the rule that stopped it), for the report. */
    LiveJudgement judgement() {
        return monitor.judgement();
    }

    /** The /metrics endpoint (null when off); a taken default port falls back to a free one, said on stderr. */
    private static PrometheusSink prometheus(RunCommand cmd, RunInfo info, Scenario scenario, PrintWriter err)
            throws IOException {
        boolean explicit = cmd.metricsPort != null || scenario.metricsPort() >= 0;
        int port = cmd.metricsPort != null ? cmd.metricsPort
                : explicit ? scenario.metricsPort() : PrometheusSink.DEFAULT_PORT;
        if (port < 0) {
            return cmd.pushgateway == null ? null : new PrometheusSink(info, cmd.metricsHost, -1);
        }
        try {
            return new PrometheusSink(info, cmd.metricsHost, port);
        } catch (BindException e) {
            if (explicit) {
                throw new InvalidInputException("cannot serve metrics on " + cmd.metricsHost + ":" + port + ": the "
                        + "port is in use (choose another with --metrics-port, 0 = any free port, -1 = off)");
            }
            PrometheusSink sink = new PrometheusSink(info, cmd.metricsHost, 0);
            err.println("fleetstorm: port " + port + " is in use; serving metrics on port " + sink.port());
            return sink;
        }
    }

    @Override
    public void close() {
        for (AutoCloseable c : open) {
            try {
                c.close();
            } catch (Exception e) {
                // closing the run's outputs must not hide the run's own outcome
            }
        }
        open.clear();
    }
}
