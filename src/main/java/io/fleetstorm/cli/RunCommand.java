package io.fleetstorm.cli;

import io.fleetstorm.engine.EngineClock;
import io.fleetstorm.engine.LoadPlan;
import io.fleetstorm.engine.RunController;
import io.fleetstorm.engine.RunListener;
import io.fleetstorm.engine.ScenarioCompiler;
import io.fleetstorm.hub.Hub;
import io.fleetstorm.metrics.IntervalCollector;
import io.fleetstorm.metrics.LoopRecorder;
import io.fleetstorm.metrics.ProgressLine;
import io.fleetstorm.metrics.RunResults;
import io.fleetstorm.report.Summary;
import io.fleetstorm.report.Verdict;
import io.fleetstorm.scenario.Behaviour;
import io.fleetstorm.scenario.Scenario;
import io.fleetstorm.scenario.ScenarioException;
import io.fleetstorm.scenario.ScenarioLoader;
import io.fleetstorm.tls.PemFiles;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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

    @Option(names = "--target", paramLabel = "HOST:PORT", description = "Runs against this hub instead of the "
            + "file's target (or the embedded hub).")
    String target;

    @Option(names = "--output", paramLabel = "DIR", description = "Where result files go (default: the file's "
            + "outputs.dir, else fleetstorm-results).")
    Path output;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Scenario scenario;
        try {
            scenario = RunOverrides.apply(ScenarioLoader.load(file, overrides), duration, target);
        } catch (ScenarioException e) {
            throw new InvalidInputException(e.getMessage());
        }
        Capacity.check(scenario);
        io.fleetstorm.scenario.Quotas.warnings(scenario).forEach(err::println);
        Path outputDir = output != null ? output : scenario.outputDir();

        Hub hub = scenario.target().embedded() ? EmbeddedTarget.start(scenario) : null;
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops()));
        StopSignal stop = new StopSignal();
        try {
            LoadPlan plan = compile(scenario, hub);
            describe(out, scenario, hub, plan);
            RunController run = new RunController(vertx, plan, loops(), EngineClock.SYSTEM);
            IntervalCollector collector = new IntervalCollector(
                    scenario.groups().stream().map(Scenario.Group::name).toList(), System::nanoTime,
                    () -> run.state().operationsStarted());
            List<LoopRecorder> recorders = new ArrayList<>();
            for (int i = 0; i < loops(); i++) {
                recorders.add(collector.newLoopRecorder());
            }
            collector.addSink(new ProgressLine(err, System.console() != null, plan.totalNanos(),
                    () -> run.state().connectedTotal(), 5));
            Thread watcher = new Thread(() -> {
                try {
                    String signal = stop.await();
                    if (signal != null && !signal.equals("END")) {
                        err.println("\nfleetstorm: " + signal + " received, stopping the run (results are kept)");
                        run.abort(signal);
                    }
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }, "fleetstorm-signals");
            watcher.setDaemon(true);
            watcher.start();
            collector.start(1_000);
            RunController.Outcome outcome = run.start(recorders::get, new RunListener() {
                @Override
                public void phaseStarted(int index, String name) {
                    collector.phaseStarted(name);
                }
            }).await(plan.totalNanos() / 1_000_000 + 120_000, TimeUnit.MILLISECONDS);
            stop.trigger("END");
            RunResults results = collector.finish();
            Verdict verdict = Verdict.of(scenario.thresholds(), results, scenario.acceptSaturation(),
                    outcome == RunController.Outcome.ABORTED ? "stopped by " + run.abortReason() : null);
            String console = Summary.console(scenario.name(), results, verdict);
            out.print(console);
            Summary.write(outputDir, scenario.name(), results, verdict, console);
            out.println("results: " + outputDir.toAbsolutePath());
            out.flush();
            return verdict.exitCode();
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
            if (hub != null) {
                hub.close();
            }
        }
    }

    private static int loops() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    private static LoadPlan compile(Scenario scenario, Hub hub) throws Exception {
        Scenario.Target t = scenario.target();
        boolean certificates = scenario.groups().stream().anyMatch(Scenario.Group::certificate);
        if (hub != null) {
            boolean tls = t.tls() || certificates;
            LoadPlan.TargetTls targetTls = tls ? new LoadPlan.TargetTls(
                    List.of(hub.certificateAuthority().certificate()), false) : null;
            return ScenarioCompiler.compile(scenario, new InetSocketAddress("127.0.0.1",
                    tls ? hub.tlsPort() : hub.mqttPort()), targetTls, URI.create("http://127.0.0.1:" + hub.apiPort()));
        }
        LoadPlan.TargetTls targetTls = !t.tls() ? null : new LoadPlan.TargetTls(
                t.caFile() == null ? List.of() : PemFiles.readCertificates(t.caFile()), t.insecure());
        return ScenarioCompiler.compile(scenario, new InetSocketAddress(t.host(), t.port()), targetTls,
                t.apiUrl() == null ? null : URI.create(t.apiUrl()));
    }

    private static void describe(PrintWriter out, Scenario scenario, Hub hub, LoadPlan plan) {
        out.printf("fleetstorm run: %s, %d device(s) in %d group(s), %.0f s, target %s%n", scenario.name(),
                scenario.groups().stream().mapToInt(Scenario.Group::count).sum(), scenario.groups().size(),
                plan.totalNanos() / 1e9, hub != null ? "embedded hub (mqtt " + hub.mqttPort() + ", api "
                        + hub.apiPort() + ")" : plan.target().getHostString() + ":" + plan.target().getPort());
        for (Scenario.Phase phase : scenario.phases()) {
            out.printf("  phase %s (%s)%n", phase.name(), phase.duration());
            phase.behaviours().forEach((group, list) -> {
                for (Behaviour b : list) {
                    out.printf("    %s: %s%n", group, b.describe());
                }
            });
        }
        out.flush();
    }
}
