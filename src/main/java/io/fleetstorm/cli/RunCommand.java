package io.fleetstorm.cli;

import io.fleetstorm.engine.LoadPlan;
import io.fleetstorm.engine.LocalRun;
import io.fleetstorm.engine.ScenarioCompiler;
import io.fleetstorm.hub.Hub;
import io.fleetstorm.metrics.AbortCause;
import io.fleetstorm.metrics.ExitCode;
import io.fleetstorm.metrics.RunInfo;
import io.fleetstorm.metrics.RunResult;
import io.fleetstorm.report.ConsoleSummary;
import io.fleetstorm.report.ReportFiles;
import io.fleetstorm.report.RunReport;
import io.fleetstorm.report.ThresholdSpec;
import io.fleetstorm.scenario.Quotas;
import io.fleetstorm.scenario.Scenario;
import io.fleetstorm.scenario.Units;
import io.fleetstorm.scenario.behaviour.Behaviour;
import io.fleetstorm.tls.PemFiles;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code fleetstorm run FILE}: the whole job, from the scenario file to the verdict and the result files. */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Runs a scenario: validates it, starts the embedded hub when it names no target, drives the "
                + "fleet, and ends with a summary, result files and a verdict (exit code 0, 3 or 4).")
final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    LoggingMixin logging;

    @Parameters(paramLabel = "FILE", description = "The scenario file.")
    Path file;

    @Option(names = "--set", paramLabel = "PATH=VALUE", description = "Overrides a value of the file "
            + "(repeatable), e.g. --set groups[0].count=200 --set phases[1].duration=30s.")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--duration", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Caps the run's length (later phases are cut).")
    Duration duration;

    @Option(names = "--target", paramLabel = "HOST:PORT", converter = HostPort.Converter.class,
            description = "Runs against this hub instead of the file's target (or the embedded hub).")
    HostPort target;

    @Option(names = "--output", paramLabel = "DIR", description = "Where result files go (default: the file's "
            + "outputs.dir, else fleetstorm-results).")
    Path output;

    @Option(names = "--metrics-port", paramLabel = "PORT", description = "Serves Prometheus /metrics here during "
            + "the run (default: the file's outputs.metricsPort, else 9464; 0 = any free port, -1 = off). When the "
            + "default port is taken, a free one is used and printed.")
    Integer metricsPort;

    @Option(names = "--metrics-host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "The address /metrics listens on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 "
                    + "for every interface, as the container image sets).")
    String metricsHost;

    @Option(names = "--pushgateway", paramLabel = "URL", description = "Also pushes the metrics to this Prometheus "
            + "Pushgateway (e.g. http://pushgateway:9091), every --push-every and once at the end, as job "
            + "fleetstorm, instance = the run id.")
    String pushgateway;

    @Option(names = "--push-every", paramLabel = "DURATION", defaultValue = "10s",
            converter = DurationConverter.class, description = "Pushgateway period (default: ${DEFAULT-VALUE}).")
    Duration pushEvery;

    @Option(names = "--run-id", paramLabel = "ID", description = "Names this run in metrics (label run), the "
            + "Pushgateway instance and summary.json (default: scenario name and start time, e.g. "
            + "quickstart-20261127-031500).")
    String runId;

    @Option(names = "--shard", paramLabel = "I/N", description = "Runs slice I of N of the fleet (device indexes "
            + "split per group, whole-group rates scaled to the slice), for pipelines that start generators "
            + "themselves; merge the slices with fleetstorm report DIR1 DIR2 ...")
    String shard;

    @Mixin
    ControllerMixin cluster;

    @Option(names = "--preflight", description = "Runs the preflight checks first (DNS, TLS, one device per group, "
            + "the API, quotas, sockets: see fleetstorm preflight) and stops with exit code 2 if one fails.")
    boolean preflight;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Scenario loaded = RunOverrides.applyUserFlags(ValidateCommand.load(file, overrides), duration,
                target == null ? null : target.toString());
        if (cluster.agents != null) {
            return new ControllerRun(this, loaded).call();
        }
        Scenario scenario = ShardOption.apply(loaded, shard);
        Capacity.check(scenario);
        Quotas.warnings(scenario).forEach(err::println);
        Path outputDir = output != null ? output : scenario.outputDir();
        List<ThresholdSpec> thresholds = ScenarioThresholds.of(scenario);

        Hub hub = scenario.target().embedded() ? EmbeddedTarget.start(scenario) : null;
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops()).setPreferNativeTransport(true));
        try (StopSignal stop = new StopSignal()) {
            LoadPlan plan = compile(scenario, hub);
            if (unsignedWarning(plan) != null) {
                err.println(unsignedWarning(plan));
            }
            if (preflight && PreflightCommand.print(out, PreflightChecks.run(scenario, plan, vertx, hub != null))
                    != 0) {
                return io.fleetstorm.metrics.ExitCode.INVALID_INPUT.code();
            }
            describe(out, scenario, hub, plan);
            RunInfo info = LocalRun.runInfo(scenario, runId != null ? runId
                    : defaultRunId(scenario) + ShardOption.suffix(shard));
            LocalRun run = new LocalRun(vertx, plan, info, loops());
            try (Outputs outputs = Outputs.open(this, info, scenario, hub, outputDir, thresholds, null, "the run",
                    reason -> run.abort(AbortCause.THRESHOLD, reason))) {
                stop.onSignal(signal -> {
                    err.println("\nfleetstorm: " + signal + " received, stopping the run (results are kept)");
                    err.flush();
                    run.abort(AbortCause.SIGNAL, "stopped by " + signal);
                });
                RunResult result = run.run(outputs.sinks());
                return report(out, RunReport.evaluate(result, thresholds, scenario.acceptSaturation(),
                        outputs.judgement()), outputDir, null);
            }
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
            if (hub != null) {
                hub.close();
            }
        }
    }

    /**
     * The end of a run, local or cluster: the summary on the console, the result files, the exit code.
     *
     * @param afterSummary a line printed after the summary (the cluster's reporting traffic), or null
     */
    static int report(PrintWriter out, RunReport report, Path outputDir, String afterSummary) throws IOException {
        out.print(ConsoleSummary.render(report));
        if (afterSummary != null) {
            out.println(afterSummary);
        }
        ReportFiles.write(report, outputDir);
        out.println("results: " + outputDir.toAbsolutePath());
        out.flush();
        return report.verdict().exitCode();
    }

    static String defaultRunId(Scenario scenario) {
        return scenario.name().replaceAll("[^A-Za-z0-9_.-]", "-") + "-" + DateTimeFormatter
                .ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
    }

    private static int loops() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    static LoadPlan compile(Scenario scenario, Hub hub) throws Exception {
        Scenario.Target t = scenario.target();
        boolean certificates = scenario.groups().stream().anyMatch(Scenario.Group::certificate);
        if (hub != null) {
            boolean tls = t.tls() || certificates;
            LoadPlan.TargetTls targetTls = tls ? new LoadPlan.TargetTls(
                    List.of(hub.certificateAuthority().certificate()), false) : null;
            return ScenarioCompiler.compile(scenario, new InetSocketAddress("127.0.0.1",
                    tls ? hub.tlsPort() : hub.mqttPort()), targetTls, URI.create("http://127.0.0.1:" + hub.apiPort()))
                    .withApiOptions(ApiAccess.forEmbedded(hub));
        }
        LoadPlan.TargetTls targetTls = !t.tls() ? null : new LoadPlan.TargetTls(
                t.caFile() == null ? List.of() : PemFiles.readCertificates(t.caFile()), t.insecure());
        List<InetSocketAddress> targets = TargetHosts.addresses(scenario);
        LoadPlan plan = ScenarioCompiler.compile(scenario, targets.get(0), targetTls,
                t.apiUrl() == null ? null : URI.create(t.apiUrl()))
                .withApiOptions(ApiAccess.forTarget(System.getenv(), t.apiCredentials(), t.apiUrl()));
        return t.perProduct() ? plan.withGroupTargets(targets) : plan;
    }

    /** A line for the user when the plan's API calls would go unsigned to an external target, else null. */
    static String unsignedWarning(LoadPlan plan) {
        if (plan.apiUrl() == null || plan.apiOptions().credentials() != null) {
            return null;
        }
        return "warning: the target's api " + plan.apiUrl() + " gets unsigned calls (no "
                + io.fleetstorm.cloudapi.ApiCredentials.ENV_SECRET_ID + "/"
                + io.fleetstorm.cloudapi.ApiCredentials.ENV_SECRET_KEY + " and no target.apiCredentials): only a hub "
                + "started with --api-insecure takes them; the cloud refuses them";
    }

    private static void describe(PrintWriter out, Scenario scenario, Hub hub, LoadPlan plan) {
        out.printf("fleetstorm run: %s, %s in %d group(s), %.0f s, target %s%n", scenario.name(),
                scenario.hasGateways() ? PlanCommand.devices(scenario) : scenario.devices() + " device(s)",
                scenario.groups().size(),
                plan.totalNanos() / 1e9, hub != null ? "embedded hub (mqtt " + hub.mqttPort() + ", api "
                        + hub.apiPort() + ")" : plan.target().getHostString() + ":" + plan.target().getPort());
        if (hub != null && !scenario.hubFaults().isEmpty()) {
            out.println("  embedded hub faults: " + String.join("; ", scenario.hubFaults().describe()));
        }
        if (!plan.localAddresses().isEmpty() && scenario.target().sourceAddresses().isEmpty()) {
            out.printf("  source addresses %s to %s (loopback target: at most %,d connections per address)%n",
                    plan.localAddresses().get(0).getHostString(),
                    plan.localAddresses().get(plan.localAddresses().size() - 1).getHostString(),
                    ScenarioCompiler.CONNECTIONS_PER_LOOPBACK_SOURCE);
        }
        for (Scenario.Phase phase : scenario.phases()) {
            out.printf("  phase %s (%s)%n", phase.name(), Units.format(phase.duration()));
            phase.behaviours().forEach((group, list) -> {
                for (Behaviour b : list) {
                    out.printf("    %s: %s%n", group, b.describe());
                }
            });
        }
        out.flush();
    }
}
