package io.fleetstorm.cli;

import io.fleetstorm.cluster.Agent;
import io.fleetstorm.cluster.AgentOffer;
import io.fleetstorm.cluster.AgentRun;
import io.fleetstorm.cluster.Assignment;
import io.fleetstorm.cluster.ClusterNode;
import io.fleetstorm.cluster.ClusterOptions;
import io.fleetstorm.engine.LoadPlan;
import io.fleetstorm.metrics.ExitCode;
import io.fleetstorm.metrics.IntervalSink;
import io.fleetstorm.metrics.PrometheusSink;
import io.fleetstorm.metrics.RunInfo;
import io.fleetstorm.metrics.RunResult;
import io.fleetstorm.report.ReportFiles;
import io.fleetstorm.report.RunReport;
import io.fleetstorm.scenario.Scenario;
import io.fleetstorm.scenario.ScenarioException;
import io.fleetstorm.scenario.ScenarioLoader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code fleetstorm agent}: joins the cluster, offers its capacity and runs the shards a controller hands it. */
@Command(name = "agent", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Joins a fleetstorm cluster as a load generator: offers its capacity (sockets = open-files "
                + "limit minus a reserve, cores), runs the shards that 'fleetstorm run FILE --agents N' hands it, "
                + "reports every interval to the controller and serves its own /metrics. Stops on SIGINT/SIGTERM.")
final class AgentCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    LoggingMixin logging;

    @Mixin
    ClusterMixin cluster;

    @Option(names = "--name", paramLabel = "NAME", description = "This agent's name in reports (default: the host "
            + "name and process id).")
    String name;

    @Option(names = "--target", paramLabel = "HOST:PORT", converter = HostPort.Converter.class,
            description = "Connects this agent's devices here, whatever the controller says (one target per agent: "
                    + "hubs that each hold one agent's share).")
    HostPort target;

    @Option(names = "--reserve", paramLabel = "SOCKETS", defaultValue = "" + Capacity.MARGIN, description = "Open "
            + "files kept aside from the offer for the JVM, the cluster and /metrics (default: ${DEFAULT-VALUE}).")
    int reserve;

    @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "0", description = "This agent's own "
            + "/metrics during a run (default: ${DEFAULT-VALUE} = any free port, printed; -1 = off).")
    int metricsPort;

    @Option(names = "--metrics-host", paramLabel = "ADDRESS", defaultValue = "0.0.0.0",
            description = "The address /metrics listens on (default: ${DEFAULT-VALUE}).")
    String metricsHost;

    @Option(names = "--output", paramLabel = "DIR", description = "Also writes this agent's own summary of each "
            + "shard it runs to DIR/RUN-ID (a per-agent view; the controller writes the run's report).")
    Path output;

    @Option(names = "--once", description = "Leaves the cluster after one run (for a Kubernetes Job).")
    boolean once;

    @Override
    public Integer call() throws Exception {
        long limit = Capacity.openFilesLimit();
        long sockets = (limit < 0 || limit == Long.MAX_VALUE ? 1_000_000 : limit) - reserve;
        if (sockets < 1) {
            throw new InvalidInputException("--reserve " + reserve + " leaves no sockets of the open-files limit "
                    + limit);
        }
        long pid = ProcessHandle.current().pid();
        String host = InetAddress.getLocalHost().getHostName();
        String id = name != null ? name : host + "-" + pid;
        if (!id.matches("[A-Za-z0-9_.-]+")) {
            throw new InvalidInputException("--name may hold letters, digits, '_', '.' and '-', but was '" + id + "'");
        }
        ClusterOptions options = cluster.options(0, List.of("127.0.0.1:" + ClusterOptions.DEFAULT_PORT));
        int cores = Math.max(1, Runtime.getRuntime().availableProcessors());
        try (StopSignal stop = new StopSignal(); ClusterNode node = ClusterNode.join(options, cores, 120)) {
            Agent agent = new Agent(node, new AgentOffer(id, node.nodeId(), host, sockets, cores, pid), this::prepare,
                    new AgentRun.Metrics() {
                        @Override
                        public List<IntervalSink> open(RunInfo info) throws Exception {
                            return ownMetrics(info);
                        }

                        @Override
                        public void finished(RunResult result) throws Exception {
                            if (output != null) {
                                Path dir = output.resolve(result.info().runId());
                                ReportFiles.write(RunReport.evaluate(result, List.of(), true), dir);
                                System.out.println("agent " + id + ": shard summary in " + dir);
                            }
                        }
                    }, System.out, once);
            stop.onSignal(signal -> {
                System.out.println("agent " + id + ": " + signal + ", leaving the cluster");
                agent.leave();
            });
            agent.serve();
        }
        return ExitCode.OK.code();
    }

    /** The shard as {@code fleetstorm run --shard} would run it, against the agent's or the controller's target. */
    private Agent.Prepared prepare(Assignment a) throws Exception {
        Path dir = Files.createTempDirectory("fleetstorm-agent");
        Path file = dir.resolve(a.fileName());
        Files.writeString(file, a.scenarioText(), StandardCharsets.UTF_8);
        Scenario scenario;
        try {
            scenario = ScenarioLoader.load(file, a.overrides(), ValidateCommand.GRAMMAR);
        } catch (ScenarioException e) {
            throw new InvalidInputException(e.getMessage());
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
        String to = target != null ? target.toString() : a.target();
        scenario = RunOverrides.apply(scenario, a.durationMillis() > 0 ? Duration.ofMillis(a.durationMillis()) : null,
                to);
        if (target == null && a.apiUrl() != null) {
            scenario = scenario.withApiUrl(a.apiUrl());
        }
        if (scenario.target().embedded()) {
            throw new InvalidInputException("the scenario has no target and the controller sent none; give the agent "
                    + "--target HOST:PORT");
        }
        scenario = ShardOption.apply(scenario, a.shard().toString());
        Capacity.check(scenario);
        LoadPlan plan = RunCommand.compile(scenario, null);
        if (target == null && a.apiKey() != null) { // the controller's embedded hub: sign with its pair
            io.fleetstorm.hub.ApiKey key = ApiAccess.parseKey(a.apiKey());
            plan = plan.withApiOptions(plan.apiOptions().withCredentials(new io.fleetstorm.cloudapi.ApiCredentials(
                    key.secretId(), key.secretKey(), null)));
        }
        return new Agent.Prepared(scenario, plan);
    }

    private List<IntervalSink> ownMetrics(RunInfo info) throws Exception {
        if (metricsPort < 0) {
            return List.of();
        }
        PrometheusSink sink = new PrometheusSink(info, metricsHost, metricsPort);
        System.out.printf("agent: metrics at http://%s:%d/metrics%n", metricsHost, sink.port());
        System.out.flush();
        return List.of(sink);
    }
}
