package io.fleetstorm.cli;

import io.fleetstorm.capacity.StepJudge;
import io.fleetstorm.capacity.StepResult;
import io.fleetstorm.capacity.StepVerdict;
import io.fleetstorm.cluster.Assignment;
import io.fleetstorm.cluster.ClusterException;
import io.fleetstorm.cluster.ClusterNode;
import io.fleetstorm.cluster.ClusterOptions;
import io.fleetstorm.cluster.ClusterRun;
import io.fleetstorm.cluster.Shard;
import io.fleetstorm.cluster.ShardSlicer;
import io.fleetstorm.engine.LocalRun;
import io.fleetstorm.engine.ScenarioCompiler;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The steps of a capacity search over the agents of a cluster ({@code capacity --agents N}): this process is the
 * controller of one cluster run per step, as {@code run --agents N} is of its run; the agents receive the scenario
 * text with the step's {@code --set} overrides and validate it themselves. Against the embedded hub, a fresh one
 * per step serves plain MQTT on this host.
 */
final class CapacityCluster implements CapacityRunner {

    private final CapacityCommand cmd;
    private final List<ThresholdSpec> thresholds;
    private final PrometheusSink prometheus;
    private final CapacityGauges gauges;
    private final Path dir;
    private final String runId;
    private final String scenarioText;
    private final ClusterNode node;
    private volatile ClusterRun current;
    private volatile String aborted;

    CapacityCluster(CapacityCommand cmd, Scenario top, List<ThresholdSpec> thresholds, PrometheusSink prometheus,
            CapacityGauges gauges, Path dir, String runId) throws Exception {
        ControllerMixin c = cmd.cluster;
        if (c.agents < 1) {
            throw new InvalidInputException("--agents must be >= 1, but was " + c.agents);
        }
        if (c.allowLostAgents < 0) {
            throw new InvalidInputException("--allow-lost-agents must be >= 0, but was " + c.allowLostAgents);
        }
        for (int i = 1; i <= c.agents; i++) { // every shard of the largest step valid before anyone connects
            try {
                ShardSlicer.slice(top, new Shard(i, c.agents));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("--agents " + c.agents + ": " + e.getMessage());
            }
        }
        boolean tls = top.target().tls() || top.groups().stream().anyMatch(Scenario.Group::certificate);
        if (top.target().embedded() && tls) {
            throw new InvalidInputException(top.file() + ": a cluster run against the embedded hub is plain MQTT; "
                    + "for TLS start 'fleetstorm hub' and give the scenario a target");
        }
        this.cmd = cmd;
        this.thresholds = thresholds;
        this.prometheus = prometheus;
        this.gauges = gauges;
        this.dir = dir;
        this.runId = runId;
        this.scenarioText = Files.readString(cmd.file, StandardCharsets.UTF_8);
        ClusterOptions options = c.membership.options(ClusterOptions.DEFAULT_PORT, List.of());
        this.node = ClusterNode.join(options, 2, 120);
        cmd.spec.commandLine().getOut().printf("controller at %s:%d, waiting for %d agent(s) at each step%n",
                options.host(), node.port(), c.agents);
    }

    @Override
    public StepResult run(int index, double load, String stage) throws Exception {
        if (aborted != null) {
            return CapacityLocal.notRun(index, load, stage, aborted);
        }
        ControllerMixin c = cmd.cluster;
        Scenario scenario = cmd.stepScenario(load);
        gauges.started(index, load);
        String stepDir = CapacityLocal.stepDir(index, load);
        Path out = dir.resolve(stepDir);
        Files.createDirectories(out);
        long startNanos = System.nanoTime();
        Hub hub = scenario.target().embedded() ? EmbeddedTarget.start(scenario) : null;
        String target = hub != null ? "127.0.0.1:" + hub.mqttPort() : cmd.targetText();
        String api = hub != null ? "http://127.0.0.1:" + hub.apiPort() : null;
        // closed with the step: a search makes one per step on the same node
        try (ClusterRun run = new ClusterRun(node, System.err, ClusterRun.DEFAULT_SILENCE_MILLIS)) {
            current = run;
            try {
                run.awaitAgents(c.agents, c.agentsTimeout.toMillis());
            } catch (ClusterException e) {
                return CapacityLocal.notRun(index, load, stage, e.getMessage());
            }
            List<String> problems = run.checkCapacity(shard -> ShardSlicer.slice(scenario, shard).groups().stream()
                    .mapToInt(Scenario.Group::count).sum());
            if (!problems.isEmpty()) {
                throw new InvalidInputException("the step at " + cmd.dimension().format(load) + " does not fit the "
                        + "agents: " + String.join("; ", problems) + " (add agents with --agents)");
            }
            String stepId = runId + "-step" + index;
            RunInfo info = LocalRun.runInfo(scenario, stepId);
            AtomicBoolean early = new AtomicBoolean();
            StepJudge judge = new StepJudge(cmd.plan().measuredNames(), cmd.settle.toNanos(), cmd.measure.toNanos(),
                    thresholds, reason -> {
                early.set(true);
                run.abort(AbortCause.THRESHOLD, reason);
            });
            if (aborted != null) {
                run.abort(AbortCause.SIGNAL, aborted);
            }
            long start = System.currentTimeMillis() + c.startLead.toMillis();
            RunResult result;
            try (HlogSink hlog = new HlogSink(out.resolve(ReportFiles.HLOG))) {
                List<IntervalSink> sinks = new ArrayList<>(List.of(new ProgressSink(System.err,
                        System.console() != null, ProgressSink.DEFAULT_EVERY_NANOS).suffix(run::progressSuffix),
                        hlog, judge));
                if (prometheus != null) {
                    sinks.add(prometheus);
                }
                String fileName = cmd.file.getFileName().toString();
                result = run.run(info, sinks, shard -> new Assignment(stepId, ClusterRun.reportAddress(stepId),
                        scenarioText, fileName, cmd.stepOverrides(load), cmd.plan().length().toMillis(), target, api,
                        shard, start), start, ScenarioCompiler.DRAIN_NANOS / 1_000_000, c.allowLostAgents);
            } catch (ClusterException e) {
                return CapacityLocal.notRun(index, load, stage, e.getMessage());
            }
            RunReport report = RunReport.evaluate(result, thresholds, scenario.acceptSaturation(),
                    run.agentIds().stream().map(a -> stepId + "-" + a).toList());
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

    @Override
    public void abort(String reason) {
        aborted = reason;
        ClusterRun run = current;
        if (run != null) {
            run.abort(AbortCause.SIGNAL, reason);
        }
    }

    @Override
    public void close() throws Exception {
        node.close();
    }
}
