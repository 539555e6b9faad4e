package io.fleetstorm.cli;

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
import io.fleetstorm.metrics.ExitCode;
import io.fleetstorm.metrics.RunInfo;
import io.fleetstorm.metrics.RunResult;
import io.fleetstorm.report.RunReport;
import io.fleetstorm.report.ThresholdSpec;
import io.fleetstorm.scenario.Scenario;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code fleetstorm run FILE --agents N}: this process is the controller of a cluster run. It starts the embedded hub
 * when the file names no target (plain MQTT on loopback, for one host), waits for the agents, hands out the shards,
 * drives the progress line, /metrics, hlog and thresholds from the merged reports, and writes one report.
 */
final class ControllerRun implements Callable<Integer> {

    private final RunCommand cmd;
    private final Scenario scenario;

    ControllerRun(RunCommand cmd, Scenario scenario) {
        this.cmd = cmd;
        this.scenario = scenario;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = cmd.spec.commandLine().getOut();
        PrintWriter err = cmd.spec.commandLine().getErr();
        ControllerMixin c = cmd.cluster;
        if (cmd.shard != null) {
            throw new InvalidInputException("--shard and --agents do not go together: the controller shards the fleet "
                    + "over its agents itself");
        }
        if (c.agents < 1) {
            throw new InvalidInputException("--agents must be >= 1, but was " + c.agents);
        }
        if (c.allowLostAgents < 0) {
            throw new InvalidInputException("--allow-lost-agents must be >= 0, but was " + c.allowLostAgents);
        }
        for (int i = 1; i <= c.agents; i++) { // every shard valid before anyone connects
            try {
                ShardSlicer.slice(scenario, new Shard(i, c.agents));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("--agents " + c.agents + ": " + e.getMessage());
            }
        }
        boolean tls = scenario.target().tls() || scenario.groups().stream().anyMatch(Scenario.Group::certificate);
        if (scenario.target().embedded() && tls) {
            throw new InvalidInputException(scenario.file() + ": a cluster run against the embedded hub is plain MQTT; "
                    + "for TLS start 'fleetstorm hub' and give the scenario a target");
        }
        Path outputDir = cmd.output != null ? cmd.output : scenario.outputDir();
        List<ThresholdSpec> thresholds = ScenarioThresholds.of(scenario);
        String scenarioText = Files.readString(cmd.file, StandardCharsets.UTF_8);
        ClusterOptions options = c.membership.options(ClusterOptions.DEFAULT_PORT, List.of());
        Hub hub = scenario.target().embedded() ? EmbeddedTarget.start(scenario) : null;
        String target = hub != null ? "127.0.0.1:" + hub.mqttPort() : cmd.target == null ? null : cmd.target.toString();
        String api = hub != null ? "http://127.0.0.1:" + hub.apiPort() : null;
        try (StopSignal stop = new StopSignal(); ClusterNode node = ClusterNode.join(options, 2, 120);
                ClusterRun run = new ClusterRun(node, System.err, ClusterRun.DEFAULT_SILENCE_MILLIS)) {
            out.printf("fleetstorm run: %s over %d agent(s); controller at %s:%d, target %s%n", scenario.name(),
                    c.agents, options.host(), node.port(), target != null ? target : scenario.target().host() + ":"
                            + scenario.target().port());
            out.flush();
            try {
                run.awaitAgents(c.agents, c.agentsTimeout.toMillis());
            } catch (ClusterException e) {
                err.println("fleetstorm: " + e.getMessage());
                return ExitCode.ABORTED.code();
            }
            List<String> problems = run.checkCapacity(shard -> ShardSlicer.slice(scenario, shard).groups().stream()
                    .mapToInt(Scenario.Group::count).sum());
            if (!problems.isEmpty()) {
                throw new InvalidInputException("the fleet does not fit the agents: " + String.join("; ", problems)
                        + " (add agents with --agents, or give them more open files)");
            }
            String runId = cmd.runId != null ? cmd.runId : RunCommand.defaultRunId(scenario);
            RunInfo info = LocalRun.runInfo(scenario, runId);
            try (Outputs outputs = Outputs.open(cmd, info, scenario, hub, outputDir, thresholds, run::progressSuffix,
                    "every agent", reason -> run.abort(AbortCause.THRESHOLD, reason))) {
                stop.onSignal(signal -> {
                    err.println("\nfleetstorm: " + signal + " received, stopping every agent (results are kept)");
                    err.flush();
                    run.abort(AbortCause.SIGNAL, "stopped by " + signal);
                });
                long start = System.currentTimeMillis() + c.startLead.toMillis();
                Map<String, String> overrides = cmd.overrides;
                long durationMillis = cmd.duration == null ? 0 : cmd.duration.toMillis();
                RunResult result = run.run(info, outputs.sinks(), shard -> new Assignment(runId,
                        ClusterRun.reportAddress(runId), scenarioText, cmd.file.getFileName().toString(),
                        overrides, durationMillis, target, api, shard, start, apiKey(hub)), start,
                        ScenarioCompiler.DRAIN_NANOS / 1_000_000, c.allowLostAgents);
                // the report's sources are the agents' shards, so it says who generated the load
                RunReport report = RunReport.evaluate(result, thresholds, scenario.acceptSaturation(),
                        run.agentIds().stream().map(a -> runId + "-" + a).toList(), outputs.judgement());
                StringBuilder traffic = new StringBuilder();
                run.reportBytes().forEach((agent, bytes) -> traffic.append(traffic.length() == 0 ? "" : ", ")
                        .append(agent).append(' ').append(bytes).append(" B"));
                return RunCommand.report(out, report, outputDir,
                        "cluster reporting traffic (JSON over the event bus, whole run): " + traffic);
            } catch (ClusterException e) {
                err.println("fleetstorm: " + e.getMessage());
                return ExitCode.ABORTED.code();
            }
        } finally {
            if (hub != null) {
                hub.close();
            }
        }
    }

    /** The embedded hub's key pair for the agents (which sign with it), or null when there is no embedded hub. */
    private static String apiKey(Hub hub) {
        if (hub == null || hub.apiKeys().isEmpty()) {
            return null;
        }
        return hub.apiKeys().get(0).secretId() + ":" + hub.apiKeys().get(0).secretKey();
    }
}
